package dev.peapod.apiserver.apply;

import dev.peapod.apiserver.apply.ManagedFields.Manager;
import dev.peapod.apiserver.apply.ManagedFields.Owned;
import dev.peapod.apiserver.patch.PatchException;
import org.apiguardian.api.API;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Server-side apply ({@code PATCH} with {@code Content-Type: application/apply-patch+yaml}), as upstream v1.33's
 * fieldmanager and sigs.k8s.io/structured-merge-diff do it, on Jackson trees: the configuration merges into the
 * stored object by the kind's {@link ApplySchema}; what the applier applied before and no longer applies is removed
 * unless someone else owns it; a field another manager owns whose value would change is a conflict (409), unless
 * {@code force} takes it over.
 */
@API(status = INTERNAL, since = "0.1")
public final class ServerSideApply {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ServerSideApply() {
    }

    /**
     * An apply request: the resource's {@code apiVersion} and {@code kind}, the namespace and name of the URL (""
     * for cluster-scoped kinds), the {@code fieldManager} and {@code force} query parameters, the subresource (""
     * for the resource itself), and the virtual clock's instant.
     */
    public record Request(String apiVersion, String kind, String namespace, String name, String fieldManager,
                          boolean force, String subresource, Instant now) {
        public Request {
            Objects.requireNonNull(apiVersion, "apiVersion");
            Objects.requireNonNull(kind, "kind");
            namespace = namespace == null ? "" : namespace;
            Objects.requireNonNull(name, "name");
            subresource = subresource == null ? "" : subresource;
            Objects.requireNonNull(now, "now");
        }
    }

    /**
     * Applies a configuration and answers the object to store, {@code metadata.managedFields} included. The stored
     * object is not changed; when the apply changes nothing but ownership, the answer is the stored object with
     * the new managedFields.
     *
     * @param live    the stored object as JSON, or null when there is none (the apply creates it)
     * @param body    the request body: YAML or JSON
     * @param request the request's parameters
     * @param schema  the kind's schema ({@link ApplySchema#forKind})
     * @throws PatchException 422 for a missing or bad {@code fieldManager}, 400 for a body that is not an apply
     *                        configuration of this resource, 409 Conflict naming the conflicting managers and fields
     */
    public static JsonNode apply(JsonNode live, byte[] body, Request request, ApplySchema schema) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(schema, "schema");
        ManagedFields.checkFieldManager("PatchOptions", request.fieldManager(), true);
        ObjectNode config = decode(body);
        String version = ManagedFields.text(config.get("apiVersion"));
        if (!version.equals(request.apiVersion())) {
            throw badRequest("Incorrect version specified in apply patch. Specified patch version: " + version
                    + ", expected: " + request.apiVersion());
        }
        JsonNode sentManagedFields = config.path("metadata").get("managedFields");
        if (sentManagedFields != null && !sentManagedFields.isNull()) {
            throw badRequest("metadata.managedFields must be nil");
        }
        String kind = ManagedFields.text(config.get("kind"));
        if (!kind.equals(request.kind())) {
            // structuredmerge.go Apply: ObjectToTyped of the patch by its own kind. Upstream answers 500 (a plain
            // error); Peapod keeps a 400. A built-in kind the converter knows would be merged as that kind upstream:
            // Peapod refuses it, saying so.
            throw badRequest("failed to create typed patch object (" + gvknn(config, version, kind) + "): "
                    + (!schema.hasType(version, kind) ? "no corresponding type for " + gvk(version, kind)
                    : "kind " + kind + " does not match the resource's kind " + request.kind()));
        }

        Map<Manager, Owned> managers;
        try {
            managers = live == null ? new LinkedHashMap<>()
                    : ManagedFields.decode(live.path("metadata").get("managedFields"));
        } catch (IllegalArgumentException e) {
            throw PatchException.of(500, "InternalError", "failed to decode managed fields: " + e.getMessage(),
                    List.of());
        }
        ObjectNode liveBare = live == null ? JsonNodeFactory.instance.objectNode()
                : ManagedFields.withoutManagedFields(live);
        String subresource = request.subresource();
        if (live != null && managers.isEmpty()) {
            // skipNonAppliedManager: the fields of an object nobody tracked belong to "before-first-apply".
            ManagedFields.recordUpdate(JsonNodeFactory.instance.objectNode(), liveBare,
                    Manager.updater(ManagedFields.BEFORE_FIRST_APPLY, request.apiVersion(), subresource),
                    request.apiVersion(), managers, schema, subresource, request.now());
        }

        FieldSet applied;
        JsonNode merged;
        try {
            applied = ManagedFields.ignored(Typed.toFieldSet(config, schema.root()), subresource);
            merged = Typed.merge(liveBare, config, schema.root(), new ArrayList<>());
        } catch (Typed.SchemaError e) {
            throw badRequest("failed to create typed patch object (" + gvknn(config, version, kind) + "): "
                    + e.getMessage());
        }

