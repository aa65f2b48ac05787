package dev.peapod.store;

import dev.peapod.PeapodException;
import org.apiguardian.api.API;

import java.util.List;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The API server said no. Code, reason and message are those of the Kubernetes {@code Status} the
 * real server answers with (k8s.io/apimachinery/pkg/api/errors/errors.go), so the same text shows
 * in a test failure, a manifest error and, later, an HTTP response.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ApiException extends PeapodException {
    private final int code;
    private final String reason;
    private final List<FieldError> causes;

    public ApiException(int code, String reason, String message, List<FieldError> causes) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.causes = List.copyOf(causes);
    }

    /** HTTP status code: 404, 409, 422, ... */
    public int code() {
        return code;
    }

    /** The StatusReason: NotFound, AlreadyExists, Conflict, Invalid, Gone, BadRequest, Forbidden. */
    public String reason() {
        return reason;
    }

    /** Field errors of an Invalid answer; empty otherwise. */
    public List<FieldError> causes() {
        return causes;
    }

    /** {@code pods "web" not found}. */
    public static ApiException notFound(String resource, String name) {
        return new ApiException(404, "NotFound", resource + " \"" + name + "\" not found", List.of());
    }

    /** {@code pods "web" already exists}. */
    public static ApiException alreadyExists(String resource, String name) {
        return new ApiException(409, "AlreadyExists", resource + " \"" + name + "\" already exists", List.of());
    }

    /** The optimistic-concurrency conflict of a stale resourceVersion. */
    public static ApiException conflict(String resource, String name) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + resource + " \"" + name
                + "\": the object has been modified; please apply your changes to the latest version and try again",
                List.of());
    }

    /** {@code Pod "web" is invalid: spec.containers[0].image: Required value}; several errors in brackets. */
    public static ApiException invalid(String kind, String name, List<FieldError> errors) {
        String aggregate = errors.size() == 1 ? errors.get(0).toString()
                : errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
        return new ApiException(422, "Invalid", kind + " \"" + name + "\" is invalid: " + aggregate, errors);
    }

    /** A watch from a resourceVersion older than the history the store keeps. */
    public static ApiException gone(long requested, long oldest) {
        return new ApiException(410, "Gone", "too old resource version: " + requested + " (" + oldest + ")", List.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, List.of());
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message, List.of());
    }
}
