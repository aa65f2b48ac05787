package dev.peapod.apiserver.patch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * JSON merge patch (RFC 7386): objects merge recursively, {@code null} deletes, anything else replaces.
 * Errors as upstream's patch.go answers them (jsonPatcher.applyJSPatch, MergePatchType; evanphx/json-patch v4
 * MergePatch), with fieldValidation Warn, the server's default: the body decodes into a
 * {@code map[string]interface {}} or the request is a 400 "error decoding patch: ..."; a body of {@code null}
 * is the 400 "Invalid JSON Patch".
 */
final class MergePatch {
    private MergePatch() {
    }

    static JsonNode apply(JsonNode original, byte[] body) {
        JsonNode patch = GoJson.parse(body, "error decoding patch: ");
        if (patch.isNull()) {
            throw PatchException.badRequest("Invalid JSON Patch");
        }
        if (!patch.isObject()) {
            throw PatchException.badRequest("error decoding patch: "
                    + GoJson.cannotUnmarshal(patch, "map[string]interface {}"));
        }
        return merge(original, patch);
    }

    /** RFC 7386 section 2, MergePatch(Target, Patch); neither argument is changed. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                result.remove(name);
            } else {
                result.set(name, merge(result.get(name), value));
            }
        }
        return result;
    }
}
