package dev.peapod.controllers;

import dev.peapod.DeploymentView;
import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * pkg/controller/deployment (sync.go, rolling.go, recreate.go, progress.go, util/deployment_util.go):
 * ReplicaSets per template, rolling and recreate rollouts, proportional scaling, history, pause,
 * rollback, the conditions and the ScalingReplicaSet events with upstream's texts.
 */
class DeploymentControllerTest {
    /** Pods become ready 10 s after they start (the probe's initial delay), which spreads the rollout's steps. */
    static final String WEB = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 4
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
                    readinessProbe:
                      exec: {command: ["true"]}
                      initialDelaySeconds: 10
                      periodSeconds: 5
            """;

    private static String web(String replicasLine) {
        return WEB.replace("  replicas: 4", replicasLine);
    }

    private static List<String> scalingEvents(FakeCluster cluster) {
        return cluster.timeline().forPod("default", "deployment.apps/web", dev.peapod.timeline.Fact.EventRecorded.class).stream()
                .map(e -> String.format("%s %s", fmt(e.sinceStart()), ((dev.peapod.timeline.Fact.EventRecorded) e.fact()).message()))
                .toList();
    }

    private static String fmt(Duration d) {
        long s = d.getSeconds();
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private static Map<String, String> condition(Deployment d, String type) {
        DeploymentCondition c = DeploymentUtil.condition(d.getStatus(), type).orElseThrow();
        return Map.of("status", c.getStatus(), "reason", c.getReason(), "message", c.getMessage(),
                "lastUpdateTime", c.getLastUpdateTime(), "lastTransitionTime", c.getLastTransitionTime());
    }

    @Test
    void rollingUpdateOfFourReplicasWith25PercentGoesThroughUpstreamsSizes() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: 4 replicas, maxSurge 25% (rounds up to 1), maxUnavailable 25% (rounds down to 1), all ready
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofSeconds(30));
            DeploymentView web = cluster.deployment("web");
            String old = web.replicaSets().get(0).getMetadata().getName();

            // when: a new image
            web.setImage("app", "nginx:1.26");
            cluster.advance(Duration.ofMinutes(1));

            // then: surge 1 new, drop 1 old (4+1-3-1 = 1), fill the surge, then two steps as new pods become available
            String next = web.replicaSets().get(1).getMetadata().getName();
            assertThat(web.replicaSetSizes()).extracting(Object::toString).containsExactly(
                    "00:00:00  4", "00:00:30  4/1", "00:00:30  3/1", "00:00:30  3/2",
                    "00:00:40  1/2", "00:00:40  1/4", "00:00:50  0/4");
            assertThat(scalingEvents(cluster)).containsExactly(
                    "00:00:00 Scaled up replica set " + old + " from 0 to 4",
                    "00:00:30 Scaled up replica set " + next + " from 0 to 1",
                    "00:00:30 Scaled down replica set " + old + " from 4 to 3",
                    "00:00:30 Scaled up replica set " + next + " from 1 to 2",
                    "00:00:40 Scaled down replica set " + old + " from 3 to 1",
                    "00:00:40 Scaled up replica set " + next + " from 2 to 4",
                    "00:00:50 Scaled down replica set " + old + " from 1 to 0");
            assertThat(cluster.eventsFor(web.get())).allSatisfy(e -> {
                assertThat(e.getReason()).isEqualTo("ScalingReplicaSet");
                assertThat(e.getSource().getComponent()).isEqualTo("deployment-controller");
            });
            Deployment d = web.get();
            assertThat(d.getStatus().getReplicas()).isEqualTo(4);
            assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(4);
            assertThat(d.getStatus().getReadyReplicas()).isEqualTo(4);
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(4);
            assertThat(d.getStatus().getUnavailableReplicas()).isEqualTo(0);
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(2L);
            assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
            assertThat(condition(d, "Progressing")).isEqualTo(Map.of("status", "True", "reason", "NewReplicaSetAvailable",
                    "message", "ReplicaSet \"" + next + "\" has successfully progressed.",
                    "lastUpdateTime", "2025-01-01T00:00:50Z", "lastTransitionTime", "2025-01-01T00:00:00Z"));
            assertThat(condition(d, "Available")).isEqualTo(Map.of("status", "True", "reason", "MinimumReplicasAvailable",
                    "message", "Deployment has minimum availability.",
                    "lastUpdateTime", "2025-01-01T00:00:10Z", "lastTransitionTime", "2025-01-01T00:00:10Z"));
            assertThat(web.rolloutStatus()).isEqualTo("deployment \"web\" successfully rolled out");
        }
    }

    @Test
    void theReplicaSetIsNamedByThePodTemplateHashAndCarriesItsLabelAndAnnotations() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WEB);
            cluster.settle();
            ReplicaSet rs = cluster.deployment("web").replicaSets().get(0);
            Deployment d = cluster.deployment("web").get();
            String hash = DeploymentUtil.podTemplateHash(d.getSpec().getTemplate(), null);
            assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
            assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
            assertThat(rs.getMetadata().getLabels()).isEqualTo(Map.of("app", "web", "pod-template-hash", hash));
            assertThat(rs.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "web", "pod-template-hash", hash));
            assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(Map.of("app", "web", "pod-template-hash", hash));
            assertThat(rs.getMetadata().getAnnotations()).isEqualTo(Map.of("deployment.kubernetes.io/revision", "1",
                    "deployment.kubernetes.io/desired-replicas", "4", "deployment.kubernetes.io/max-replicas", "5"));
            assertThat(rs.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                assertThat(ref.getKind()).isEqualTo("Deployment");
                assertThat(ref.getName()).isEqualTo("web");
                assertThat(ref.getController()).isTrue();
            });
            assertThat(cluster.pods()).hasSize(4).allSatisfy(pod -> {
                assertThat(pod.getMetadata().getName()).startsWith("web-" + hash + "-");
                assertThat(pod.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
            });
            // NewReplicaSetCreated lasts until the ReplicaSet reports its pods, which counts as progress
            assertThat(condition(d, "Progressing")).containsEntry("reason", "ReplicaSetUpdated")
                    .containsEntry("message", "ReplicaSet \"web-" + hash + "\" is progressing.");
            assertThat(condition(d, "Available")).containsEntry("status", "False").containsEntry("reason", "MinimumReplicasUnavailable")
                    .containsEntry("message", "Deployment does not have minimum availability.");
            assertThat(cluster.deployment("web").rolloutStatus())
                    .isEqualTo("Waiting for deployment \"web\" rollout to finish: 0 of 4 updated replicas are available...");
            assertThat(cluster.deployment("web").row().ready()).isEqualTo("0/4");
        }
    }

    @Test
    void thePodTemplateHashIsStableAndMovesWithTheCollisionCount() {
        var template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web")
                .addToLabels("tier", "front").endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx")
                .endContainer().endSpec().build();
        var reordered = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(template).editMetadata()
                .withLabels(new java.util.LinkedHashMap<>(Map.of("tier", "front", "app", "web"))).endMetadata().build();
        String hash = DeploymentUtil.podTemplateHash(template, null);
        assertThat(DeploymentUtil.podTemplateHash(reordered, null)).isEqualTo(hash);
        assertThat(DeploymentUtil.podTemplateHash(template, 1)).isNotEqualTo(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
    }

    @Test
    void fencepostsRoundSurgeUpAndUnavailableDown() {
        IntOrString quarter = new IntOrString("25%");
        assertThat(DeploymentUtil.resolveFenceposts(quarter, quarter, 1)).containsExactly(1, 0);
        assertThat(DeploymentUtil.resolveFenceposts(quarter, quarter, 3)).containsExactly(1, 0);
        assertThat(DeploymentUtil.resolveFenceposts(quarter, quarter, 4)).containsExactly(1, 1);
        assertThat(DeploymentUtil.resolveFenceposts(quarter, quarter, 10)).containsExactly(3, 2);
        assertThat(DeploymentUtil.resolveFenceposts(new IntOrString("0%"), new IntOrString("10%"), 5)).containsExactly(0, 1);
        assertThat(DeploymentUtil.roundToInt(2.5)).isEqualTo(3);
        assertThat(DeploymentUtil.roundToInt(-2.5)).isEqualTo(-3);
    }

    @Test
    void recreateScalesTheOldReplicaSetToZeroBeforeTheNewOne() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(web("  replicas: 2\n  strategy: {type: Recreate}"));
            cluster.advance(Duration.ofSeconds(30));
            DeploymentView web = cluster.deployment("web");
            web.setImage("app", "nginx:1.26");
            cluster.advance(Duration.ofMinutes(1));
            assertThat(web.replicaSetSizes()).extracting(Object::toString)
                    .containsExactly("00:00:00  2", "00:00:30  0", "00:00:30  0/2");
            assertThat(web.replicaSets()).extracting(rs -> rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/max-replicas"))
                    .containsExactly("2", "2");
            assertThat(web.rolloutStatus()).isEqualTo("deployment \"web\" successfully rolled out");
        }
    }

    @Test
    void recreateWaitsUntilTheOldPodsAreGone() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: old pods take 20 s to stop (a preStop hook sleeps)
            cluster.applyYaml(web("  replicas: 2\n  strategy: {type: Recreate}").replace("        readinessProbe:",
                    "        lifecycle: {preStop: {exec: {command: [sh, -c, sleep 20]}}}\n        readinessProbe:"));
            cluster.advance(Duration.ofSeconds(30));
            DeploymentView web = cluster.deployment("web");
            // when
            web.setImage("app", "nginx:1.26");
            cluster.advance(Duration.ofSeconds(19));
            // then: scaled to 0 at once, but no new ReplicaSet while the old pods terminate (oldPodsRunning)
            assertThat(web.replicaSets()).hasSize(1);
            assertThat(web.rolloutStatus()).isEqualTo("Waiting for deployment \"web\" rollout to finish: 0 out of 2 new replicas have been updated...");
            cluster.advance(Duration.ofMinutes(1));
            assertThat(web.replicaSetSizes()).extracting(Object::toString)
                    .containsExactly("00:00:00  2", "00:00:30  0", "00:00:50  0/2");
        }
    }

    @Test
    void scalingDuringARolloutIsProportional() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given: the e2e case, 10 replicas with surge 3 and unavailable 2, stuck at 8 old and 5 new
            cluster.applyYaml(web("  replicas: 10\n  strategy: {rollingUpdate: {maxSurge: 3, maxUnavailable: 2}}"));
            cluster.advance(Duration.ofSeconds(30));
            cluster.imageCannotBePulled("nginx:broken");
            DeploymentView web = cluster.deployment("web");
            web.setImage("app", "nginx:broken");
            cluster.advance(Duration.ofSeconds(30));
            assertThat(web.replicaSetSizes().get(web.replicaSetSizes().size() - 1).sizes()).containsExactly(8, 5);

            // when
            web.scale(30);

            // then: 33 allowed, 20 to add: 8*33/13 = 20.3 -> 20, 5*33/13 = 12.7 -> 13
            String old = web.replicaSets().get(0).getMetadata().getName();
            String next = web.replicaSets().get(1).getMetadata().getName();
            List<String> events = scalingEvents(cluster);
            assertThat(events.subList(events.size() - 2, events.size())).containsExactly(
                    "00:01:00 Scaled up replica set " + old + " from 8 to 20",
                    "00:01:00 Scaled up replica set " + next + " from 5 to 13");
            assertThat(web.replicaSets()).allSatisfy(rs -> assertThat(rs.getMetadata().getAnnotations())
                    .containsEntry("deployment.kubernetes.io/desired-replicas", "30")
                    .containsEntry("deployment.kubernetes.io/max-replicas", "33"));
        }
    }

    @Test
    void aRolloutWithoutProgressExceedsItsDeadlineOneSecondAfterIt() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(web("  replicas: 2\n  progressDeadlineSeconds: 60"));
            cluster.advance(Duration.ofSeconds(30));
            cluster.imageCannotBePulled("nginx:broken");
            DeploymentView web = cluster.deployment("web");
            web.setImage("app", "nginx:broken");
            cluster.advanceTo(Duration.ofSeconds(90));
            assertThat(condition(web.get(), "Progressing")).containsEntry("status", "True");
            cluster.advanceTo(Duration.ofSeconds(91));
            String next = web.replicaSets().get(1).getMetadata().getName();
            // requeueStuckDeployment: lastUpdateTime 00:00:30 + 60 s + 1 s; DeploymentTimedOut needs strictly after
            assertThat(condition(web.get(), "Progressing")).isEqualTo(Map.of("status", "False", "reason", "ProgressDeadlineExceeded",
                    "message", "ReplicaSet \"" + next + "\" has timed out progressing.",
                    "lastUpdateTime", "2025-01-01T00:01:31Z", "lastTransitionTime", "2025-01-01T00:01:31Z"));
            assertThat(web.rolloutStatus()).isEqualTo("error: deployment \"web\" exceeded its progress deadline");
        }
    }

    @Test
    void aPausedDeploymentScalesButDoesNotRollOutUntilResumed() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(web("  replicas: 2"));
            cluster.advance(Duration.ofSeconds(30));
            DeploymentView web = cluster.deployment("web");
            web.pause();
            web.setImage("app", "nginx:1.26");
            cluster.advance(Duration.ofSeconds(30));
            assertThat(web.replicaSets()).hasSize(1);
            assertThat(condition(web.get(), "Progressing")).isEqualTo(Map.of("status", "Unknown", "reason", "DeploymentPaused",
                    "message", "Deployment is paused", "lastUpdateTime", "2025-01-01T00:00:30Z",
                    "lastTransitionTime", "2025-01-01T00:00:30Z"));
            assertThatThrownBy(web::rollback).isInstanceOf(PeapodException.class).hasMessage(
                    "kubectl rollout undo deployment/web: error: no rollout history found for deployment \"web\"");
            web.scale(3);
            assertThat(web.replicaSetSizes()).extracting(Object::toString).containsExactly("00:00:00  2", "00:01:00  3");

            web.resume();
            // Unknown DeploymentPaused gives way to True: a transition at the resume
            assertThat(condition(web.get(), "Progressing")).containsEntry("reason", "ReplicaSetUpdated")
                    .containsEntry("lastTransitionTime", "2025-01-01T00:01:00Z");
            cluster.advance(Duration.ofMinutes(1));
            assertThat(web.replicaSets()).hasSize(2);
            assertThat(web.rolloutStatus()).isEqualTo("deployment \"web\" successfully rolled out");
        }
    }

    @Test
    void rollbackReusesThePreviousReplicaSetWithANewRevisionAndOldOnesBeyondTheLimitAreDeleted() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(web("  replicas: 2\n  revisionHistoryLimit: 1"));
            cluster.advance(Duration.ofSeconds(30));
            DeploymentView web = cluster.deployment("web");
            String first = web.replicaSets().get(0).getMetadata().getName();
            web.setImage("app", "nginx:1.26");
            cluster.advance(Duration.ofMinutes(1));
            String second = web.replicaSets().get(1).getMetadata().getName();
            web.setImage("app", "nginx:1.27");
            cluster.advance(Duration.ofMinutes(1));

            // then: revision 1 was deleted once scaled to 0 and more than 1 old ReplicaSet existed
            assertThat(web.replicaSets()).extracting(rs -> rs.getMetadata().getName()).doesNotContain(first).hasSize(2);

            // when
            assertThat(web.rollback()).isEqualTo("deployment.apps/web rolled back");
            cluster.advance(Duration.ofMinutes(1));

            // then: the revision-2 ReplicaSet serves again as revision 4
            ReplicaSet back = web.replicaSets().stream().filter(rs -> rs.getMetadata().getName().equals(second)).findFirst().orElseThrow();
            assertThat(back.getSpec().getReplicas()).isEqualTo(2);
            assertThat(back.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "4")
                    .containsEntry("deployment.kubernetes.io/revision-history", "2");
            assertThat(web.get().getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "4");
            assertThat(web.get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.26");
            assertThat(web.rollbackTo(4)).isEqualTo("deployment.apps/web skipped rollback (current template already matches revision 4)");
            assertThatThrownBy(() -> web.rollbackTo(1)).isInstanceOf(PeapodException.class)
                    .hasMessage("kubectl rollout undo deployment/web: error: unable to find specified revision 1 in history");
            assertThat(cluster.events()).extracting(Event::getReason).doesNotContain("DeploymentRollback");
        }
    }

    @Test
    void setImageOfAnUnknownContainerFailsAsKubectlDoes() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WEB);
            assertThatThrownBy(() -> cluster.deployment("web").setImage("sidecar", "x")).isInstanceOf(PeapodException.class)
                    .hasMessage("kubectl set image deployment/web: error: unable to find container named \"sidecar\"");
        }
    }

    @Test
    void theRowReadsAsKubectlGetDeployments() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofSeconds(30));
            assertThat(cluster.deployment("web").row()).isEqualTo(new dev.peapod.printers.DeploymentRow("web", "4/4", "4", "4", "30s"));
            assertThat(dev.peapod.printers.DeploymentPrinter.table(List.of(cluster.deployment("web").get()), cluster.now()))
                    .isEqualTo("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    4/4     4            4           30s\n");
        }
    }

    @Test
    void rolloutStatusCountsOldReplicasPendingTermination() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofSeconds(30));
            cluster.deployment("web").setImage("app", "nginx:1.26");
            assertThat(cluster.deployment("web").rolloutStatus())
                    .isEqualTo("Waiting for deployment \"web\" rollout to finish: 2 out of 4 new replicas have been updated...");
            cluster.advance(Duration.ofSeconds(10));
            assertThat(cluster.deployment("web").rolloutStatus())
                    .isEqualTo("Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...");
        }
    }
}
