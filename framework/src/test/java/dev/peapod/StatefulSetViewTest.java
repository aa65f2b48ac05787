package dev.peapod;

import dev.peapod.printers.StatefulSetPrinter;
import dev.peapod.printers.StatefulSetRow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** cluster.statefulSet(name), kubectl's columns and rollout status, and assertThat(cluster).statefulSet(name). */
class StatefulSetViewTest {
    static final String STS = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: web}
            spec:
              serviceName: web
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.25
                    readinessProbe:
                      httpGet: {path: /, port: 80}
                      initialDelaySeconds: 10
                      periodSeconds: 5
                    volumeMounts:
                    - {name: www, mountPath: /data}
              volumeClaimTemplates:
              - metadata: {name: www}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
            """;

    @Test
    void theViewShowsTheSetAsKubectlDoes() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(STS);
            StatefulSetView web = cluster.statefulSet("web");
            cluster.advance(Duration.ofSeconds(15));
            org.assertj.core.api.Assertions.assertThat(web.row()).isEqualTo(new StatefulSetRow("web", "1/3", "15s", "nginx", "nginx:1.25"));
            org.assertj.core.api.Assertions.assertThat(web.rolloutStatus()).isEqualTo("Waiting for 2 pods to be ready...\n");
            assertThat(cluster).statefulSet("web").reachesReadyReplicas(3).within(ofMinutes(1));
            org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(Duration.ofSeconds(30));
            org.assertj.core.api.Assertions.assertThat(web.rolloutStatus()).isEqualTo("partitioned roll out complete: 3 new pods have been updated...\n");
            org.assertj.core.api.Assertions.assertThat(StatefulSetPrinter.table(List.of(web.get()), cluster.now(), false))
                    .isEqualTo("NAME   READY   AGE\nweb    3/3     30s\n");
            assertThat(cluster).statefulSet("web").hasPods("web-0", "web-1", "web-2").showsReady("3/3");
            org.assertj.core.api.Assertions.assertThat(web.claims()).extracting(c -> c.getMetadata().getName())
                    .containsExactly("www-web-0", "www-web-1", "www-web-2");
        }
    }

    @Test
    void scaleAndSetImageRollTheSet() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(STS);
            StatefulSetView web = cluster.statefulSet("web");
            assertThat(cluster).statefulSet("web").reachesReadyReplicas(3).within(ofMinutes(1));
            web.scale(4);
            assertThat(cluster).statefulSet("web").reachesReadyReplicas(4).within(ofMinutes(1)).hasPods("web-0", "web-1", "web-2", "web-3");
            web.setImage("nginx", "nginx:1.26");
            assertThat(cluster).statefulSet("web").rolloutCompletes().within(ofMinutes(5));
            org.assertj.core.api.Assertions.assertThat(web.pods()).extracting(p -> p.getSpec().getContainers().get(0).getImage())
                    .containsOnly("nginx:1.26");
            assertThatThrownBy(() -> web.setImage("app", "x")).hasMessage(
                    "unable to find container named \"app\" in statefulset web: name one of [nginx]");
        }
    }

    @Test
    void aPodKeepsItsNameAndVolumeAfterItIsDeleted() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(STS);
            assertThat(cluster).statefulSet("web").reachesReadyReplicas(3).within(ofMinutes(1));
            cluster.inContainer("web-0", "nginx").exec("sh", "-c", "echo kept > /data/note");
            assertThat(cluster).statefulSet("web").keepsNameAndVolumesOfPodAfterDeletion("web-0").within(ofMinutes(2));
            org.assertj.core.api.Assertions.assertThat(cluster.inContainer("web-0", "nginx").file("/data/note")).isEqualTo("kept\n");
        }
    }

    @Test
    void aWaitThatRunsOutSaysWhatTheSetShows() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(STS);
            assertThatThrownBy(() -> assertThat(cluster).statefulSet("web").reachesReadyReplicas(3).within(Duration.ofSeconds(5)))
                    .hasMessageContaining("Expecting statefulset default/web to have 3 ready replicas within 5s, but it did not.")
                    .hasMessageContaining("kubectl get sts: NAME web  READY 0/3  AGE 5s")
                    .hasMessageContaining("rollout status: Waiting for 3 pods to be ready...")
                    .hasMessageContaining("create Pod web-0 in StatefulSet web successful");
        }
    }
}
