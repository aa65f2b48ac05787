package dev.peapod;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.printers.DaemonSetPrinter;
import dev.peapod.printers.DaemonSetRow;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.LabelSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.time.EngineLock;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import org.apiguardian.api.API;

import java.util.List;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A live view of one DaemonSet, from {@link FakeCluster#daemonSet(String)}; every call reads the
 * store again:
 * <pre>{@code
 * DaemonSetView agent = cluster.daemonSet("agent");
 * agent.setImage("agent", "fluentd:1.17");
 * cluster.advance(Duration.ofMinutes(1));
 * assertThat(agent.rolloutStatus()).isEqualTo("daemon set \"agent\" successfully rolled out");
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class DaemonSetView {
    private final ClusterContext context;
    private final String namespace;
    private final String name;
    /** The cluster's check that it is open (and, for verbs, on its thread), with the verb's name. */
    private final EngineLock.Guard guard;
    private final Consumer<String> readGuard;

    DaemonSetView(ClusterContext context, String namespace, String name, EngineLock.Guard guard, Consumer<String> readGuard) {
        this.context = context;
        this.namespace = namespace;
        this.name = name;
        this.guard = guard;
        this.readGuard = readGuard;
    }

    /** The DaemonSet as stored now; NotFound if there is none. */
    public DaemonSet get() {
        readGuard.accept("DaemonSetView.get");
        return context.store().get(DaemonSet.class, namespace, name)
                .orElseThrow(() -> context.store().notFound(DaemonSet.class, namespace, name));
    }

    /** Its status as stored now (all counts 0 before the controller first wrote it). */
    public DaemonSetStatus status() {
        DaemonSet ds = get();
        return ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
    }

    /** The pods its selector matches that it controls, in name order. */
    public List<Pod> pods() {
        DaemonSet ds = get();
        LabelSelector selector = LabelSelector.of(ds.getSpec().getSelector());
        return context.store().list(Pod.class, ListOptions.inNamespace(namespace)).stream()
                .filter(pod -> pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
                        .anyMatch(ref -> Boolean.TRUE.equals(ref.getController()) && ds.getMetadata().getUid().equals(ref.getUid())))
                .filter(pod -> selector.matches(pod.getMetadata().getLabels() == null ? java.util.Map.of() : pod.getMetadata().getLabels()))
                .toList();
    }

    /**
     * {@code kubectl set image daemonset/<name> <container>=<image>}: changes the template's image,
     * which starts a rollout (RollingUpdate) or applies to pods created from now on (OnDelete). The
     * cluster settles after it.
     */
    public DaemonSetView setImage(String container, String image) {
        try (EngineLock.Held held = guard.enter("DaemonSetView.setImage")) {
            Checks.notNull(container, "container");
            Checks.notNull(image, "image");
            DaemonSet ds = get();
            List<Container> containers = ds.getSpec().getTemplate().getSpec().getContainers();
            if (containers.stream().noneMatch(c -> container.equals(c.getName()))) {
                throw new PeapodException("unable to find container named \"" + container + "\" in daemon set " + namespace + "/" + name
                        + "; its containers are " + containers.stream().map(c -> "\"" + c.getName() + "\"").toList());
            }
            context.store().shared().edit(DaemonSet.class, namespace, name, edited -> edited.getSpec().getTemplate().getSpec().getContainers()
                    .stream().filter(c -> container.equals(c.getName())).forEach(c -> c.setImage(image)));
            context.loop().settle();
            return this;
        }
    }

    /** The {@code kubectl get daemonset} line: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE. */
    public DaemonSetRow row() {
        return DaemonSetPrinter.row(get(), context.clock().now());
    }

    /** {@code kubectl get daemonset <name>} as text now: the header line and this DaemonSet's line. */
    public String table() {
        return DaemonSetPrinter.table(List.of(get()), context.clock().now());
    }

    /** The DaemonSet as stored now, if there is one. */
    public java.util.Optional<DaemonSet> find() {
        readGuard.accept("DaemonSetView.find");
        return context.store().get(DaemonSet.class, namespace, name);
    }

    /**
     * The events about this DaemonSet ({@code SuccessfulCreate}, {@code SuccessfulDelete}, ...), oldest first, as {@code kubectl events --for daemonset/<name>}
     * lists them; those about an earlier DaemonSet of the same name too. It need not exist now.
     */
    public List<io.fabric8.kubernetes.api.model.Event> events() {
        readGuard.accept("DaemonSetView.events");
        return FakeCluster.eventsAbout(context, namespace, "DaemonSet", name);
    }

    /**
     * What {@code kubectl rollout status daemonset/<name>} prints now, without the final newline
     * (kubectl: polymorphichelpers/rollout_status.go DaemonSetStatusViewer), e.g.
     * {@code Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...}
     * or {@code daemon set "agent" successfully rolled out}. An OnDelete DaemonSet has no rollout
     * status: kubectl's error, as a PeapodException.
     */
    public String rolloutStatus() {
        DaemonSet ds = get();
        String type = ds.getSpec().getUpdateStrategy() == null ? "RollingUpdate" : ds.getSpec().getUpdateStrategy().getType();
        if (!"RollingUpdate".equals(type)) {
            throw new PeapodException("rollout status is only available for RollingUpdate strategy type; daemon set "
                    + namespace + "/" + name + " uses " + type + ": check its pods' images instead");
        }
        DaemonSetStatus status = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        long generation = ds.getMetadata().getGeneration() == null ? 0 : ds.getMetadata().getGeneration();
        long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
        if (generation > observed) {
            return "Waiting for daemon set spec update to be observed...";
        }
        int desired = intOf(status.getDesiredNumberScheduled());
        if (intOf(status.getUpdatedNumberScheduled()) < desired) {
            return "Waiting for daemon set \"" + name + "\" rollout to finish: " + intOf(status.getUpdatedNumberScheduled())
                    + " out of " + desired + " new pods have been updated...";
        }
        if (intOf(status.getNumberAvailable()) < desired) {
            return "Waiting for daemon set \"" + name + "\" rollout to finish: " + intOf(status.getNumberAvailable())
                    + " of " + desired + " updated pods are available...";
        }
        return "daemon set \"" + name + "\" successfully rolled out";
    }

    /** The namespace this view reads. */
    public String namespace() {
        return namespace;
    }

    /** The name this view reads. */
    public String name() {
        return name;
    }

    private static int intOf(Integer value) {
        return value == null ? 0 : value;
    }
}
