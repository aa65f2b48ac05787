package dev.peapod.kubelet;

import dev.peapod.spi.ClusterContext;
import dev.peapod.store.WatchEvent;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.function.Consumer;

/**
 * Where a kubelet's pods come from (kubernetes: pkg/kubelet/config, PodConfig's sources): the API
 * server's pods bound to the node ({@link ApiPodSource}) now, a static-pod folder later. Each
 * source tells the kubelet of its pods' additions, changes and removals, in order, on the loop.
 */
interface PodSource {
    /** The source's name as upstream's kubetypes spells it: {@code api}, {@code file}, {@code http}. */
    String name();

    /** Starts delivering the node's pods; called once, when the kubelet starts, after the node is registered. */
    void start(ClusterContext context, String nodeName, Consumer<WatchEvent<Pod>> updates);
}
