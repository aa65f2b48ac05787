package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

import static dev.peapod.admission.Manifests.app;
import static dev.peapod.admission.Manifests.appBuilder;
import static dev.peapod.admission.Manifests.container;
import static dev.peapod.admission.Manifests.created;
import static dev.peapod.admission.Manifests.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Pod templates inside workloads (pkg/apis/apps/validation, pkg/apis/batch/validation, v1.33). */
class WorkloadAdmissionTest {

    @Test
    void deploymentTemplateErrorsCarryTheTemplatePath() {
        // given
        Deployment deployment = deployment(template("web", appBuilder()
                .withLivenessProbe(new ProbeBuilder().withNewTcpSocket().withNewPort(80).endTcpSocket().withSuccessThreshold(2).build())
                .build()));
        // when / then: the kind is group-qualified, as schema.GroupKind prints it
        assertThat(rejection(deployment)).isEqualTo("Deployment.apps \"web\" is invalid: "
                + "spec.template.spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1");
    }

    @Test
    void deploymentTemplateGetsPodSpecDefaults() {
        // when
        Deployment deployment = created(deployment(template("web", app())));
        // then
        var spec = deployment.getSpec().getTemplate().getSpec();
        assertThat(spec.getRestartPolicy()).isEqualTo("Always");
        assertThat(spec.getContainers().get(0).getImagePullPolicy()).isEqualTo("IfNotPresent");
    }

    @Test
    void deploymentSelectorMustMatchTheTemplateLabels() {
        assertThat(rejection(deployment(template("api", app())))).isEqualTo("Deployment.apps \"web\" is invalid: "
                + "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: "
                + "`selector` does not match template `labels`");
    }

    @Test
    void deploymentTemplateMustRestartAlways() {
        // given
        Deployment deployment = deployment(template("web", app()));
        deployment.getSpec().getTemplate().getSpec().setRestartPolicy("Never");
        // when / then
        assertThat(rejection(deployment)).isEqualTo("Deployment.apps \"web\" is invalid: spec.template.spec.restartPolicy: "
                + "Unsupported value: \"Never\": supported values: \"Always\"");
    }

    @Test
    void jobWithTheDefaultRestartPolicyIsRejected() {
        // given
        Job job = new JobBuilder().withNewMetadata().withName("pi").withNamespace("default").endMetadata()
                .withNewSpec().withTemplate(template("pi", container("pi", "perl:5.34"))).endSpec().build();
        // when / then: PodSpec defaulting sets Always, which a Job refuses; v1.33 reports it as Required
        // (pkg/apis/batch/validation/validation.go, validateJobSpec)
        assertThat(rejection(job)).isEqualTo("Job.batch \"pi\" is invalid: spec.template.spec.restartPolicy: "
                + "Required value: valid values: \"OnFailure\", \"Never\"");
    }

    @Test
    void cronJobTemplateErrorsCarryTheJobTemplatePath() {
        // given
        PodTemplateSpec template = template("nightly", container("job", null));
        template.getSpec().setRestartPolicy("OnFailure");
        CronJob cronJob = new CronJobBuilder().withNewMetadata().withName("nightly").withNamespace("default").endMetadata()
                .withNewSpec().withSchedule("0 3 * * *").withNewJobTemplate().withNewSpec().withTemplate(template)
                .endSpec().endJobTemplate().endSpec().build();
        // when / then
        assertThat(rejection(cronJob)).isEqualTo("CronJob.batch \"nightly\" is invalid: "
                + "spec.jobTemplate.spec.template.spec.containers[0].image: Required value");
    }

    @Test
    void statefulSetNamesAreDnsLabels() {
        // given
        StatefulSet set = new StatefulSetBuilder().withNewMetadata().withName("db.main").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withTemplate(template("db", app())).endSpec().build();
        // when / then
        assertThat(rejection(set)).isEqualTo("StatefulSet.apps \"db.main\" is invalid: metadata.name: "
                + "Invalid value: \"db.main\": must not contain dots");
    }

    @Test
    void statefulSetTemplatePodSpecIsNotValidatedAsUpstreamLeavesItToPodCreation() {
        // given
        StatefulSet set = new StatefulSetBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withTemplate(template("db", container("db", null))).endSpec().build();
        // when / then
        assertThatCode(() -> created(set)).doesNotThrowAnyException();
    }

    private static Deployment deployment(PodTemplateSpec template) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withTemplate(template).endSpec().build();
    }

    private static PodTemplateSpec template(String app, io.fabric8.kubernetes.api.model.Container container) {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", app).endMetadata()
                .withNewSpec().withContainers(container).endSpec().build();
    }
}
