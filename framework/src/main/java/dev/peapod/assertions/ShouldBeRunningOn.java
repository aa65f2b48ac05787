package dev.peapod.assertions;

/** The pod is bound to another node, to none, or is on the node but not in phase Running. */
final class ShouldBeRunningOn extends PodFailure {

    private ShouldBeRunningOn(Subject subject, String node, String actual, Evidence timeline) {
        super("Expecting %s to be running on node %s, but %s.", timeline, unquoted(subject), node, unquoted(actual));
    }

    static ShouldBeRunningOn shouldBeRunningOn(Subject subject, String node, String actualNode, String actualPhase,
                                               Evidence timeline) {
        String actual = actualNode == null ? "it is not bound to any node (" + actualPhase + ")"
                : node.equals(actualNode) ? "it is not running there (" + actualPhase + ")"
                : "it is on node \"" + actualNode + "\" (" + actualPhase + ")";
        return new ShouldBeRunningOn(subject, node, actual, timeline);
    }

    static ShouldBeRunningOn shouldBeRunningOn(Subject subject, String node, String actualNode, String actualPhase,
                                               String timeline) {
        return shouldBeRunningOn(subject, node, actualNode, actualPhase, Evidence.of(timeline));
    }
}
