package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bind-at-once model of dynamic provisioning (pv_controller.go, an external provisioner). */
class VolumeBinderTest {
    static final String CLAIM = """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: standard
              resources: {requests: {storage: 2Gi}}
            """;

    @Test
    void aClaimWithAStorageClassIsBoundAtOnceToANewVolume() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            assertThat(cluster.applyYaml(CLAIM).get(0).warnings()).containsExactly(
                    "not simulated: spec.storageClassName: the StorageClass \"standard\" is not read: the claim is bound at "
                            + "once to a new volume of the requested size (no provisioning delay, no WaitForFirstConsumer)");
            cluster.settle();
            PersistentVolumeClaim claim = cluster.context().store().require(PersistentVolumeClaim.class, "default", "data");
            String volumeName = "pvc-" + claim.getMetadata().getUid();
            assertThat(claim.getSpec().getVolumeName()).isEqualTo(volumeName);
            assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
            assertThat(claim.getStatus().getCapacity()).isEqualTo(Map.of("storage", new Quantity("2Gi")));
            assertThat(claim.getStatus().getAccessModes()).containsExactly("ReadWriteOnce");
            assertThat(claim.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/bind-completed", "yes")
                    .containsEntry("pv.kubernetes.io/bound-by-controller", "yes");
            PersistentVolume volume = cluster.context().store().require(PersistentVolume.class, null, volumeName);
            assertThat(volume.getStatus().getPhase()).isEqualTo("Bound");
            assertThat(volume.getSpec().getCapacity()).isEqualTo(Map.of("storage", new Quantity("2Gi")));
            assertThat(volume.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
            assertThat(volume.getSpec().getStorageClassName()).isEqualTo("standard");
            assertThat(volume.getSpec().getVolumeMode()).isEqualTo("Filesystem");
            assertThat(volume.getSpec().getClaimRef().getName()).isEqualTo("data");
            assertThat(volume.getSpec().getClaimRef().getNamespace()).isEqualTo("default");
            assertThat(volume.getSpec().getClaimRef().getUid()).isEqualTo(claim.getMetadata().getUid());
        }
    }

    @Test
    void aStatefulSetsClaimTemplatesAreNotedInTheApplyResultAsAClaimIs() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            var applied = cluster.applyYaml("""
                    apiVersion: apps/v1
                    kind: StatefulSet
                    metadata: {name: pg}
                    spec:
                      serviceName: pg
                      replicas: 1
                      selector: {matchLabels: {app: pg}}
                      template:
                        metadata: {labels: {app: pg}}
                        spec: {containers: [{name: pg, image: "busybox:1.36", command: [sleep, "3600"]}]}
                      volumeClaimTemplates:
                      - metadata: {name: data}
                        spec: {accessModes: [ReadWriteOnce], storageClassName: standard, resources: {requests: {storage: 1Gi}}}
                      - metadata: {name: old}
                        spec: {accessModes: [ReadWriteOnce], storageClassName: "", resources: {requests: {storage: 1Gi}}}
                    """);
            List<String> expected = List.of(
                    "not simulated: spec.volumeClaimTemplates[0].spec.storageClassName: the StorageClass \"standard\" is not read: "
                            + "each pod's claim is bound at once to a new volume of the requested size (no provisioning delay, "
                            + "no WaitForFirstConsumer)",
                    "not simulated: spec.volumeClaimTemplates[1].spec.storageClassName: \"\" asks for an existing PersistentVolume; "
                            + "Peapod binds none, so each pod's claim stays Pending");
            assertThat(applied.get(0).warnings()).isEqualTo(expected);
            assertThat(cluster.timeline().describe("default", "statefulset.apps/pg"))
                    .contains("00:00:00  " + expected.get(0), "00:00:00  " + expected.get(1));
        }
    }

    @Test
    void aDeletedClaimTakesItsVolumeWithIt() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(CLAIM);
            cluster.settle();
            cluster.delete(PersistentVolumeClaim.class, "data");
            cluster.settle();
            assertThat(cluster.context().store().list(PersistentVolume.class)).isEmpty();
        }
    }

    @Test
    void aClaimForAnExistingVolumeStaysPending() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            assertThat(cluster.applyYaml(CLAIM.replace("storageClassName: standard", "storageClassName: \"\"")).get(0).warnings())
                    .containsExactly("not simulated: spec.storageClassName: \"\" asks for an existing PersistentVolume; "
                            + "Peapod binds none, so the claim stays Pending");
            cluster.advance(Duration.ofMinutes(1));
            assertThat(cluster.context().store().require(PersistentVolumeClaim.class, "default", "data").getStatus().getPhase())
                    .isEqualTo("Pending");
            assertThat(cluster.context().store().list(PersistentVolume.class)).isEmpty();
        }
    }

    @Test
    void aPodSeesItsClaimsFilesAfterItIsMadeAgain() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0", "worker1")) {
            String pod = """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: app}
                    spec:
                      nodeName: NODE
                      volumes:
                      - {name: data, persistentVolumeClaim: {claimName: data}}
                      containers:
                      - name: app
                        image: busybox
                        command: [sh, -c, 'echo hello >> /data/greeting; sleep 3600']
                        volumeMounts:
                        - {name: data, mountPath: /data}
                    """;
            cluster.applyYaml(CLAIM);
            cluster.settle();
            cluster.applyYaml(pod.replace("NODE", "worker0"));
            cluster.settle();
            cluster.delete(io.fabric8.kubernetes.api.model.Pod.class, "app", Duration.ZERO);
            cluster.settle();
            cluster.applyYaml(pod.replace("NODE", "worker1"));
            cluster.settle();
            assertThat(cluster.inContainer("app", "app").file("/data/greeting")).isEqualTo("hello\nhello\n");
        }
    }

    @Test
    void aNewClaimOfTheSameNameStartsEmpty() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(CLAIM);
            cluster.settle();
            List<PersistentVolume> first = cluster.context().store().list(PersistentVolume.class);
            cluster.delete(PersistentVolumeClaim.class, "data");
            cluster.applyYaml(CLAIM);
            cluster.settle();
            List<PersistentVolume> second = cluster.context().store().list(PersistentVolume.class);
            assertThat(second).singleElement().satisfies(pv -> assertThat(pv.getMetadata().getName())
                    .isNotEqualTo(first.get(0).getMetadata().getName()));
        }
    }
}
