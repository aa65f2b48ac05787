package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import static dev.peapod.admission.Manifests.created;
import static dev.peapod.admission.Manifests.updateRejection;
import static org.assertj.core.api.Assertions.assertThat;

/** Update rules of the workloads (ValidateJobSpecUpdate, the apps strategies' ValidateUpdate; v1.33). */
class WorkloadUpdateValidationTest {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void anIndexedJobsCompletionsChangeOnlyWithItsParallelism() {
        // given
        Job old = WorkloadSpecValidationTest.job();
        old.getSpec().setCompletionMode("Indexed");
        old.getSpec().setCompletions(3);
        old.getSpec().setParallelism(3);
        created(old);
        Job updated = SERIALIZATION.clone(old);
        updated.getSpec().setCompletions(5);
        // when / then
        assertThat(updateRejection(updated, old)).isEqualTo("Job.batch \"pi\" is invalid: spec.completions: Invalid value: 5: "
                + "can only be modified in tandem with spec.parallelism");
    }

    @Test
    void aJobsTemplateAndCompletionModeAreImmutable() {
        // given
        Job old = created(WorkloadSpecValidationTest.job());
        Job updated = SERIALIZATION.clone(old);
        updated.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.28");
        updated.getSpec().setCompletionMode("Indexed");
        // when / then: upstream prints the whole template with %#v; Peapod abbreviates it
        assertThat(updateRejection(updated, old)).isEqualTo("Job.batch \"pi\" is invalid: ["
                + "spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable, "
                + "spec.completionMode: Invalid value: \"Indexed\": field is immutable]");
    }

    @Test
    void aDaemonSetsSelectorIsImmutable() {
        // given
        DaemonSet old = created(WorkloadSpecValidationTest.daemonSet());
        DaemonSet updated = SERIALIZATION.clone(old);
        updated.getSpec().getSelector().getMatchLabels().put("tier", "node");
        updated.getSpec().getTemplate().getMetadata().getLabels().put("tier", "node");
        // when / then
        assertThat(updateRejection(updated, old)).isEqualTo("DaemonSet.apps \"agent\" is invalid: spec.selector: Invalid value: "
                + "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"agent\", \"tier\":\"node\"}, "
                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
    }
}