        Manager applier = Manager.applier(request.fieldManager(), subresource);
        Owned previous = managers.get(applier);
        managers.put(applier, new Owned(applied, request.apiVersion(), previous == null ? null : previous.time()));
        if (previous != null) {
            FieldSet owned = FieldSet.EMPTY;
            for (Owned o : managers.values()) {
                owned = owned.union(o.fields());
            }
            merged = Typed.remove(merged, previous.fields().difference(owned), owned, schema.root());
        }

        Typed.Comparison comparison = Typed.compare(liveBare, merged, schema.root());
        FieldSet changed = comparison.changed();
        Map<Manager, FieldSet> conflicts = new LinkedHashMap<>();
        for (Map.Entry<Manager, Owned> e : managers.entrySet()) {
            if (e.getKey().equals(applier)) {
                continue;
            }
            FieldSet conflicting = e.getValue().fields().intersection(changed);
            if (!conflicting.isEmpty()) {
                conflicts.put(e.getKey(), conflicting);
            }
        }
        if (!conflicts.isEmpty() && !request.force()) {
            throw conflict(conflicts);
        }
        managers.replaceAll((m, owned) -> m.equals(applier) ? owned : owned.with(owned.fields()
                .difference(conflicts.getOrDefault(m, FieldSet.EMPTY)).difference(comparison.removed())));
        managers.values().removeIf(owned -> owned.fields().isEmpty());

        ObjectNode result;
        if (Trees.equal(liveBare, merged)) {
            result = liveBare;
        } else {
            result = (ObjectNode) merged;
            Owned mine = managers.get(applier);
            if (mine != null) {
                managers.put(applier, new Owned(mine.fields(), mine.apiVersion(),
                        ManagedFields.timestamp(request.now())));
            }
        }
        checkName(result, request);
        return ManagedFields.withManagedFields(result, managers);
    }

    /** The body as an object: JSON, or else YAML (upstream's sigs.k8s.io/yaml reads both). */
    private static ObjectNode decode(byte[] body) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JacksonException notJson) {
            try {
                Object yaml = new Load(LoadSettings.builder().build())
                        .loadFromString(new String(body, StandardCharsets.UTF_8));
                tree = MAPPER.valueToTree(yaml);
            } catch (RuntimeException e) {
                throw badRequest("error decoding YAML: " + e.getMessage());
            }
        }
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw badRequest("error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot "
                    + "unmarshal " + kindOf(tree) + " into Go value of type map[string]interface {}");
        }
        return (ObjectNode) tree;
    }

    private static String kindOf(JsonNode value) {
        if (value.isArray()) {
            return "array";
        }
        if (value.isString()) {
            return "string";
        }
        if (value.isNumber()) {
            return "number";
        }
        return value.isBoolean() ? "bool" : "object";
    }

    /** patch.go's checkName on the applied object against the URL. */
    private static void checkName(JsonNode object, Request request) {
        String name = ManagedFields.text(object.path("metadata").get("name"));
        if (!name.equals(request.name())) {
            throw badRequest("the name of the object (" + name + ") does not match the name on the URL ("
                    + request.name() + ")");
        }
        String namespace = ManagedFields.text(object.path("metadata").get("namespace"));
        if (!namespace.isEmpty() && !namespace.equals(request.namespace())) {
            throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    /**
     * The 409 of internal.NewConflictError: one conflict is {@code Apply failed with 1 conflict: conflict with
     * "mgr" using apps/v1: .spec.replicas}; several are listed per manager, managers sorted by identifier:
     * {@code Apply failed with 2 conflicts: conflicts with "mgr" using apps/v1:\n- .spec.replicas\n- ...}. Each
     * conflict is a cause of type FieldManagerConflict.
     */
    private static PatchException conflict(Map<Manager, FieldSet> conflicts) {
        List<Manager> managers = new ArrayList<>(conflicts.keySet());
        managers.sort(Comparator.comparing(Manager::identifier));
        List<PatchException.Cause> causes = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Manager manager : managers) {
            lines.add("conflicts with " + manager.printed() + ":");
            for (List<PathElement> path : conflicts.get(manager).paths()) {
                String field = FieldSet.format(path);
                causes.add(new PatchException.Cause("FieldManagerConflict", "conflict with " + manager.printed(), field));
                lines.add("- " + field);
            }
        }
        String message = causes.size() == 1
                ? "Apply failed with 1 conflict: " + causes.get(0).message() + ": " + causes.get(0).field()
                : "Apply failed with " + causes.size() + " conflicts: " + String.join("\n", lines);
        return PatchException.of(409, "Conflict", message, causes);
    }

    private static String gvknn(JsonNode config, String version, String kind) {
        return ManagedFields.text(config.path("metadata").get("namespace")) + "/"
                + ManagedFields.text(config.path("metadata").get("name")) + "; " + gvk(version, kind);
    }

    /** schema.GroupVersionKind's String: {@code apps/v1, Kind=Deployment}; {@code /v1, Kind=Pod} for the core group. */
    private static String gvk(String apiVersion, String kind) {
        String groupVersion = apiVersion.contains("/") ? apiVersion : "/" + apiVersion;
        return groupVersion + ", Kind=" + kind;
    }

    private static PatchException badRequest(String message) {
        return PatchException.of(400, "BadRequest", message, List.of());
    }
}
