package dev.peapod.kubelet;

import dev.peapod.NodeSpec;
import dev.peapod.spi.ClusterContext;
import org.apiguardian.api.API;

import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/** The agent of one node: registers the node and runs the pods bound to it. */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Kubelet {
    private final ClusterContext context;
    private final NodeSpec spec;
    private final int index;

    public Kubelet(ClusterContext context, NodeSpec spec, int index) {
        this.context = Objects.requireNonNull(context, "context");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.index = index;
    }

    public String nodeName() {
        return spec.name();
    }

    /** Registers the Node object, as a kubelet does on start. */
    public void start() {
        context.store().create(NodeObjects.node(spec, index, context.clock().now()));
    }
}
