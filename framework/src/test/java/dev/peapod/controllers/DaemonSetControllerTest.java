package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** pkg/controller/daemon/daemon_controller.go: one pod per eligible node, its tolerations and affinity, status, events. */
class DaemonSetControllerTest {
    static final String DS = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  containers:
                  - name: agent
                    image: busybox:1.36
                    command: [sh, -c, sleep 3600]
            """;

    @Test
    void runsOnePodOnEveryNodeBoundThroughItsNodeAffinity() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0", "worker1")) {
            assertThat(cluster.applyYaml(DS).get(0).warnings()).isEmpty();
            cluster.settle();
            List<Pod> pods = cluster.pods();
            assertThat(pods).extracting(p -> p.getSpec().getNodeName()).containsExactlyInAnyOrder("worker0", "worker1");
            Pod pod = pods.stream().filter(p -> p.getSpec().getNodeName().equals("worker0")).findFirst().orElseThrow();
            assertThat(pod.getMetadata().getGenerateName()).isEqualTo("agent-");
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            ControllerRevision revision = cluster.context().store().list(ControllerRevision.class).get(0);
            String hash = revision.getMetadata().getLabels().get("controller-revision-hash");
            assertThat(revision.getMetadata().getName()).isEqualTo("agent-" + hash);
            assertThat(revision.getRevision()).isEqualTo(1L);
            assertThat(pod.getMetadata().getLabels()).containsExactly(
                    org.assertj.core.api.Assertions.entry("app", "agent"),
                    org.assertj.core.api.Assertions.entry("pod-template-generation", "1"),
                    org.assertj.core.api.Assertions.entry("controller-revision-hash", hash));
            assertThat(pod.getSpec().getTolerations()).extracting("key", "operator", "effect", "tolerationSeconds").containsExactly(
                    tuple("node.kubernetes.io/not-ready", "Exists", "NoExecute", null),
                    tuple("node.kubernetes.io/unreachable", "Exists", "NoExecute", null),
                    tuple("node.kubernetes.io/disk-pressure", "Exists", "NoSchedule", null),
                    tuple("node.kubernetes.io/memory-pressure", "Exists", "NoSchedule", null),
                    tuple("node.kubernetes.io/pid-pressure", "Exists", "NoSchedule", null),
                    tuple("node.kubernetes.io/unschedulable", "Exists", "NoSchedule", null));
            var terms = pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
            assertThat(terms).singleElement().satisfies(term -> {
                assertThat(term.getMatchExpressions()).isNullOrEmpty();
                assertThat(term.getMatchFields()).singleElement().satisfies(field -> {
                    assertThat(field.getKey()).isEqualTo("metadata.name");
                    assertThat(field.getOperator()).isEqualTo("In");
                    assertThat(field.getValues()).containsExactly("worker0");
                });
            });
            DaemonSet ds = cluster.context().store().require(DaemonSet.class, "default", "agent");
            assertThat(ds.getMetadata().getAnnotations()).containsEntry("deprecated.daemonset.template.generation", "1");
            var status = ds.getStatus();
            assertThat(List.of(status.getDesiredNumberScheduled(), status.getCurrentNumberScheduled(), status.getNumberReady(),
                    status.getNumberAvailable(), status.getUpdatedNumberScheduled(), status.getNumberMisscheduled(),
                    status.getNumberUnavailable())).containsExactly(2, 2, 2, 2, 2, 0, 0);
            assertThat(status.getObservedGeneration()).isEqualTo(1L);
            assertThat(cluster.eventsFor(ds)).extracting(Event::getReason, Event::getMessage).containsExactly(
                    tuple("SuccessfulCreate", "Created pod: " + nameOn(cluster, "worker0")),
                    tuple("SuccessfulCreate", "Created pod: " + nameOn(cluster, "worker1")));
            assertThat(cluster.eventsFor(ds)).allSatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo("daemonset-controller"));
        }
    }

    @Test
    void followsANodeAddedAtFiveMinutes() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(DS);
            cluster.advanceTo(Duration.ofMinutes(5));
            cluster.addNode(NodeSpec.named("worker1"));
            Pod pod = cluster.pods().stream().filter(p -> "worker1".equals(p.getSpec().getNodeName())).findFirst().orElseThrow();
            assertThat(Timestamps.parse(pod.getMetadata().getCreationTimestamp())).isEqualTo(cluster.now());
            assertThat(cluster.elapsed()).isEqualTo(Duration.ofMinutes(5));
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getRunning().getStartedAt())
                    .isEqualTo(pod.getMetadata().getCreationTimestamp());
        }
    }

    @Test
    void thePodGcRemovesThePodsOfADeletedNodeAfterItsQuarantine() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0", "worker1")) {
            cluster.applyYaml(DS);
            cluster.advanceTo(Duration.ofSeconds(310));
            String victim = nameOn(cluster, "worker1");
            List<Pod> lastWritten = new java.util.ArrayList<>();
            cluster.context().store().watch(Pod.class, dev.peapod.store.ListOptions.all(), null, e -> {
                if (e.object().getMetadata().getName().equals(victim)) {
                    lastWritten.add(e.object());
                }
            });
            cluster.delete(io.fabric8.kubernetes.api.model.Node.class, "worker1");
            // gcOrphaned sees the node missing at the pass at 00:05:20 and deletes its pods at the pass 40 s later
            cluster.advanceTo(Duration.ofSeconds(359));
            assertThat(cluster.findPod(victim)).isPresent();
            cluster.advanceTo(Duration.ofSeconds(360));
            assertThat(cluster.findPod(victim)).isEmpty();
            Pod failed = lastWritten.get(lastWritten.size() - 2);
            assertThat(failed.getStatus().getPhase()).isEqualTo("Failed");
            assertThat(failed.getStatus().getConditions()).filteredOn(c -> c.getType().equals("DisruptionTarget"))
                    .singleElement().satisfies(c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("DeletionByPodGC");
                        assertThat(c.getMessage()).isEqualTo("PodGC: node no longer exists");
                        assertThat(c.getLastTransitionTime()).isEqualTo(Timestamps.format(cluster.now()));
                    });
            assertThat(lastWritten.get(lastWritten.size() - 1).getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(0L);
            DaemonSet ds = cluster.context().store().require(DaemonSet.class, "default", "agent");
            assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(1);
            assertThat(ds.getStatus().getCurrentNumberScheduled()).isEqualTo(1);
            assertThat(cluster.pods()).extracting(p -> p.getSpec().getNodeName()).containsExactly("worker0");
        }
    }

    @Test
    void skipsNodesItsSelectorOrTolerationsExcludeButStaysOnACordonedNode() {
        try (FakeCluster cluster = FakeCluster.start(dev.peapod.ClusterSpec.empty()
                .node(NodeSpec.named("worker0").label("disk", "ssd"))
                .node(NodeSpec.named("worker1").label("disk", "ssd").taint("dedicated", "db", "NoSchedule"))
                .node(NodeSpec.named("worker2")))) {
            cluster.applyYaml(DS.replace("    spec:\n      containers:", "    spec:\n      nodeSelector: {disk: ssd}\n      containers:"));
            cluster.settle();
            assertThat(cluster.pods()).extracting(p -> p.getSpec().getNodeName()).containsExactly("worker0");
            cluster.editNode("worker0").cordon();
            cluster.advance(Duration.ofMinutes(1));
            assertThat(cluster.pods()).extracting(p -> p.getSpec().getNodeName()).containsExactly("worker0");
            DaemonSet ds = cluster.context().store().require(DaemonSet.class, "default", "agent");
            assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(1);
            cluster.editNode("worker2").label("disk", "ssd");
            cluster.settle();
            assertThat(cluster.pods()).extracting(p -> p.getSpec().getNodeName()).containsExactlyInAnyOrder("worker0", "worker2");
            cluster.editNode("worker0").unlabel("disk");
            cluster.advance(Duration.ofMinutes(1));
            assertThat(cluster.pods()).extracting(p -> p.getSpec().getNodeName()).containsExactly("worker2");
        }
    }

    static final String WEB_DS = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  containers:
                  - {name: agent, image: "nginx:1.25"}
            """;

