package dev.peapod.admission;

import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.peapod.admission.Manifests.app;
import static dev.peapod.admission.Manifests.created;
import static dev.peapod.admission.Manifests.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The mutating plugins a default kube-apiserver runs: ServiceAccount, Priority, DefaultTolerationSeconds. */
class AdmissionPluginsTest {

    @Test
    void podWithoutServiceAccountRunsAsDefault() {
        // when
        Pod pod = created(pod(app()));
        // then: the deprecated alias is written back by the v1 conversion
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("default");
        assertThat(pod.getSpec().getServiceAccount()).isEqualTo("default");
    }

    @Test
    void deprecatedServiceAccountFieldIsReadWhenTheNameIsMissing() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setServiceAccount("builder");
        // when
        created(pod);
        // then
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("builder");
    }

    @Test
    void podWithoutPriorityClassGetsPriorityZeroAndPreemptLowerPriority() {
        // when
        Pod pod = created(pod(app()));
        // then
        assertThat(pod.getSpec().getPriority()).isZero();
        assertThat(pod.getSpec().getPreemptionPolicy()).isEqualTo("PreemptLowerPriority");
    }

    @Test
    void systemPriorityClassResolvesToItsValue() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setPriorityClassName("system-node-critical");
        // when
        created(pod);
        // then
        assertThat(pod.getSpec().getPriority()).isEqualTo(2_000_001_000);
    }

    @Test
    void podMayNotSetAPriorityOtherThanItsClassGives() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setPriority(5);
        // when / then
        assertThatThrownBy(() -> created(pod))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403))
                .hasMessage("pods \"web\" is forbidden: the integer value of priority (5) must not be provided in pod spec; "
                        + "priority admission controller computed 0 from the given PriorityClass name");
    }

    @Test
    void podGetsNotReadyAndUnreachableTolerationsOf300Seconds() {
        // when
        Pod pod = created(pod(app()));
        // then
        assertThat(pod.getSpec().getTolerations())
                .extracting(Toleration::getKey, Toleration::getOperator, Toleration::getEffect, Toleration::getTolerationSeconds)
                .containsExactly(
                        tuple("node.kubernetes.io/not-ready", "Exists", "NoExecute", 300L),
                        tuple("node.kubernetes.io/unreachable", "Exists", "NoExecute", 300L));
    }

    @Test
    void podThatAlreadyToleratesAKeyKeepsItsOwnToleration() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setTolerations(List.of(new TolerationBuilder().withKey("node.kubernetes.io/unreachable")
                .withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(10L).build()));
        // when
        created(pod);
        // then
        assertThat(pod.getSpec().getTolerations())
                .extracting(Toleration::getKey, Toleration::getTolerationSeconds)
                .containsExactly(tuple("node.kubernetes.io/unreachable", 10L), tuple("node.kubernetes.io/not-ready", 300L));
    }

    @Test
    void emptyKeyTolerationToleratesEverythingSoNothingIsAdded() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setTolerations(List.of(new TolerationBuilder().withOperator("Exists").build()));
        // when
        created(pod);
        // then
        assertThat(pod.getSpec().getTolerations()).hasSize(1);
    }

    @Test
    void templatesGetNoPluginMutations() {
        // given
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withTemplate(new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata()
                        .withNewSpec().withContainers(app()).endSpec().build()).endSpec().build();
        // when
        new ApiAdmission().admit(Admission.Operation.CREATE, deployment, null);
        // then
        var spec = deployment.getSpec().getTemplate().getSpec();
        assertThat(spec.getTolerations()).isNullOrEmpty();
        assertThat(spec.getServiceAccountName()).isNull();
        assertThat(spec.getPriority()).isNull();
        assertThat(spec.getDnsPolicy()).isEqualTo("ClusterFirst");
    }
}
