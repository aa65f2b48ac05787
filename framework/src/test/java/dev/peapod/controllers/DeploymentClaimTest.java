package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deployment_controller.go getReplicaSetsForDeployment → controller_ref_manager.go ClaimReplicaSets:
 * a ReplicaSet whose labels stop matching is released, a matching orphan is adopted.
 */
class DeploymentClaimTest {
    static final String WEB = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
            """;

    private static List<ReplicaSet> replicaSets(FakeCluster cluster) {
        return cluster.context().store().list(ReplicaSet.class, dev.peapod.store.ListOptions.inNamespace("default"));
    }

    @Test
    void aReplicaSetWhoseLabelsStopMatchingIsReleasedAndAReplacementMadeUnderTheNextCollisionCount() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WEB);
            cluster.settle();
            String first = replicaSets(cluster).get(0).getMetadata().getName();
            // when its labels stop matching the Deployment's selector
            cluster.context().store().edit(ReplicaSet.class, "default", first, rs -> rs.getMetadata().getLabels().put("app", "debug"));
            cluster.settle();
            // then ClaimObject's "Owned by us but selector doesn't match" releases it (its reference removed)
            ReplicaSet released = cluster.context().store().require(ReplicaSet.class, "default", first);
            assertThat(released.getMetadata().getOwnerReferences()).isEmpty();
            assertThat(released.getSpec().getReplicas()).isEqualTo(2);
            // and the Deployment, finding no ReplicaSet of its template, creates one; the name is taken,
            // so the hash moves with collisionCount 1 (sync.go getNewReplicaSet)
            Deployment d = cluster.context().store().require(Deployment.class, "default", "web");
            assertThat(d.getStatus().getCollisionCount()).isEqualTo(1);
            List<ReplicaSet> owned = replicaSets(cluster).stream().filter(rs -> ControllerRefs.isControlledBy(rs, d)).toList();
            assertThat(owned).singleElement().satisfies(rs -> {
                assertThat(rs.getMetadata().getName()).isNotEqualTo(first);
                assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(2);
            });
            assertThat(cluster.pods()).hasSize(4);
        }
    }

    @Test
    void anOrphanWhoseLabelsMatchIsAdoptedAgain() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WEB);
            cluster.settle();
            String first = replicaSets(cluster).get(0).getMetadata().getName();
            String uid = cluster.context().store().require(Deployment.class, "default", "web").getMetadata().getUid();
            // when its owner reference is removed (kubectl delete --cascade=orphan would do the same)
            cluster.context().store().edit(ReplicaSet.class, "default", first, rs -> rs.getMetadata().setOwnerReferences(List.of()));
            cluster.settle();
            // then the Deployment adopts it back: its controller reference, blockOwnerDeletion, nothing else made
            assertThat(cluster.context().store().require(ReplicaSet.class, "default", first).getMetadata().getOwnerReferences())
                    .singleElement().satisfies(ref -> {
                        assertThat(ref.getKind()).isEqualTo("Deployment");
                        assertThat(ref.getName()).isEqualTo("web");
                        assertThat(ref.getUid()).isEqualTo(uid);
                        assertThat(ref.getController()).isTrue();
                        assertThat(ref.getBlockOwnerDeletion()).isTrue();
                    });
            assertThat(replicaSets(cluster)).hasSize(1);
            assertThat(cluster.pods()).hasSize(2);
        }
    }
}
