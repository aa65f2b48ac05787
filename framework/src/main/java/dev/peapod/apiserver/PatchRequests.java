package dev.peapod.apiserver;

import dev.peapod.apiserver.apply.ApplySchema;
import dev.peapod.apiserver.apply.ManagedFields;
import dev.peapod.apiserver.apply.ServerSideApply;
import dev.peapod.apiserver.patch.PatchException;
import dev.peapod.apiserver.patch.PatchSchema;
import dev.peapod.apiserver.patch.PatchType;
import dev.peapod.apiserver.patch.Patches;
import dev.peapod.core.PeapodException;
import dev.peapod.manifest.Manifests;
import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.EventLoop;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PATCH on an object and on its {@code status} and {@code scale} subresources, as upstream v1.33's patch handler
 * (apiserver/pkg/endpoints/handlers/patch.go): the Content-Type names the format (415 otherwise); the options are
 * checked ({@code force} only for apply, {@code fieldManager}, {@code dryRun}, {@code fieldValidation}); then, with
 * the engine held, the stored object is read (404 when there is none, except for an apply, which creates it: 201),
 * the patch applied to its JSON, the result decoded into the kind's class (422 Invalid on field {@code patch} when
 * it does not decode), its unknown and duplicate fields warned about or refused per {@code fieldValidation}, its
 * managedFields recorded, and it is admitted and written through the store. The stored resourceVersion stays unless
 * the patch sets one, so that only a patch that names a resourceVersion can conflict: upstream retries the others on
 * a conflict; in Peapod the read and the write happen with the engine held, so no write comes between them.
 *
 * <p>Also the managedFields of POST and PUT ({@link #managed}). Writes the engine makes itself (kubelets, the
 * scheduler, controllers) record no managedFields in Peapod; upstream records them as {@code kubelet},
 * {@code kube-scheduler}, {@code kube-controller-manager}.
 */
final class PatchRequests {
    private final ObjectStore store;
    private final EventLoop loop;

    PatchRequests(ObjectStore store, EventLoop loop) {
        this.store = store;
        this.loop = loop;
    }

    MockResponse patch(RecordedRequest request, RequestPath path, Query query, Transform transform) {
        ApiResource resource = path.resource();
        boolean custom = GenericKubernetesResource.class.isAssignableFrom(resource.type());
        boolean scale = "scale".equals(path.subresource());
        PatchSchema schema = scale ? PatchSchema.forKind("autoscaling/v1", "Scale")
                : custom ? PatchSchema.customResource() : PatchSchema.forKind(resource.groupVersion(), resource.kind());
        PatchType type = PatchType.fromContentType(request.getHeader("Content-Type"))
                .orElseThrow(() -> Patches.unsupportedMediaType(schema));
        byte[] body = body(request);
        boolean apply = type == PatchType.APPLY_PATCH_YAML;
        Options options = Options.of(type, query);
        String fieldManager = options.fieldManager();
        boolean dryRun = options.dryRun();
        String validation = options.validation();
        String subresource = path.subresource() == null ? "" : path.subresource();
        if (scale) {
            if (apply) {
                throw applyOnScaleNotServed(type, PatchType.JSON_PATCH, PatchType.MERGE_PATCH, PatchType.STRATEGIC_MERGE_PATCH);
            }
            return patchScale(path, type, body, schema, dryRun);
        }
        String manager = ManagedFields.managerOf(fieldManager, request.getHeader("User-Agent"));
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        boolean force = options.force();
        Result result = write("PATCH " + resource.plural(), dryRun, () -> {
            HasMetadata stored = store.get(resource.type(), path.namespace(), path.name()).orElse(null);
            if (stored == null && (!apply || !subresource.isEmpty())) {
                throw ApiException.notFound(ResourceDispatcher.qualified(resource), path.name());
            }
            JsonNode live = stored == null ? null : Json.MAPPER.valueToTree(stored);
            JsonNode toStore;
            if (apply) {
                toStore = ServerSideApply.apply(live, body, new ServerSideApply.Request(resource.groupVersion(),
                        resource.kind(), path.namespace(), path.name(), fieldManager, force, subresource, loop.now()),
                        applySchema(resource));
            } else {
                JsonNode patched = Patches.apply(type, live, body, schema);
                List<String> strict = validation.equals("Ignore") ? List.of()
                        : new ArrayList<>(Patches.strictDecodingErrors(type, body));
                if (type == PatchType.STRATEGIC_MERGE_PATCH) {
                    // applyPatchToObject: the merged map becomes the object through the unstructured converter,
                    // whose error upstream quotes beside the patch as Go prints a map (%+v)
                    java.util.Optional<String> converter = Manifests.converterError(patched, resource.type());
                    if (converter.isPresent()) {
                        throw PatchException.invalidPatch(goValue(Json.MAPPER.readTree(body)), converter.get());
                    }
                }
                HasMetadata decoded = decode(patched, resource);
                List<String> unknown = custom ? List.of() : Manifests.unknownFields(decoded);
                if (!validation.equals("Ignore")) {
                    unknown.forEach(field -> strict.add("unknown field \"" + field + "\""));
                }
                if (!strict.isEmpty() && validation.equals("Strict")) {
                    // the value upstream quotes: the patched JSON, or for a strategic merge patch the patch as Go prints a map
                    String value = type == PatchType.STRATEGIC_MERGE_PATCH ? goValue(Json.MAPPER.readTree(body)) : goJson(patched);
                    throw PatchException.invalidPatch(value, "strict decoding error: " + String.join(", ", strict));
                }
                warnings.addAll(strict);
                // the decoder drops what the kind does not have: it is neither stored nor owned
                unknown.forEach(field -> FieldValidation.strip(patched, field));
                checkName(patched, path);
                toStore = ManagedFields.update(live, patched, manager, subresource, applySchema(resource), loop.now());
            }
            HasMetadata object = decode(toStore, resource);
            if (stored == null) {
                if (resource.namespaced()) {
                    object.getMetadata().setNamespace(path.namespace()); // the URL's, as a POST there
                }
                return new Result(201, store.create(object, warnings::add));
            }
            if (!subresource.isEmpty()) {
                return new Result(200, store.updateStatusIfChanged(object).map(HasMetadata.class::cast)
                        .orElseGet(() -> store.get(resource.type(), path.namespace(), path.name()).orElseThrow()));
            }
            HasMetadata written = store.updateIfChanged(object, warnings::add).map(HasMetadata.class::cast)
                    .orElseGet(() -> store.get(resource.type(), path.namespace(), path.name()).orElseThrow());
            return new Result(200, written);
        });
        return transform == null ? Warnings.add(Statuses.json(result.code(), result.object()), warnings)
                : transform.written(result.code(), result.object(), warnings, loop.now());
    }

    private record Result(int code, HasMetadata object) {
    }

    /** A PATCH's options, checked as validation.ValidatePatchOptions checks them: force only with apply, the field manager, dryRun, fieldValidation. */
    record Options(String fieldManager, boolean force, boolean dryRun, String validation) {
        static Options of(PatchType type, Query query) {
            boolean apply = type == PatchType.APPLY_PATCH_YAML;
            if (!apply && query.values().containsKey("force")) {
                throw ApiException.invalid("PatchOptions.meta.k8s.io", "", List.of(FieldError.forbidden("force",
                        "may not be specified for non-apply patch")));
            }
            String fieldManager = query.get("fieldManager");
            ManagedFields.checkFieldManager("PatchOptions", fieldManager, apply);
            boolean dryRun = query.dryRun("PatchOptions");
            return new Options(fieldManager, query.flag("force"), dryRun, FieldValidation.mode(query, "PatchOptions"));
        }
    }

    static byte[] body(RecordedRequest request) {
        return request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    }

    /** Server-side apply of a Scale, which Peapod does not serve, said as a 415 naming the types it does serve there. */
    static PatchException applyOnScaleNotServed(PatchType type, PatchType... served) {
        return PatchException.of(415, "UnsupportedMediaType", "Peapod does not serve server-side apply ("
                + type.mediaType() + ") on the scale subresource yet; use "
                + String.join(", ", java.util.Arrays.stream(served).map(PatchType::mediaType).toList()), List.of());
    }

    /** A patch of the Scale: applied to the Scale as GET answers it, then written as a PUT of the Scale is. */
    private MockResponse patchScale(RequestPath path, PatchType type, byte[] body, PatchSchema schema, boolean dryRun) {
        Map<String, Object> written = write("PATCH " + path.resource().plural() + "/scale", dryRun, () -> {
            JsonNode current = Json.MAPPER.valueToTree(Scales.get(store, path));
            JsonNode patched = Patches.apply(type, current, body, schema);
            checkName(patched, path);
            return Scales.put(store, path, Scales.read(patched, path));
        });
        return Statuses.json(200, written);
    }

    /**
     * The managedFields of a POST or PUT (and its status form), with the engine held: {@code object} as it will be
     * written, the {@code fieldManager} parameter or the User-Agent's program as the manager. The fields Peapod's
     * admission defaults are not recorded as the writer's (upstream's decoder defaults them before the field manager
     * runs, so a create there also owns, e.g., a Deployment's {@code spec.revisionHistoryLimit}).
     */
    HasMetadata managed(HasMetadata object, HasMetadata stored, ApiResource resource, String manager, String subresource) {
        JsonNode live = stored == null ? null : Json.MAPPER.valueToTree(stored);
        JsonNode toStore = ManagedFields.update(live, Json.MAPPER.valueToTree(object), manager, subresource,
                applySchema(resource), loop.now());
        try { // a decoded object with the managedFields ManagedFields wrote (and kept only where they decode): no type check
            return Bodies.ownerReferencesAsWritten(toStore, Bodies.STRICT.treeToValue(toStore, resource.type()));
        } catch (JacksonException | IllegalArgumentException e) {
            return decode(toStore, resource); // the patch's 422, in its words
        }
    }

    private static ApplySchema applySchema(ApiResource resource) {
        return GenericKubernetesResource.class.isAssignableFrom(resource.type()) ? ApplySchema.unknown()
                : ApplySchema.forKind(resource.groupVersion(), resource.kind());
    }

    /**
     * The patched JSON as the kind's object; what does not decode is upstream's 422 on field {@code patch}:
     * {@code  "" is invalid: patch: Invalid value: "{...}": json: cannot unmarshal ...}.
     */
    static HasMetadata decode(JsonNode patched, ApiResource resource) {
        if (!(patched instanceof ObjectNode object)) {
            throw PatchException.invalidPatch(goJson(patched), "json: cannot unmarshal " + goType(patched)
                    + " into Go value of type " + resource.internalType());
        }
        java.util.Optional<String> typeError = Manifests.typeError(object, resource.type());
        if (typeError.isPresent()) {
            throw PatchException.invalidPatch(goJson(patched), typeError.get());
        }
        try {
            return Bodies.ownerReferencesAsWritten(object, Bodies.STRICT.treeToValue(object, resource.type()));
        } catch (tools.jackson.databind.exc.MismatchedInputException e) {
            throw PatchException.invalidPatch(goJson(patched), GoTypes.unmarshalError(e, object));
        } catch (JacksonException | IllegalArgumentException e) {
            String detail = e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
            throw PatchException.invalidPatch(goJson(patched), detail == null ? "" : detail.lines().findFirst().orElse(""));
        }
    }

    /** patch.go's checkName: the patched object keeps the URL's name and namespace. */
    static void checkName(JsonNode patched, RequestPath path) {
        JsonNode metadata = patched.path("metadata");
        String name = metadata.path("name").isString() ? metadata.path("name").asString() : "";
        if (!name.equals(path.name())) {
            throw ApiException.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
                    + path.name() + ")");
        }
        String namespace = metadata.path("namespace").isString() ? metadata.path("namespace").asString() : "";
        if (path.namespace() != null && !namespace.isEmpty() && !namespace.equals(path.namespace())) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    /** The JSON as Go's encoding/json writes a map: compact, keys sorted. */
    static String goJson(JsonNode node) {
        return Json.string(sorted(node));
    }

    /**
     * A decoded JSON value as Go's {@code fmt.Sprintf("%+v", ...)} prints it (apiserver's applyPatchToObject quotes
     * the strategic merge patch so): {@code map[spec:map[foo:1]]}, keys sorted, {@code [a b]}, {@code <nil>}.
     */
    static String goValue(JsonNode node) {
        if (node == null || node.isNull()) {
            return "<nil>";
        }
        if (node.isObject()) {
            StringBuilder out = new StringBuilder("map[");
            new TreeMap<>(node.propertyStream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                    Map.Entry::getValue))).forEach((key, value) -> {
                        if (out.length() > 4) {
                            out.append(' ');
                        }
                        out.append(key).append(':').append(goValue(value));
                    });
            return out.append(']').toString();
        }
        if (node.isArray()) {
            List<String> elements = new ArrayList<>();
            node.forEach(element -> elements.add(goValue(element)));
            return "[" + String.join(" ", elements) + "]";
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            double value = node.asDouble();
            return value == Math.rint(value) && Math.abs(value) < 1e21 ? Long.toString((long) value) : Double.toString(value);
        }
        return node.toString();
    }

    private static Object sorted(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                map.put(e.getKey(), sorted(e.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(sorted(element)));
            return list;
        }
        return node;
    }

    private static String goType(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return node.isArray() ? "array" : node.isString() ? "string" : node.isNumber() ? "number" : "bool";
    }

    /** The Status of a refused patch: its code, reason and message, and its causes as details. */
    static MockResponse response(PatchException refused) {
        Map<String, Object> details = null;
        if (!refused.causes().isEmpty()) {
            List<Map<String, Object>> causes = new ArrayList<>();
            for (PatchException.Cause cause : refused.causes()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("reason", cause.reason());
                if (cause.message() != null && !cause.message().isEmpty()) {
                    entry.put("message", cause.message());
                }
                if (cause.field() != null && !cause.field().isEmpty()) {
                    entry.put("field", cause.field());
                }
                causes.add(entry);
            }
            details = new LinkedHashMap<>();
            details.put("causes", causes);
        }
        return Statuses.json(refused.code(), Statuses.status(refused.code(), refused.reason(), refused.getMessage(), details));
    }

    private <T> T write(String what, boolean dryRun, java.util.concurrent.Callable<T> task) {
        return loop.exclusive(what, () -> dryRun ? store.dryRun(() -> call(task)) : task.call());
    }

    private static <T> T call(java.util.concurrent.Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new PeapodException(e.getMessage(), e);
        }
    }
}
