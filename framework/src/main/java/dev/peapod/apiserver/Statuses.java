package dev.peapod.apiserver;

import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import io.fabric8.mockwebserver.http.MockResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's error answers: a {@code Status} object (apimachinery pkg/api/errors/errors.go) in
 * the order its fields are written ({@code kind, apiVersion, metadata, status, message, reason, details,
 * code}), and the plain-text 404 of a path nothing is served at ({@code http.NotFound}, the last handler
 * of the delegation chain, apiserver/pkg/util/notfoundhandler).
 */
final class Statuses {
    /** go-restful's message for a route that exists without this method, kept as the Status's cause. */
    static final String METHOD_NOT_ALLOWED_CAUSE = "405: Method Not Allowed";

    private static final Pattern NAMED = Pattern.compile("^(?:object is being deleted: )?([a-z0-9.\\-/]+) \"(.*)\" (?:not found|already exists)$");
    private static final Pattern CONFLICT = Pattern.compile("^Operation cannot be fulfilled on ([a-z0-9.\\-/]+) \"(.*?)\": .*", Pattern.DOTALL);
    private static final Pattern INVALID = Pattern.compile("^([A-Za-z0-9]+)(?:\\.([a-z0-9.\\-]+))? \"(.*?)\" is invalid: .*", Pattern.DOTALL);
    private static final Pattern FORBIDDEN = Pattern.compile("^([a-z0-9.\\-/]+) \"(.*?)\" is forbidden: .*", Pattern.DOTALL);

    private Statuses() {
    }

    /** The Status of a refusal, with the details the API server's constructor for that reason fills in. */
    static Map<String, Object> of(ApiException refused) {
        return status(refused.code(), refused.reason(), refused.getMessage(), details(refused));
    }

