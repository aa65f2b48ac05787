package dev.peapod.assertions;

import java.util.List;

/** {@code container(name)} named a container the pod does not have. */
final class ShouldHaveContainer extends PodFailure {

    private ShouldHaveContainer(Subject subject, String container, List<String> containers, String timeline) {
        super("Expecting %s to have a container %s, but its containers are %s.", timeline,
                unquoted(subject), container, containers);
    }

    static ShouldHaveContainer shouldHaveContainer(Subject subject, List<String> containers, String timeline) {
        return new ShouldHaveContainer(Subject.pod(subject.namespace(), subject.pod()), subject.container(), containers,
                timeline);
    }
}
