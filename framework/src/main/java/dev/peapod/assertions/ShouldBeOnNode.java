package dev.peapod.assertions;

/** The pod is bound to another node, or to none ({@code spec.nodeName}), whatever its phase. */
final class ShouldBeOnNode extends PodFailure {

    private ShouldBeOnNode(Subject subject, String node, String actual, Evidence timeline) {
        super("Expecting %s to be on node %s, but %s.", timeline, unquoted(subject), node, unquoted(actual));
    }

    static ShouldBeOnNode shouldBeOnNode(Subject subject, String node, String actualNode, String actualPhase,
                                         Evidence timeline) {
        String actual = actualNode == null ? "it is not bound to any node (" + actualPhase + ")"
                : "it is on node \"" + actualNode + "\" (" + actualPhase + ")";
        return new ShouldBeOnNode(subject, node, actual, timeline);
    }

    static ShouldBeOnNode shouldBeOnNode(Subject subject, String node, String actualNode, String actualPhase,
                                         String timeline) {
        return shouldBeOnNode(subject, node, actualNode, actualPhase, Evidence.of(timeline));
    }
}
