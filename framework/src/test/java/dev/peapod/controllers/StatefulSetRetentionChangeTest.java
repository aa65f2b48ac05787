package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * stateful_set_control.go processReplica + stateful_pod_control.go UpdateStatefulPod: a changed
 * persistentVolumeClaimRetentionPolicy updates each pod's claims' ownerReferences and "dirties" the
 * pod, whose update is recorded as SuccessfulUpdate.
 */
class StatefulSetRetentionChangeTest {
    @Test
    void changingThePolicyUpdatesEachPodsClaimsAndRecordsAnUpdateOfEachPod() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(StatefulSetControllerTest.WITH_CLAIMS);
            cluster.advance(Duration.ofMinutes(1));
            StatefulSet set = cluster.context().store().require(StatefulSet.class, "default", "web");
            int before = cluster.eventsFor(set).size();
            List<String> podVersions = cluster.pods().stream().map(p -> p.getMetadata().getResourceVersion()).toList();
            // when
            cluster.applyYaml(StatefulSetControllerTest.WITH_CLAIMS.replace("  serviceName: web",
                    "  serviceName: web\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}"));
            cluster.settle();
            // then every claim has the set as controller
            set = cluster.context().store().require(StatefulSet.class, "default", "web");
            for (String claim : List.of("www-web-0", "www-web-1", "www-web-2")) {
                assertThat(cluster.context().store().require(PersistentVolumeClaim.class, "default", claim)
                        .getMetadata().getOwnerReferences()).containsExactly(ControllerRefs.newControllerRef(set));
            }
            // and each pod's update is recorded, in ordinal order ("update Pod %s in StatefulSet %s successful")
            List<Event> events = cluster.eventsFor(set);
            assertThat(events.subList(before, events.size())).extracting(Event::getType, Event::getReason, Event::getMessage)
                    .containsExactly(
                            tuple("Normal", "SuccessfulUpdate", "update Pod web-0 in StatefulSet web successful"),
                            tuple("Normal", "SuccessfulUpdate", "update Pod web-1 in StatefulSet web successful"),
                            tuple("Normal", "SuccessfulUpdate", "update Pod web-2 in StatefulSet web successful"));
            // the pods themselves do not change: the API server writes nothing for an update without a change
            assertThat(cluster.pods()).extracting(p -> p.getMetadata().getResourceVersion()).isEqualTo(podVersions);
        }
    }
}
