package dev.peapod.kubelet;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import dev.peapod.timeline.Fact;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kubelet's admission of pods bound with spec.nodeName (kubernetes: pkg/kubelet/lifecycle/predicate.go
 * Admit and generalFilter, pkg/scheduler/schedule_one.go AdmissionCheck, kubelet.go HandlePodAdditions
 * and rejectPod, v1.33).
 */
class KubeletAdmissionTest {
    private final FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1")
            .label("disk", "ssd")
            .taint("dedicated", "batch", "NoExecute")
            .taint("gpu", "yes", "NoSchedule")));

    @AfterEach
    void close() {
        cluster.close();
    }

    /** A pod bound to node-1 that tolerates the NoExecute taint, with the given extra spec lines. */
    private Pod apply(String name, String spec, String containerExtra) {
        Pod pod = Serialization.unmarshal("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  nodeName: node-1
                  tolerations: [{key: dedicated, operator: Exists, effect: NoExecute}]
                %s
                  containers:
                  - name: app
                    image: nginx:1.25
                %s
                """.formatted(name, spec.indent(2).stripTrailing(), containerExtra.indent(4).stripTrailing()), Pod.class);
        cluster.apply(pod);
        return cluster.pod(name);
    }

    private static String cpu(String request) {
        return "resources: {requests: {cpu: \"" + request + "\"}}";
    }

    private Event onlyEvent(String pod) {
        List<Event> events = cluster.eventsFor(cluster.pod(pod));
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Test
    void tooMuchCpuIsRejectedWithOutOfcpuInMillicores() {
        // when: 5 cpu on a 4-cpu node
        Pod pod = apply("big", "", cpu("5"));
        // then: exactly what rejectPod writes; the status manager adds startTime; nothing else
        PodStatus status = pod.getStatus();
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(status.getReason()).isEqualTo("OutOfcpu");
        assertThat(status.getMessage())
                .isEqualTo("Pod was rejected: Node didn't have enough resource: cpu, requested: 5000, used: 0, capacity: 4000");
        assertThat(status.getQosClass()).isEqualTo("Burstable");
        assertThat(status.getStartTime()).isEqualTo(pod.getMetadata().getCreationTimestamp());
        assertThat(status.getConditions()).isEmpty();
        assertThat(status.getContainerStatuses()).isEmpty();
        assertThat(status.getPodIP()).isNull();
        assertThat(status.getHostIP()).isNull();
        // and a Warning event with the raw message (errata B omission 8)
        Event event = onlyEvent("big");
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo("OutOfcpu");
        assertThat(event.getMessage()).isEqualTo("Node didn't have enough resource: cpu, requested: 5000, used: 0, capacity: 4000");
        assertThat(event.getSource().getComponent()).isEqualTo("kubelet");
    }

    @Test
    void noContainerEverStartsInARejectedPod() {
        // when
        apply("big", "", cpu("5"));
        cluster.advance(Duration.ofMinutes(5));
        // then
        assertThat(cluster.timeline().forPod("default", "big", Fact.ContainerStarted.class)).isEmpty();
        assertThat(cluster.pod("big").getStatus().getContainerStatuses()).isEmpty();
        assertThat(cluster.timeline().forPod("default", "big")).extracting(e -> e.text())
                .contains("OutOfcpu: Node didn't have enough resource: cpu, requested: 5000, used: 0, capacity: 4000",
                        "pod phase Failed");
    }

    @Test
    void theUsedAmountCountsTheRunningPodsRequests() {
        // given: 3 cpu taken by a running pod
        apply("first", "", cpu("3"));
        assertThat(cluster.pod("first").getStatus().getPhase()).isEqualTo("Running");
        // when: 1500m more
        Pod second = apply("second", "", cpu("1500m"));
        // then
        assertThat(second.getStatus().getMessage())
                .isEqualTo("Pod was rejected: Node didn't have enough resource: cpu, requested: 1500, used: 3000, capacity: 4000");
    }

    @Test
    void aPodFitsOnceTheOtherHasFinished() {
        // given: a pod of 3 cpu that exits after 10 s and is not restarted
        cluster.container("first", "app").exitsWith(0).after(Duration.ofSeconds(10));
        apply("first", "restartPolicy: Never", cpu("3"));
        cluster.advance(Duration.ofSeconds(20));
        assertThat(cluster.pod("first").getStatus().getPhase()).isEqualTo("Succeeded");
        // when: terminal pods do not count
        Pod second = apply("second", "", cpu("3"));
        // then
        assertThat(second.getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void tooMuchMemoryIsOutOfmemoryInBytes() {
        // when: 20Gi on a 16Gi node
        Pod pod = apply("big", "", "resources: {requests: {memory: 20Gi}}");
        // then
        assertThat(pod.getStatus().getReason()).isEqualTo("OutOfmemory");
        assertThat(pod.getStatus().getMessage()).isEqualTo("Pod was rejected: Node didn't have enough resource: memory, "
                + "requested: 21474836480, used: 0, capacity: 17179869184");
    }

    @Test
    void cpuIsReportedBeforeMemoryAsFitsChecksIt() {
        // when
        Pod pod = apply("big", "", "resources: {requests: {cpu: \"8\", memory: 20Gi}}");
        // then
        assertThat(pod.getStatus().getReason()).isEqualTo("OutOfcpu");
    }

    @Test
    void aNodeSelectorMismatchIsNodeAffinity() {
        // when
        Pod pod = apply("picky", "nodeSelector: {disk: hdd}", "");
        // then
        assertThat(pod.getStatus().getReason()).isEqualTo("NodeAffinity");
        assertThat(pod.getStatus().getMessage())
                .isEqualTo("Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector");
        assertThat(onlyEvent("picky").getMessage())
                .isEqualTo("Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector");
    }

    @Test
    void aMatchingNodeSelectorAndRequiredAffinityAreAdmitted() {
        // when
        Pod pod = apply("picky", """
                nodeSelector: {disk: ssd}
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                      - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [node-1]}]""", "");
        // then
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void aRequiredAffinityTermThatDoesNotMatchIsNodeAffinity() {
        // when
        Pod pod = apply("picky", """
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                      - matchFields: [{key: metadata.name, operator: In, values: [node-2]}]""", "");
        // then
        assertThat(pod.getStatus().getReason()).isEqualTo("NodeAffinity");
    }

    @Test
    void anUntoleratedNoExecuteTaintIsTaintTolerationButNoScheduleIsIgnored() {
        // when: no toleration at all; the node also has a NoSchedule taint the kubelet does not look at.
        // The taint-eviction controller deletes the pod at once too, as upstream's does: a finalizer
        // keeps the object so the kubelet's status can be read.
        Pod pod = Serialization.unmarshal("""
                apiVersion: v1
                kind: Pod
                metadata: {name: intruder, finalizers: [example.com/keep]}
                spec:
                  nodeName: node-1
                  containers: [{name: app, image: "nginx:1.25"}]
                """, Pod.class);
        cluster.apply(pod);
        // then
        PodStatus status = cluster.pod("intruder").getStatus();
        assertThat(status.getReason()).isEqualTo("TaintToleration");
        assertThat(status.getMessage())
                .isEqualTo("Pod was rejected: Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate");
    }

    @Test
    void aHostPortInUseIsNodePorts() {
        // given
        apply("first", "", "ports: [{containerPort: 80, hostPort: 8080}]");
        // when
        Pod second = apply("second", "", "ports: [{containerPort: 80, hostPort: 8080}]");
        // then
        assertThat(second.getStatus().getReason()).isEqualTo("NodePorts");
        assertThat(second.getStatus().getMessage())
                .isEqualTo("Pod was rejected: Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports");
    }

    @Test
    void aSidecarsHostPortCountsButARegularInitContainersDoesNot() {
        // given a pod whose sidecar holds 8080 and whose one-shot init container used 9090
        apply("first", """
                initContainers:
                - name: proxy
                  image: envoy:1.30
                  restartPolicy: Always
                  ports: [{containerPort: 80, hostPort: 8080}]
                - name: setup
                  image: busybox:1.36
                  ports: [{containerPort: 90, hostPort: 9090}]""", "");
        // when
        Pod wants9090 = apply("free", "", "ports: [{containerPort: 90, hostPort: 9090}]");
        Pod wants8080 = apply("taken", "", "ports: [{containerPort: 80, hostPort: 8080}]");
        // then (pkg/scheduler/util GetHostPorts, PR #132040 in release-1.33)
        assertThat(wants9090.getStatus().getReason()).isNull();
        assertThat(wants8080.getStatus().getReason()).isEqualTo("NodePorts");
    }

    @Test
    void resourcesAreCheckedBeforeTheNodeSelector() {
        // when: both fail; Admit reports the first of AdmissionCheck's order
        Pod pod = apply("both", "nodeSelector: {disk: hdd}", cpu("5"));
        // then
        assertThat(pod.getStatus().getReason()).isEqualTo("OutOfcpu");
    }

    @Test
    void kubectlShowsTheRejectionReason() {
        // when
        apply("big", "", cpu("5"));
        cluster.advance(Duration.ofSeconds(10));
        // then
        assertThat(cluster.podTable()).isEqualTo("""
                NAME   READY   STATUS     RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES
                big    0/1     OutOfcpu   0          10s   <none>   node-1   <none>           <none>
                """);
    }

    @Test
    void aRejectedPodIsDeletedAtOnceAsATerminalPod() {
        // given
        apply("big", "", cpu("5"));
        // when: the API server deletes a terminal pod without grace (pod strategy CheckGracefulDelete)
        cluster.deletePod("big");
        // then
        assertThat(cluster.findPod("big")).isEmpty();
    }

    @Test
    void tooManyPodsIsOutOfpods() {
        // given: a node for two pods
        try (FakeCluster small = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1").pods(2)))) {
            for (String name : List.of("a", "b", "c")) {
                small.apply(Serialization.unmarshal("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: %s}
                        spec:
                          nodeName: node-1
                          containers: [{name: app, image: "nginx:1.25"}]
                        """.formatted(name), Pod.class));
            }
            // then: a pod that requests nothing still counts against pods
            assertThat(small.pod("c").getStatus().getReason()).isEqualTo("OutOfpods");
            assertThat(small.pod("c").getStatus().getMessage())
                    .isEqualTo("Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2");
        }
    }

    @Test
    void anExtendedResourceTheNodeDoesNotHaveIsDroppedBeforeTheFitAsPredicateGoDoes() {
        // when: a manually bound pod asks for a dongle the node has none of (removeMissingExtendedResources' caveat)
        apply("dongle", "", "resources: {requests: {example.com/dongle: \"1\"}, limits: {example.com/dongle: \"1\"}}");
        cluster.advance(Duration.ofSeconds(5));
        // then: admitted, and it runs
        assertThat(cluster.pod("dongle").getStatus().getPhase()).isEqualTo("Running");
    }
}
