package dev.peapod.apiserver.patch;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * A patch the API server refuses: the HTTP code, the {@code Status} reason and message upstream answers with, and
 * the causes of its {@code details}. The server turns it into a {@code Status} body; nothing has been written.
 */
@API(status = INTERNAL, since = "0.1")
public final class PatchException extends PeapodException {
    private final int code;
    private final String reason;
    private final List<Cause> causes;

    /** One {@code details.causes} entry: its {@code reason} (a CauseType), {@code message} and {@code field}. */
    public record Cause(String reason, String message, String field) {
    }

    PatchException(int code, String reason, String message, List<Cause> causes) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.causes = List.copyOf(causes);
    }

    /**
     * A refusal of another part of the API server (server-side apply: 409 Conflict with FieldManagerConflict
     * causes, 400, 422), with the words upstream answers.
     */
    public static PatchException of(int code, String reason, String message, List<Cause> causes) {
        return new PatchException(code, reason, message, causes);
    }

    /** HTTP status code: 400, 409, 413, 415 or 422. */
    public int code() {
        return code;
    }

    /** The StatusReason: BadRequest, Conflict, Invalid, RequestEntityTooLarge, UnsupportedMediaType. */
    public String reason() {
        return reason;
    }

    /** The causes of {@code details}; empty when upstream sends no details. */
    public List<Cause> causes() {
        return causes;
    }

    /** errors.NewBadRequest: 400, reason BadRequest, no details. */
    static PatchException badRequest(String message) {
        return new PatchException(400, "BadRequest", message, List.of());
    }

    /**
     * errors.NewGenericServerResponse(422, "", GroupResource{}, "", message, 0, false), as patch.go answers a JSON
     * patch that does not apply: reason Invalid, the message, and one cause of type UnexpectedServerResponse.
     */
    static PatchException unprocessable(String message) {
        return new PatchException(422, "Invalid", message, List.of(new Cause("UnexpectedServerResponse", message, "")));
    }

    /**
     * errors.NewInvalid(GroupKind{}, "", [field.Invalid("patch", value, detail)]), as patch.go answers a patched
     * document that does not decode into an object: {@code  "" is invalid: patch: Invalid value: "...": detail}.
     */
    public static PatchException invalidPatch(String value, String detail) {
        String error = "patch: Invalid value: " + GoJson.quote(value) + ": " + detail;
        return new PatchException(422, "Invalid", " \"\" is invalid: " + error,
                List.of(new Cause("FieldValueInvalid", "Invalid value: " + GoJson.quote(value) + ": " + detail, "patch")));
    }

    /** errors.NewRequestEntityTooLargeError: 413, reason RequestEntityTooLarge. */
    static PatchException tooLarge(String message) {
        return new PatchException(413, "RequestEntityTooLarge", "Request entity too large: " + message, List.of());
    }

    /** negotiation.NewUnsupportedMediaTypeError: 415 naming the media types the resource accepts. */
    static PatchException unsupportedMediaType(List<String> accepted) {
        return new PatchException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + String.join(", ", accepted), List.of());
    }

    /** What Peapod does not do yet, said as a 415 so that no client mistakes it for a success. */
    static PatchException notSupported(String message) {
        return new PatchException(415, "UnsupportedMediaType", message, List.of());
    }
}
