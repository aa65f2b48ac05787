package dev.peapod.apiserver;

import dev.peapod.apiserver.patch.GoJson;
import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import dev.peapod.store.Propagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * A delete's options, from its body (a DeleteOptions object, as kubectl and Fabric8 send it) or its
 * query ({@code gracePeriodSeconds}, {@code propagationPolicy}, {@code orphanDependents},
 * {@code dryRun}); the body wins, as the API server reads the body over the query.
 */
record DeleteOptions(Long gracePeriodSeconds, Propagation propagation, String uid, String resourceVersion, boolean dryRun) {

    static DeleteOptions read(RecordedRequest request, Query query) {
        Long grace = query.number("gracePeriodSeconds");
        String policy = query.get("propagationPolicy");
        String orphan = query.get("orphanDependents");
        String uid = null;
        String resourceVersion = null;
        boolean dryRun = query.dryRun("DeleteOptions");
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        if (body.length > 0) {
            JsonNode tree = parse(body);
            if (tree.hasNonNull("gracePeriodSeconds")) {
                JsonNode seconds = tree.get("gracePeriodSeconds");
                if (!seconds.isIntegralNumber() || !seconds.canConvertToLong()) {
                    throw ApiException.badRequest("DeleteOptions in version \"v1\" cannot be handled as a DeleteOptions: json: cannot "
                            + "unmarshal " + (seconds.isNumber() ? "number " + seconds.asString() : seconds.isString() ? "string"
                            : seconds.isObject() ? "object" : seconds.isArray() ? "array" : "bool")
                            + " into Go struct field DeleteOptions.gracePeriodSeconds of type int64");
                }
                grace = seconds.asLong();
            }
            if (tree.hasNonNull("propagationPolicy")) {
                policy = tree.get("propagationPolicy").asString();
            }
            if (tree.hasNonNull("orphanDependents")) {
                orphan = tree.get("orphanDependents").asString();
            }
            JsonNode preconditions = tree.get("preconditions");
            if (preconditions != null && preconditions.isObject()) {
                uid = preconditions.hasNonNull("uid") ? preconditions.get("uid").asString() : null;
                resourceVersion = preconditions.hasNonNull("resourceVersion") ? preconditions.get("resourceVersion").asString() : null;
            }
            JsonNode dry = tree.get("dryRun");
            if (dry != null && dry.isArray() && !dry.isEmpty()) {
                if (dry.size() != 1 || !"All".equals(dry.get(0).asString())) {
                    throw ApiException.invalid("DeleteOptions.meta.k8s.io", "", List.of(FieldError.notSupported("dryRun",
                            new Query.GoStrings(dry.get(0).asString()), List.of("All"))));
                }
                dryRun = true;
            }
        }
        Propagation propagation = null;
        if (policy != null && orphan != null) {
            // ValidateDeleteOptions
            throw ApiException.invalid("DeleteOptions.meta.k8s.io", "", List.of(FieldError.invalid("propagationPolicy", policy,
                    "orphanDependents and deletionPropagation cannot be both set")));
        }
        if (policy != null) {
            propagation = ResourceDispatcher.propagation(policy);
        } else if (orphan != null) {
            propagation = orphan.equals("true") ? Propagation.ORPHAN : Propagation.BACKGROUND;
        }
        return new DeleteOptions(grace, propagation, uid, resourceVersion, dryRun);
    }

    private static JsonNode parse(byte[] body) {
        String syntax = GoJson.syntaxError(body).orElse(null);
        if (syntax != null) {
            throw ApiException.badRequest("the object provided is unrecognized (must be of type DeleteOptions): "
                    + "couldn't get version/kind; json parse error: " + syntax + " (" + Bodies.summary(body) + ")");
        }
        try {
            JsonNode tree = Json.MAPPER.readTree(body);
            if (!tree.isObject()) {
                throw ApiException.badRequest("the object provided is unrecognized (must be of type DeleteOptions): "
                        + "a DeleteOptions body is a JSON object (" + Bodies.summary(body) + ")");
            }
            return tree;
        } catch (JacksonException e) {
            throw ApiException.badRequest("the object provided is unrecognized (must be of type DeleteOptions): "
                    + e.getOriginalMessage() + " (" + Bodies.summary(body) + ")");
        }
    }

    /**
     * storage.Preconditions.Check, whose failures the store turns into a Conflict
     * (apiserver/pkg/storage/interfaces.go): {@code Precondition failed: UID in precondition: a, UID in object meta: b}.
     */
    void checkPreconditions(String resource, HasMetadata object) {
        String name = object.getMetadata().getName();
        if (uid != null && !uid.equals(object.getMetadata().getUid())) {
            throw ApiException.conflict(resource, name, "Precondition failed: UID in precondition: " + uid
                    + ", UID in object meta: " + object.getMetadata().getUid());
        }
        if (resourceVersion != null && !resourceVersion.equals(object.getMetadata().getResourceVersion())) {
            throw ApiException.conflict(resource, name, "Precondition failed: ResourceVersion in precondition: " + resourceVersion
                    + ", ResourceVersion in object meta: " + object.getMetadata().getResourceVersion());
        }
    }
}
