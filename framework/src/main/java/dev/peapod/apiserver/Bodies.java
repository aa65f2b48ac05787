package dev.peapod.apiserver;

import dev.peapod.apiserver.patch.GoJson;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads a request body into the resource's model class, refusing what the API server's decoder
 * refuses, in its words (apiserver/pkg/endpoints/handlers/rest.go transformDecodeError,
 * negotiation/errors.go): a media type other than JSON or YAML is 415; a body that is not JSON (or
 * YAML) is 400 "the object provided is unrecognized"; another kind is 400 "... cannot be handled as
 * a ..."; another group version is 400 "the API version in the data ...".
 */
final class Bodies {
    /** Peapod reads JSON and YAML; the API server also reads protobuf, which Peapod does not. */
    static final List<String> ACCEPTED = List.of("application/json", "application/yaml");

    /**
     * Fabric8's mapper without scalar coercion: Go's decoder refuses a number where a string belongs
     * ({@code "name": 5}), where Jackson would bind "5".
     */
    static final tools.jackson.databind.ObjectMapper STRICT = Json.MAPPER.rebuild()
            .disable(tools.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(tools.jackson.databind.type.LogicalType.Textual, config -> config
                    .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Integer, tools.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Float, tools.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Boolean, tools.jackson.databind.cfg.CoercionAction.Fail))
            .withCoercionConfig(tools.jackson.databind.type.LogicalType.Integer, config -> config
                    .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.String, tools.jackson.databind.cfg.CoercionAction.Fail))
            .withCoercionConfig(tools.jackson.databind.type.LogicalType.Float, config -> config
                    .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.String, tools.jackson.databind.cfg.CoercionAction.Fail))
            .withCoercionConfig(tools.jackson.databind.type.LogicalType.Boolean, config -> config
                    .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.String, tools.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(tools.jackson.databind.cfg.CoercionInputShape.Integer, tools.jackson.databind.cfg.CoercionAction.Fail))
            .build();

    private Bodies() {
    }

    static <T extends HasMetadata> T read(RecordedRequest request, ApiResource resource) {
        // NegotiateInputSerializerForMediaType: no Content-Type means the server's first media type, JSON
        // (kubectl v1.20's create configmap, secret, namespace and serviceaccount send JSON without one)
        String header = request.getHeader("Content-Type");
        String type = header == null || header.isBlank() ? "application/json" : mediaType(header);
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        JsonNode tree = switch (type) {
            case "application/json" -> parseJson(body, resource);
            case "application/yaml" -> parseYaml(body, resource);
            default -> throw Statuses.unsupportedMediaType(ACCEPTED);
        };
        if (!(tree instanceof ObjectNode object)) {
            throw unrecognized(resource, "couldn't get version/kind; json parse error: json: cannot unmarshal "
                    + goJsonType(tree) + " into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; "
                    + "Kind string \"json:\\\"kind,omitempty\\\"\" }", body);
        }
        String kind = text(object, "kind");
        String apiVersion = text(object, "apiVersion");
        if (kind != null && !kind.equals(resource.kind())) {
            String version = apiVersion == null ? resource.version() : apiVersion.substring(apiVersion.indexOf('/') + 1);
            String pkg = version;
            throw ApiException.badRequest(kind + " in version \"" + version + "\" cannot be handled as a " + resource.kind()
                    + ": converting (" + pkg + "." + kind + ") to (" + resource.internalType() + "): unknown conversion");
        }
        if (apiVersion != null && !apiVersion.equals(resource.groupVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion + ") does not match the expected API version ("
                    + resource.groupVersion() + ")");
        }
        object.put("kind", resource.kind());
        object.put("apiVersion", resource.groupVersion());
        // encoding/json refuses a value of the wrong JSON type where Jackson would coerce it
        java.util.Optional<String> typeError = dev.peapod.manifest.Manifests.typeError(object, resource.type());
        if (typeError.isPresent()) {
            throw ApiException.badRequest(resource.kind() + " in version \"" + resource.version() + "\" cannot be handled as a "
                    + resource.kind() + ": " + typeError.get());
        }
        try {
            @SuppressWarnings("unchecked")
            T bound = (T) STRICT.treeToValue(object, resource.type());
            return ownerReferencesAsWritten(object, bound);
        } catch (tools.jackson.databind.exc.MismatchedInputException e) {
            throw ApiException.badRequest(resource.kind() + " in version \"" + resource.version() + "\" cannot be handled as a "
                    + resource.kind() + ": " + GoTypes.unmarshalError(e, object));
        } catch (JacksonException | IllegalArgumentException e) {
            String detail = e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
            throw ApiException.badRequest(resource.kind() + " in version \"" + resource.version() + "\" cannot be handled as a "
                    + resource.kind() + ": " + firstLine(detail));
        }
    }

    /**
     * Fabric8's OwnerReference fills in {@code apiVersion: v1} and {@code kind: OwnerReference} when the JSON
     * has none; Go's decoder leaves them empty, for validation to refuse. The bound object's references get
     * back what the body said.
     */
    static <T extends HasMetadata> T ownerReferencesAsWritten(JsonNode tree, T bound) {
        JsonNode written = tree.path("metadata").path("ownerReferences");
        if (!written.isArray() || bound.getMetadata() == null || bound.getMetadata().getOwnerReferences() == null) {
            return bound;
        }
        java.util.List<io.fabric8.kubernetes.api.model.OwnerReference> references = bound.getMetadata().getOwnerReferences();
        for (int i = 0; i < references.size() && i < written.size(); i++) {
            if (!written.get(i).hasNonNull("apiVersion")) {
                references.get(i).setApiVersion(null);
            }
            if (!written.get(i).hasNonNull("kind")) {
                references.get(i).setKind(null);
            }
        }
        return bound;
    }

    /** The media type without parameters, in lower case; none is application/octet-stream, as Go's net/http assumes. */
    static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            return "application/octet-stream";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static JsonNode parseJson(byte[] body, ApiResource resource) {
        String syntax = GoJson.syntaxError(body).orElse(null);
        if (syntax != null) {
            throw unrecognized(resource, "couldn't get version/kind; json parse error: " + syntax, body);
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw unrecognized(resource, "couldn't get version/kind; json parse error: " + firstLine(e.getOriginalMessage()), body);
        }
    }

    /** The API server turns YAML into JSON first (sigs.k8s.io/yaml); Peapod's words for YAML errors are SnakeYAML's. */
    private static JsonNode parseYaml(byte[] body, ApiResource resource) {
        try {
            JsonNode tree = Serialization.yamlMapper().readTree(body);
            return tree == null || tree.isMissingNode() ? Json.MAPPER.nullNode() : tree;
        } catch (JacksonException e) {
            throw unrecognized(resource, "error converting YAML to JSON: yaml: " + firstLine(e.getOriginalMessage()), body);
        }
    }

    /** transformDecodeError without a kind: the error, then the body's first 30 bytes (summarizeData). */
    private static ApiException unrecognized(ApiResource resource, String error, byte[] body) {
        return ApiException.badRequest("the object provided is unrecognized (must be of type " + resource.kind() + "): "
                + error + " (" + summary(body) + ")");
    }

    /** summarizeData(data, 30): a JSON object as text, anything else in hex; longer ones cut with " ...". */
    static String summary(byte[] body) {
        if (body.length == 0) {
            return "<empty>";
        }
        boolean cut = body.length > 30;
        byte[] head = cut ? java.util.Arrays.copyOf(body, 30) : body;
        String shown = body[0] == '{' ? new String(head, StandardCharsets.UTF_8) : HexFormat.of().formatHex(head);
        return cut ? shown + " ..." : shown;
    }

    private static String text(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || !value.isString() || value.asString().isEmpty() ? null : value.asString();
    }

    private static String goJsonType(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isString()) {
            return "string";
        }
        if (node.isNumber()) {
            return "number";
        }
        return node.isBoolean() ? "bool" : "object";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
