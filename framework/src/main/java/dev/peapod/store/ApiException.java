package dev.peapod.store;

import dev.peapod.core.PeapodException;
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
    private final List<StatusCause> statusCauses;
    private final int retryAfterSeconds;

    /**
     * A {@code metav1.StatusCause} that is not a field error: the Status's {@code details.causes} entry
     * {@code {reason, message, field}} (field empty when none), as the namespace lifecycle plugin's
     * {@code NamespaceTerminating} and the eviction's {@code DisruptionBudget} causes.
     */
    public record StatusCause(String type, String message, String field) {
        public StatusCause {
            java.util.Objects.requireNonNull(type, "type");
            message = message == null ? "" : message;
            field = field == null ? "" : field;
        }
    }

    public ApiException(int code, String reason, String message, List<FieldError> causes) {
        this(code, reason, message, causes, List.of());
    }

    public ApiException(int code, String reason, String message, List<FieldError> causes, List<StatusCause> statusCauses) {
        this(code, reason, message, causes, statusCauses, 0);
    }

    private ApiException(int code, String reason, String message, List<FieldError> causes, List<StatusCause> statusCauses,
                         int retryAfterSeconds) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.causes = List.copyOf(causes);
        this.statusCauses = List.copyOf(statusCauses);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The same refusal, suggesting a retry after {@code seconds}: the Status's {@code details.retryAfterSeconds} and a Retry-After header. */
    public ApiException withRetryAfter(int seconds) {
        return new ApiException(code, reason, getMessage(), causes, statusCauses, seconds);
    }

    /** The suggested wait before a retry, in seconds; 0 for none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** HTTP status code: 404, 409, 422, ... */
    public int code() {
        return code;
    }

    /** The StatusReason: NotFound, AlreadyExists, Conflict, Invalid, Expired, BadRequest, Forbidden. */
    public String reason() {
        return reason;
    }

    /** Field errors of an Invalid answer; empty otherwise. */
    public List<FieldError> causes() {
        return causes;
    }

    /** The Status's causes that are not field errors ({@link #causes}); empty for most refusals. */
    public List<StatusCause> statusCauses() {
        return statusCauses;
    }

    /** Whether the Status carries a cause of this type (apierrors.HasStatusCause). */
    public boolean hasStatusCause(String type) {
        return statusCauses.stream().anyMatch(c -> c.type().equals(type));
    }

    /** {@code pods "web" not found}. */
    public static ApiException notFound(String resource, String name) {
        return new ApiException(404, "NotFound", resource + " \"" + name + "\" not found", List.of());
    }

    /** {@code pods "web" already exists}. */
    public static ApiException alreadyExists(String resource, String name) {
        return new ApiException(409, "AlreadyExists", resource + " \"" + name + "\" already exists", List.of());
    }

    /** The optimistic-concurrency conflict of a stale resourceVersion (storage.OptimisticLockErrorMsg). */
    public static ApiException conflict(String resource, String name) {
        return conflict(resource, name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    /**
     * A conflict with a cause, as errors.NewConflict prints it:
     * {@code Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node-1"}.
     */
    public static ApiException conflict(String resource, String name, String cause) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + resource + " \"" + name + "\": "
                + cause, List.of());
    }

    /** {@code Pod "web" is invalid: spec.containers[0].image: Required value}; several errors in brackets. */
    public static ApiException invalid(String kind, String name, List<FieldError> errors) {
        String aggregate = errors.size() == 1 ? errors.get(0).toString()
                : errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
        return new ApiException(422, "Invalid", kind + " \"" + FieldError.shorten(name) + "\" is invalid: " + aggregate, errors);
    }

    /**
     * A watch from a resourceVersion older than the history the store keeps: 410 with reason Expired,
     * as the watch cache answers (apiserver/pkg/storage/cacher/watch_cache.go, errors.NewResourceExpired;
     * the reason Gone of errors.NewGone is deprecated). Clients react to the 410 by listing again.
     */
    public static ApiException gone(long requested, long oldest) {
        return new ApiException(410, "Expired", "too old resource version: " + requested + " (" + oldest + ")", List.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, List.of());
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message, List.of());
    }

    /**
     * errors.NewForbidden: {@code namespaces "default" is forbidden: this namespace may not be deleted}; a
     * name-less one reads {@code pods is forbidden: ...}.
     */
    public static ApiException forbidden(String resource, String name, String cause, List<StatusCause> statusCauses) {
        String subject = name == null || name.isEmpty() ? resource : resource + " \"" + name + "\"";
        return new ApiException(403, "Forbidden", subject + " is forbidden: " + cause, List.of(), statusCauses);
    }
}
