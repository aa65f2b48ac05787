package dev.peapod.manifest;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Manifests that could not be read, or objects the API server rejected. The message names, for each
 * problem, the file as the user named it, the document, the object and the line, then says what was
 * applied:
 * <pre>
 * deploy/web.yaml, document 2 (Pod web), line 14:
 *   spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1
 * applied: pod/a, deployment/b
 * </pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ManifestException extends PeapodException {
    private final List<Problem> problems;
    private final List<HasMetadata> applied;

    ManifestException(List<Problem> problems, List<HasMetadata> applied) {
        super(Report.format(problems, applied));
        this.problems = List.copyOf(problems);
        this.applied = List.copyOf(applied);
    }

    /** Every problem, in file and document order, and by line within a document. */
    public List<Problem> problems() {
        return problems;
    }

    /** The objects that were created before and after the rejected ones, as the store returned them. */
    public List<HasMetadata> applied() {
        return applied;
    }

    /**
     * One problem at one place. {@code document} is 0 for a problem with a whole file (not found,
     * unreadable); {@code item} is the 1-based item of a {@code List}, 0 otherwise; {@code object} is
     * "Kind name" when known, else null; {@code line} and {@code column} are 1-based, 0 when unknown.
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Problem(String source, int document, int item, String object, int line, int column, String message) {

        /** {@code deploy/web.yaml, document 2 (Pod web), line 14}. */
        public String where() {
            return Where.describe(source, document, item, object, line, column);
        }

        @Override
        public String toString() {
            return document == 0 ? message : where() + ": " + message;
        }
    }
}
