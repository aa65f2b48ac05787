package dev.peapod.assertions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The pod is not the one first seen: it is gone, or it has another uid (a new Pod object), node or
 * IP. Name, uid and node never change across container restarts (reference rule 12); the IP changes
 * only when the sandbox is recreated (errata B-14).
 */
final class ShouldStillBeOnTheSameNode extends PodFailure {

    private ShouldStillBeOnTheSameNode(Subject subject, String first, String seenAt, String actual, String timeline) {
        super("Expecting %s to still be %s, as when first seen at %s, but %s.", timeline,
                unquoted(subject), unquoted(first), unquoted(seenAt), unquoted(actual));
    }

    static ShouldStillBeOnTheSameNode shouldStillBeOnTheSameNode(Subject subject, FirstSeen first, String seenAt,
                                                               String uid, String node, String podIp, String timeline) {
        String was = "on node " + quoted(first.node()) + " with uid " + first.uid() + " and IP " + orNone(first.podIp());
        return new ShouldStillBeOnTheSameNode(subject, was, seenAt, differences(first, uid, node, podIp), timeline);
    }

    static ShouldStillBeOnTheSameNode shouldStillExist(Subject subject, FirstSeen first, String seenAt, String timeline) {
        String was = "on node " + quoted(first.node()) + " with uid " + first.uid() + " and IP " + orNone(first.podIp());
        return new ShouldStillBeOnTheSameNode(subject, was, seenAt, "it no longer exists", timeline);
    }

    private static String differences(FirstSeen first, String uid, String node, String podIp) {
        List<String> changes = new ArrayList<>();
        if (!Objects.equals(first.uid(), uid)) {
            changes.add("its uid is now " + uid + " (it is a new pod)");
        }
        if (first.node() != null && !first.node().equals(node)) {
            changes.add("its node is now " + quoted(node));
        }
        if (first.podIp() != null && !first.podIp().equals(podIp)) {
            changes.add("its IP is now " + orNone(podIp));
        }
        if (changes.size() < 2) {
            return String.join("", changes);
        }
        return String.join(", ", changes.subList(0, changes.size() - 1)) + " and " + changes.get(changes.size() - 1);
    }

    private static String quoted(String node) {
        return node == null ? "<none>" : "\"" + node + "\"";
    }

    private static String orNone(String value) {
        return value == null ? "<none>" : value;
    }
}
