package dev.peapod.assertions;

/** {@code kubectl get pods} shows other READY, STATUS or RESTARTS cells; the message prints what it shows. */
final class ShouldShowInKubectl extends PodFailure {

    private ShouldShowInKubectl(Subject subject, String expected, String table, String timeline) {
        super("Expecting kubectl get pods to show %s with %s, but it shows:\n%s", timeline, unquoted(subject),
                unquoted(expected), unquoted(table));
    }

    /** @param table the kubectl table, header and row, each line ending in a newline */
    static ShouldShowInKubectl shouldShowInKubectl(Subject subject, String ready, String status, String restarts,
                                                   String table, String timeline) {
        String expected = "READY " + ready + ", STATUS " + status + " and RESTARTS " + restarts;
        String indented = ("  " + table.stripTrailing()).replace("\n", "\n  ");
        return new ShouldShowInKubectl(Subject.pod(subject.namespace(), subject.pod()), expected, indented, timeline);
    }
}
