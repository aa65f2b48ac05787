package dev.peapod.admission;

import dev.peapod.store.Admission;
import dev.peapod.store.Copies;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.peapod.admission.Manifests.app;
import static dev.peapod.admission.Manifests.container;
import static dev.peapod.admission.Manifests.created;
import static dev.peapod.admission.Manifests.pod;
import static dev.peapod.admission.Manifests.updateRejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** ValidatePodUpdate (pkg/apis/core/validation/validation.go, v1.33). */
class PodUpdateValidationTest {
    private static final String FORBIDDEN = "Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields other than "
            + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
            + "`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private final Pod stored = created(pod(app()));

    @Test
    void imageAndLabelsMayChange() {
        // given
        Pod updated = Copies.copy(stored);
        updated.getSpec().getContainers().get(0).setImage("nginx:1.28");
        updated.getMetadata().setLabels(Map.of("tier", "web"));
        // when / then
        assertThatCode(() -> update(updated)).doesNotThrowAnyException();
    }

    @Test
    void otherSpecFieldsMayNotChange() {
        // given
        Pod updated = Copies.copy(stored);
        updated.getSpec().getContainers().get(0).setCommand(List.of("sleep", "1"));
        // when / then: upstream appends a cmp.Diff of the specs after a newline, which Peapod leaves out
        assertThat(updateRejection(updated, stored)).isEqualTo(FORBIDDEN);
    }

    @Test
    void containersMayNotBeAdded() {
        // given
        Pod updated = Copies.copy(stored);
        updated.getSpec().getContainers().add(container("sidecar", "busybox"));
        // when / then
        assertThat(updateRejection(updated, stored))
                .isEqualTo("Pod \"web\" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers");
    }

    @Test
    void activeDeadlineMayOnlyShrink() {
        // given
        Pod withDeadline = Copies.copy(stored);
        withDeadline.getSpec().setActiveDeadlineSeconds(30L);
        update(withDeadline);
        Pod longer = Copies.copy(withDeadline);
        longer.getSpec().setActiveDeadlineSeconds(60L);
        // when / then
        assertThat(updateRejection(longer, withDeadline))
                .isEqualTo("Pod \"web\" is invalid: spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value");
    }

    @Test
    void activeDeadlineMayNotBeRemoved() {
        // given
        Pod withDeadline = Copies.copy(stored);
        withDeadline.getSpec().setActiveDeadlineSeconds(30L);
        update(withDeadline);
        Pod without = Copies.copy(withDeadline);
        without.getSpec().setActiveDeadlineSeconds(null);
        // when / then
        assertThat(updateRejection(without, withDeadline))
                .isEqualTo("Pod \"web\" is invalid: spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value");
    }

    @Test
    void tolerationsMayBeAddedButNotRemoved() {
        // given
        Pod tolerant = Copies.copy(stored);
        List<Toleration> tolerations = new ArrayList<>(tolerant.getSpec().getTolerations());
        tolerations.add(new TolerationBuilder().withKey("dedicated").withOperator("Exists").withEffect("NoSchedule").build());
        tolerant.getSpec().setTolerations(tolerations);
        update(tolerant);
        Pod removed = Copies.copy(tolerant);
        removed.getSpec().setTolerations(stored.getSpec().getTolerations());
        // when / then
        assertThat(updateRejection(removed, tolerant)).isEqualTo("Pod \"web\" is invalid: spec.tolerations: Forbidden: "
                + "existing toleration can not be modified except its tolerationSeconds");
    }

    @Test
    void updateWithoutPriorityOrDefaultTolerationsKeepsThem() {
        // given: the Priority plugin restores the stored priority, DefaultTolerationSeconds re-adds its tolerations
        Pod updated = Copies.copy(stored);
        updated.getSpec().setPriority(null);
        updated.getSpec().setPreemptionPolicy(null);
        updated.getSpec().setTolerations(null);
        // when
        update(updated);
        // then
        assertThat(updated.getSpec().getPriority()).isZero();
        assertThat(updated.getSpec().getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
        assertThat(updated.getSpec().getTolerations()).isEqualTo(stored.getSpec().getTolerations());
    }

    @Test
    void updateFromAClientThatNeverSawTheServiceAccountIsRejectedAsUpstream() {
        // given: the ServiceAccount plugin mutates creates only, so an empty serviceAccountName is a spec change
        Pod updated = pod(app());
        // when / then
        assertThat(updateRejection(updated, stored)).isEqualTo(FORBIDDEN);
    }

    /** Admits an update of the stored pod, as the store does with its private copy. */
    private void update(Pod updated) {
        new ApiAdmission().admit(Admission.Operation.UPDATE, updated, stored);
    }
}
