package dev.peapod;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** kubectl drain --ignore-daemonsets --delete-emptydir-data --force (--disable-eviction): kubectl/pkg/drain, v1.33. */
class NodeDrainTest {
    static final String AGENT = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  containers:
                  - {name: app, image: nginx:1.25}
            """;
    static final String WEB = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  volumes: [{name: scratch, emptyDir: {}}]
                  containers:
                  - name: app
                    image: nginx:1.25
                    volumeMounts: [{name: scratch, mountPath: /scratch}]
            """;

    static String barePod(String name, String command) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  nodeName: worker-1
                  restartPolicy: Never
                  containers:
                  - {name: app, image: "busybox:1.36", command: [sh, -c, '%s']}
                """.formatted(name, command);
    }

    private static List<String> podsOn(FakeCluster cluster, String node) {
        return cluster.pods().stream().filter(p -> node.equals(p.getSpec().getNodeName())).map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void drainCordonsThenDeletesAllButTheDaemonSetsPodsAndTheReplacementGoesElsewhere() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1", "worker-2")) {
            cluster.editNode("worker-2").cordon();
            cluster.applyYaml(AGENT);
            cluster.applyYaml(WEB);
            cluster.applyYaml(barePod("bare", "sleep 3600"));
            cluster.applyYaml(barePod("done", "exit 0"));
            cluster.editNode("worker-2").uncordon();
            cluster.advanceTo(Duration.ofSeconds(30));
            String agent = podsOn(cluster, "worker-1").stream().filter(n -> n.startsWith("agent-")).findFirst().orElseThrow();
            String web = podsOn(cluster, "worker-1").stream().filter(n -> n.startsWith("web-")).findFirst().orElseThrow();
            // when
            NodeDrain drain = cluster.editNode("worker-1").drain();
            // then
            assertThat(drain.node()).isEqualTo("worker-1");
            assertThat(drain.alreadyCordoned()).isFalse();
            assertThat(drain.deleted()).containsExactly("default/bare", "default/done", "default/" + web);
            assertThat(drain.skipped()).containsExactly("default/" + agent);
            assertThat(drain.warning()).isEqualTo("ignoring DaemonSet-managed Pods: default/" + agent
                    + "; deleting Pods that declare no controller: default/bare");
            assertThat(cluster.node("worker-1").getSpec().getUnschedulable()).isTrue();
            Pod replacement = cluster.pods().stream().filter(p -> p.getMetadata().getName().startsWith("web-")
                    && !p.getMetadata().getName().equals(web)).findFirst().orElseThrow();
            assertThat(replacement.getSpec().getNodeName()).isEqualTo("worker-2");
            cluster.advanceTo(Duration.ofMinutes(2));
            // the shell ignores SIGTERM: bare goes at the end of its 30 s grace period; it is never recreated
            assertThat(podsOn(cluster, "worker-1")).containsExactly(agent);
            assertThat(cluster.findPod("bare")).isEmpty();
            assertThat(cluster.pod(replacement.getMetadata().getName()).getStatus().getPhase()).isEqualTo("Running");
        }
    }

    @Test
    void aSecondDrainFindsTheNodeCordonedAndNothingToDelete() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker-1")) {
            cluster.applyYaml(AGENT);
            cluster.editNode("worker-1").drain();
            // when
            NodeDrain again = cluster.editNode("worker-1").drain();
            // then
            assertThat(again.alreadyCordoned()).isTrue();
            assertThat(again.deleted()).isEmpty();
            assertThat(again.skipped()).hasSize(1);
            assertThat(again.warning()).startsWith("ignoring DaemonSet-managed Pods: default/agent-");
        }
    }
}
