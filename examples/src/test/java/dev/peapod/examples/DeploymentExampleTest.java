package dev.peapod.examples;

import dev.peapod.DeploymentView;
import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofMinutes;

/**
 * Seed topics: controllers give replication and rolling updates. A Deployment's ReplicaSets go through
 * upstream's sequence of sizes (pkg/controller/deployment/rolling.go), told by ScalingReplicaSet events
 * with upstream's texts.
 */
@PeapodTest
class DeploymentExampleTest {

    @Test
    void theDocsNginxDeploymentRunsThreePodsAndRollsOutAsTheDocsShow(FakeCluster cluster) {
        // given: https://k8s.io/examples/controllers/nginx-deployment.yaml, as published
        cluster.applyResource("manifests/docs/nginx-deployment.yaml");
        assertThat(cluster).deployment("nginx-deployment").reachesAvailableReplicas(3).within(ofMinutes(1));
        org.assertj.core.api.Assertions.assertThat(cluster.pods()).hasSize(3)
                .allSatisfy(pod -> org.assertj.core.api.Assertions.assertThat(pod.getMetadata().getName())
                        .startsWith(cluster.deployment("nginx-deployment").replicaSets().get(0).getMetadata().getName() + "-"));

        // when: kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1 (the docs' "Updating a Deployment")
        cluster.deployment("nginx-deployment").setImage("nginx", "nginx:1.16.1");

        // then: with 3 replicas, surge 1 and unavailable 0, the docs' events: up to 1, down to 2, up to 2, ...
        assertThat(cluster).deployment("nginx-deployment").rolloutCompletes().within(ofMinutes(2))
                .hasReplicaSetSizes("3", "3/1", "2/1", "2/2", "1/2", "1/3", "0/3");
        org.assertj.core.api.Assertions.assertThat(cluster.deployment("nginx-deployment").rolloutStatus())
                .isEqualTo("deployment \"nginx-deployment\" successfully rolled out");
    }

    @Test
    void aRollingUpdateOfFourWith25PercentGoesThroughUpstreamsSizes(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/rolling-update.yaml");
        assertThat(cluster).deployment("web").reachesAvailableReplicas(4).within(ofMinutes(1));
        DeploymentView web = cluster.deployment("web");
        String old = web.replicaSets().get(0).getMetadata().getName();

        // when: a new image at 00:00:10
        web.setImage("app", "nginx:1.26");

        // then: one surge pod, one old pod less, then two steps as the new pods become available
        assertThat(cluster).deployment("web").rolloutCompletes().within(ofMinutes(2));
        String next = web.replicaSets().get(1).getMetadata().getName();
        org.assertj.core.api.Assertions.assertThat(web.replicaSetSizes()).extracting(Object::toString).containsExactly(
                "00:00:00  4", "00:00:10  4/1", "00:00:10  3/1", "00:00:10  3/2",
                "00:00:20  1/2", "00:00:20  1/4", "00:00:30  0/4");
        org.assertj.core.api.Assertions.assertThat(cluster.eventsFor(web.get())).extracting(Event::getMessage).containsExactly(
                "Scaled up replica set " + old + " from 0 to 4",
                "Scaled up replica set " + next + " from 0 to 1",
                "Scaled down replica set " + old + " from 4 to 3",
                "Scaled up replica set " + next + " from 1 to 2",
                "Scaled down replica set " + old + " from 3 to 1",
                "Scaled up replica set " + next + " from 2 to 4",
                "Scaled down replica set " + old + " from 1 to 0");
        org.assertj.core.api.Assertions.assertThat(web.row().ready()).isEqualTo("4/4");
    }

    @Test
    void aRollbackBringsThePreviousTemplateBackAsANewRevision(FakeCluster cluster) {
        // given: a rollout to an image that cannot be pulled never completes
        cluster.imageCannotBePulled("nginx:1.99");
        cluster.applyResource("manifests/rolling-update.yaml");
        assertThat(cluster).deployment("web").reachesAvailableReplicas(4).within(ofMinutes(1));
        cluster.deployment("web").setImage("app", "nginx:1.99");
        cluster.advance(ofMinutes(1));
        org.assertj.core.api.Assertions.assertThat(cluster.deployment("web").rolloutStatus())
                .isEqualTo("Waiting for deployment \"web\" rollout to finish: 2 out of 4 new replicas have been updated...");

        // when: kubectl rollout undo deployment/web
        org.assertj.core.api.Assertions.assertThat(cluster.deployment("web").rollback()).isEqualTo("deployment.apps/web rolled back");

        // then: the first ReplicaSet serves again, as revision 3
        assertThat(cluster).deployment("web").rolloutCompletes().within(ofMinutes(1));
        org.assertj.core.api.Assertions.assertThat(cluster.deployment("web").replicaSets().get(0).getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision", "3")
                .containsEntry("deployment.kubernetes.io/revision-history", "1");
    }
}
