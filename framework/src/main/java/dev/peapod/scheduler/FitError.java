package dev.peapod.scheduler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why no node fits a pod, and the FailedScheduling message it makes
 * (kubernetes: pkg/scheduler/framework/types.go, FitError.Error).
 *
 * @param statuses     the status of each node that was filtered and failed
 * @param absentStatus the status of every node not in {@code statuses} (NodeToStatus.AbsentNodesStatus)
 * @param preFilterMsg a PreFilter rejection, which replaces the histogram
 * @param postFilterMsg what DefaultPreemption said, appended after a space with no period of its own
 */
record FitError(int numAllNodes, Map<String, Status> statuses, Status absentStatus, String preFilterMsg,
                String postFilterMsg) {

    FitError {
        statuses = Collections.unmodifiableMap(new LinkedHashMap<>(statuses));
    }

    FitError withPostFilterMsg(String message) {
        return new FitError(numAllNodes, statuses, absentStatus, preFilterMsg, message);
    }

    /** NodeToStatus.Get: a node's status, the absent nodes' status for a node not in the map. */
    Status statusOf(String node) {
        return statuses.getOrDefault(node, absentStatus);
    }

    /** {@code 0/N nodes are available: <histogram sorted as strings>.} then the PostFilter message. */
    String message() {
        StringBuilder message = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        if (!preFilterMsg.isEmpty()) {
            message.append(' ').append(preFilterMsg).append('.');
        } else {
            List<String> histogram = histogram();
            if (!histogram.isEmpty()) {
                message.append(' ').append(String.join(", ", histogram)).append('.');
            }
        }
        if (!postFilterMsg.isEmpty()) {
            message.append(' ').append(postFilterMsg);
        }
        return message.toString();
    }

    /**
     * "<count> <reason>" for every reason, the absent nodes counting under the absent status's
     * reasons, sorted with sort.Strings: byte order, so "10 ..." comes before "2 ...".
     */
    private List<String> histogram() {
        Map<String, Integer> counts = new TreeMap<>();
        statuses.values().forEach(status -> status.reasons().forEach(reason -> counts.merge(reason, 1, Integer::sum)));
        int absent = numAllNodes - statuses.size();
        if (absent > 0) {
            absentStatus.reasons().forEach(reason -> counts.merge(reason, absent, Integer::sum));
        }
        List<String> entries = new ArrayList<>();
        counts.forEach((reason, count) -> entries.add(count + " " + reason));
        entries.sort(FitError::compareBytes);
        return entries;
    }

    /** Go string order: by UTF-8 bytes, unsigned. */
    static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
