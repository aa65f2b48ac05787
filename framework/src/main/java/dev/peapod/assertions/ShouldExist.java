package dev.peapod.assertions;

import java.util.List;

/** The pod is not in the cluster (never created, deleted, or a typo: the message lists its neighbours). */
final class ShouldExist extends PodFailure {

    private ShouldExist(Subject subject, String others, String timeline) {
        super("Expecting %s to exist, but it does not (%s).", timeline, unquoted(subject), unquoted(others));
    }

    static ShouldExist shouldExist(Subject subject, List<String> podsInNamespace, String timeline) {
        String others = podsInNamespace.isEmpty() ? "there are no pods in namespace " + subject.namespace()
                : "pods in namespace " + subject.namespace() + ": " + String.join(", ", podsInNamespace);
        return new ShouldExist(Subject.pod(subject.namespace(), subject.pod()), others, timeline);
    }
}
