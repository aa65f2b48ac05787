package dev.peapod;

import dev.peapod.core.PeapodException;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Delete any kind in any namespace, with a grace period or by selector; set a pod's condition (issue #7 item 6). */
class DeleteAndStatusTest {
    private static final String PODS = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web-1, namespace: e2e, labels: {app: web}}
            spec:
              containers: [{name: app, image: nginx}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-2, namespace: e2e, labels: {app: web}}
            spec:
              containers: [{name: app, image: nginx}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: db, namespace: e2e, labels: {app: db}}
            spec:
              containers: [{name: app, image: postgres}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-3, labels: {app: web}}
            spec:
              containers: [{name: app, image: nginx}]
            """;

    @Test
    void deleteAllDeletesThePodsOfOneNamespaceThatMatchTheSelectorGracefully() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.useNamespace("e2e");
            cluster.useNamespace("default");
            cluster.applyYaml(PODS);
            cluster.container("e2e", "web-1", "app").ignoresSigterm();
            cluster.container("e2e", "web-2", "app").ignoresSigterm();
            // when
            java.util.List<Pod> deleted = cluster.deleteAll(Pod.class, "e2e", "app=web");
            // then: on their way out for the default 30 s, the others untouched
            assertThat(deleted).extracting(p -> p.getMetadata().getName()).containsExactly("web-1", "web-2");
            assertThat(cluster.pod("e2e", "web-1").getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:30Z");
            cluster.advance(Duration.ofSeconds(30));
            assertThat(names(cluster)).containsExactly("default/web-3", "e2e/db");
        }
    }

    @Test
    void aSelectorThatMatchesNothingDeletesNothing() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(PODS.replace("namespace: e2e", "namespace: default"));
            assertThat(cluster.deleteAll(Pod.class, "tier=cache")).isEmpty();
            assertThat(names(cluster)).hasSize(4);
        }
    }

    @Test
    void aShorterGracePeriodShortensTheOneRunning() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given: a pod that ignores SIGTERM, deleted with its default 30 s
            cluster.useNamespace("e2e");
            cluster.applyYaml(PODS);
            cluster.container("web-1", "app").ignoresSigterm();
            cluster.delete(Pod.class, "web-1");
            cluster.advance(Duration.ofSeconds(2));
            // when
            cluster.delete(Pod.class, "e2e", "web-1", Duration.ofSeconds(5));
            // then: counted from the first request. (That the kubelet then kills at 5 s is PodWorker's part of issue #7.)
            assertThat(cluster.pod("web-1").getMetadata().getDeletionTimestamp()).isEqualTo("2025-01-01T00:00:05Z");
            assertThat(cluster.pod("web-1").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(5L);
        }
    }

    @Test
    void anyKindCanBeDeletedInAnyNamespace() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.useNamespace("e2e");
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: settings}
                    """);
            cluster.useNamespace("default");
            // when
            cluster.delete(ConfigMap.class, "e2e", "settings", Duration.ZERO);
            // then
            assertThat(cluster.context().store().list(ConfigMap.class)).isEmpty();
            assertThatThrownBy(() -> cluster.delete(ConfigMap.class, "e2e", "settings"))
                    .isInstanceOf(ApiException.class).hasMessage("configmaps \"settings\" not found");
        }
    }

    @Test
    void aGracePeriodIsWholeSecondsZeroOrMore() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.delete(Pod.class, "default", "web", Duration.ofMillis(1500)))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("a grace period is a whole number of seconds, zero or more, but was 1.5s");
            assertThatThrownBy(() -> cluster.delete(Pod.class, "default", "web", Duration.ofSeconds(-1)))
                    .hasMessage("a grace period is a whole number of seconds, zero or more, but was -1s");
        }
    }

    @Test
    void setConditionWritesOneConditionPerTypeAndKeepsItsTransitionTimeWhileItsStatusStays() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.useNamespace("e2e");
            cluster.applyYaml(PODS);
            // when
            cluster.editPod("web-1").setCondition("example.com/feature-1", "False");
            cluster.advance(Duration.ofSeconds(10));
            cluster.editPod("e2e", "web-1").setCondition("example.com/feature-1", "False", "Waiting", "rollout paused");
            cluster.advance(Duration.ofSeconds(10));
            cluster.editPod("web-1").setCondition("example.com/feature-1", "True");
            // then
            assertThat(cluster.pod("web-1").getStatus().getConditions()).filteredOn(c -> c.getType().startsWith("example.com"))
                    .extracting(DeleteAndStatusTest::describe)
                    .containsExactly("example.com/feature-1=True null null @2025-01-01T00:00:20Z");
        }
    }

    @Test
    void setConditionKeepsTheTransitionTimeOfAnUnchangedStatus() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(PODS.replace("namespace: e2e", "namespace: default"));
            cluster.editPod("web-1").setCondition("example.com/feature-1", "False");
            cluster.advance(Duration.ofSeconds(10));
            cluster.editPod("web-1").setCondition("example.com/feature-1", "False", "Waiting", "rollout paused");
            assertThat(cluster.pod("web-1").getStatus().getConditions()).filteredOn(c -> c.getType().startsWith("example.com"))
                    .extracting(DeleteAndStatusTest::describe)
                    .containsExactly("example.com/feature-1=False Waiting rollout paused @2025-01-01T00:00:00Z");
            assertThatThrownBy(() -> cluster.editPod("web-1").setCondition("example.com/feature-1", "true"))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("condition status must be True, False or Unknown, but was \"true\"");
            assertThatThrownBy(() -> cluster.editPod("nope"))
                    .isInstanceOf(ApiException.class).hasMessage("pods \"nope\" not found");
        }
    }

    private static String describe(PodCondition c) {
        return c.getType() + "=" + c.getStatus() + " " + c.getReason() + " " + c.getMessage() + " @" + c.getLastTransitionTime();
    }

    private static java.util.List<String> names(FakeCluster cluster) {
        return cluster.pods().stream().map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList();
    }
}
