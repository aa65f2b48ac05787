package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import dev.peapod.store.Propagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofSeconds;

/** Replication and self-healing: a deleted pod is replaced under another name; deleting the owner takes or leaves its pods. */
@PeapodTest
class ReplicaSetExampleTest {

    @Test
    void aDeletedPodIsReplacedUnderANewName(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/replicaset.yaml");
        assertThat(cluster).replicaSet("frontend").reachesReadyReplicas(3).within(ofSeconds(30));
        String victim = cluster.replicaSet("frontend").pods().get(0).getMetadata().getName();
        // when: kubectl delete pod; nginx stops at once on SIGTERM
        cluster.deletePod(victim);
        // then: a pod does not heal itself, its ReplicaSet replaces it (SuccessfulCreate, a new seeded name)
        List<String> names = cluster.replicaSet("frontend").pods().stream().map(p -> p.getMetadata().getName()).toList();
        org.assertj.core.api.Assertions.assertThat(names).hasSize(3).doesNotContain(victim);
        assertThat(cluster).replicaSet("frontend").hasReplicas(3).hasReadyReplicas(3);
    }

    @Test
    void kubectlDeleteTakesThePodsAndOrphanLeavesThem(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/replicaset.yaml");
        cluster.advance(Duration.ofSeconds(30));
        // when: kubectl delete rs frontend --cascade=orphan
        cluster.delete(ReplicaSet.class, "frontend", Propagation.ORPHAN);
        // then: the pods keep running, owned by no one
        org.assertj.core.api.Assertions.assertThat(cluster.pods()).hasSize(3)
                .allSatisfy(pod -> org.assertj.core.api.Assertions.assertThat(pod.getMetadata().getOwnerReferences()).isEmpty());
        // when: a new ReplicaSet with the same selector adopts them, and kubectl delete (background) takes them
        cluster.applyResource("manifests/replicaset.yaml");
        assertThat(cluster).replicaSet("frontend").hasReplicas(3);
        org.assertj.core.api.Assertions.assertThat(cluster.events()).filteredOn(e -> e.getReason().equals("SuccessfulCreate")).hasSize(3);
        cluster.delete(ReplicaSet.class, "frontend");
        org.assertj.core.api.Assertions.assertThat(cluster.pods()).isEmpty();
    }
}