    @Test
    void aRollingUpdateReplacesOneNodeAtATimeAndRecordsARevision() {
        try (FakeCluster cluster = FakeCluster.start(dev.peapod.ClusterSpec.empty().node(NodeSpec.named("worker0").images("nginx:1.25"))
                .node(NodeSpec.named("worker1").images("nginx:1.25")).node(NodeSpec.named("worker2").images("nginx:1.25")))) {
            cluster.image("nginx:1.26").pullTakes(Duration.ofSeconds(10));
            cluster.applyYaml(WEB_DS);
            cluster.settle();
            DaemonSet ds = cluster.context().store().require(DaemonSet.class, "default", "agent");
            int before = cluster.eventsFor(ds).size();
            cluster.applyYaml(WEB_DS.replace("nginx:1.25", "nginx:1.26"));
            // maxUnavailable 1: the old pod of worker0 goes, its replacement pulls for 10 s, then the next node
            assertThat(cluster.daemonSet("agent").rolloutStatus())
                    .isEqualTo("Waiting for daemon set \"agent\" rollout to finish: 1 out of 3 new pods have been updated...");
            assertThat(cluster.pods()).extracting(p -> p.getSpec().getNodeName() + " " + p.getSpec().getContainers().get(0).getImage())
                    .containsExactlyInAnyOrder("worker0 nginx:1.26", "worker1 nginx:1.25", "worker2 nginx:1.25");
            cluster.advance(Duration.ofSeconds(10));
            assertThat(cluster.daemonSet("agent").rolloutStatus())
                    .isEqualTo("Waiting for daemon set \"agent\" rollout to finish: 2 out of 3 new pods have been updated...");
            cluster.advance(Duration.ofSeconds(10));
            assertThat(cluster.daemonSet("agent").rolloutStatus())
                    .isEqualTo("Waiting for daemon set \"agent\" rollout to finish: 2 of 3 updated pods are available...");
            cluster.advance(Duration.ofSeconds(10));
            assertThat(cluster.daemonSet("agent").rolloutStatus()).isEqualTo("daemon set \"agent\" successfully rolled out");
            ds = cluster.context().store().require(DaemonSet.class, "default", "agent");
            List<Event> events = cluster.eventsFor(ds);
            assertThat(events.subList(before, events.size())).extracting(Event::getReason).containsExactly(
                    "SuccessfulDelete", "SuccessfulCreate", "SuccessfulDelete", "SuccessfulCreate", "SuccessfulDelete", "SuccessfulCreate");
            assertThat(cluster.pods()).hasSize(3).allSatisfy(p -> {
                assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.26");
                assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-generation", "2");
            });
            assertThat(ds.getMetadata().getAnnotations()).containsEntry("deprecated.daemonset.template.generation", "2");
            assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(3);
            assertThat(ds.getStatus().getObservedGeneration()).isEqualTo(2L);
            assertThat(cluster.context().store().list(ControllerRevision.class)).extracting(ControllerRevision::getRevision)
                    .containsExactlyInAnyOrder(1L, 2L);
        }
    }

