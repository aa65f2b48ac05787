package dev.peapod.apiserver.apply;

import dev.peapod.apiserver.patch.PatchException;
import dev.peapod.store.FieldError;
import org.apiguardian.api.API;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The {@code metadata.managedFields} bookkeeping of every write (k8s.io/apiserver's fieldmanager at v1.33): who owns
 * which fields, as entries per manager, operation ({@code Apply} or {@code Update}), apiVersion (for updates) and
 * subresource. {@link #update} records a create, update or non-apply patch; {@link ServerSideApply} records an apply.
 * <p>
 * Not done (said in the package documentation): the upgrade of
 * {@code kubectl.kubernetes.io/last-applied-configuration}.
 */
@API(status = INTERNAL, since = "0.1")
public final class ManagedFields {
    /** The manager upstream gives the fields of an object applied to for the first time without managedFields. */
    public static final String BEFORE_FIRST_APPLY = "before-first-apply";
    /** The manager of the entry old updates are merged into (capManagersManager). */
    public static final String ANCIENT_CHANGES = "ancient-changes";
    /** DefaultMaxUpdateManagers of fieldmanager.go. */
    static final int MAX_UPDATE_MANAGERS = 10;
    /** metav1validation.FieldManagerMaxLength. */
    static final int MAX_MANAGER_LENGTH = 128;
    static final String APPLY = "Apply";
    static final String UPDATE = "Update";

    /** The paths stripMetaManager never records: identity and server-set metadata. */
    private static final FieldSet STRIPPED = FieldSet.of(List.of(
            List.of(PathElement.field("apiVersion")), List.of(PathElement.field("kind")),
            List.of(PathElement.field("metadata")), meta("name"), meta("namespace"), meta("creationTimestamp"),
            meta("selfLink"), meta("uid"), meta("clusterName"), meta("generation"), meta("managedFields"),
            meta("resourceVersion")));
    private static final FieldSet STATUS = FieldSet.of(List.of(List.of(PathElement.field("status"))));

    private ManagedFields() {
    }

    private static List<PathElement> meta(String field) {
        return List.of(PathElement.field("metadata"), PathElement.field(field));
    }

    /**
     * Who an entry belongs to, as upstream's manager identifier (BuildManagerIdentifier): the manager's name, the
     * operation, the apiVersion for an update (an applier is the same manager whatever version it applies), and the
     * subresource ("" for the resource itself).
     */
    record Manager(String name, String operation, String apiVersion, String subresource) {
        static Manager applier(String name, String subresource) {
            return new Manager(name, APPLY, "", subresource);
        }

        static Manager updater(String name, String apiVersion, String subresource) {
            return new Manager(name, UPDATE, apiVersion, subresource);
        }

        /** The identifier's JSON, by which upstream sorts the managers of a conflict message. */
        String identifier() {
            ObjectNode id = JsonNodeFactory.instance.objectNode();
            if (!name.isEmpty()) {
                id.put("manager", name);
            }
            id.put("operation", operation);
            if (!apiVersion.isEmpty()) {
                id.put("apiVersion", apiVersion);
            }
            if (!subresource.isEmpty()) {
                id.put("subresource", subresource);
            }
            return id.toString();
        }

        /** As conflicts name it (printManager): {@code "kubectl" with subresource "status" using apps/v1}. */
        String printed() {
            String printed = Trees.quote(name);
            if (!subresource.isEmpty()) {
                printed += " with subresource " + Trees.quote(subresource);
            }
            return operation.equals(UPDATE) ? printed + " using " + apiVersion : printed;
        }
    }

    /** What a manager owns, the apiVersion of its entry, and its {@code time} as stored (null when none). */
    record Owned(FieldSet fields, String apiVersion, String time) {
        Owned with(FieldSet changed) {
            return new Owned(changed, apiVersion, time);
        }
    }

    // ---- the seam for create, update and non-apply patch

    /**
     * The object to store after a create, update or non-apply patch, with its managedFields: the fields this write
     * added or changed now belong to {@code manager} (an {@code Update} entry for the object's apiVersion and the
     * subresource), and no longer to anyone else; fields it removed belong to no one.
     *
     * @param live        the stored object as JSON; null for a create
     * @param updated     the object to store (defaulted), as JSON; not changed
     * @param manager     the field manager ({@link #managerOf}: the request's {@code fieldManager} or its User-Agent)
     * @param subresource "" for the resource, "status" or "scale" for those subresources
     * @param schema      the kind's schema ({@link ApplySchema#forKind})
     * @param now         the virtual clock's instant, for the entry's {@code time}
     * @return a copy of {@code updated} whose {@code metadata.managedFields} is set (or absent when nobody owns anything)
     *
     * <p>ManagedFields the client sent are kept when they decode and the write is not to a subresource, as upstream
     * lets clients edit them; {@code []} or {@code [{}]} resets them; anything else (none, or undecodable) keeps
     * the stored object's. An existing object (one with a uid) without managedFields stays without them, as
     * upstream's skipNonAppliedManager leaves it, until an apply gives its fields to {@code before-first-apply}.
     */
    public static JsonNode update(JsonNode live, JsonNode updated, String manager, String subresource,
                                  ApplySchema schema, Instant now) {
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(subresource, "subresource");
        Map<Manager, Owned> managers = requestManagers(live, updated, subresource);
        ObjectNode liveBare = live == null ? JsonNodeFactory.instance.objectNode() : withoutManagedFields(live);
        ObjectNode result = withoutManagedFields(updated);
        if (managers.isEmpty() && live != null && !text(live.path("metadata").get("uid")).isEmpty()) {
            // skipNonAppliedManager: an existing object nobody tracks stays untracked until it is applied to.
            return result;
        }
        String apiVersion = text(result.get("apiVersion"));
        recordUpdate(liveBare, result, Manager.updater(manager, apiVersion, subresource), apiVersion, managers,
                schema, subresource, now);
        capUpdateManagers(managers);
        return withManagedFields(result, managers);
    }

    /**
     * The field manager of a write: the {@code fieldManager} query parameter, or else the program name of the
     * User-Agent as upstream derives it (prefixFromUserAgent: the text before the first "/", without unprintable
     * characters, at most 128 bytes): {@code kubectl-client-side-apply/v1.33.0 (linux/amd64) kubernetes/abc} gives
     * {@code kubectl-client-side-apply}.
     */
    public static String managerOf(String fieldManager, String userAgent) {
        if (fieldManager != null && !fieldManager.isEmpty()) {
            return fieldManager;
        }
        if (userAgent == null) {
            return "";
        }
        int slash = userAgent.indexOf('/');
        String program = slash >= 0 ? userAgent.substring(0, slash) : userAgent;
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < program.length(); ) {
            int c = program.codePointAt(i);
            i += Character.charCount(c);
            if (!isPrint(c)) {
                continue;
            }
            if (bytes >= MAX_MANAGER_LENGTH) {
                break;
            }
            out.appendCodePoint(c);
            bytes += new String(Character.toChars(c)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return out.toString();
    }

    /**
     * Validates the {@code fieldManager} of a request's options as upstream (ValidateFieldManager, and for apply
     * ValidatePatchOptions): required for apply, at most 128 bytes, printable characters only. Throws 422 Invalid
     * on the options kind, e.g. {@code PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is
     * required for apply patch}.
     *
     * @param optionsKind {@code CreateOptions}, {@code UpdateOptions} or {@code PatchOptions}
     */
    public static void checkFieldManager(String optionsKind, String fieldManager, boolean applyPatch) {
        String manager = fieldManager == null ? "" : fieldManager;
        List<FieldError> errors = new ArrayList<>();
        if (applyPatch && manager.isEmpty()) {
            errors.add(FieldError.required("fieldManager", "is required for apply patch"));
        }
        if (manager.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_MANAGER_LENGTH) {
            errors.add(FieldError.tooLong("fieldManager", MAX_MANAGER_LENGTH));
        }
        int position = 0;
        for (int i = 0; i < manager.length(); ) {
            int c = manager.codePointAt(i);
            if (!isPrint(c)) {
                errors.add(FieldError.invalid("fieldManager", manager,
                        String.format("invalid character U+%04X (at position %d)", c, position)));
            }
            position += new String(Character.toChars(c)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            i += Character.charCount(c);
        }
        if (errors.isEmpty()) {
            return;
        }
        String aggregate = errors.size() == 1 ? errors.get(0).toString()
                : errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
        List<PatchException.Cause> causes = errors.stream()
                .map(e -> new PatchException.Cause(causeType(e.type()), e.body(), e.field())).toList();
        throw PatchException.of(422, "Invalid", optionsKind + ".meta.k8s.io \"\" is invalid: " + aggregate, causes);
    }

    private static String causeType(FieldError.Type type) {
        return switch (type) {
            case REQUIRED -> "FieldValueRequired";
            case TOO_LONG -> "FieldValueTooLong";
            default -> "FieldValueInvalid";
        };
    }

    /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrint(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                 Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    // ---- shared with ServerSideApply

    /** The managers of a write's request object, or the stored object's (decodeManagedFields in fieldmanager.go). */
    private static Map<Manager, Owned> requestManagers(JsonNode live, JsonNode updated, String subresource) {
        if (subresource.isEmpty()) {
            JsonNode sent = updated.path("metadata").get("managedFields");
            if (sent != null && sent.isArray()
                    && (sent.isEmpty() || sent.size() == 1 && sent.get(0).isObject() && sent.get(0).isEmpty())) {
                return new LinkedHashMap<>();
            }
            try {
                Map<Manager, Owned> decoded = decode(sent);
                if (!decoded.isEmpty()) {
                    return decoded;
                }
            } catch (IllegalArgumentException e) {
                // Upstream falls back to the stored object's managedFields.
            }
        }
        try {
            return live == null ? new LinkedHashMap<>() : decode(live.path("metadata").get("managedFields"));
        } catch (IllegalArgumentException e) {
            return new LinkedHashMap<>();
        }
    }

    /**
     * Records a write as upstream's Updater.Update under the name "current-operation": what changed leaves every
     * other owner (force), what was removed leaves everyone, and what changed joins {@code id}'s entry, whose time
     * becomes {@code now} when it gained fields.
     */
    static void recordUpdate(JsonNode live, JsonNode updated, Manager id, String apiVersion,
                             Map<Manager, Owned> managers, ApplySchema schema, String subresource, Instant now) {
        Typed.Comparison comparison = Typed.compare(live, updated, schema.root());
        FieldSet changed = comparison.changed();
        managers.replaceAll((m, owned) -> owned.with(owned.fields().difference(changed).difference(comparison.removed())));
        FieldSet current = ignored(changed, subresource);
        if (!current.isEmpty()) {
            Owned previous = managers.get(id);
            FieldSet fields = previous == null ? current : previous.fields().union(current);
            managers.put(id, new Owned(fields, apiVersion, timestamp(now)));
        }
        managers.values().removeIf(owned -> owned.fields().isEmpty());
    }

    /**
     * capManagersManager: with more than {@value #MAX_UPDATE_MANAGERS} {@code Update} entries, the oldest (by time,
     * then identifier) are merged per apiVersion into an {@code ancient-changes} entry until at most that many are
     * left; the first of a version seen becomes the bucket when a second one joins it, and the bucket takes the
     * time of the last entry merged into it.
     */
    static void capUpdateManagers(Map<Manager, Owned> managers) {
        List<Manager> updaters = new ArrayList<>();
        managers.keySet().stream().filter(m -> m.operation().equals(UPDATE)).forEach(updaters::add);
        if (updaters.size() <= MAX_UPDATE_MANAGERS) {
            return;
        }
        updaters.sort(Comparator.<Manager>comparingLong(m -> seconds(managers.get(m).time()))
                .thenComparing(Manager::identifier));
        Map<String, Manager> firstOfVersion = new LinkedHashMap<>();
        int length = updaters.size();
        for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
            Manager manager = updaters.get(i);
            Owned owned = managers.get(manager);
            String version = owned.apiVersion();
            Manager bucket = Manager.updater(ANCIENT_CHANGES, version, "");
            Manager first = firstOfVersion.get(version);
            if (first == null) {
                firstOfVersion.put(version, manager);
                continue;
            }
            if (!managers.containsKey(bucket)) {
                managers.put(bucket, managers.remove(first));
            }
            FieldSet merged = owned.fields().union(managers.get(bucket).fields());
            managers.remove(manager);
            managers.put(bucket, new Owned(merged, version, owned.time()));
            length--;
        }
    }

    /** Without what upstream never records: identity and server-set metadata, and the other half of a status split. */
    static FieldSet ignored(FieldSet fields, String subresource) {
        FieldSet kept = fields.difference(STRIPPED);
        if (subresource.isEmpty()) {
            return kept.recursiveDifference(STATUS);
        }
        if (subresource.equals("status")) {
            List<List<PathElement>> status = new ArrayList<>();
            for (List<PathElement> path : kept.paths()) {
                if (path.get(0).equals(PathElement.field("status"))) {
                    status.add(path);
                }
            }
            return FieldSet.of(status);
        }
        return kept;
    }

    static String timestamp(Instant now) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }

    static ObjectNode withoutManagedFields(JsonNode object) {
        ObjectNode copy = (ObjectNode) object.deepCopy();
        if (copy.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove("managedFields");
        }
        return copy;
    }

    static ObjectNode withManagedFields(ObjectNode object, Map<Manager, Owned> managers) {
        ArrayNode encoded = encode(managers);
        JsonNode metadata = object.get("metadata");
        if (!(metadata instanceof ObjectNode)) {
            if (encoded.isEmpty()) {
                return object;
            }
            metadata = object.putObject("metadata");
        }
        if (encoded.isEmpty()) {
            ((ObjectNode) metadata).remove("managedFields");
        } else {
            ((ObjectNode) metadata).set("managedFields", encoded);
        }
        return object;
    }

    /**
     * Reads {@code metadata.managedFields} (null: none) as upstream's decodeManagedFields; throws
     * IllegalArgumentException with upstream's reason for an entry it refuses.
     */
    static Map<Manager, Owned> decode(JsonNode entries) {
        Map<Manager, Owned> managers = new LinkedHashMap<>();
        if (entries == null || entries.isNull()) {
            return managers;
        }
        if (!entries.isArray()) {
            throw new IllegalArgumentException("managedFields is not a list");
        }
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String operation = text(entry.get("operation"));
            if (!operation.equals(APPLY) && !operation.equals(UPDATE)) {
                throw new IllegalArgumentException("operation must be `Apply` or `Update`");
            }
            String apiVersion = text(entry.get("apiVersion"));
            if (apiVersion.isEmpty()) {
                throw new IllegalArgumentException("apiVersion must not be empty");
            }
            String fieldsType = text(entry.get("fieldsType"));
            if (fieldsType.isEmpty()) {
                throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
            }
            if (!fieldsType.equals("FieldsV1")) {
                throw new IllegalArgumentException("invalid fieldsType " + Trees.quote(fieldsType)
                        + " in managed fields entry " + i);
            }
            String name = text(entry.get("manager"));
            String subresource = text(entry.get("subresource"));
            Manager manager = operation.equals(APPLY) ? Manager.applier(name, subresource)
                    : Manager.updater(name, apiVersion, subresource);
            JsonNode time = entry.get("time");
            managers.put(manager, new Owned(FieldSet.fromFieldsV1(entry.get("fieldsV1")), apiVersion,
                    time == null || time.isNull() ? null : time.stringValue()));
        }
        return managers;
    }

    /**
     * Writes the entries as upstream orders them (sortEncodedManagedFields): Apply before Update, then by time,
     * manager, apiVersion and subresource; each {@code manager}, {@code operation}, {@code apiVersion},
     * {@code time}, {@code fieldsType}, {@code fieldsV1}, {@code subresource}.
     */
    static ArrayNode encode(Map<Manager, Owned> managers) {
        List<Map.Entry<Manager, Owned>> sorted = new ArrayList<>(managers.entrySet());
        sorted.sort(Comparator.<Map.Entry<Manager, Owned>, String>comparing(e -> e.getKey().operation())
                .thenComparing(e -> seconds(e.getValue().time()))
                .thenComparing(e -> e.getKey().name())
                .thenComparing(e -> e.getValue().apiVersion())
                .thenComparing(e -> e.getKey().subresource()));
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Map.Entry<Manager, Owned> e : sorted) {
            ObjectNode entry = out.addObject();
            entry.put("manager", e.getKey().name());
            entry.put("operation", e.getKey().operation());
            entry.put("apiVersion", e.getValue().apiVersion());
            if (e.getValue().time() != null) {
                entry.put("time", e.getValue().time());
            }
            entry.put("fieldsType", "FieldsV1");
            entry.set("fieldsV1", e.getValue().fields().toFieldsV1());
            if (!e.getKey().subresource().isEmpty()) {
                entry.put("subresource", e.getKey().subresource());
            }
        }
        return out;
    }

    private static long seconds(String time) {
        if (time == null) {
            return 0;
        }
        try {
            return Instant.parse(time).getEpochSecond();
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    static String text(JsonNode node) {
        return node == null || !node.isString() ? "" : node.stringValue();
    }
}
