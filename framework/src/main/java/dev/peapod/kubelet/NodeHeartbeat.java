package dev.peapod.kubelet;

import dev.peapod.events.EventRecorder;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.Timestamps;
import dev.peapod.time.Ticker;
import dev.peapod.timeline.Fact;
import dev.peapod.timeline.Timeline;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The kubelet's two heartbeats, on the virtual clock:
 * <ul>
 *   <li>the node Lease (component-helpers/apimachinery/lease/controller.go, kubelet's nodelease
 *   wiring): {@code kube-node-lease/<node>}, holderIdentity the node, leaseDurationSeconds 40, owned
 *   by the Node; created at start and renewed every renewInterval, 0.25 x 40 s = 10 s
 *   (kubelet.go {@code nodeLeaseRenewIntervalFraction});</li>
 *   <li>the node status (pkg/kubelet/kubelet_node_status.go {@code syncNodeStatus} /
 *   {@code tryUpdateNodeStatus}): every nodeStatusUpdateFrequency (10 s) the conditions are computed
 *   from the Node as stored (nodestatus/setters.go: each condition's lastHeartbeatTime is now, its
 *   lastTransitionTime moves only when its status changes, and a change records the kubelet's
 *   {@code Node <node> status is now: <event>} event); the status is written only when it changed
 *   (ignoring heartbeat times, {@code nodeStatusHasChanged}) or when nodeStatusReportFrequency
 *   (5 min) has passed since the last write.</li>
 * </ul>
 * Both run on one ticker anchored at the kubelet's start, as upstream's two loops both start there.
 * Departure from upstream: no jitter (upstream's JitterUntil adds up to 4 %); drawing it from the
 * cluster's shared seeded Random would shift every later generated name and container id. Likewise
 * not modelled: recent kubelets' one-time delay of up to +-0.5 x nodeStatusReportFrequency before the
 * next report after a status change or a kubelet start (kubelet.go {@code delayAfterNodeStatusChange});
 * it moves only the conditions' lastHeartbeatTime (the Lease, renewed every 10 s, drives NotReady).
 * The registration's own status counts as the first report, so a healthy node's status is next
 * written 5 minutes later; watchers of Node see such a heartbeat-only write as no change.
 */
final class NodeHeartbeat {
    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final int LEASE_DURATION_SECONDS = 40;
    static final Duration RENEW_INTERVAL = Duration.ofSeconds(10);
    static final Duration STATUS_UPDATE_FREQUENCY = Duration.ofSeconds(10);
    static final Duration STATUS_REPORT_FREQUENCY = Duration.ofMinutes(5);

    /** The conditions the kubelet sets, in setter order (defaultNodeStatusFuncs), with their healthy values and events. */
    private record Healthy(String type, String status, String reason, String message, String event) {
    }

    private static final List<Healthy> HEALTHY = List.of(
            new Healthy("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available",
                    "NodeHasSufficientMemory"),
            new Healthy("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", "NodeHasNoDiskPressure"),
            new Healthy("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", "NodeHasSufficientPID"),
            new Healthy("Ready", "True", "KubeletReady", "kubelet is posting ready status", "NodeReady"));

    private final Kubelet kubelet;
    private final String nodeName;
    private ClusterContext context;
    private Ticker ticker;
    private Instant lastStatusReport;
    /**
     * registrationCompleted (kubelet_node_status.go registerWithAPIServer): a field of the kubelet
     * process. The running kubelet registers once; a started kubelet (a new process, also after a
     * reboot) registers again, creating its Node when it was deleted meanwhile.
     */
    private boolean registered;

    NodeHeartbeat(Kubelet kubelet, String nodeName) {
        this.kubelet = kubelet;
        this.nodeName = nodeName;
    }

    /** At registration: the Lease is created and the registered status counts as reported; ticks every 10 s from now. */
    void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        Instant now = context.clock().now();
        lastStatusReport = now;
        registered = true;
        renewLease(now);
        ticker = Ticker.startBackground(context.loop(), "heartbeat " + nodeName, now, RENEW_INTERVAL, this::tick);
        context.loop().addIdler(new dev.peapod.time.EventLoop.Idler() {
            @Override
            public boolean isQuiet() {
                return quiet();
            }

            @Override
            public void fastForward(Instant to) {
                catchUp(to);
            }
        });
    }

    /**
     * Quiet: a kubelet that reaches the API, with its Lease and a Node whose conditions are what it
     * posts; or one that does not (stopped, partitioned) once the controller has marked its node Unknown.
     */
    private boolean quiet() {
        Node node = context.store().peek(Node.class, null, nodeName);
        if (node == null) {
            return true;
        }
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        if (!kubelet.reachesApi() || ticker.isStopped()) {
            return conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "Unknown".equals(c.getStatus()));
        }
        return isHealthy(conditions) && context.store().peek(Lease.class, LEASE_NAMESPACE, nodeName) != null;
    }

    /** The fast-forward: the lease renewed at the last tick, the status reported at the last report instant, the ticker re-armed. */
    private void catchUp(Instant to) {
        if (ticker.isStopped()) {
            return;
        }
        Instant last = ticker.lastTickAtOrBefore(to).orElseThrow();
        if (kubelet.reachesApi() && context.store().peek(Node.class, null, nodeName) != null) {
            context.store().renewLease(LEASE_NAMESPACE, nodeName, microTime(last));
            long reports = Duration.between(lastStatusReport, last).dividedBy(STATUS_REPORT_FREQUENCY);
            if (reports > 0) {
                lastStatusReport = lastStatusReport.plus(STATUS_REPORT_FREQUENCY.multipliedBy(reports));
                String time = Timestamps.format(lastStatusReport);
                context.store().editStatus(Node.class, null, nodeName, n -> n.getStatus().getConditions().forEach(c -> {
                    if (HEALTHY.stream().anyMatch(h -> h.type().equals(c.getType()))) {
                        c.setLastHeartbeatTime(time);
                    }
                }));
            }
        }
        ticker.reset(last);
    }

    /** The kubelet process stopped (stopKubelet, the machine failed): no more heartbeats. */
    void stop() {
        if (ticker != null) {
            ticker.stop();
        }
    }

    /** The kubelet process starts again: both loops run at once and then every 10 s (their JitterUntil runs first, then waits). */
    void restart() {
        Instant now = context.clock().now();
        registered = false;
        tick();
        ticker.reset(now);
    }

    /** One turn of both loops; nothing reaches the API while the node is cut off from it. */
    void tick() {
        if (!kubelet.reachesApi()) {
            return;
        }
        Instant now = context.clock().now();
        if (!registered) {
            registered = true; // syncNodeStatus runs registerWithAPIServer first while registration is not completed
            if (kubelet.registerAgain()) {
                lastStatusReport = now; // the registered status counts as reported, as at the first registration
            }
        }
        renewLease(now);
        syncNodeStatus(now);
    }

    /** The lease controller's sync: renew the Lease (renewTime now), or create it if it is missing. */
    private void renewLease(Instant now) {
        Node node = context.store().peek(Node.class, null, nodeName);
        if (node == null) {
            return; // setNodeOwnerFunc needs the Node: upstream retries; the GC would remove an orphaned lease anyway
        }
        if (context.store().renewLease(LEASE_NAMESPACE, nodeName, microTime(now))) {
            return;
        }
        context.store().create(new LeaseBuilder()
                .withNewMetadata().withNamespace(LEASE_NAMESPACE).withName(nodeName)
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                            .withName(nodeName).withUid(node.getMetadata().getUid()).build())
                .endMetadata()
                .withNewSpec().withHolderIdentity(nodeName).withLeaseDurationSeconds(LEASE_DURATION_SECONDS)
                    .withRenewTime(microTime(now)).endSpec()
                .build());
    }

    /** A renewTime: the instant made and the metav1.MicroTime for it. */
    private record MicroTime(Instant at, ZonedDateTime time) {
    }

    /**
     * The last renewTime made, for the next renewal at the same instant: the kubelets renew together,
     * so their Leases share one (a ZonedDateTime never changes), and the controller reading them touches
     * one. A record of final fields, so a cluster on another thread sees it whole, or makes its own.
     */
    private static MicroTime lastMicroTime = new MicroTime(Instant.MIN, null);

    /** metav1.MicroTime: microseconds, UTC. */
    private static ZonedDateTime microTime(Instant now) {
        MicroTime last = lastMicroTime;
        if (!last.at().equals(now)) {
            last = new MicroTime(now, now.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC));
            lastMicroTime = last;
        }
        return last.time();
    }

    /**
     * tryUpdateNodeStatus: the conditions as the setters compute them from the stored Node; written when
     * they changed or the report frequency passed. A deleted Node is not registered again by the running
     * kubelet (it registers once, registrationCompleted) and gets no status; a restarted kubelet registers it again.
     */
    private void syncNodeStatus(Instant now) {
        Node node = context.store().peek(Node.class, null, nodeName);
        if (node == null || node.getStatus() == null) {
            return;
        }
        List<NodeCondition> current = node.getStatus().getConditions() == null ? List.of() : node.getStatus().getConditions();
        if (now.isBefore(lastStatusReport.plus(STATUS_REPORT_FREQUENCY)) && isHealthy(current)) {
            return; // nodeStatusHasChanged is false (heartbeat times aside) and the report is not due
        }
        String time = Timestamps.format(now);
        List<NodeCondition> updated = new ArrayList<>(current.size());
        current.forEach(c -> updated.add(new NodeConditionBuilder(c).build()));
        List<String> events = new ArrayList<>();
        boolean changed = false;
        for (Healthy healthy : HEALTHY) {
            NodeCondition condition = updated.stream().filter(c -> healthy.type().equals(c.getType())).findFirst().orElse(null);
            if (condition == null) {
                condition = new NodeConditionBuilder().withType(healthy.type()).build();
                updated.add(condition);
            }
            if (!healthy.status().equals(condition.getStatus())) {
                condition.setLastTransitionTime(time);
                events.add(healthy.event());
            }
            changed |= !healthy.status().equals(condition.getStatus()) || !healthy.reason().equals(condition.getReason())
                    || !healthy.message().equals(condition.getMessage());
            condition.setStatus(healthy.status());
            condition.setReason(healthy.reason());
            condition.setMessage(healthy.message());
            condition.setLastHeartbeatTime(time);
        }
        if (!changed && now.isBefore(lastStatusReport.plus(STATUS_REPORT_FREQUENCY))) {
            return;
        }
        context.store().shared().editStatus(Node.class, null, nodeName, n -> n.getStatus().setConditions(updated)); // nothing reads the result: no copy
        lastStatusReport = now;
        for (String event : events) {
            recordNodeStatusEvent(node, event);
        }
    }

    /** Whether the stored conditions are already what the setters give (heartbeat times aside): the common case, checked without copies. */
    private static boolean isHealthy(List<NodeCondition> conditions) {
        for (Healthy healthy : HEALTHY) {
            NodeCondition found = null;
            for (NodeCondition c : conditions) {
                if (healthy.type().equals(c.getType())) {
                    found = c;
                    break;
                }
            }
            if (found == null || !healthy.status().equals(found.getStatus()) || !healthy.reason().equals(found.getReason())
                    || !healthy.message().equals(found.getMessage())) {
                return false;
            }
        }
        return true;
    }

    /** recordNodeStatusEvent (kubelet_node_status.go): Normal, {@code Node <node> status is now: <event>}, source kubelet. */
    private void recordNodeStatusEvent(Node node, String event) {
        String message = "Node " + nodeName + " status is now: " + event;
        context.events().record(node, null, "Normal", event, message, EventRecorder.Source.kubelet(nodeName));
        context.timeline().record(null, Timeline.subject(node), new Fact.EventRecorded("", "Normal", event, message));
    }

}
