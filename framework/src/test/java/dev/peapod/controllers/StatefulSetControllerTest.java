package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** pkg/controller/statefulset (v1.33): ordinal pods, OrderedReady and Parallel, revisions, claims, status. */
class StatefulSetControllerTest {
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
                  - name: app
                    image: nginx:1.25
                    readinessProbe:
                      httpGet: {path: /, port: 80}
                      initialDelaySeconds: 10
                      periodSeconds: 5
            """;

    static final String WITH_CLAIMS = STS + """
                    volumeMounts:
                    - {name: www, mountPath: /data}
              volumeClaimTemplates:
              - metadata: {name: www}
                spec:
                  accessModes: [ReadWriteOnce]
                  storageClassName: standard
                  resources: {requests: {storage: 1Gi}}
            """;

    private static StatefulSet set(FakeCluster cluster) {
        return cluster.context().store().require(StatefulSet.class, "default", "web");
    }

    private static List<Tuple> createdAndReady(FakeCluster cluster) {
        return cluster.pods().stream().map(p -> tuple(p.getMetadata().getName(), p.getMetadata().getCreationTimestamp(),
                Pods.readyCondition(p).map(c -> c.getStatus() + "@" + c.getLastTransitionTime()).orElse("-"))).toList();
    }

    @Test
    void orderedReadyCreatesEachPodOnlyAfterThePreviousIsRunningAndReady() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // given
            cluster.applyYaml(STS);
            // when
            cluster.advance(Duration.ofSeconds(9));
            // then: web-1 waits for web-0's readiness (initialDelaySeconds 10)
            assertThat(cluster.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("web-0");
            cluster.advance(Duration.ofSeconds(51));
            assertThat(createdAndReady(cluster)).containsExactly(
                    tuple("web-0", "2025-01-01T00:00:00Z", "True@2025-01-01T00:00:10Z"),
                    tuple("web-1", "2025-01-01T00:00:10Z", "True@2025-01-01T00:00:20Z"),
                    tuple("web-2", "2025-01-01T00:00:20Z", "True@2025-01-01T00:00:30Z"));
            StatefulSet set = set(cluster);
            assertThat(cluster.eventsFor(set)).extracting(Event::getReason, Event::getMessage).containsExactly(
                    tuple("SuccessfulCreate", "create Pod web-0 in StatefulSet web successful"),
                    tuple("SuccessfulCreate", "create Pod web-1 in StatefulSet web successful"),
                    tuple("SuccessfulCreate", "create Pod web-2 in StatefulSet web successful"));
            assertThat(cluster.eventsFor(set)).allSatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo("statefulset-controller"));
            String revision = set.getStatus().getUpdateRevision();
            assertThat(revision).matches("web-[bcdf456789]{8,10}");
            assertThat(set.getStatus().getReplicas()).isEqualTo(3);
            assertThat(set.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(set.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(set.getStatus().getCurrentReplicas()).isEqualTo(3);
            assertThat(set.getStatus().getUpdatedReplicas()).isEqualTo(3);
            assertThat(set.getStatus().getCurrentRevision()).isEqualTo(revision);
            assertThat(set.getStatus().getObservedGeneration()).isEqualTo(1L);
            assertThat(set.getStatus().getCollisionCount()).isEqualTo(0);
        }
    }

    @Test
    void podsCarryTheirIdentityAndTheSetAsController() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(STS);
            cluster.advance(Duration.ofMinutes(1));
            Pod pod = cluster.pod("web-1");
            String revision = set(cluster).getStatus().getUpdateRevision();
            assertThat(pod.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "web",
                    "statefulset.kubernetes.io/pod-name", "web-1", "apps.kubernetes.io/pod-index", "1",
                    "controller-revision-hash", revision));
            assertThat(pod.getSpec().getHostname()).isEqualTo("web-1");
            assertThat(pod.getSpec().getSubdomain()).isEqualTo("web");
            assertThat(pod.getMetadata().getGenerateName()).isNull();
            assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                assertThat(ref.getKind()).isEqualTo("StatefulSet");
                assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
                assertThat(ref.getName()).isEqualTo("web");
                assertThat(ref.getController()).isTrue();
            });
            ControllerRevision cr = cluster.context().store().require(ControllerRevision.class, "default", revision);
            assertThat(cr.getRevision()).isEqualTo(1L);
            assertThat(cr.getMetadata().getLabels()).containsEntry("app", "web")
                    .containsEntry("controller.kubernetes.io/hash", revision.substring("web-".length()));
            assertThat(ControllerRefs.isControlledBy(cr, set(cluster))).isTrue();
        }
    }

    @Test
    void parallelCreatesEveryPodAtOnce() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(STS.replace("  serviceName: web", "  serviceName: web\n  podManagementPolicy: Parallel"));
            cluster.settle();
            assertThat(createdAndReady(cluster)).containsExactly(
                    tuple("web-0", "2025-01-01T00:00:00Z", "False@2025-01-01T00:00:00Z"),
                    tuple("web-1", "2025-01-01T00:00:00Z", "False@2025-01-01T00:00:00Z"),
                    tuple("web-2", "2025-01-01T00:00:00Z", "False@2025-01-01T00:00:00Z"));
        }
    }

    @Test
    void aDeletedPodComesBackWithTheSameName() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(STS);
            cluster.advance(Duration.ofMinutes(1));
            String oldUid = cluster.pod("web-1").getMetadata().getUid();
            cluster.deletePod("web-1");
            cluster.settle();
            Pod back = cluster.pod("web-1");
            assertThat(back.getMetadata().getUid()).isNotEqualTo(oldUid);
            assertThat(back.getMetadata().getCreationTimestamp()).isEqualTo("2025-01-01T00:01:00Z");
            assertThat(cluster.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("web-0", "web-1", "web-2");
            // the recorder's correlator folds the second create into the first event: count 2
            assertThat(cluster.eventsFor(set(cluster))).extracting(Event::getMessage, Event::getCount).containsExactly(
                    tuple("create Pod web-0 in StatefulSet web successful", 1),
                    tuple("create Pod web-1 in StatefulSet web successful", 2),
                    tuple("create Pod web-2 in StatefulSet web successful", 1));
        }
    }

    @Test
    void scalingDownRemovesTheHighestOrdinalFirstOneAtATime() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(STS.replace("terminationGracePeriodSeconds", "x"));
            cluster.advance(Duration.ofMinutes(1));
            cluster.applyYaml(STS.replace("replicas: 3", "replicas: 1"));
            cluster.settle();
            assertThat(cluster.eventsFor(set(cluster))).extracting(Event::getReason, Event::getMessage).endsWith(
                    tuple("SuccessfulDelete", "delete Pod web-2 in StatefulSet web successful"),
                    tuple("SuccessfulDelete", "delete Pod web-1 in StatefulSet web successful"));
            assertThat(cluster.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("web-0");
            assertThat(set(cluster).getStatus().getReplicas()).isEqualTo(1);
        }
    }

    @Test
    void aRollingUpdateReplacesPodsFromTheHighestOrdinalDown() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(STS);
            cluster.advance(Duration.ofMinutes(1));
            String first = set(cluster).getStatus().getCurrentRevision();
            cluster.applyYaml(STS.replace("nginx:1.25", "nginx:1.26"));
            cluster.settle();
            StatefulSet set = set(cluster);
            String second = set.getStatus().getUpdateRevision();
            assertThat(second).isNotEqualTo(first);
            assertThat(set.getStatus().getCurrentRevision()).isEqualTo(first);
            cluster.advance(Duration.ofMinutes(2));
            assertThat(createdAndReady(cluster)).containsExactly(
                    tuple("web-0", "2025-01-01T00:01:20Z", "True@2025-01-01T00:01:30Z"),
                    tuple("web-1", "2025-01-01T00:01:10Z", "True@2025-01-01T00:01:20Z"),
                    tuple("web-2", "2025-01-01T00:01:00Z", "True@2025-01-01T00:01:10Z"));
            assertThat(cluster.pods()).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.26"));
            set = set(cluster);
            assertThat(set.getStatus().getCurrentRevision()).isEqualTo(second);
            assertThat(set.getStatus().getUpdatedReplicas()).isEqualTo(3);
            assertThat(set.getStatus().getCurrentReplicas()).isEqualTo(3);
            assertThat(set.getStatus().getObservedGeneration()).isEqualTo(2L);
            assertThat(cluster.context().store().require(ControllerRevision.class, "default", second).getRevision()).isEqualTo(2L);
            assertThat(cluster.timeline().describe("default", "statefulset.apps/web")).containsSubsequence(
                    "delete Pod web-2 in StatefulSet web successful", "create Pod web-2 in StatefulSet web successful",
                    "delete Pod web-1 in StatefulSet web successful", "create Pod web-1 in StatefulSet web successful",
                    "delete Pod web-0 in StatefulSet web successful", "create Pod web-0 in StatefulSet web successful");
        }
    }

    @Test
    void aPartitionKeepsTheLowerOrdinalsAtTheCurrentRevision() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            String partitioned = STS.replace("  serviceName: web", "  serviceName: web\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}");
            cluster.applyYaml(partitioned);
            cluster.advance(Duration.ofMinutes(1));
            cluster.applyYaml(partitioned.replace("nginx:1.25", "nginx:1.26"));
            cluster.advance(Duration.ofMinutes(2));
            assertThat(cluster.pods()).extracting(p -> p.getSpec().getContainers().get(0).getImage())
                    .containsExactly("nginx:1.25", "nginx:1.25", "nginx:1.26");
            StatefulSet set = set(cluster);
            assertThat(set.getStatus().getUpdatedReplicas()).isEqualTo(1);
            assertThat(set.getStatus().getCurrentReplicas()).isEqualTo(2);
            assertThat(set.getStatus().getCurrentRevision()).isNotEqualTo(set.getStatus().getUpdateRevision());
        }
    }

    @Test
    void onDeleteReplacesAPodOnlyWhenItIsDeleted() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            String onDelete = STS.replace("  serviceName: web", "  serviceName: web\n  updateStrategy: {type: OnDelete}");
            cluster.applyYaml(onDelete);
            cluster.advance(Duration.ofMinutes(1));
            cluster.applyYaml(onDelete.replace("nginx:1.25", "nginx:1.26"));
            cluster.advance(Duration.ofMinutes(2));
            assertThat(cluster.pods()).extracting(p -> p.getSpec().getContainers().get(0).getImage())
                    .containsExactly("nginx:1.25", "nginx:1.25", "nginx:1.25");
            cluster.deletePod("web-0");
            cluster.advance(Duration.ofMinutes(1));
            assertThat(cluster.pods()).extracting(p -> p.getSpec().getContainers().get(0).getImage())
                    .containsExactly("nginx:1.26", "nginx:1.25", "nginx:1.25");
            assertThat(set(cluster).getStatus().getUpdatedReplicas()).isEqualTo(1);
        }
    }

    @Test
    void rollingBackReusesTheEarlierRevisionWithANewNumber() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(STS);
            cluster.advance(Duration.ofMinutes(1));
            String first = set(cluster).getStatus().getCurrentRevision();
            cluster.applyYaml(STS.replace("nginx:1.25", "nginx:1.26"));
            cluster.advance(Duration.ofMinutes(2));
            cluster.applyYaml(STS);
            cluster.advance(Duration.ofMinutes(2));
            StatefulSet set = set(cluster);
            assertThat(set.getStatus().getCurrentRevision()).isEqualTo(first);
            assertThat(cluster.context().store().require(ControllerRevision.class, "default", first).getRevision()).isEqualTo(3L);
            assertThat(cluster.context().store().list(ControllerRevision.class)).hasSize(2);
        }
    }

    @Test
    void claimsAreCreatedBeforeTheirPodAndStayAfterScaleDown() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WITH_CLAIMS);
            cluster.advance(Duration.ofMinutes(1));
            assertThat(cluster.eventsFor(set(cluster))).extracting(Event::getReason, Event::getMessage).startsWith(
                    tuple("SuccessfulCreate", "create Claim www-web-0 Pod web-0 in StatefulSet web success"),
                    tuple("SuccessfulCreate", "create Pod web-0 in StatefulSet web successful"),
                    tuple("SuccessfulCreate", "create Claim www-web-1 Pod web-1 in StatefulSet web success"),
                    tuple("SuccessfulCreate", "create Pod web-1 in StatefulSet web successful"));
            PersistentVolumeClaim claim = cluster.context().store().require(PersistentVolumeClaim.class, "default", "www-web-1");
            assertThat(claim.getMetadata().getLabels()).isEqualTo(Map.of("app", "web"));
            assertThat(claim.getMetadata().getOwnerReferences()).isEmpty();
            assertThat(cluster.pod("web-1").getSpec().getVolumes()).filteredOn(v -> v.getName().equals("www")).singleElement()
                    .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("www-web-1"));
            cluster.applyYaml(WITH_CLAIMS.replace("replicas: 3", "replicas: 1"));
            cluster.advance(Duration.ofMinutes(1));
            assertThat(cluster.context().store().list(PersistentVolumeClaim.class)).extracting(c -> c.getMetadata().getName())
                    .containsExactly("www-web-0", "www-web-1", "www-web-2");
        }
    }

    @Test
    void whenDeletedDeleteMakesTheSetTheClaimsController() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WITH_CLAIMS.replace("  serviceName: web",
                    "  serviceName: web\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}"));
            cluster.advance(Duration.ofMinutes(1));
            StatefulSet set = set(cluster);
            OwnerReference ref = cluster.context().store().require(PersistentVolumeClaim.class, "default", "www-web-0")
                    .getMetadata().getOwnerReferences().get(0);
            assertThat(ref).isEqualTo(ControllerRefs.newControllerRef(set));
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
        }
    }

    @Test
    void whenScaledDeleteGivesAScaledDownPodsClaimThePodAsController() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            String policy = WITH_CLAIMS.replace("  serviceName: web",
                    "  serviceName: web\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Delete}");
            cluster.applyYaml(policy);
            cluster.advance(Duration.ofMinutes(1));
            assertThat(cluster.context().store().require(PersistentVolumeClaim.class, "default", "www-web-2")
                    .getMetadata().getOwnerReferences()).isEmpty();
            String uid = cluster.pod("web-2").getMetadata().getUid();
            // web-2 takes 10 s to stop, so its claim can be seen owned by it before the garbage collector deletes it
            cluster.container("web-2", "app").shutsDownIn(Duration.ofSeconds(10));
            cluster.applyYaml(policy.replace("replicas: 3", "replicas: 2"));
            cluster.settle();
            List<OwnerReference> refs = cluster.context().store().require(PersistentVolumeClaim.class, "default", "www-web-2")
                    .getMetadata().getOwnerReferences();
            assertThat(refs).singleElement().satisfies(ref -> {
                assertThat(ref.getKind()).isEqualTo("Pod");
                assertThat(ref.getApiVersion()).isEqualTo("v1");
                assertThat(ref.getName()).isEqualTo("web-2");
                assertThat(ref.getUid()).isEqualTo(uid);
                assertThat(ref.getController()).isTrue();
                assertThat(ref.getBlockOwnerDeletion()).isTrue();
            });
            // once the pod has gone, the garbage collector deletes its claim; web-1's stays
            cluster.advance(Duration.ofSeconds(10));
            assertThat(cluster.findPod("web-2")).isEmpty();
            assertThat(cluster.context().store().get(PersistentVolumeClaim.class, "default", "www-web-2")).isEmpty();
            assertThat(cluster.context().store().get(PersistentVolumeClaim.class, "default", "www-web-1")).isPresent();
        }
    }

    @Test
    void revisionDataIsWrittenAsGoWritesItAndHashedIntoSafeCharacters() {
        // rand.SafeEncodeString maps each decimal digit into its alphabet; getPatch marshals as Go does
        assertThat(StatefulSets.safeEncode("0123456789")).isEqualTo("456789bcdf");
        assertThat(StatefulSets.json(Map.of("b", 1, "a", List.of("<&>")))).isEqualTo("{\"a\":[\"\\u003c\\u0026\\u003e\"],\"b\":1}");
    }

    @Test
    void parallelDeletesEveryCondemnedPodAtOnce() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            String parallel = STS.replace("  serviceName: web", "  serviceName: web\n  podManagementPolicy: Parallel");
            cluster.applyYaml(parallel);
            cluster.advance(Duration.ofMinutes(1));
            cluster.container("web-1", "app").shutsDownIn(Duration.ofSeconds(10));
            cluster.container("web-2", "app").shutsDownIn(Duration.ofSeconds(10));
            cluster.applyYaml(parallel.replace("replicas: 3", "replicas: 1"));
            // both are deleted at this instant (OrderedReady would wait for web-2 to be gone before web-1)
            assertThat(cluster.pods()).extracting(p -> p.getMetadata().getName() + " " + p.getMetadata().getDeletionTimestamp())
                    .containsExactly("web-0 null", "web-1 2025-01-01T00:01:30Z", "web-2 2025-01-01T00:01:30Z");
        }
    }
}