    static Map<String, Object> status(int code, String reason, String message, Map<String, Object> details) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.put("metadata", Map.of());
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        if (details != null) {
            status.put("details", details);
        }
        status.put("code", code);
        return status;
    }

    static MockResponse response(ApiException refused) {
        Map<String, Object> status = of(refused);
        MockResponse response = json(refused.code(), status);
        // responsewriters.ErrorNegotiated: a Status that suggests a retry says so in a Retry-After header too
        if (status.get("details") instanceof Map<?, ?> details && details.get("retryAfterSeconds") instanceof Integer seconds && seconds > 0) {
            response.setHeader("Retry-After", String.valueOf(seconds));
        }
        return response;
    }

    static MockResponse json(int code, Object body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(Json.bytes(body));
    }

    /** What Go's http.NotFound writes. */
    static MockResponse pageNotFound() {
        return new MockResponse().setResponseCode(404).setHeader("Content-Type", "text/plain; charset=utf-8")
                .setHeader("X-Content-Type-Options", "nosniff").setBody("404 page not found\n");
    }

    /**
     * A method the resource's route does not take: go-restful's 405, turned into a Status by the
     * generic API server's serviceErrorHandler (NewGenericServerResponse keeps go-restful's text as
     * an UnexpectedServerResponse cause).
     */
    static MockResponse methodNotAllowed() {
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("reason", "UnexpectedServerResponse");
        cause.put("message", METHOD_NOT_ALLOWED_CAUSE);
        return json(405, status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                Map.of("causes", List.of(cause))));
    }

    /** negotiation.NewUnsupportedMediaTypeError. */
    static ApiException unsupportedMediaType(List<String> accepted) {
        return new ApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: " + String.join(", ", accepted), List.of());
    }

    /** negotiation.NewNotAcceptableError. */
    static ApiException notAcceptable(List<String> accepted) {
        return new ApiException(406, "NotAcceptable",
                "only the following media types are accepted: " + String.join(", ", accepted), List.of());
    }

    /**
     * The details errors.go's constructors give: name, group and kind (the resource) for NotFound,
     * AlreadyExists, Conflict and Forbidden; name, group, kind and causes for Invalid; none for
     * BadRequest, Expired and the negotiation errors. Read back from the message, which the store
     * words as those constructors do.
     */
    private static Map<String, Object> details(ApiException refused) {
        String message = refused.getMessage() == null ? "" : refused.getMessage();
        Matcher matcher;
        switch (refused.reason()) {
            case "NotFound", "AlreadyExists" -> matcher = NAMED.matcher(message);
            case "Conflict" -> matcher = CONFLICT.matcher(message);
            case "Forbidden" -> matcher = FORBIDDEN.matcher(message);
            case "Invalid" -> {
                Matcher invalid = INVALID.matcher(message);
                Map<String, Object> details = new LinkedHashMap<>();
                if (invalid.matches()) {
                    putIfNotEmpty(details, "name", invalid.group(3));
                    putIfNotEmpty(details, "group", invalid.group(2));
                    details.put("kind", invalid.group(1));
                }
                details.put("causes", causes(refused.causes()));
                return details;
            }
            case "Timeout" -> {
                if (!message.startsWith("Timeout: Too large resource version")) {
                    return null;
                }
                // storage.NewTooLargeResourceVersionError: a cause and a retry after 1 s
                Map<String, Object> cause = new LinkedHashMap<>();
                cause.put("reason", "ResourceVersionTooLarge");
                cause.put("message", "Too large resource version");
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("causes", List.of(cause));
                details.put("retryAfterSeconds", 1);
                return details;
            }
            default -> {
                return statusCauses(refused, null);
            }
        }
        if (!matcher.matches()) {
            return statusCauses(refused, null);
        }
        String resource = matcher.group(1);
        int dot = resource.indexOf('.');
        Map<String, Object> details = new LinkedHashMap<>();
        putIfNotEmpty(details, "name", matcher.group(2));
        if (dot > 0) {
            details.put("group", resource.substring(dot + 1));
        }
        details.put("kind", dot > 0 ? resource.substring(0, dot) : resource);
        return statusCauses(refused, details);
    }

    /** The details with the refusal's non-field causes appended, as the plugins that add them do (none: as they were). */
    private static Map<String, Object> statusCauses(ApiException refused, Map<String, Object> details) {
        if (refused.statusCauses().isEmpty() && refused.retryAfterSeconds() == 0) {
            return details;
        }
        Map<String, Object> withCauses = details == null ? new LinkedHashMap<>() : details;
        List<Map<String, Object>> causes = new ArrayList<>();
        for (ApiException.StatusCause cause : refused.statusCauses()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("reason", cause.type());
            putIfNotEmpty(entry, "message", cause.message());
            putIfNotEmpty(entry, "field", cause.field());
            causes.add(entry);
        }
        if (!causes.isEmpty()) {
            withCauses.put("causes", causes);
        }
        if (refused.retryAfterSeconds() > 0) {
            withCauses.put("retryAfterSeconds", refused.retryAfterSeconds());
        }
        return withCauses;
    }

    private static void putIfNotEmpty(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    /** metav1.StatusCause per field error: its type as a cause type, its body, its path. */
    private static List<Map<String, Object>> causes(List<FieldError> errors) {
        List<Map<String, Object>> causes = new ArrayList<>();
        for (FieldError error : errors) {
            Map<String, Object> cause = new LinkedHashMap<>();
            cause.put("reason", causeType(error.type()));
            cause.put("message", error.body());
            cause.put("field", error.field());
            causes.add(cause);
        }
        return causes;
    }

    /** field.ErrorType's string (apimachinery pkg/util/validation/field/errors.go). */
    static String causeType(FieldError.Type type) {
        return switch (type) {
            case NOT_FOUND -> "FieldValueNotFound";
            case REQUIRED -> "FieldValueRequired";
            case DUPLICATE -> "FieldValueDuplicate";
            case INVALID -> "FieldValueInvalid";
            case NOT_SUPPORTED -> "FieldValueNotSupported";
            case FORBIDDEN -> "FieldValueForbidden";
            case TOO_LONG -> "FieldValueTooLong";
            case TOO_MANY -> "FieldValueTooMany";
            case INTERNAL -> "InternalError";
            case TYPE_INVALID -> "FieldValueTypeInvalid";
        };
    }
}
