package dev.peapod.store;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.NodePath;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One version's {@code openAPIV3Schema} applied to a custom resource as the API server applies it
 * (apiextensions-apiserver, v1.33): unknown fields pruned (apiserver/schema/pruning), defaults set
 * (apiserver/schema/defaulting), then the object validated (apiserver/validation) with the networknt
 * JSON Schema validator in its OpenAPI 3.0 dialect, whose errors are turned into the API server's
 * field errors (kubeOpenAPIResultToFieldErrors and kube-openapi's messages):
 * {@code spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"}.
 *
 * <p>{@code metadata} is not the schema's: it is kept as ObjectMeta and checked by admission, as upstream
 * validates it with ValidateObjectMeta. CEL rules (x-kubernetes-validations) are not evaluated: the CRD's
 * create says so in a warning.
 */
final class CustomResourceSchema {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(Dialects.getOpenApi30());
    private static final String PRESERVE = "x-kubernetes-preserve-unknown-fields";
    private static final String EMBEDDED = "x-kubernetes-embedded-resource";
    private static final String INT_OR_STRING = "x-kubernetes-int-or-string";

    private final ObjectNode schema;
    private final Schema validator;

    CustomResourceSchema(JSONSchemaProps props) {
        this.schema = (ObjectNode) JSON.valueToTree(props);
        ObjectNode forValidation = schema.deepCopy();
        JsonNode properties = forValidation.get("properties");
        if (properties instanceof ObjectNode object) {
            object.remove("metadata"); // ObjectMeta is validated as the API server validates it, not by the schema
        }
        intOrString(forValidation);
        this.validator = REGISTRY.getSchema(forValidation);
    }

    static ObjectNode tree(Object value) {
        return (ObjectNode) JSON.valueToTree(value);
    }

    /** The tree as an object, its keys sorted at every level, as the API server's JSON of an unstructured object has them. */
    static <T> T convert(JsonNode tree, Class<T> type) {
        return JSON.treeToValue(sorted(tree), type);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode sorted = JSON.createObjectNode();
            new java.util.TreeMap<>(object.propertyStream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                    Map.Entry::getValue))).forEach((key, value) -> sorted.set(key, sorted(value)));
            return sorted;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode sorted = JSON.createArrayNode();
            array.forEach(element -> sorted.add(sorted(element)));
            return sorted;
        }
        return node;
    }

    /**
     * Drops what the schema does not specify, except apiVersion, kind and metadata at the root, and answers the
     * paths of what it dropped in name order, as upstream's PruneWithOptions tracks them ({@code spec.foo},
     * {@code spec.items[0].bar}): fieldValidation reports them.
     */
    List<String> prune(ObjectNode object) {
        List<String> dropped = new ArrayList<>();
        pruneObject(object, schema, true, "", dropped);
        java.util.Collections.sort(dropped);
        return dropped;
    }

    /** The version's openAPIV3Schema as JSON (a copy). */
    ObjectNode json() {
        return schema.deepCopy();
    }

    private static void prune(JsonNode value, JsonNode schema, String path, List<String> dropped) {
        if (schema == null || value == null) {
            return;
        }
        if (value instanceof ObjectNode object) {
            pruneObject(object, schema, schema.path(EMBEDDED).asBoolean(false), path, dropped);
        } else if (value instanceof ArrayNode array && schema.has("items")) {
            for (int i = 0; i < array.size(); i++) {
                prune(array.get(i), schema.get("items"), path + "[" + i + "]", dropped);
            }
        }
    }

    private static void pruneObject(ObjectNode object, JsonNode schema, boolean keepTypeAndMeta, String path, List<String> dropped) {
        boolean preserve = schema.path(PRESERVE).asBoolean(false);
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
        List<String> drop = new ArrayList<>();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (keepTypeAndMeta && (name.equals("apiVersion") || name.equals("kind") || name.equals("metadata"))) {
                continue;
            }
            String child = path.isEmpty() ? name : path + "." + name;
            if (properties != null && properties.has(name)) {
                prune(field.getValue(), properties.get(name), child, dropped);
            } else if (additional != null && additional.isObject()) {
                prune(field.getValue(), additional, child, dropped);
            } else if (!preserve && !(additional != null && additional.asBoolean(false))) {
                drop.add(name);
                dropped.add(child);
            }
        }
        drop.forEach(object::remove);
    }

    /** Sets each missing property that has a default, top down, so a defaulted object gets its own defaults. */
    void applyDefaults(ObjectNode object) {
        defaults(object, schema);
    }

    private static void defaults(JsonNode value, JsonNode schema) {
        if (schema == null) {
            return;
        }
        if (value instanceof ObjectNode object) {
            JsonNode properties = schema.get("properties");
            if (properties != null) {
                for (Map.Entry<String, JsonNode> property : properties.properties()) {
                    JsonNode fallback = property.getValue().get("default");
                    if (!object.has(property.getKey()) && fallback != null) {
                        object.set(property.getKey(), fallback.deepCopy());
                    }
                    if (object.has(property.getKey())) {
                        defaults(object.get(property.getKey()), property.getValue());
                    }
                }
            }
            JsonNode additional = schema.get("additionalProperties");
            if (additional != null && additional.isObject()) {
                for (Map.Entry<String, JsonNode> field : object.properties()) {
                    defaults(field.getValue(), additional);
                }
            }
        } else if (value instanceof ArrayNode array && schema.has("items")) {
            for (JsonNode element : array) {
                defaults(element, schema.get("items"));
            }
        }
    }

    /** The schema's errors for the object, as the API server's field errors. */
    List<FieldError> validate(ObjectNode object) {
        ObjectNode checked = object.deepCopy();
        checked.remove("metadata");
        List<FieldError> errors = new ArrayList<>();
        for (Error error : validator.validate(checked)) {
            FieldError converted = convert(error);
            if (converted != null && !errors.contains(converted)) {
                errors.add(converted);
            }
        }
        return errors;
    }

    /** kubeOpenAPIResultToFieldErrors, with kube-openapi's messages (validation/errors/schema.go). */
    private static FieldError convert(Error error) {
        String keyword = error.getKeyword();
        JsonNode value = error.getInstanceNode();
        JsonNode schema = error.getSchemaNode();
        String path = path(error.getInstanceLocation());
        switch (keyword) {
            case "required": {
                String property = error.getProperty() != null ? error.getProperty()
                        : String.valueOf(error.getArguments()[0]);
                return FieldError.required(path.isEmpty() ? property : path + "." + property, "");
            }
            case "type": {
                String actual = typeName(value);
                String expected = schema.isArray() ? join(schema) : schema.asString();
                return new FieldError(path, FieldError.Type.TYPE_INVALID, actual,
                        path + " in body must be of type " + expected + ": " + FieldError.quote(actual));
            }
            case "enum": {
                List<String> values = new ArrayList<>();
                for (JsonNode allowed : schema) {
                    values.add(allowed.isString() ? allowed.asString() : allowed.toString());
                }
                return FieldError.notSupported(path, scalar(value), values);
            }
            case "maxLength":
                return FieldError.tooLong(path, schema.asInt());
            case "maxItems":
                return FieldError.tooMany(path, value.size(), schema.asInt());
            case "maxProperties":
                return FieldError.tooMany(path, value.size(), schema.asInt());
            case "minLength":
                return FieldError.invalid(path, scalar(value), path + " in body should be at least " + schema.asInt() + " chars long");
            case "minItems":
                return FieldError.invalid(path, "", path + " in body should have at least " + schema.asInt() + " items");
            case "minProperties":
                return FieldError.invalid(path, "", path + " in body should have at least " + schema.asInt() + " properties");
            case "pattern":
                return FieldError.invalid(path, scalar(value), path + " in body should match '" + schema.asString() + "'");
            case "minimum":
                return FieldError.invalid(path, scalar(value), path + " in body should be greater than "
                        + (exclusive(error, "exclusiveMinimum") ? "" : "or equal to ") + number(schema));
            case "maximum":
                return FieldError.invalid(path, scalar(value), path + " in body should be less than "
                        + (exclusive(error, "exclusiveMaximum") ? "" : "or equal to ") + number(schema));
            case "multipleOf":
                return FieldError.invalid(path, scalar(value), path + " in body should be a multiple of " + number(schema));
            case "uniqueItems":
                return FieldError.invalid(path, "", path + " in body shouldn't contain duplicates");
            case "format":
                return FieldError.invalid(path, scalar(value), path + " in body must be of type " + schema.asString() + ": "
                        + FieldError.quote(value.isString() ? value.asString() : value.toString()));
            case "nullable":
                return new FieldError(path, FieldError.Type.TYPE_INVALID, "null",
                        path + " in body must be of type " + error.getSchemaNode().asString() + ": \"null\"");
            default:
                return FieldError.invalid(path, "", error.getMessage());
        }
    }

    private static boolean exclusive(Error error, String keyword) {
        String key = error.getMessageKey() == null ? "" : error.getMessageKey();
        String message = error.getMessage() == null ? "" : error.getMessage();
        return key.contains(keyword) || message.toLowerCase(java.util.Locale.ROOT).contains("exclusive");
    }

    /** kube-openapi's path: properties joined with dots, array indexes in brackets ({@code spec.ports[0].port}). */
    private static String path(NodePath location) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(element);
            }
        }
        return path.toString();
    }

    /** The value as Go's %v or %q shows it in the message: strings quoted, numbers and booleans bare. */
    private static Object scalar(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isString()) {
            return value.asString();
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return number(value);
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        return value.toString();
    }

    private static Object number(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        BigDecimal decimal = value.decimalValue().stripTrailingZeros();
        return decimal.scale() <= 0 ? (Object) decimal.toBigInteger() : decimal.toPlainString();
    }

    /** The JSON type of a value as kube-openapi names it. */
    private static String typeName(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isString()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isArray() ? "array" : "object";
    }

    private static String join(JsonNode types) {
        List<String> names = new ArrayList<>();
        types.forEach(t -> names.add(t.asString()));
        return String.join(",", names);
    }

    /** x-kubernetes-int-or-string: the value may be an integer or a string, as the API server's converted schema says. */
    private static void intOrString(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            if (object.path(INT_OR_STRING).asBoolean(false)) {
                ArrayNode types = object.putArray("type");
                types.add("integer");
                types.add("string");
            }
            for (JsonNode child : object) {
                intOrString(child);
            }
        } else if (schema instanceof ArrayNode array) {
            for (JsonNode child : array) {
                intOrString(child);
            }
        }
    }
}
