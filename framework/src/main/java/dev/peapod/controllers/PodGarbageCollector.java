package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The pod garbage collector's orphan pass (pkg/controller/podgc/gc_controller.go gcOrphaned, v1.33):
 * every 20 s it looks for pods bound to a node that is not in the store, quarantines that node name
 * for 40 s, and when the node is still missing after the quarantine marks each of its pods Failed
 * with the condition {@code DisruptionTarget=True, DeletionByPodGC, "PodGC: node no longer exists"}
 * and deletes it with grace period 0.
 *
 * <p>Timing: passes fall at cluster start + k * 20 s. A node seen missing at a
 * pass is checked again at the pass 40 s later (the delaying queue's item is ready at that
 * instant), so a node deleted at T loses its pods at the first pass at or after T, plus 40 s.
 * Not simulated: gcTerminated (the 12 500 terminated-pod threshold), gcTerminating (out-of-service
 * taint) and gcUnscheduledTerminating (Peapod's store already deletes an unbound pod at once).
 */
@API(status = INTERNAL, since = "0.1")
public final class PodGarbageCollector implements Component {
    /** gcCheckPeriod. */
    static final Duration GC_CHECK_PERIOD = Duration.ofSeconds(20);
    /** quarantineTime. */
    static final Duration QUARANTINE_TIME = Duration.ofSeconds(40);

    private ClusterContext context;
    /** nodeQueue: missing node names and when their quarantine ends, in the order they were first seen. */
    private final Map<String, Instant> quarantined = new LinkedHashMap<>();
    /** The cluster's start: passes fall on its 20 s grid. */
    private Instant origin;
    /** The next pass, while one is scheduled. */
    private dev.peapod.time.Timer next;

    @Override
    public String name() {
        return "pod-garbage-collector";
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.origin = context.clock().now();
        context.store().watch(Node.class, ListOptions.all(), null, event -> {
            if (event.type() == WatchEvent.Type.DELETED) {
                ensurePassing();
            }
        });
        context.store().watch(Pod.class, ListOptions.all(), null, event -> {
            String node = event.object().getSpec().getNodeName();
            if (event.type() != WatchEvent.Type.DELETED && node != null && !node.isEmpty()
                    && context.store().peek(Node.class, null, node) == null) {
                ensurePassing();
            }
        });
    }

    /**
     * Upstream passes every 20 s from its start; a pass finds nothing to do unless a pod is bound
     * to a node missing from the store, or a node waits in quarantine. So Peapod schedules passes
     * on that grid (cluster start + k * 20 s) only while there may be work: from the first grid
     * instant after a node is deleted or a pod is bound to a missing node, until a pass leaves
     * nothing behind. A clock left to run for years does not tick for nothing.
     */
    private void ensurePassing() {
        if (next != null) {
            return;
        }
        long period = GC_CHECK_PERIOD.toNanos();
        long elapsed = Duration.between(origin, context.clock().now()).toNanos();
        next = context.loop().schedule(origin.plusNanos((elapsed / period + 1) * period), name(), this::pass);
    }

    private void pass() {
        next = null;
        if (gc()) {
            ensurePassing();
        }
    }

    /** gc, orphan pass only; true while work may remain (a node in quarantine). */
    private boolean gc() {
        List<Pod> pods = context.store().list(Pod.class, ListOptions.all());
        Set<String> existing = new TreeSet<>();
        context.store().list(Node.class).forEach(node -> existing.add(node.getMetadata().getName()));
        Instant now = context.clock().now();
        for (Pod pod : pods) {
            String node = pod.getSpec().getNodeName();
            if (node != null && !node.isEmpty() && !existing.contains(node)) {
                // DelayingQueue.AddAfter keeps the earlier instant of an item already waiting
                quarantined.putIfAbsent(node, now.plus(QUARANTINE_TIME));
            }
        }
        Set<String> deleted = discoverDeletedNodes(existing, now);
        for (Pod pod : pods) {
            String node = pod.getSpec().getNodeName();
            if (node != null && deleted.contains(node)) {
                markFailedAndDelete(pod);
            }
        }
        return !quarantined.isEmpty();
    }

    /** discoverDeletedNodes: the quarantined names whose time is up and that are still not in the store. */
    private Set<String> discoverDeletedNodes(Set<String> existing, Instant now) {
        Set<String> deleted = new TreeSet<>();
        for (Iterator<Map.Entry<String, Instant>> it = quarantined.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> entry = it.next();
            if (entry.getValue().isAfter(now)) {
                continue;
            }
            it.remove();
            if (!existing.contains(entry.getKey()) && context.store().peek(Node.class, null, entry.getKey()) == null) {
                deleted.add(entry.getKey());
            }
        }
        return deleted;
    }

    /**
     * markFailedAndDeletePodWithCondition: a pod not yet terminal gets phase Failed and the
     * DisruptionTarget condition (podutil.UpdatePodCondition: lastTransitionTime now), then is
     * deleted with grace period 0. A pod already gone is no error.
     */
    private void markFailedAndDelete(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                Pod update = Copies.copy(pod);
                update.getStatus().setPhase("Failed");
                update.getStatus().setConditions(withCondition(update.getStatus().getConditions(), new PodConditionBuilder()
                        .withType("DisruptionTarget").withStatus("True").withReason("DeletionByPodGC")
                        .withMessage("PodGC: node no longer exists")
                        .withLastTransitionTime(Timestamps.format(context.clock().now())).build()));
                context.store().updateStatus(update);
            }
            context.store().delete(Pod.class, namespace, name, 0L);
        } catch (ApiException failed) {
            if (failed.code() != 404) {
                throw failed;
            }
        }
    }

    /** podutil.UpdatePodCondition: replaces a condition of the same type, keeping its transition time if the status is unchanged. */
    static List<PodCondition> withCondition(List<PodCondition> conditions, PodCondition condition) {
        List<PodCondition> updated = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
        for (int i = 0; i < updated.size(); i++) {
            if (condition.getType().equals(updated.get(i).getType())) {
                if (condition.getStatus().equals(updated.get(i).getStatus())) {
                    condition.setLastTransitionTime(updated.get(i).getLastTransitionTime());
                }
                updated.set(i, condition);
                return updated;
            }
        }
        updated.add(condition);
        return updated;
    }
}
