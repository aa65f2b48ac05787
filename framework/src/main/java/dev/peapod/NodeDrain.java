package dev.peapod;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What {@link NodeEditor#drain()} did, as {@code kubectl drain --ignore-daemonsets
 * --delete-emptydir-data --force} reports it.
 *
 * @param node the node drained
 * @param alreadyCordoned true when the node was cordoned before ({@code node/<name> already cordoned})
 * @param deleted the pods deleted, {@code namespace/name}, in the order they were deleted
 * @param skipped the pods left on the node (running DaemonSet pods, mirror pods), {@code namespace/name}
 * @param warning kubectl's warning line without its {@code Warning: } prefix, e.g.
 *     {@code ignoring DaemonSet-managed Pods: default/agent-x7k2p; deleting Pods that declare no controller: default/bare},
 *     or empty
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record NodeDrain(String node, boolean alreadyCordoned, List<String> deleted, List<String> skipped, String warning) {
}
