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

    enum ZoneState { INITIAL, NORMAL, FULL_DISRUPTION, PARTIAL_DISRUPTION }

    /** nodeHealthData: what the monitor last saw of a node, and when it last saw it change. */
    private static final class Health {
        Instant probeTimestamp;
        Instant readyTransitionTimestamp;
        /** The Ready condition of the status last seen (its heartbeat and transition times are what is compared). */
        NodeCondition savedReady;
        /** The renewTime of the Lease last seen; null: none seen. */
        Instant savedLeaseRenewTime;
    }

    private final ClusterContext context;
    private final Settings settings;
    private final ControllerEvents events;
    private Instant started;
    private final Map<String, Node> knownNodes = new LinkedHashMap<>();
    private final Map<String, Health> health = new HashMap<>();
    private final Set<String> nodesToRetry = new HashSet<>();
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
        if (!nodesToRetry.isEmpty() || nextPoll != null) {
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
            Lease lease = context.store().peek(Lease.class, "kube-node-lease", node.getMetadata().getName());
            if (lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null
                    || lease.getSpec().getRenewTime().toInstant().isBefore(fresh)) {
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
            Lease lease = context.store().peek(Lease.class, "kube-node-lease", node.getMetadata().getName());
            Instant renew = lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null
                    ? null : lease.getSpec().getRenewTime().toInstant();
            if (renew != null && !renew.isAfter(last) && (h.savedLeaseRenewTime == null || h.savedLeaseRenewTime.isBefore(renew))) {
                h.savedLeaseRenewTime = renew;
                h.probeTimestamp = firstPassAtOrAfter(renew, last); // the pass that saw the renewal
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

    private Instant now() {
        return context.clock().now();
    }

    // ---------------------------------------------------------------- monitorNodeHealth

    private void monitorNodeHealth() {
        List<Node> nodes = context.store().peekAll(Node.class, ListOptions.all());
        List<Node> added = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (Node node : nodes) {
            String name = node.getMetadata().getName();
            present.add(name);
            if (!knownNodes.containsKey(name)) {
                added.add(node);
            } else if (!zoneStates.containsKey(zoneKey(node))) {
                addTainterForNewZone(node); // newZoneRepresentatives
            }
        }
        for (Node node : added) {
            String name = node.getMetadata().getName();
            // Departure: upstream records RegisteredNode ("Node <n> event: Registered Node <n> in Controller") here.
            // Peapod leaves it out, so that a cluster's event list stays the story of what a spec did, not of its start.
            knownNodes.put(name, node);
            addTainterForNewZone(node);
            markNodeAsReachable(node);
        }
        if (knownNodes.size() != nodes.size()) {
            List<Node> deleted = knownNodes.values().stream().filter(n -> !present.contains(n.getMetadata().getName())).toList();
            for (Node node : deleted) {
                String name = node.getMetadata().getName();
                recordNodeEvent(node, "Normal", "RemovingNode", "Removing Node " + name + " from Controller");
                knownNodes.remove(name);
                nodesToRetry.remove(name);
            }
        }
        Map<String, List<NodeCondition>> zoneToNodeConditions = new TreeMap<>();
        for (Node stored : nodes) {
            Node node = stored;
            String name = node.getMetadata().getName();
            Update update = tryUpdateNodeHealth(node);
            if (update.written() != null) {
                node = update.written();
            }
            if (node.getMetadata().getLabels() == null || !node.getMetadata().getLabels().containsKey(EXCLUDE_DISRUPTION)) {
                zoneToNodeConditions.computeIfAbsent(zoneKey(node), z -> new ArrayList<>()).add(update.current());
            }
            NodeCondition current = update.current();
            if (current != null) {
                processTaintBaseEviction(node, update.observed());
                boolean needsRetry = nodesToRetry.contains(name);
                if (!"True".equals(current.getStatus()) && "True".equals(update.observed().getStatus())) {
                    // RecordNodeStatusChange: reported once, when the status changes
                    String message = "Node " + name + " status is now: NodeNotReady";
                    events.record(node, "Normal", "NodeNotReady", message);
                    markPodsNotReady(name);
                } else if (needsRetry && !"True".equals(update.observed().getStatus())) {
                    markPodsNotReady(name);
                }
            }
            nodesToRetry.remove(name);
        }
        handleDisruption(zoneToNodeConditions, nodes);
    }

    /** What tryUpdateNodeHealth saw and did: the Ready condition before and after, and the node it wrote, if it wrote. */
    private record Update(NodeCondition observed, NodeCondition current, Node written) {
    }

    /** tryUpdateNodeHealth: refreshes the probe timestamp from the status and the lease; past the grace period, conditions go Unknown. */
    private Update tryUpdateNodeHealth(Node node) {
        String name = node.getMetadata().getName();
        Health saved = health.get(name);
        NodeCondition currentReady = condition(node, "Ready");
        NodeCondition observed;
        Duration gracePeriod;
        if (currentReady == null) {
            Instant created = Timestamps.parse(node.getMetadata().getCreationTimestamp());
            // the kubelet never posted status: a fake Unknown from the creation time, and the startup grace period
            String c = node.getMetadata().getCreationTimestamp();
            observed = new NodeConditionBuilder().withType("Ready").withStatus("Unknown")
                    .withLastHeartbeatTime(c).withLastTransitionTime(c).build();
            gracePeriod = settings.startupGracePeriod();
            if (saved == null) {
                saved = new Health();
                saved.probeTimestamp = created;
                saved.readyTransitionTimestamp = created;
            }
            saved.savedReady = null;
        } else {
            observed = currentReady;
            gracePeriod = settings.gracePeriod();
        }
        NodeCondition savedReady = saved == null ? null : saved.savedReady;
        Instant savedLease = saved == null ? null : saved.savedLeaseRenewTime;
        Health before = saved;
        Instant now = now();
        if (saved == null) {
            saved = fresh(currentReady, now, now); // "Missing timestamp for Node. Assuming now as a timestamp"
        } else if (savedReady == null && currentReady != null) {
            saved = fresh(currentReady, now, now);
        } else if (savedReady != null && currentReady == null) {
            saved = fresh(null, now, now);
        } else if (savedReady != null && !Objects.equals(savedReady.getLastHeartbeatTime(), currentReady.getLastHeartbeatTime())) {
            Instant transition = Objects.equals(savedReady.getLastTransitionTime(), currentReady.getLastTransitionTime())
                    ? saved.readyTransitionTimestamp : now;
            saved = fresh(currentReady, now, transition);
        }
        saved.savedLeaseRenewTime = savedLease;
        // "Always update the probe time if node lease is renewed."
        Lease lease = context.store().peek(Lease.class, "kube-node-lease", name);
        Instant renewTime = lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null
                ? null : lease.getSpec().getRenewTime().toInstant();
        if (renewTime != null && (saved.savedLeaseRenewTime == null || saved.savedLeaseRenewTime.isBefore(renewTime))) {
            saved.savedLeaseRenewTime = renewTime;
            saved.probeTimestamp = now;
        }
        if (saved != before || !health.containsKey(name)) {
            health.put(name, saved);
        }
        if (!now.isAfter(saved.probeTimestamp.plus(gracePeriod))) {
            return new Update(observed, currentReady, null);
        }
        // no status nor lease for longer than the grace period: Unknown, whatever the status was
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
            return new Update(observed, currentReady, null);
        }
        Node written;
        try {
            written = context.store().editStatus(Node.class, null, name, n -> {
                if (n.getStatus() == null) {
                    n.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
                }
                n.getStatus().setConditions(conditions);
            });
        } catch (ApiException gone) {
            return new Update(observed, currentReady, null);
        }
        Health after = fresh(newReady, saved.probeTimestamp, now);
        after.savedLeaseRenewTime = renewTime;
        health.put(name, after);
        return new Update(observed, newReady, written);
    }

    private static Health fresh(NodeCondition ready, Instant probe, Instant transition) {
        Health h = new Health();
        h.savedReady = ready == null ? null : new NodeConditionBuilder(ready).build();
        h.probeTimestamp = probe;
        h.readyTransitionTimestamp = transition;
        return h;
    }

    /** processTaintBaseEviction: queue a NotReady or unreachable node for its NoExecute taint; a Ready one loses it. */
    private void processTaintBaseEviction(Node node, NodeCondition observed) {
        switch (observed.getStatus()) {
            case "False" -> {
                if (hasTaint(node, UNREACHABLE)) {
                    swapNoExecuteTaint(node.getMetadata().getName(), NOT_READY, UNREACHABLE); // at once
                } else {
                    markNodeForTainting(node, "False");
                }
            }
            case "Unknown" -> {
                if (hasTaint(node, NOT_READY)) {
                    swapNoExecuteTaint(node.getMetadata().getName(), UNREACHABLE, NOT_READY);
                } else {
                    markNodeForTainting(node, "Unknown");
                }
            }
            case "True" -> markNodeAsReachable(node);
            default -> { }
        }
    }

    private void markNodeForTainting(Node node, String status) {
        TaintQueue queue = tainters.get(zoneKey(node));
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

    /** markNodeAsReachable: both NoExecute taints off (RemoveTaintOffNode writes only when one is there), out of the queue. */
    private void markNodeAsReachable(Node node) {
        String name = node.getMetadata().getName();
        if (hasTaint(node, UNREACHABLE) || hasTaint(node, NOT_READY)) {
            removeNoExecuteTaint(name, UNREACHABLE);
            removeNoExecuteTaint(name, NOT_READY);
        }
        TaintQueue queue = tainters.get(zoneKey(node));
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
    private void handleDisruption(Map<String, List<NodeCondition>> zoneToNodeConditions, List<Node> nodes) {
        Map<String, ZoneState> newZoneStates = new TreeMap<>();
        boolean allAreFullyDisrupted = true;
        for (Map.Entry<String, List<NodeCondition>> zone : zoneToNodeConditions.entrySet()) {
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
    ZoneState computeZoneState(List<NodeCondition> readyConditions) {
        int ready = 0;
        int notReady = 0;
        for (NodeCondition c : readyConditions) {
            if (c != null && "True".equals(c.getStatus())) {
                ready++;
            } else {
                notReady++;
            }
        }
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

    private void addTainterForNewZone(Node node) {
        String zone = zoneKey(node);
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
