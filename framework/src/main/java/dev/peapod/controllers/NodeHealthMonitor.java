package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ApiException;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Timestamps;
import dev.peapod.time.Ticker;
import dev.peapod.time.Timer;
import dev.peapod.timeline.Fact;
import dev.peapod.timeline.Timeline;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The node lifecycle controller's health monitoring (node_lifecycle_controller.go v1.33:
 * monitorNodeHealth, tryUpdateNodeHealth, processTaintBaseEviction, doNoExecuteTaintingPass,
 * handleDisruption, ComputeZoneState, ReducedQPSFunc; scheduler/rate_limited_queue.go;
 * util/node/controller_utils.go MarkPodsNotReady, RecordNodeStatusChange, RecordNodeEvent).
 *
 * <p><b>Timing.</b> monitorNodeHealth runs at the controller's start and every node-monitor-period
 * (5 s) after it ({@code wait.UntilWithContext} runs first, then waits). doNoExecuteTaintingPass polls
 * every nodeEvictionPeriod (100 ms) from the same start; Peapod wakes only at the poll instants where
 * a queue holds a node and its zone's limiter would accept, which are the only polls that act. A node
 * the monitor queues is tainted at the next poll after that monitor pass (the pass that coincides with
 * it ran while the monitor was still listing), so 100 ms later.
 *
 * <p><b>Departures.</b> Upstream updates nodes with 8 workers in parallel and iterates zones in map
 * order; Peapod goes through nodes in the store's (name) order and zones in key order. Zone states
 * and their metrics are not user-visible upstream (logs and Prometheus only), so they are not recorded.
 */
