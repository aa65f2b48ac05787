package dev.peapod.apiserver.patch;

import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatchException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * JSON patch (RFC 6902), applied by Fabric8's zjsonpatch one operation at a time, with upstream's answers when an
 * operation does not apply. Upstream (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go, applyJSPatch)
 * decodes the body into {@code []handlers.jsonPatchOp} (400 "error decoding patch: ..." with fieldValidation Warn,
 * the default, or Strict), refuses more than 10,000 operations (413), then applies it with evanphx/json-patch v4:
 * any failure is a 422 with that library's message. Before each operation this class resolves the operation's
 * target the way evanphx does and words the failure as evanphx does; zjsonpatch then performs it.
 * <p>
 * evanphx v4.12.0's semantics (upstream v1.33's go.mod), kept where they differ from a strict RFC 6902 reading: a
 * {@code replace} of a missing object member adds it; negative array indexes count from the end; a {@code copy}
 * from a missing member copies {@code null}; a {@code test} compares scalars by their JSON text; an operation's
 * path is read after its first {@code /}; the root is a target only of {@code replace} and {@code test}.
 */
final class JsonPatch {
    /** patch.go: maxJSONPatchOperations. */
    static final int MAX_OPERATIONS = 10_000;

    private static final EnumSet<CompatibilityFlags> FLAGS = EnumSet.of(
            CompatibilityFlags.MISSING_VALUES_AS_NULLS,
            CompatibilityFlags.ALLOW_MISSING_TARGET_OBJECT_ON_REPLACE,
            CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private JsonPatch() {
    }

    static JsonNode apply(JsonNode original, byte[] body) {
        List<JsonNode> operations = decode(body);
        if (operations.size() > MAX_OPERATIONS) {
            throw PatchException.tooLarge("The allowed maximum operations in a JSON patch is " + MAX_OPERATIONS
                    + ", got " + operations.size());
        }
        JsonNode document = original.deepCopy();
        for (JsonNode operation : operations) {
            document = applyOne(document, operation);
        }
        return document;
    }

    /** kjson.UnmarshalStrict(body, &[]jsonPatchOp): the first type error in document order, as Go reports it. */
    private static List<JsonNode> decode(byte[] body) {
        JsonNode patch = GoJson.parse(body, "error decoding patch: ");
        if (patch.isNull()) {
            return List.of();
        }
        if (!patch.isArray()) {
            throw decodingError(GoJson.cannotUnmarshal(patch, "[]handlers.jsonPatchOp"));
        }
        for (JsonNode operation : patch.values()) {
            if (operation.isNull()) {
                continue;
            }
            if (!operation.isObject()) {
                throw decodingError(GoJson.cannotUnmarshal(operation, "handlers.jsonPatchOp"));
            }
            for (Map.Entry<String, JsonNode> field : operation.properties()) {
                String name = field.getKey();
                JsonNode value = field.getValue();
                boolean stringField = name.equals("op") || name.equals("path") || name.equals("from");
                if (stringField && !value.isString() && !value.isNull()) {
                    throw decodingError("json: cannot unmarshal " + GoJson.kind(value)
                            + " into Go struct field jsonPatchOp." + name + " of type string");
                }
            }
        }
        return GoJson.list(patch);
    }

    private static PatchException decodingError(String error) {
        return PatchException.badRequest("error decoding patch: " + error);
    }

    private static JsonNode applyOne(JsonNode document, JsonNode operation) {
        String kind = text(operation, "op");
        String op = kind == null ? "unknown" : kind;
        return switch (op) {
            case "add" -> add(document, operation);
            case "remove" -> remove(document, operation);
            case "replace" -> replace(document, operation);
            case "move" -> move(document, operation);
            case "copy" -> copy(document, operation);
            case "test" -> test(document, operation);
            default -> throw PatchException.unprocessable("Unexpected kind: " + op);
        };
    }

    private static JsonNode add(JsonNode document, JsonNode operation) {
        String path = text(operation, "path");
        if (path == null) {
            throw failed("add operation failed to decode path: missing value");
        }
        Target target = Target.find(document, path);
        if (target == null) {
            throw failed("add operation does not apply: doc is missing path: \"" + path + "\": missing value");
        }
        String key = target.addKey("error in add for path: '" + path + "': ");
        return perform(document, "add", target.pointer(key), value(operation));
    }

    private static JsonNode remove(JsonNode document, JsonNode operation) {
        String path = text(operation, "path");
        if (path == null) {
            throw failed("remove operation failed to decode path: missing value");
        }
        Target target = Target.find(document, path);
        if (target == null) {
            throw failed("remove operation does not apply: doc is missing path: \"" + path + "\": missing value");
        }
        String key = target.existingKey("error in remove for path: '" + path + "': ", true);
        return perform(document, "remove", target.pointer(key), null);
    }

    private static JsonNode replace(JsonNode document, JsonNode operation) {
        String path = text(operation, "path");
        if (path == null) {
            throw failed("replace operation failed to decode path: operation missing path field: missing value");
        }
        if (path.isEmpty()) {
            // v4.12.0 replaces the document with an object or an array; with anything else it does nothing (it wraps
            // a nil error, which pkg/errors answers with nil). An array then fails to decode, in the server.
            JsonNode value = operation.get("value");
            return value != null && value.isContainer() ? value.deepCopy() : document;
        }
        Target target = Target.find(document, path);
        if (target == null) {
            throw failed("replace operation does not apply: doc is missing path: " + path + ": missing value");
        }
        String key;
        try {
            key = target.existingKey("", false);
        } catch (PatchException e) {
            throw failed("replace operation does not apply: doc is missing key: " + path + ": missing value");
        }
        return perform(document, "replace", target.pointer(key), value(operation));
    }

    private static JsonNode move(JsonNode document, JsonNode operation) {
        String from = text(operation, "from");
        if (from == null) {
            throw failed("move operation failed to decode from: operation, missing from field: missing value");
        }
        Target source = Target.find(document, from);
        if (source == null) {
            throw failed("move operation does not apply: doc is missing from path: " + from + ": missing value");
        }
        String sourceKey = source.existingKey("error in move for path: '" + source.key + "': ", true);
        JsonNode moved = source.get(sourceKey);
        JsonNode removed = perform(document, "remove", source.pointer(sourceKey), null);
        String path = text(operation, "path");
        if (path == null) {
            throw failed("move operation failed to decode path: operation missing path field: missing value");
        }
        Target destination = Target.find(removed, path);
        if (destination == null) {
            throw failed("move operation does not apply: doc is missing destination path: " + path
                    + ": missing value");
        }
        String key = destination.addKey("error in move for path: '" + path + "': ");
        return perform(removed, "add", destination.pointer(key), moved);
    }

    private static JsonNode copy(JsonNode document, JsonNode operation) {
        String from = text(operation, "from");
        if (from == null) {
            throw failed("copy operation failed to decode from: operation, missing from field: missing value");
        }
        Target source = Target.find(document, from);
        if (source == null) {
            throw failed("copy operation does not apply: doc is missing from path: " + from + ": missing value");
        }
        JsonNode copied = source.lookup("error in copy for from: '" + from + "': ");
        String path = text(operation, "path");
        if (path == null) {
            throw failed("copy operation failed to decode path: missing value");
        }
        Target destination = Target.find(document, path);
        if (destination == null) {
            throw failed("copy operation does not apply: doc is missing destination path: " + path
                    + ": missing value");
        }
        String key = destination.addKey("error while adding value during copy: ");
        return perform(document, "add", destination.pointer(key),
                copied == null ? JsonNodeFactory.instance.nullNode() : copied.deepCopy());
    }

    private static JsonNode test(JsonNode document, JsonNode operation) {
        String path = text(operation, "path");
        if (path == null) {
            throw failed("test operation failed to decode path: operation missing path field: missing value");
        }
        JsonNode expected = operation.get("value");
        if (path.isEmpty()) {
            if (expected == null || !sameAs(document, expected)) {
                throw failed("testing value  failed: test failed");
            }
            return document;
        }
        Target target = Target.find(document, path);
        if (target == null) {
            throw failed("test operation does not apply: is missing path: " + path + ": missing value");
        }
        JsonNode actual = target.lookup("error in test for path: '" + path + "': ");
        // A missing or null member equals a null value. Upstream panics (a 500) on a missing member tested without
        // a value at all; Peapod calls that a failed test.
        boolean passed = actual == null || actual.isNull()
                ? expected != null && expected.isNull()
                : expected != null && sameAs(actual, expected);
        if (!passed) {
            throw failed("testing value " + path + " failed: test failed");
        }
        return document;
    }

    /** evanphx's lazyNode.equal: scalars by their JSON text, arrays and objects member by member. */
    private static boolean sameAs(JsonNode actual, JsonNode expected) {
        if (actual.isObject()) {
            if (!expected.isObject() || expected.size() != actual.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> member : actual.properties()) {
                JsonNode other = expected.get(member.getKey());
                if (other == null) {
                    return false;
                }
                if (member.getValue().isNull() != other.isNull()) {
                    return false;
                }
                if (member.getValue().isNull()) {
                    continue;
                }
                if (!sameAs(member.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (actual.isArray()) {
            if (!expected.isArray() || expected.size() != actual.size()) {
                return false;
            }
            for (int i = 0; i < actual.size(); i++) {
                if (!sameAs(actual.get(i), expected.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return !expected.isContainer() && actual.toString().equals(expected.toString());
    }

    /** Performs one resolved operation with zjsonpatch; the document passed in is not changed. */
    private static JsonNode perform(JsonNode document, String op, String pointer, JsonNode value) {
        ObjectNode single = JsonNodeFactory.instance.objectNode();
        single.put("op", op);
        single.put("path", pointer);
        if (value != null) {
            single.set("value", value);
        }
        ArrayNode patch = JsonNodeFactory.instance.arrayNode().add(single);
        try {
            return io.fabric8.zjsonpatch.JsonPatch.apply(patch, document, FLAGS);
        } catch (JsonPatchException e) {
            // Not reached for a target resolved above; if zjsonpatch disagrees, its words are better than a 500.
            throw failed(e.getMessage());
        }
    }

    private static PatchException failed(String message) {
        return PatchException.unprocessable(message);
    }

    private static String text(JsonNode operation, String field) {
        if (operation == null || operation.isNull()) {
            return null;
        }
        JsonNode value = operation.get(field);
        return value == null || value.isNull() ? null : value.stringValue();
    }

    private static JsonNode value(JsonNode operation) {
        JsonNode value = operation.get("value");
        return value == null ? JsonNodeFactory.instance.nullNode() : value.deepCopy();
    }

    /** The container an operation's path points into and the last token, as evanphx's findObject resolves them. */
    private record Target(JsonNode container, List<String> parents, String key) {
        static Target find(JsonNode document, String path) {
            String[] split = path.split("/", -1);
            if (split.length < 2) {
                return null;
            }
            List<String> parents = new ArrayList<>();
            JsonNode node = document;
            for (String part : Arrays.asList(split).subList(1, split.length - 1)) {
                String token = decode(part);
                JsonNode next;
                if (node.isArray()) {
                    Integer index = atoi(token);
                    if (index == null || index < -node.size() || index >= node.size()) {
                        return null;
                    }
                    index = index < 0 ? index + node.size() : index;
                    next = node.get(index);
                    token = Integer.toString(index);
                } else {
                    next = node.get(token);
                }
                if (next == null || !next.isContainer()) {
                    return null;
                }
                parents.add(token);
                node = next;
            }
            return new Target(node, parents, decode(split[split.length - 1]));
        }

        /** The key an add inserts at: "-" or an index up to the size, negative from the end. */
        String addKey(String context) {
            if (!container.isArray() || key.equals("-")) {
                return key;
            }
            Integer index = atoi(key);
            if (index == null) {
                throw failed(context + "value was not a proper array index: '" + key + "': " + atoiError(key));
            }
            int size = container.size() + 1;
            if (index >= size || index < -size) {
                throw failed(context + "Unable to access invalid index: " + index + ": invalid index referenced");
            }
            return Integer.toString(index < 0 ? index + size : index);
        }

        /** The key of an existing element, or of a member (which must exist when removing); negative from the end. */
        String existingKey(String context, boolean removing) {
            if (container.isObject()) {
                if (removing && !container.has(key)) {
                    throw failed(context + "Unable to remove nonexistent key: " + key + ": missing value");
                }
                return key;
            }
            Integer index = atoi(key);
            if (index == null) {
                throw failed(context + atoiError(key));
            }
            int size = container.size();
            if (index >= size || index < -size) {
                throw failed(context + "Unable to access invalid index: " + index + ": invalid index referenced");
            }
            return Integer.toString(index < 0 ? index + size : index);
        }

        /** The value at the key (null when an object lacks it), as evanphx's get answers. */
        JsonNode lookup(String context) {
            if (container.isObject()) {
                return container.get(key);
            }
            return get(existingKey(context, false));
        }

        JsonNode get(String resolvedKey) {
            return container.isArray() ? container.get(Integer.parseInt(resolvedKey)) : container.get(resolvedKey);
        }

        String pointer(String resolvedKey) {
            StringBuilder out = new StringBuilder();
            for (String parent : parents) {
                out.append('/').append(encode(parent));
            }
            return out.append('/').append(encode(resolvedKey)).toString();
        }

        private static String decode(String token) {
            return token.replace("~1", "/").replace("~0", "~");
        }

        private static String encode(String token) {
            return token.replace("~", "~0").replace("/", "~1");
        }

        /** strconv.Atoi: an optional sign and decimal digits within int range; null when Go would refuse it. */
        private static Integer atoi(String s) {
            if (!s.matches("[+-]?[0-9]+")) {
                return null;
            }
            try {
                return Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static String atoiError(String s) {
            String reason = s.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
            return "strconv.Atoi: parsing " + GoJson.quote(s) + ": " + reason;
        }
    }
}
