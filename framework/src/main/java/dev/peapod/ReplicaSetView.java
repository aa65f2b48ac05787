package dev.peapod;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.printers.ReplicaSetPrinter;
import dev.peapod.store.ListOptions;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.apiguardian.api.API;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A live view of one ReplicaSet, read from the store at every call:
 * {@code cluster.replicaSet("web").scale(5)}, {@code .pods()}, {@code .row()}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ReplicaSetView {
    private final FakeCluster cluster;
    private final String namespace;
    private final String name;

    ReplicaSetView(FakeCluster cluster, String namespace, String name) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.name = name;
    }

    /** The ReplicaSet as stored now; NotFound when there is none. */
    public ReplicaSet get() {
        return cluster.context().store().get(ReplicaSet.class, namespace, name)
                .orElseThrow(() -> cluster.context().store().notFound(ReplicaSet.class, namespace, name));
    }

    /** The ReplicaSet as stored now, if there is one. */
    public Optional<ReplicaSet> find() {
        return cluster.context().store().get(ReplicaSet.class, namespace, name);
    }

    /**
     * {@code kubectl scale rs/<name> --replicas=<n>}: sets {@code spec.replicas} and lets the cluster
     * settle, so the controller's creates or deletes of this instant are done when it returns.
     */
    public ReplicaSetView scale(int replicas) {
        if (replicas < 0) {
            throw new PeapodException("scale(replicas): replicas must be 0 or more, but was " + replicas);
        }
        cluster.checkVerb("ReplicaSetView.scale");
        cluster.context().store().shared().edit(ReplicaSet.class, namespace, name, rs -> rs.getSpec().setReplicas(replicas));
        cluster.settle();
        return this;
    }

    /** The active and terminating pods this ReplicaSet controls (its uid in their controller reference), in name order. */
    public List<Pod> pods() {
        String uid = get().getMetadata().getUid();
        return cluster.context().store().list(Pod.class, ListOptions.inNamespace(namespace)).stream()
                .filter(pod -> controllerUid(pod).map(uid::equals).orElse(false)).toList();
    }

    /** {@code kubectl get rs <name>}'s cells now: NAME DESIRED CURRENT READY AGE (and the wide ones). */
    public ReplicaSetPrinter.Row row() {
        return ReplicaSetPrinter.row(get(), cluster.now());
    }

    /** {@code kubectl get rs <name>}'s text now, header included. */
    public String table() {
        return ReplicaSetPrinter.table(List.of(get()), cluster.now(), false);
    }

    /**
     * The events about this ReplicaSet ({@code SuccessfulCreate}, {@code SuccessfulDelete}, ...), oldest first, as {@code kubectl events --for replicaset/<name>}
     * lists them; those about an earlier ReplicaSet of the same name too. It need not exist now.
     */
    public List<io.fabric8.kubernetes.api.model.Event> events() {
        return FakeCluster.eventsAbout(cluster.context(), namespace, "ReplicaSet", name);
    }

    /** The namespace this view reads. */
    public String namespace() {
        return namespace;
    }

    /** The name this view reads. */
    public String name() {
        return name;
    }

    private static Optional<String> controllerUid(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        if (refs == null) {
            return Optional.empty();
        }
        return refs.stream().filter(ref -> Boolean.TRUE.equals(ref.getController())).map(OwnerReference::getUid)
                .filter(Objects::nonNull).findFirst();
    }

    static ReplicaSetView of(FakeCluster cluster, String namespace, String name) {
        Checks.notNull(namespace, "namespace");
        Checks.notNull(name, "name");
        return new ReplicaSetView(cluster, namespace, name);
    }
}
