package dev.peapod.kubelet;

import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ListOptions;
import dev.peapod.store.WatchEvent;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.function.Consumer;

/**
 * The API server's pods bound to the node: a watch with {@code spec.nodeName=<node>}, as upstream's
 * NewSourceApiserver (pkg/kubelet/config/apiserver.go) lists and watches them.
 */
final class ApiPodSource implements PodSource {
    /** kubetypes.ApiserverSource. */
    static final String NAME = "api";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ClusterContext context, String nodeName, Consumer<WatchEvent<Pod>> updates) {
        context.store().watch(Pod.class, ListOptions.all().withFields("spec.nodeName=" + nodeName), null, updates);
    }
}
