package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.groups.Tuple.tuple;

/** A StatefulSet's stable names and storage: ordinal pods, made one after another, that come back as themselves. */
@PeapodTest
class StatefulSetExampleTest {

    @Test
    void orderedReadyMakesEachPodAfterThePreviousOneIsReady(FakeCluster cluster) {
        // given: readiness after initialDelaySeconds 10, probed every 5 s
        cluster.applyResource("manifests/statefulset/web.yaml");
        // when / then: web-0 at 0 s, ready at 10 s; web-1 at 10 s, ready at 20 s; web-2 at 20 s, ready at 30 s
        assertThat(cluster).statefulSet("web").reachesReadyReplicas(3).within(ofMinutes(1))
                .hasPods("web-0", "web-1", "web-2")
                .showsReady("3/3");
        org.assertj.core.api.Assertions.assertThat(cluster.elapsed()).isEqualTo(Duration.ofSeconds(30));
        org.assertj.core.api.Assertions.assertThat(cluster.statefulSet("web").pods())
                .extracting(p -> p.getMetadata().getCreationTimestamp())
                .containsExactly("2025-01-01T00:00:00Z", "2025-01-01T00:00:10Z", "2025-01-01T00:00:20Z");
        // stateful_pod_control.go's events: each claim before its pod
        org.assertj.core.api.Assertions.assertThat(cluster.eventsFor(cluster.statefulSet("web").get()))
                .extracting(Event::getReason, Event::getMessage).containsExactly(
                        tuple("SuccessfulCreate", "create Claim www-web-0 Pod web-0 in StatefulSet web success"),
                        tuple("SuccessfulCreate", "create Pod web-0 in StatefulSet web successful"),
                        tuple("SuccessfulCreate", "create Claim www-web-1 Pod web-1 in StatefulSet web success"),
                        tuple("SuccessfulCreate", "create Pod web-1 in StatefulSet web successful"),
                        tuple("SuccessfulCreate", "create Claim www-web-2 Pod web-2 in StatefulSet web success"),
                        tuple("SuccessfulCreate", "create Pod web-2 in StatefulSet web successful"));
        org.assertj.core.api.Assertions.assertThat(cluster.statefulSet("web").rolloutStatus())
                .isEqualTo("partitioned roll out complete: 3 new pods have been updated...\n");
    }

    @Test
    void aDeletedPodComesBackWithItsNameAndItsFiles(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/statefulset/web.yaml");
        assertThat(cluster).statefulSet("web").reachesReadyReplicas(3).within(ofMinutes(1));
        cluster.inContainer("web-0", "nginx").exec("sh", "-c", "echo web-0 > /usr/share/nginx/html/index.html");
        // when / then: a ReplicaSet's pod would come back as web-x7k2p with an empty volume
        assertThat(cluster).statefulSet("web").keepsNameAndVolumesOfPodAfterDeletion("web-0").within(ofMinutes(2));
        org.assertj.core.api.Assertions.assertThat(cluster.inContainer("web-0", "nginx").file("/usr/share/nginx/html/index.html"))
                .isEqualTo("web-0\n");
    }

    @Test
    void scalingDownKeepsTheClaims(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/statefulset/web.yaml");
        assertThat(cluster).statefulSet("web").reachesReadyReplicas(3).within(ofMinutes(1));
        // when: the highest ordinal goes first
        cluster.statefulSet("web").scale(1);
        cluster.advance(ofMinutes(1));
        // then: persistentVolumeClaimRetentionPolicy defaults to Retain, so every claim stays for a later scale-up
        assertThat(cluster).statefulSet("web").hasPods("web-0");
        org.assertj.core.api.Assertions.assertThat(cluster.statefulSet("web").claims()).extracting(c -> c.getMetadata().getName())
                .containsExactly("www-web-0", "www-web-1", "www-web-2");
    }
}