final class NodeHealthMonitor {
    /** The controller's settings; {@link #defaults()} are kube-controller-manager's v1.33 defaults. */
    record Settings(Duration monitorPeriod, Duration gracePeriod, Duration startupGracePeriod, Duration evictionPeriod,
                    double evictionQps, double secondaryEvictionQps, int largeClusterThreshold, double unhealthyZoneThreshold) {
        /**
         * --node-monitor-period 5s; --node-monitor-grace-period 50s (40 s until v1.32: PR #126287 "Update
         * Node Monitor Grace Period default duration to 50s", in v1.32's and v1.33's
         * config/v1alpha1/defaults.go RecommendedDefaultNodeLifecycleControllerConfiguration);
         * --node-startup-grace-period 60s; scheduler.NodeEvictionPeriod 100ms; --node-eviction-rate 0.1;
         * --secondary-node-eviction-rate 0.01; --large-cluster-size-threshold 50;
         * --unhealthy-zone-threshold 0.55 (cmd/kube-controller-manager/app/options/nodelifecyclecontroller.go).
         */
        static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(50), Duration.ofSeconds(60), Duration.ofMillis(100),
                    0.1, 0.01, 50, 0.55);
        }
    }

    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    /** labelNodeDisruptionExclusion. */
    static final String EXCLUDE_DISRUPTION = "node.kubernetes.io/exclude-disruption";
    private static final List<String> UNKNOWN_CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    static final String SOURCE = "node-controller";
    private static final String LEASE_NAMESPACE = "kube-node-lease";

    enum ZoneState { INITIAL, NORMAL, FULL_DISRUPTION, PARTIAL_DISRUPTION }

    /** nodeHealthData: what the monitor last saw of a node, and when it last saw it change. */
    private static final class Health {
        Instant probeTimestamp;
        Instant readyTransitionTimestamp;
        /** The Ready condition of the status last seen (its heartbeat and transition times are what is compared). */
        NodeCondition savedReady;
        /** The renewTime of the Lease last seen; null: none seen. */
        ZonedDateTime savedLeaseRenewTime;

        /** A new nodeHealthData for a status (upstream replaces the entry; nothing else holds it, so it is set in place). */
        void reset(NodeCondition ready, Instant probe, Instant transition) {
            savedReady = ready == null ? null : new NodeConditionBuilder(ready).build();
            probeTimestamp = probe;
            readyTransitionTimestamp = transition;
        }
    }

    /**
     * A node in knownNodeSet, kept in the store's (name) order so that a pass walks them beside the
     * nodes it lists, without a lookup. What a pass reads of a Node is worked out again only when the
     * stored Node is another object (stored objects never change), and its Lease is read only when it
     * is another object.
     */
    private static final class Known {
        final String name;
        /** The Node as first seen: what RemovingNode names (knownNodeSet keeps it). */
        final Node added;
        /** The node's entry of {@link #health}; null until the first pass that looks at it. */
        Health health;
        /** The Lease the last pass saw (its renewTime is in the health); null: none, or not looked at yet. */
        Lease lease;
        /** The stored Node the fields below were read from. */
        private Node seen;
        String zone;
        NodeCondition ready;
        boolean excluded;
        /** It has one of this controller's NoExecute taints. */
        boolean tainted;

        Known(Node added, Health health) {
            this.name = added.getMetadata().getName();
            this.added = added;
            this.health = health;
        }

        Known see(Node node) {
            if (node != seen) {
                seen = node;
                zone = zoneKey(node);
                ready = condition(node, "Ready");
                excluded = node.getMetadata().getLabels() != null && node.getMetadata().getLabels().containsKey(EXCLUDE_DISRUPTION);
                tainted = hasTaint(node, UNREACHABLE) || hasTaint(node, NOT_READY);
            }
            return this;
        }
    }

    private final ClusterContext context;
    private final Settings settings;
    private final ControllerEvents events;
    private Instant started;
    /** knownNodeSet, in the order nodes were added (RemovingNode events go in that order). */
    private final Map<String, Known> knownNodes = new LinkedHashMap<>();
    /** The known nodes in the store's order, as the last pass listed them. */
    private final List<Known> walk = new ArrayList<>();
    /** nodeHealthMap: kept when a node goes, for a node of that name that comes back. */
    private final Map<String, Health> health = new HashMap<>();
    private final Map<String, ZoneState> zoneStates = new TreeMap<>();
    private final Map<String, TaintQueue> tainters = new TreeMap<>();
    private Ticker monitor;
    private Timer nextPoll;
    private Instant nextPollAt;

    NodeHealthMonitor(ClusterContext context, Settings settings) {
        this.context = Objects.requireNonNull(context, "context");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = new ControllerEvents(context, SOURCE);
    }

    void start() {
        started = context.clock().now();
        // the first pass at the start itself, then every period: anchor one period before
        monitor = Ticker.startBackground(context.loop(), "node-lifecycle-controller: monitor node health",
                started.minus(settings.monitorPeriod()), settings.monitorPeriod(), this::monitorNodeHealth);
        context.loop().addIdler(new dev.peapod.time.EventLoop.Idler() {
            @Override
            public boolean isQuiet() {
                return quiet();
            }

            @Override
            public void fastForward(Instant now) {
                // after the kubelets have caught up: see afterFastForward
            }

            @Override
            public void afterFastForward(Instant now) {
                catchUp(now);
            }
        });
    }

    /**
     * Quiet: every stored node is known, none waits for a retry or a taint its queue could add, and every
     * node is Ready, without a NoExecute taint of this controller, with a lease renewed within the renew
     * interval (its kubelet heartbeats; the kubelets' own idlers say whether they go on). A node down is
     * never quiet: its taints, the evictions they start and a kubelet coming back all count from instants
     * a jump would move (a bare pod's eviction came 18 min late).
     */
    private boolean quiet() {
        if (nextPoll != null) {
            return false;
        }
        for (TaintQueue queue : tainters.values()) {
            if (queue.readyAt() != null) {
                return false;
            }
        }
        List<Node> nodes = context.store().peekAll(Node.class, ListOptions.all());
        if (nodes.size() != knownNodes.size()) {
            return false;
        }
        Instant fresh = now().minusSeconds(10);
        for (Node node : nodes) {
            NodeCondition ready = condition(node, "Ready");
            if (!knownNodes.containsKey(node.getMetadata().getName()) || ready == null || !"True".equals(ready.getStatus())
                    || hasTaint(node, UNREACHABLE) || hasTaint(node, NOT_READY)) {
                return false;
            }
            ZonedDateTime renew = renewTime(context.store().peek(Lease.class, LEASE_NAMESPACE, node.getMetadata().getName()));
            if (renew == null || renew.toInstant().isBefore(fresh)) {
                return false;
            }
        }
        return true;
    }

    /** The first monitor pass at or after {@code t}, given {@code last}, a pass not before it. */
    private Instant firstPassAtOrAfter(Instant t, Instant last) {
        Duration period = settings.monitorPeriod();
        return last.minus(period.multipliedBy(Duration.between(t, last).dividedBy(period)));
    }

    /**
     * The fast-forward: what the passes skipped would have seen, a renewed lease and a newer status
     * heartbeat, with the probe timestamp of the last pass after them; then the ticker is re-armed.
     */
    private void catchUp(Instant now) {
        Instant last = monitor.lastTickAtOrBefore(now).orElseThrow();
        for (Node node : context.store().peekAll(Node.class, ListOptions.all())) {
            Health h = health.get(node.getMetadata().getName());
            if (h == null) {
                continue;
            }
            ZonedDateTime renew = renewTime(context.store().peek(Lease.class, LEASE_NAMESPACE, node.getMetadata().getName()));
            if (renew != null && !renew.toInstant().isAfter(last) && (h.savedLeaseRenewTime == null || h.savedLeaseRenewTime.isBefore(renew))) {
                h.savedLeaseRenewTime = renew;
                h.probeTimestamp = firstPassAtOrAfter(renew.toInstant(), last); // the pass that saw the renewal
            }
            NodeCondition ready = condition(node, "Ready");
            Instant heartbeat = ready == null ? null : Timestamps.parse(ready.getLastHeartbeatTime());
            if (ready != null && h.savedReady != null && heartbeat != null && !heartbeat.isAfter(last)
                    && !Objects.equals(ready.getLastHeartbeatTime(), h.savedReady.getLastHeartbeatTime())) {
                h.savedReady = new NodeConditionBuilder(ready).build();
                Instant seen = firstPassAtOrAfter(heartbeat, last);
                h.probeTimestamp = seen.isAfter(h.probeTimestamp) ? seen : h.probeTimestamp;
            }
        }
        monitor.reset(last);
    }

    private static ZonedDateTime renewTime(Lease lease) {
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getRenewTime();
    }

    private Instant now() {
        return context.clock().now();
    }

    // ---------------------------------------------------------------- monitorNodeHealth

    private void monitorNodeHealth() {
        List<Node> nodes = context.store().peekAll(Node.class, ListOptions.all());
        List<Node> added = List.of();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            Known known = known(i, node.getMetadata().getName());
            if (known == null) {
                added = added.isEmpty() ? new ArrayList<>() : added;
                added.add(node);
            } else if (!zoneStates.containsKey(known.see(node).zone)) {
                addTainterForNewZone(known.zone); // newZoneRepresentatives
            }
        }
        for (Node node : added) {
            String name = node.getMetadata().getName();
            // Departure: upstream records RegisteredNode ("Node <n> event: Registered Node <n> in Controller") here.
            // Peapod leaves it out, so that a cluster's event list stays the story of what a spec did, not of its start.
            knownNodes.put(name, new Known(node, health.get(name)));
            addTainterForNewZone(zoneKey(node));
            markNodeAsReachable(node);
        }
        if (knownNodes.size() != nodes.size()) {
            Set<String> present = new HashSet<>();
            nodes.forEach(node -> present.add(node.getMetadata().getName()));
            List<Known> deleted = knownNodes.values().stream().filter(known -> !present.contains(known.name)).toList();
            for (Known known : deleted) {
                recordNodeEvent(known.added, "Normal", "RemovingNode", "Removing Node " + known.name + " from Controller");
                knownNodes.remove(known.name);
            }
        }
        if (!added.isEmpty() || walk.size() != nodes.size()) {
            walk.clear();
            nodes.forEach(node -> walk.add(knownNodes.get(node.getMetadata().getName())));
        }
        Map<String, ZoneTally> zoneToNodeConditions = new TreeMap<>();
        Pass pass = new Pass();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            Known known = walk.get(i).see(node);
            NodeCondition observed = known.ready != null ? known.ready : neverPosted(node);
            NodeCondition current = tryUpdateNodeHealth(known, node, observed, pass);
            node = known.seen; // the Node it wrote, if it wrote
            if (!known.excluded) {
                zoneToNodeConditions.computeIfAbsent(known.zone, z -> new ZoneTally()).add(current);
            }
            if (current != null) {
                processTaintBaseEviction(known, node, observed);
                if (!"True".equals(current.getStatus()) && "True".equals(observed.getStatus())) {
                    // RecordNodeStatusChange: reported once, when the status changes
                    String message = "Node " + known.name + " status is now: NodeNotReady";
                    events.record(node, "Normal", "NodeNotReady", message);
                    markPodsNotReady(known.name);
                }
                // upstream's nodesToRetry holds a node whose pods could not be listed or marked; Peapod's never fail
            }
        }
        handleDisruption(zoneToNodeConditions, nodes);
    }

    /** The known node at the pass's position {@code i}, where it is unless nodes came or went: else by name; null if unknown. */
    private Known known(int i, String name) {
        if (i < walk.size() && walk.get(i).name.equals(name)) {
            return walk.get(i);
        }
        return knownNodes.get(name);
    }

    /**
     * What a pass reads once: its instant, the instants before which a probe timestamp is past each
     * grace period, and the node leases as it began. Both lists are in name order, so the leases are
     * walked beside the nodes; once anything was written during the pass (a write's watchers may
     * write too), a lease is read from the store, as upstream's lister reads it when it needs it.
     */
    private final class Pass {
        final Instant now = now();
        final Instant stale = now.minus(settings.gracePeriod());
        final Instant staleAtStartup = now.minus(settings.startupGracePeriod());
        private final long version = context.store().resourceVersion();
        private final List<Lease> leases = context.store().peekAll(Lease.class, ListOptions.inNamespace(LEASE_NAMESPACE));
        private int next;

        Lease lease(String node) {
            if (context.store().resourceVersion() != version) {
                return context.store().peek(Lease.class, LEASE_NAMESPACE, node);
            }
            while (next < leases.size() && leases.get(next).getMetadata().getName().compareTo(node) < 0) {
                next++;
            }
            return next < leases.size() && leases.get(next).getMetadata().getName().equals(node) ? leases.get(next) : null;
        }
    }

    /** The Ready condition upstream fakes for a node whose kubelet never posted status: Unknown since the node's creation. */
    private static NodeCondition neverPosted(Node node) {
        String c = node.getMetadata().getCreationTimestamp();
        return new NodeConditionBuilder().withType("Ready").withStatus("Unknown").withLastHeartbeatTime(c).withLastTransitionTime(c).build();
    }

    /** The Ready conditions of a zone's nodes, counted as ComputeZoneState counts them. */
    private static final class ZoneTally {
        int ready;
        int notReady;

        void add(NodeCondition c) {
            if (c != null && "True".equals(c.getStatus())) {
                ready++;
            } else {
                notReady++;
            }
        }

        int size() {
            return ready + notReady;
        }
    }

    /**
     * tryUpdateNodeHealth: refreshes the probe timestamp from the status and the lease; past the grace
     * period, conditions go Unknown. The Ready condition after it: the stored one, or the one it wrote
     * (then {@code known} has seen the Node it wrote).
     */
    private NodeCondition tryUpdateNodeHealth(Known known, Node node, NodeCondition observed, Pass pass) {
        NodeCondition currentReady = known.ready;
        Instant now = pass.now;
        Health saved = known.health;
        if (currentReady == null) {
            // the kubelet never posted status: the startup grace period, from the creation time
            if (saved == null) {
                Instant created = Timestamps.parse(node.getMetadata().getCreationTimestamp());
                saved = newHealth(known, null, created, created);
            }
            saved.savedReady = null;
        }
        if (saved == null) {
            saved = newHealth(known, currentReady, now, now); // "Missing timestamp for Node. Assuming now as a timestamp"
        } else if (saved.savedReady == null && currentReady != null) {
            saved.reset(currentReady, now, now);
        } else if (saved.savedReady != null && !Objects.equals(saved.savedReady.getLastHeartbeatTime(), currentReady.getLastHeartbeatTime())) {
            Instant transition = Objects.equals(saved.savedReady.getLastTransitionTime(), currentReady.getLastTransitionTime())
                    ? saved.readyTransitionTimestamp : now;
            saved.reset(currentReady, now, transition);
        }
        // "Always update the probe time if node lease is renewed." A Lease object seen before has nothing newer.
        Lease lease = pass.lease(known.name);
        if (lease != known.lease) {
            known.lease = lease;
            ZonedDateTime renewTime = renewTime(lease);
            if (renewTime != null && (saved.savedLeaseRenewTime == null || saved.savedLeaseRenewTime.isBefore(renewTime))) {
                saved.savedLeaseRenewTime = renewTime;
                saved.probeTimestamp = now;
            }
        }
        if (!saved.probeTimestamp.isBefore(currentReady == null ? pass.staleAtStartup : pass.stale)) {
            return currentReady;
        }
        return markUnknown(known, node, observed, now);
    }

    private Health newHealth(Known known, NodeCondition ready, Instant probe, Instant transition) {
        Health h = new Health();
        h.reset(ready, probe, transition);
        health.put(known.name, h);
        known.health = h;
        return h;
    }

    /** No status nor lease for longer than the grace period: Unknown, whatever the status was. */
    private NodeCondition markUnknown(Known known, Node node, NodeCondition observed, Instant now) {
        String nowText = Timestamps.format(now);
        List<NodeCondition> conditions = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            node.getStatus().getConditions().forEach(c -> conditions.add(new NodeConditionBuilder(c).build()));
        }
        for (String type : UNKNOWN_CONDITIONS) { // NetworkUnavailable is the control plane's, left as it is
            NodeCondition c = conditions.stream().filter(x -> type.equals(x.getType())).findFirst().orElse(null);
            if (c == null) {
                conditions.add(new NodeConditionBuilder().withType(type).withStatus("Unknown").withReason("NodeStatusNeverUpdated")
                        .withMessage("Kubelet never posted node status.").withLastHeartbeatTime(node.getMetadata().getCreationTimestamp())
                        .withLastTransitionTime(nowText).build());
            } else if (!"Unknown".equals(c.getStatus())) {
                c.setStatus("Unknown");
                c.setReason("NodeStatusUnknown");
                c.setMessage("Kubelet stopped posting node status.");
                c.setLastTransitionTime(nowText);
            }
        }
        NodeCondition newReady = conditions.stream().filter(x -> "Ready".equals(x.getType())).findFirst().orElseThrow();
        if (newReady.equals(observed)) {
            return known.ready;
        }
        Node written;
        try {
            written = context.store().editStatus(Node.class, null, known.name, n -> {
                if (n.getStatus() == null) {
                    n.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
                }
                n.getStatus().setConditions(conditions);
            });
        } catch (ApiException gone) {
            return known.ready;
        }
        Health saved = known.health;
        saved.reset(newReady, saved.probeTimestamp, now);
        saved.savedLeaseRenewTime = renewTime(known.lease);
        known.see(written);
        return newReady;
    }

    /** processTaintBaseEviction: queue a NotReady or unreachable node for its NoExecute taint; a Ready one loses it. */
    private void processTaintBaseEviction(Known known, Node node, NodeCondition observed) {
        switch (observed.getStatus()) {
            case "False" -> {
                if (hasTaint(node, UNREACHABLE)) {
                    swapNoExecuteTaint(known.name, NOT_READY, UNREACHABLE); // at once
                } else {
                    markNodeForTainting(node, known.zone, "False");
                }
            }
            case "Unknown" -> {
                if (hasTaint(node, NOT_READY)) {
                    swapNoExecuteTaint(known.name, UNREACHABLE, NOT_READY);
                } else {
                    markNodeForTainting(node, known.zone, "Unknown");
                }
            }
            case "True" -> markNodeAsReachable(known.name, known.zone, known.tainted);
            default -> { }
        }
    }

    private void markNodeForTainting(Node node, String zone, String status) {
        TaintQueue queue = tainters.get(zone);
        String name = node.getMetadata().getName();
        if ("False".equals(status) && !hasTaint(node, NOT_READY)) {
            queue.remove(name);
        }
        if ("Unknown".equals(status) && !hasTaint(node, UNREACHABLE)) {
            queue.remove(name);
        }
        if (queue.add(name, now())) {
            wakeTaintingPass();
        }
    }

    private void markNodeAsReachable(Node node) {
        markNodeAsReachable(node.getMetadata().getName(), zoneKey(node), hasTaint(node, UNREACHABLE) || hasTaint(node, NOT_READY));
    }

    /**
     * markNodeAsReachable: both NoExecute taints off (RemoveTaintOffNode writes only when one is there,
     * {@code tainted}), out of its zone's queue.
     */
    private void markNodeAsReachable(String name, String zone, boolean tainted) {
        if (tainted) {
            removeNoExecuteTaint(name, UNREACHABLE);
            removeNoExecuteTaint(name, NOT_READY);
        }
        TaintQueue queue = tainters.get(zone);
        if (queue != null) {
            queue.remove(name);
        }
    }

    // ---------------------------------------------------------------- MarkPodsNotReady

    /**
     * MarkPodsNotReady (controller_utils.go): each pod on the node whose Ready condition is not False
     * yet gets it False (UpdatePodCondition: a new lastTransitionTime; reason and message kept), then a
     * Warning {@code NodeNotReady} {@code Node is not ready} event. The phase stays.
     */
    private void markPodsNotReady(String nodeName) {
        List<Pod> pods = new ArrayList<>(context.store().peekAll(Pod.class, ListOptions.all().withFields("spec.nodeName=" + nodeName)));
        pods.sort(Comparator.comparing((Pod p) -> p.getMetadata().getNamespace()).thenComparing(p -> p.getMetadata().getName()));
        String nowText = Timestamps.format(now());
        for (Pod pod : pods) {
            PodCondition ready = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
                    : pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
            if (ready == null || "False".equals(ready.getStatus())) {
                continue;
            }
            Pod update = new Pod();
            update.setMetadata(pod.getMetadata());
            update.setStatus(dev.peapod.store.Copies.copy(pod).getStatus());
            List<PodCondition> conditions = new ArrayList<>();
            for (PodCondition c : update.getStatus().getConditions()) {
                conditions.add("Ready".equals(c.getType())
                        ? new PodConditionBuilder(c).withStatus("False").withLastTransitionTime(nowText).build() : c);
            }
            update.getStatus().setConditions(conditions);
            Pod written;
            try {
                written = context.store().updateStatus(update);
            } catch (ApiException notFound) {
                continue; // already deleted
            }
            events.record(written, "Warning", "NodeNotReady", "Node is not ready");
            context.timeline().record(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    // MarkPodsNotReady keeps the condition's reason (null for a kubelet-set Ready=True), so the
                    // timeline tells why with the event that goes with the write (controller_utils.go
                    // MarkPodsNotReady: the NodeNotReady "Node is not ready" event)
                    new Fact.ReadyChanged(false, "NodeNotReady", "Node is not ready"));
        }
    }

    // ---------------------------------------------------------------- zones

    /** handleDisruption: each zone's state from its nodes' Ready conditions, and its queue's rate from the state. */
    private void handleDisruption(Map<String, ZoneTally> zoneToNodeConditions, List<Node> nodes) {
        Map<String, ZoneState> newZoneStates = new TreeMap<>();
        boolean allAreFullyDisrupted = true;
        for (Map.Entry<String, ZoneTally> zone : zoneToNodeConditions.entrySet()) {
            ZoneState state = computeZoneState(zone.getValue());
            if (state != ZoneState.FULL_DISRUPTION) {
                allAreFullyDisrupted = false;
            }
            newZoneStates.put(zone.getKey(), state);
            zoneStates.putIfAbsent(zone.getKey(), ZoneState.INITIAL);
        }
        boolean allWasFullyDisrupted = true;
        for (var it = zoneStates.entrySet().iterator(); it.hasNext(); ) {
            var zone = it.next();
            if (!zoneToNodeConditions.containsKey(zone.getKey())) {
                it.remove();
                continue;
            }
            if (zone.getValue() != ZoneState.FULL_DISRUPTION) {
                allWasFullyDisrupted = false;
                break;
            }
        }
        if (allAreFullyDisrupted && allWasFullyDisrupted) {
            return;
        }
        if (allAreFullyDisrupted) {
            // "Controller detected that all Nodes are not-Ready. Entering master disruption mode": no eviction at all
            for (Node node : nodes) {
                Node current = context.store().peek(Node.class, null, node.getMetadata().getName());
                if (current != null) {
                    markNodeAsReachable(current);
                }
            }
            zoneStates.keySet().forEach(zone -> tainters.get(zone).swapLimiter(0, now()));
            zoneStates.replaceAll((zone, state) -> ZoneState.FULL_DISRUPTION);
            return;
        }
        if (allWasFullyDisrupted) {
            // exiting master disruption mode: every node gets a fresh probe timestamp
            Instant now = now();
            for (Node node : nodes) {
                Health h = health.get(node.getMetadata().getName());
                if (h != null) {
                    h.probeTimestamp = now;
                    h.readyTransitionTimestamp = now;
                }
            }
            for (String zone : new ArrayList<>(zoneStates.keySet())) {
                setLimiterInZone(zone, zoneToNodeConditions.get(zone).size(), newZoneStates.get(zone));
                zoneStates.put(zone, newZoneStates.get(zone));
            }
            return;
        }
        for (String zone : new ArrayList<>(zoneStates.keySet())) {
            ZoneState state = newZoneStates.get(zone);
            if (zoneStates.get(zone) == state) {
                continue;
            }
            setLimiterInZone(zone, zoneToNodeConditions.get(zone).size(), state);
            zoneStates.put(zone, state);
        }
    }

    /** ComputeZoneState: no Ready node, full disruption; more than 2 not ready and at least the threshold's share, partial. */
    private ZoneState computeZoneState(ZoneTally zone) {
        int ready = zone.ready;
        int notReady = zone.notReady;
        if (ready == 0 && notReady > 0) {
            return ZoneState.FULL_DISRUPTION;
        }
        // float32(notReady)/float32(notReady+ready) >= float32(0.55)
        if (notReady > 2 && (float) notReady / (float) (notReady + ready) >= (float) settings.unhealthyZoneThreshold()) {
            return ZoneState.PARTIAL_DISRUPTION;
        }
        return ZoneState.NORMAL;
    }

    private void setLimiterInZone(String zone, int zoneSize, ZoneState state) {
        TaintQueue queue = tainters.get(zone);
        switch (state) {
            case NORMAL, FULL_DISRUPTION -> queue.swapLimiter(settings.evictionQps(), now()); // HealthyQPSFunc
            case PARTIAL_DISRUPTION -> queue.swapLimiter(zoneSize > settings.largeClusterThreshold()
                    ? settings.secondaryEvictionQps() : 0, now()); // ReducedQPSFunc
            default -> { }
        }
        wakeTaintingPass();
    }

    private void addTainterForNewZone(String zone) {
        if (!zoneStates.containsKey(zone)) {
            zoneStates.put(zone, ZoneState.INITIAL);
            tainters.put(zone, new TaintQueue(settings.evictionQps()));
        }
    }

    /**
     * nodetopology.GetZoneKey: {@code <region>:\0:<zone>} from the beta failure-domain labels, else the
     * topology.kubernetes.io ones; empty when the node has neither.
     */
    static String zoneKey(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels == null) {
            return "";
        }
        String zone = labels.containsKey("failure-domain.beta.kubernetes.io/zone")
                ? labels.get("failure-domain.beta.kubernetes.io/zone") : labels.getOrDefault("topology.kubernetes.io/zone", "");
        String region = labels.containsKey("failure-domain.beta.kubernetes.io/region")
                ? labels.get("failure-domain.beta.kubernetes.io/region") : labels.getOrDefault("topology.kubernetes.io/region", "");
        if (region.isEmpty() && zone.isEmpty()) {
            return "";
        }
        return region + ":\u0000:" + zone;
    }

    // ---------------------------------------------------------------- doNoExecuteTaintingPass

    /** Wakes the tainting pass at the next poll instant where some zone's queue can act. */
    private void wakeTaintingPass() {
        Instant at = null;
        Instant now = now();
        for (TaintQueue queue : tainters.values()) {
            Instant ready = queue.readyAt();
            if (ready == null) {
                continue;
            }
            Instant poll = pollAtOrAfter(ready.isAfter(now) ? ready : now.plusNanos(1));
            if (at == null || poll.isBefore(at)) {
                at = poll;
            }
        }
        if (at == null || (nextPoll != null && !nextPollAt.isAfter(at))) {
            return; // the poll already due comes first, and wakes the next itself
        }
        if (nextPoll != null) {
            nextPoll.cancel();
        }
        nextPollAt = at;
        nextPoll = context.loop().schedule(at, "node-lifecycle-controller: NoExecute tainting pass", this::doNoExecuteTaintingPass);
    }

    /** The first poll instant (start + k x 100 ms) at or after {@code t}. */
    private Instant pollAtOrAfter(Instant t) {
        long period = settings.evictionPeriod().toNanos();
        long since = Duration.between(started, t).toNanos();
        long k = Math.max(0, (since + period - 1) / period);
        return started.plusNanos(k * period);
    }

    private void doNoExecuteTaintingPass() {
        nextPoll = null;
        nextPollAt = null;
        Instant now = now();
        for (TaintQueue queue : tainters.values()) {
            queue.tryAll(now, this::taint);
        }
        wakeTaintingPass();
    }

    /** The pass's action for one queued node: the taint its Ready condition asks for, the opposite one off. */
    private Duration taint(String name) {
        Node node = context.store().peek(Node.class, null, name);
        if (node == null) {
            return null; // done: no longer there
        }
        NodeCondition ready = condition(node, "Ready");
        if (ready == null) {
            return Duration.ofMillis(50); // retry in 50 ms
        }
        switch (ready.getStatus()) {
            case "False" -> swapNoExecuteTaint(name, NOT_READY, UNREACHABLE);
            case "Unknown" -> swapNoExecuteTaint(name, UNREACHABLE, NOT_READY);
            default -> { } // ready again: nothing to taint
        }
        return null;
    }

    /** SwapNodeControllerTaint: AddOrUpdateTaintOnNode (timeAdded now) in one write, RemoveTaintOffNode in the next when there. */
    private void swapNoExecuteTaint(String name, String add, String remove) {
        String now = Timestamps.format(now());
        try {
            Node node = context.store().peek(Node.class, null, name);
            Taint wanted = new TaintBuilder().withKey(add).withEffect("NoExecute").withTimeAdded(now).build();
            List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
            if (!current.contains(wanted)) {
                context.store().shared().edit(Node.class, null, name, n -> {
                    if (n.getSpec() == null) {
                        n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
                    }
                    List<Taint> taints = new ArrayList<>(n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
                    taints.removeIf(t -> add.equals(t.getKey()) && "NoExecute".equals(t.getEffect()));
                    taints.add(wanted);
                    n.getSpec().setTaints(taints);
                });
                onNodeTimeline(node, "taint " + add + ":NoExecute added by the node lifecycle controller");
            }
            removeNoExecuteTaint(name, remove);
        } catch (ApiException gone) {
            // the node went meanwhile
        }
    }

    private void removeNoExecuteTaint(String name, String key) {
        Node node = context.store().peek(Node.class, null, name);
        if (node == null || !hasTaint(node, key)) {
            return;
        }
        context.store().shared().edit(Node.class, null, name, n -> {
            List<Taint> kept = n.getSpec().getTaints().stream()
                    .filter(t -> !(key.equals(t.getKey()) && "NoExecute".equals(t.getEffect()))).toList();
            n.getSpec().setTaints(kept.isEmpty() ? null : new ArrayList<>(kept));
        });
        onNodeTimeline(node, "taint " + key + ":NoExecute removed by the node lifecycle controller");
    }

    /** What the controller did to a node, on the node's timeline (upstream records no event for its taints). */
    private void onNodeTimeline(Node node, String what) {
        context.timeline().record(null, Timeline.subject(node), new Fact.NodeAction(what));
    }

    private static boolean hasTaint(Node node, String key) {
        if (node.getSpec() == null || node.getSpec().getTaints() == null) {
            return false;
        }
        for (Taint t : node.getSpec().getTaints()) {
            if (key.equals(t.getKey()) && "NoExecute".equals(t.getEffect())) {
                return true;
            }
        }
        return false;
    }

    private static NodeCondition condition(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        for (NodeCondition c : node.getStatus().getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /**
     * RecordNodeEvent: {@code Node <node> event: <message>}. Only the API's event: a node's timeline
     * tells what happened to it, not that the controller took note of it.
     */
    private void recordNodeEvent(Node node, String type, String reason, String message) {
        context.events().record(node, null, type, reason, "Node " + node.getMetadata().getName() + " event: " + message,
                new dev.peapod.events.EventRecorder.Source(SOURCE, null));
    }

    /** For tests: the zone's state as the last monitor pass left it. */
    ZoneState zoneState(String zone) {
        return zoneStates.get(zone);
    }
}
