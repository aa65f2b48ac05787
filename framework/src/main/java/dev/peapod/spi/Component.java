package dev.peapod.spi;

import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A part of the cluster that runs on its event loop: the scheduler, each node's kubelet, and a
 * team's own controller or operator. A component meets the others only in the store, as Kubernetes
 * components do: it watches objects, writes objects, and schedules its work on the virtual clock.
 *
 * <p>Register one with {@code ClusterSpec.component(...)}. When the cluster starts, it starts the
 * scheduler, then the kubelets in node order, then the registered components in the order they
 * were registered, each once and on the loop's thread.
 *
 * <pre>{@code
 * final class LabelController implements Component {
 *     public String name() { return "label-controller"; }
 *
 *     public void start(ClusterContext context) {
 *         WorkQueue<String> queue = new WorkQueue<>(context.loop(), name(), key -> reconcile(context, key));
 *         context.store().watch(Pod.class, ListOptions.all(), null, e -> queue.add(key(e.object())));
 *     }
 * }
 * FakeCluster cluster = ClusterSpec.empty().node("worker0").component(new LabelController()).start();
 * }</pre>
 *
 * <p>Components on the class path are not started on their own: {@link #installed()} finds them
 * with {@link ServiceLoader} (a {@code META-INF/services/dev.peapod.spi.Component} file), and a spec
 * adds them with {@code ClusterSpec.components(Component.installed())}. Starting them in every
 * cluster would change every timeline in the JVM, tests that never asked for them included.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Component {
    /** A name unique in its cluster, e.g. {@code default-scheduler}, {@code kubelet worker0}. */
    String name();

    /**
     * Starts the component: typically it opens its watches and schedules its first work. Called
     * once per cluster, on the loop's thread; work due now runs after it returns.
     */
    void start(ClusterContext context);

    /** Every component on the class path, in the order the service loader finds them. */
    static List<Component> installed() {
        List<Component> found = new ArrayList<>();
        ServiceLoader.load(Component.class).forEach(found::add);
        return found;
    }
}
