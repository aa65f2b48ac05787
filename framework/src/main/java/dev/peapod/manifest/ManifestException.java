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
 * nothing was applied
 * </pre>
 * A file, folder or {@code List} is applied whole or not at all (see {@link Manifests#applyAll}), so a
 * refusal ends with "nothing was applied". Only when a document is refused after a dry run of them all
 * had passed (something reacted to an earlier document) does the message list the documents that were
 * applied and those that were not.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ManifestException extends PeapodException {
    private final List<Problem> problems;
    private final List<HasMetadata> applied;

    ManifestException(List<Problem> problems, List<HasMetadata> applied) {
        this(Report.format(problems, applied), problems, applied);
    }

    private ManifestException(String message, List<Problem> problems, List<HasMetadata> applied) {
        super(message);
        this.problems = List.copyOf(problems);
        this.applied = List.copyOf(applied);
    }

    /**
     * A document refused when applied for real although the dry run of all of them had passed:
     * the message names the documents that were applied and those that were not.
     */
    static ManifestException stopped(List<Problem> problems, List<ManifestDocument> appliedDocuments,
                                     List<HasMetadata> applied, List<ManifestDocument> notApplied) {
        return new ManifestException(Report.stopped(problems, appliedDocuments, notApplied), problems, applied);
    }

    /** Every problem, in file and document order, and by line within a document. */
    public List<Problem> problems() {
        return problems;
    }

    /** The objects that were applied, as the store returned them: none, unless a refusal came after a clean dry run. */
    public List<HasMetadata> applied() {
        return applied;
    }

    /**
     * One problem at one place. {@code document} is 0 for a problem with a whole file (not found,
     * unreadable; a file that is not UTF-8 names the document of its first bad byte); {@code item} is the 1-based item of a {@code List}, 0 otherwise; {@code object} is
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