    @Test
    void onDeleteReplacesOnlyThePodsThatAreDeleted() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0", "worker1")) {
            String onDelete = WEB_DS.replace("spec:\n  selector:", "spec:\n  updateStrategy: {type: OnDelete}\n  selector:");
            cluster.applyYaml(onDelete);
            cluster.settle();
            cluster.applyYaml(onDelete.replace("nginx:1.25", "nginx:1.26"));
            cluster.advance(Duration.ofMinutes(1));
            assertThat(cluster.pods()).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.25"));
            cluster.deletePod(nameOn(cluster, "worker1"));
            cluster.advance(Duration.ofMinutes(1));
            assertThat(cluster.context().store().peek(Pod.class, "default", nameOn(cluster, "worker1")).getSpec().getContainers().get(0).getImage())
                    .isEqualTo("nginx:1.26");
            DaemonSet ds = cluster.context().store().require(DaemonSet.class, "default", "agent");
            assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(1);
        }
    }

    @Test
    void withMaxSurgeTheNewPodRunsBesideTheOldOneUntilItIsAvailable() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0", "worker1")) {
            String surge = WEB_DS.replace("spec:\n  selector:",
                    "spec:\n  minReadySeconds: 10\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n  selector:");
            cluster.applyYaml(surge);
            cluster.advance(Duration.ofSeconds(30));
            cluster.applyYaml(surge.replace("nginx:1.25", "nginx:1.26"));
            assertThat(cluster.pods()).hasSize(3);
            assertThat(cluster.pods()).filteredOn(p -> p.getSpec().getNodeName().equals("worker0")).hasSize(2);
            // the new pod is ready at once and available 10 s later; updatePod looks again after
            // minReadySeconds + 1 s: then the old one goes and the next node surges
            cluster.advance(Duration.ofSeconds(10));
            assertThat(cluster.pods()).filteredOn(p -> p.getSpec().getNodeName().equals("worker0")).hasSize(2);
            cluster.advance(Duration.ofSeconds(1));
            assertThat(cluster.pods()).filteredOn(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .extracting(p -> p.getSpec().getNodeName() + " " + p.getSpec().getContainers().get(0).getImage())
                    .containsExactlyInAnyOrder("worker0 nginx:1.26", "worker1 nginx:1.25", "worker1 nginx:1.26");
            cluster.advance(Duration.ofSeconds(30));
            assertThat(cluster.pods()).extracting(p -> p.getSpec().getNodeName() + " " + p.getSpec().getContainers().get(0).getImage())
                    .containsExactlyInAnyOrder("worker0 nginx:1.26", "worker1 nginx:1.26");
        }
    }

    @Test
    void aFailedDaemonPodIsReplacedWithAFailedDaemonPodWarningAndThenBacksOff() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WEB_DS);
            cluster.settle();
            String first = nameOn(cluster, "worker0");
            cluster.editStatus(Pod.class, "default", first, p -> p.getStatus().setPhase("Failed"));
            cluster.settle();
            String second = nameOn(cluster, "worker0");
            assertThat(second).isNotEqualTo(first);
            DaemonSet ds = cluster.context().store().require(DaemonSet.class, "default", "agent");
            assertThat(cluster.eventsFor(ds)).extracting(Event::getType, Event::getReason, Event::getMessage).contains(
                    tuple("Warning", "FailedDaemonPod", "Found failed daemon pod default/" + first + " on node worker0, will try to kill it"),
                    tuple("Normal", "SuccessfulDelete", "Deleted pod: " + first),
                    tuple("Normal", "SuccessfulCreate", "Created pod: " + second));
            // the per-node back-off (1 s, doubling): a second failure within 1 s waits for it
            cluster.editStatus(Pod.class, "default", second, p -> p.getStatus().setPhase("Failed"));
            cluster.settle();
            assertThat(nameOn(cluster, "worker0")).isEqualTo(second);
            cluster.advance(Duration.ofSeconds(1));
            assertThat(nameOn(cluster, "worker0")).isNotEqualTo(second);
        }
    }

    @Test
    void reapplyingTheSameManifestChangesNothingAndKeepsTheTemplateGeneration() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WEB_DS);
            cluster.settle();
            assertThat(cluster.applyYaml(WEB_DS).get(0).action()).isEqualTo(dev.peapod.manifest.Applied.Action.UNCHANGED);
            cluster.applyYaml(WEB_DS.replace("metadata: {name: agent}", "metadata: {name: agent, labels: {team: infra}}"));
            DaemonSet ds = cluster.context().store().require(DaemonSet.class, "default", "agent");
            assertThat(ds.getMetadata().getAnnotations()).containsEntry("deprecated.daemonset.template.generation", "1");
            assertThat(cluster.applyYaml(WEB_DS).get(0).warnings()).isEmpty();
        }
    }

    static String nameOn(FakeCluster cluster, String node) {
        return cluster.pods().stream().filter(p -> node.equals(p.getSpec().getNodeName())).findFirst().orElseThrow().getMetadata().getName();
    }
}
