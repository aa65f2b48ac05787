package dev.peapod.assertions;

/**
 * A ReplicaSet's status count is not the expected one, now or when a wait ran out; the message shows
 * {@code kubectl get rs}'s row and the ReplicaSet's timeline.
 */
final class ShouldHaveReplicaCount extends PodFailure {

    private ShouldHaveReplicaCount(String subject, String field, int expected, String actual, String within, String row,
                                   String timeline) {
        super("Expecting %s to have %s %s%s, but %s.%nkubectl get rs:%n%s", timeline,
                unquoted(subject), unquoted(expected), unquoted(field), unquoted(within), unquoted(actual), unquoted(row));
    }

    static ShouldHaveReplicaCount shouldHaveReplicaCount(String subject, String field, int expected, String actual,
                                                         String within, String row, String timeline) {
        return new ShouldHaveReplicaCount(subject, field, expected, actual, within, row, timeline);
    }
}
