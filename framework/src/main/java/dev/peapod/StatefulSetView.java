package dev.peapod;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.printers.StatefulSetPrinter;
import dev.peapod.printers.StatefulSetRow;
import dev.peapod.spi.ClusterContext;
import dev.peapod.time.EngineLock;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A live view of one StatefulSet, from {@link FakeCluster#statefulSet(String)}: every call reads the
 * store, and each verb is one update through the API, after which the cluster settles.
 * <pre>{@code
 * cluster.statefulSet("web").scale(5);
 * cluster.statefulSet("web").setImage("nginx", "nginx:1.26");
 * assertThat(cluster.statefulSet("web").rolloutStatus()).isEqualTo("partitioned roll out complete: 5 new pods have been updated...\n");
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class StatefulSetView {
    private final ClusterContext context;
    private final String namespace;
    private final String name;
    private final EngineLock.Guard guard;

    StatefulSetView(ClusterContext context, String namespace, String name, EngineLock.Guard guard) {
        this.context = context;
        this.namespace = namespace;
        this.name = name;
        this.guard = guard;
    }

    /** The StatefulSet as stored now (a copy); NotFound if there is none. */
    public StatefulSet get() {
        try (EngineLock.Held held = guard.enter("StatefulSetView.get")) {
            return context.store().get(StatefulSet.class, namespace, name)
                    .orElseThrow(() -> context.store().notFound(StatefulSet.class, namespace, name));
        }
    }

    /** {@code kubectl scale statefulset <name> --replicas=n}. */
    public StatefulSetView scale(int replicas) {
        try (EngineLock.Held held = guard.enter("StatefulSetView.scale")) {
            if (replicas < 0) {
                throw new PeapodException("cannot scale statefulset " + name + " to " + replicas + " replicas: give 0 or more");
            }
            return edit(set -> set.getSpec().setReplicas(replicas));
        }
    }

    /**
     * {@code kubectl set image statefulset/<name> <container>=<image>}: a new template, so a new
     * revision and, with RollingUpdate, a rollout from the highest ordinal down.
     */
    public StatefulSetView setImage(String container, String image) {
        try (EngineLock.Held held = guard.enter("StatefulSetView.setImage")) {
            Checks.notNull(container, "container");
            Checks.notNull(image, "image");
            return edit(set -> {
                List<Container> all = new ArrayList<>(set.getSpec().getTemplate().getSpec().getContainers());
                if (set.getSpec().getTemplate().getSpec().getInitContainers() != null) {
                    all.addAll(set.getSpec().getTemplate().getSpec().getInitContainers());
                }
                Container found = all.stream().filter(c -> container.equals(c.getName())).findFirst()
                        .orElseThrow(() -> new PeapodException("unable to find container named \"" + container
                                + "\" in statefulset " + name + ": name one of " + all.stream().map(Container::getName).toList()));
                found.setImage(image);
            });
        }
    }

    /** The set's pods, by ordinal. */
    public List<Pod> pods() {
        try (EngineLock.Held held = guard.enter("StatefulSetView.pods")) {
            StatefulSet set = get();
            List<Pod> pods = new ArrayList<>();
            for (Pod pod : context.store().list(Pod.class, dev.peapod.store.ListOptions.inNamespace(namespace))) {
                if (dev.peapod.controllers.ControllerRefs.isControlledBy(pod, set)) {
                    pods.add(pod);
                }
            }
            pods.sort(Comparator.comparingInt(StatefulSetView::ordinal));
            return pods;
        }
    }

    /** The claims made from the set's volumeClaimTemplates ({@code <template>-<set>-<ordinal>}) that exist now, by name. */
    public List<PersistentVolumeClaim> claims() {
        try (EngineLock.Held held = guard.enter("StatefulSetView.claims")) {
            StatefulSet set = get();
            List<String> templates = set.getSpec().getVolumeClaimTemplates() == null ? List.of()
                    : set.getSpec().getVolumeClaimTemplates().stream().map(t -> t.getMetadata().getName() + "-" + name + "-").toList();
            return context.store().list(PersistentVolumeClaim.class, dev.peapod.store.ListOptions.inNamespace(namespace)).stream()
                    .filter(c -> templates.stream().anyMatch(prefix -> c.getMetadata().getName().startsWith(prefix)
                            && c.getMetadata().getName().substring(prefix.length()).matches("[0-9]+")))
                    .toList();
        }
    }

    /** {@code kubectl get statefulset <name> -o wide}'s cells now. */
    public StatefulSetRow row() {
        try (EngineLock.Held held = guard.enter("StatefulSetView.row")) {
            return StatefulSetPrinter.row(get(), context.clock().now());
        }
    }

    /** {@code kubectl get statefulset <name>} as text now: the header line (NAME READY AGE) and this StatefulSet's line. */
    public String table() {
        try (EngineLock.Held held = guard.enter("StatefulSetView.table")) {
            return StatefulSetPrinter.table(List.of(get()), context.clock().now(), false);
        }
    }

    /** The StatefulSet as stored now, if there is one. */
    public java.util.Optional<StatefulSet> find() {
        try (EngineLock.Held held = guard.enter("StatefulSetView.find")) {
            return context.store().get(StatefulSet.class, namespace, name);
        }
    }

    /**
     * The events about this StatefulSet ({@code SuccessfulCreate}, {@code RecreatingFailedPod}, ...), oldest first, as {@code kubectl events --for statefulset/<name>}
     * lists them; those about an earlier StatefulSet of the same name too. It need not exist now.
     */
    public List<io.fabric8.kubernetes.api.model.Event> events() {
        try (EngineLock.Held held = guard.enter("StatefulSetView.events")) {
            return FakeCluster.eventsAbout(context, namespace, "StatefulSet", name);
        }
    }

    /** {@code kubectl rollout status statefulset/<name>}'s current line, with its newline. */
    public String rolloutStatus() {
        try (EngineLock.Held held = guard.enter("StatefulSetView.rolloutStatus")) {
            return StatefulSetPrinter.rolloutStatus(get());
        }
    }

    /** The namespace this view reads. */
    public String namespace() {
        return namespace;
    }

    /** The name this view reads. */
    public String name() {
        return name;
    }

    private StatefulSetView edit(Consumer<StatefulSet> change) {
        context.store().shared().edit(StatefulSet.class, namespace, name, change);
        context.loop().settle();
        return this;
    }

    private static int ordinal(Pod pod) {
        String name = pod.getMetadata().getName();
        int dash = name.lastIndexOf('-');
        try {
            return Integer.parseInt(name.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
