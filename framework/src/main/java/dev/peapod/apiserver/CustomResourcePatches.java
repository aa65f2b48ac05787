package dev.peapod.apiserver;

import dev.peapod.apiserver.apply.ApplySchema;
import dev.peapod.apiserver.apply.ManagedFields;
import dev.peapod.apiserver.apply.ServerSideApply;
import dev.peapod.apiserver.patch.PatchException;
import dev.peapod.apiserver.patch.PatchSchema;
import dev.peapod.apiserver.patch.PatchType;
import dev.peapod.apiserver.patch.Patches;
import dev.peapod.core.PeapodException;
import dev.peapod.store.ApiException;
import dev.peapod.store.CustomResources;
import dev.peapod.store.FieldError;
import dev.peapod.store.ObjectStore;
import dev.peapod.store.ServedKind;
import dev.peapod.time.EventLoop;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * PATCH of custom resources and of their {@code status} and {@code scale} subresources, and the managedFields and
 * fieldValidation of their POST and PUT, as the apiextensions-apiserver serves them (v1.33: customresource_handler.go
 * hands the generic handlers the patch types JSON patch, merge patch and apply, never strategic merge patch, which
 * is the 415 naming those three). The patch algorithms are {@link PatchRequests}'s; what differs from a built-in kind
 * is the schema:
 * <ul>
 * <li>the patched object is decoded as crdHandler's schemaCoercingDecoder decodes it: pruned of what the version's
 * {@code openAPIV3Schema} does not specify (and of unknown metadata fields), then defaulted; under fieldValidation
 * Warn each dropped field is a warning {@code unknown field "spec.foo"}, under Strict the patch is upstream's 422
 * on field {@code patch}, as for built-in kinds;</li>
 * <li>server-side apply's field sets come from the schema ({@link ApplySchema#forCustomResource}): lists are atomic
 * unless {@code x-kubernetes-list-type} says set or map; a field the schema does not declare is refused with
 * upstream's words ({@code failed to create typed patch object (...): .spec.foo: field not declared in schema}) as
 * a 400, where upstream v1.33 answers it as a 500 (kubernetes/kubernetes#139253);</li>
 * <li>the result is written as a PUT is (the store validates it against the schema: 422 with the same causes;
 * a stale resourceVersion is 409).</li>
 * </ul>
 * Not done: managedFields of the scale subresource (upstream records the replicas under the CR's manager for
 * {@code scale}); server-side apply on {@code scale} is a 415 in Peapod's words, as for built-in kinds; for a kind
 * without the status subresource, {@code status} is still not owned through the main resource.
 */
final class CustomResourcePatches {
    private final ObjectStore store;
    private final EventLoop loop;

    CustomResourcePatches(ObjectStore store, EventLoop loop) {
        this.store = store;
        this.loop = loop;
    }

    /** PATCH of an object, its status or its scale. */
    /** How a write's result becomes the response: as the Accept header asks (transformResponseObject). */
    @FunctionalInterface
    interface Answering {
        MockResponse answer(int code, Object object, List<String> warnings);
    }

    MockResponse patch(RecordedRequest request, RequestPath path, Query query, ServedKind kind, Answering answering) {
        PatchSchema schema = PatchSchema.customResource();
        PatchType type = PatchType.fromContentType(request.getHeader("Content-Type"))
                .filter(t -> t != PatchType.STRATEGIC_MERGE_PATCH)
                .orElseThrow(() -> Patches.unsupportedMediaType(schema));
        byte[] body = PatchRequests.body(request);
        PatchRequests.Options options = PatchRequests.Options.of(type, query);
        String subresource = path.subresource() == null ? "" : path.subresource();
        if (subresource.equals("scale")) {
            if (type == PatchType.APPLY_PATCH_YAML) {
                throw PatchRequests.applyOnScaleNotServed(type, PatchType.JSON_PATCH, PatchType.MERGE_PATCH);
            }
            return patchScale(kind, path, type, body, options.dryRun());
        }
        String manager = ManagedFields.managerOf(options.fieldManager(), request.getHeader("User-Agent"));
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        Result result = write("PATCH " + kind.plural(), options.dryRun(), () -> {
            CustomResources customResources = store.customResources();
            GenericKubernetesResource stored = customResources.get(kind.group(), kind.plural(), path.namespace(), path.name())
                    .orElse(null);
            boolean apply = type == PatchType.APPLY_PATCH_YAML;
            if (stored == null && (!apply || !subresource.isEmpty())) {
                throw ApiException.notFound(kind.qualified(), path.name());
            }
            ObjectNode live = stored == null ? null : tree(stored, path);
            ApplySchema applySchema = applySchema(kind, path);
            ObjectNode toStore;
            if (apply) {
                JsonNode applied = ServerSideApply.apply(live, body, new ServerSideApply.Request(path.groupVersion(),
                        kind.kind(), path.namespace(), path.name(), options.fieldManager(), options.force(), subresource,
                        loop.now()), applySchema);
                toStore = (ObjectNode) applied;
                customResources.decode(kind.group(), kind.plural(), version(path), toStore); // defaults; nothing unknown is left
            } else {
                JsonNode patched = Patches.apply(type, live, body, schema);
                ObjectNode object = decodable(patched);
                List<String> strict = options.validation().equals("Ignore") ? new ArrayList<>()
                        : new ArrayList<>(Patches.strictDecodingErrors(type, body));
                String quoted = PatchRequests.goJson(patched); // as upstream quotes it: the patched JSON, before decoding
                // the request decoder keeps malformed metadata as an error (DropMalformedFields=false): encoding/json's words
                ObjectNode metadataOnly = Json.MAPPER.createObjectNode();
                if (object.has("metadata")) {
                    metadataOnly.set("metadata", object.get("metadata"));
                }
                java.util.Optional<String> malformed = dev.peapod.manifest.Manifests.typeError(metadataOnly,
                        io.fabric8.kubernetes.api.model.ConfigMap.class);
                if (malformed.isPresent()) {
                    throw PatchException.invalidPatch(quoted, malformed.get());
                }
                List<String> unknown = customResources.decode(kind.group(), kind.plural(), version(path), object);
                if (!options.validation().equals("Ignore")) {
                    unknown.forEach(field -> strict.add("unknown field \"" + field + "\""));
                }
                if (!strict.isEmpty() && options.validation().equals("Strict")) {
                    throw PatchException.invalidPatch(quoted, "strict decoding error: " + String.join(", ", strict));
                }
                warnings.addAll(strict);
                PatchRequests.checkName(object, path);
                checkTypeMeta(kind, path, object);
                toStore = (ObjectNode) ManagedFields.update(live, object, manager, subresource, applySchema, loop.now());
            }
            GenericKubernetesResource object;
            try {
                object = Json.MAPPER.treeToValue(toStore, GenericKubernetesResource.class);
            } catch (tools.jackson.databind.exc.MismatchedInputException undecodable) { // never a 500 for a body
                throw PatchException.invalidPatch(PatchRequests.goJson(toStore), GoTypes.unmarshalError(undecodable, toStore));
            } catch (tools.jackson.core.JacksonException | IllegalArgumentException undecodable) {
                String detail = undecodable instanceof tools.jackson.core.JacksonException jackson ? jackson.getOriginalMessage()
                        : undecodable.getMessage();
                throw PatchException.invalidPatch(PatchRequests.goJson(toStore), detail == null ? "" : detail.lines().findFirst().orElse(""));
            }
            if (stored == null) {
                if (kind.namespaced()) {
                    object.getMetadata().setNamespace(path.namespace()); // the URL's, as a POST there
                }
                return new Result(201, customResources.create(object));
            }
            java.util.Optional<GenericKubernetesResource> written = subresource.isEmpty() ? customResources.updateIfChanged(object)
                    : customResources.updateStatusIfChanged(object);
            return new Result(200, written.orElseGet(() -> inVersion(
                    customResources.get(kind.group(), kind.plural(), path.namespace(), path.name()).orElseThrow(), path)));
        });
        return answering.answer(result.code(), result.object(), warnings);
    }

    private record Result(int code, HasMetadata object) {
    }

    /**
     * The object of a POST or PUT (or PUT of the status) as it will be written, with the engine held: decoded as the
     * API server decodes a custom resource (pruned, defaulted; the dropped fields warned about or refused per
     * {@code fieldValidation}: {@code Widget in version "v1" cannot be handled as a Widget: strict decoding error:
     * unknown field "spec.foo"}), and with its managedFields recorded for the request's field manager.
     */
    GenericKubernetesResource decoded(GenericKubernetesResource object, ServedKind kind, RequestPath path, String validation,
                                      String manager, List<String> warnings) {
        ObjectNode tree = (ObjectNode) Json.MAPPER.valueToTree(object);
        List<String> unknown = store.customResources().decode(kind.group(), kind.plural(), version(path), tree);
        if (!unknown.isEmpty() && !validation.equals("Ignore")) {
            List<String> errors = unknown.stream().map(field -> "unknown field \"" + field + "\"").toList();
            if (validation.equals("Strict")) {
                // create.go and update.go: transformDecodeError of the strict decoding error
                throw ApiException.badRequest(kind.kind() + " in version \"" + version(path) + "\" cannot be handled as a "
                        + kind.kind() + ": strict decoding error: " + String.join(", ", errors));
            }
            warnings.addAll(errors);
        }
        String subresource = path.subresource() == null ? "" : path.subresource();
        GenericKubernetesResource stored = path.name() == null ? null
                : store.customResources().get(kind.group(), kind.plural(), path.namespace(), path.name()).orElse(null);
        JsonNode live = stored == null ? null : tree(stored, path);
        JsonNode managed = ManagedFields.update(live, tree, manager, subresource, applySchema(kind, path), loop.now());
        return Json.MAPPER.treeToValue(managed, GenericKubernetesResource.class);
    }

    /** A patch of the Scale: applied to the Scale as GET answers it, then written as a PUT of the Scale is. */
    private MockResponse patchScale(ServedKind kind, RequestPath path, PatchType type, byte[] body, boolean dryRun) {
        Scale written = write("PATCH " + kind.plural() + "/scale", dryRun, () -> {
            CustomResources customResources = store.customResources();
            JsonNode current = Json.MAPPER.valueToTree(customResources.scale(kind.group(), kind.plural(), path.namespace(),
                    path.name()));
            JsonNode patched = Patches.apply(type, current, body, PatchSchema.customResource());
            PatchRequests.checkName(patched, path);
            Scales.Request scale = Scales.read(patched, path);
            return customResources.updateScale(kind.group(), kind.plural(), path.namespace(), path.name(), scale.replicas(),
                    scale.resourceVersion());
        });
        return Statuses.json(200, written);
    }

    private ApplySchema applySchema(ServedKind kind, RequestPath path) {
        return ApplySchema.forCustomResource(store.customResources().openApiSchema(kind.group(), kind.plural(), version(path)));
    }

    /**
     * The patched document must be a JSON object to decode into an unstructured object; anything else is the 422 on
     * field {@code patch} that upstream answers for a document that does not decode.
     */
    private static ObjectNode decodable(JsonNode patched) {
        if (patched instanceof ObjectNode object) {
            return object;
        }
        throw PatchException.invalidPatch(PatchRequests.goJson(patched), "json: cannot unmarshal "
                + (patched.isArray() ? "array" : patched.isString() ? "string" : patched.isNumber() ? "number"
                : patched.isBoolean() ? "bool" : "null") + " into Go value of type map[string]interface {}");
    }

    /** customResourceValidator.ValidateTypeMeta: a patch may not change the kind or the apiVersion. */
    private static void checkTypeMeta(ServedKind kind, RequestPath path, ObjectNode object) {
        List<FieldError> errors = new ArrayList<>();
        String kindName = object.path("kind").isString() ? object.get("kind").asString() : "";
        String apiVersion = object.path("apiVersion").isString() ? object.get("apiVersion").asString() : "";
        if (!kindName.equals(kind.kind())) {
            errors.add(FieldError.invalid("kind", kindName, "must be " + kind.kind()));
        }
        if (!apiVersion.equals(path.groupVersion())) {
            errors.add(FieldError.invalid("apiVersion", apiVersion, "must be " + path.groupVersion()));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(kind.groupKind(), path.name(), errors);
        }
    }

    private static ObjectNode tree(GenericKubernetesResource stored, RequestPath path) {
        ObjectNode tree = (ObjectNode) Json.MAPPER.valueToTree(stored);
        tree.put("apiVersion", path.groupVersion());
        return tree;
    }

    private static GenericKubernetesResource inVersion(GenericKubernetesResource object, RequestPath path) {
        object.setApiVersion(path.groupVersion());
        return object;
    }

    private static String version(RequestPath path) {
        return path.groupVersion().substring(path.groupVersion().indexOf('/') + 1);
    }

    private <T> T write(String what, boolean dryRun, Callable<T> task) {
        return loop.exclusive(what, () -> dryRun ? store.dryRun(() -> call(task)) : task.call());
    }

    private static <T> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new PeapodException(e.getMessage(), e);
        }
    }
}
