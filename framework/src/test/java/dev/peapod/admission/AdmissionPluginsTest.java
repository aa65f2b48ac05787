package dev.peapod.admission;

import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import dev.peapod.store.ListOptions;
import dev.peapod.store.StoreReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    @Test
    void aPodNamingAPriorityClassThatDoesNotExistIsForbidden() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setPriorityClassName("missing");
        // when / then: plugin/pkg/admission/priority/admission.go
        assertThatThrownBy(() -> createdIn(pod, holding()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403))
                .hasMessage("pods \"web\" is forbidden: no PriorityClass with name missing was found");
    }

    @Test
    void aStoredPriorityClassGivesItsValueAndPolicy() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setPriorityClassName("batch");
        var batch = new PriorityClassBuilder().withNewMetadata().withName("batch").endMetadata()
                .withValue(1000).withPreemptionPolicy("Never").build();
        // when
        createdIn(pod, holding(batch));
        // then
        assertThat(pod.getSpec().getPriority()).isEqualTo(1000);
        assertThat(pod.getSpec().getPreemptionPolicy()).isEqualTo("Never");
    }

    @Test
    void aPodNamingNoClassGetsTheGlobalDefaultsNameValueAndPolicy() {
        // given: two global defaults (a race upstream allows); the lower value wins
        var high = new PriorityClassBuilder().withNewMetadata().withName("high").endMetadata()
                .withValue(5000).withGlobalDefault(true).withPreemptionPolicy("PreemptLowerPriority").build();
        var low = new PriorityClassBuilder().withNewMetadata().withName("low").endMetadata()
                .withValue(100).withGlobalDefault(true).withPreemptionPolicy("Never").build();
        var other = new PriorityClassBuilder().withNewMetadata().withName("other").endMetadata().withValue(1).build();
        // when: getDefaultPriority (plugin/pkg/admission/priority/admission.go)
        Pod pod = createdIn(pod(app()), holding(high, other, low));
        // then
        assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("low");
        assertThat(pod.getSpec().getPriority()).isEqualTo(100);
        assertThat(pod.getSpec().getPreemptionPolicy()).isEqualTo("Never");
    }

    @Test
    void aSecondGlobalDefaultPriorityClassIsForbidden() {
        // given
        var existing = new PriorityClassBuilder().withNewMetadata().withName("standard").endMetadata()
                .withValue(100).withGlobalDefault(true).withPreemptionPolicy("PreemptLowerPriority").build();
        var second = new PriorityClassBuilder().withNewMetadata().withName("batch").endMetadata()
                .withValue(10).withGlobalDefault(true).build();
        var sameAgain = new PriorityClassBuilder(existing).withDescription("the default").build();
        // when / then: validatePriorityClass; the default class itself may be updated
        assertThatThrownBy(() -> new ApiAdmission().admit(Admission.Operation.CREATE, second, null, holding(existing)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403))
                .hasMessage("priorityclasses.scheduling.k8s.io \"batch\" is forbidden: PriorityClass standard is already "
                        + "marked as default. Only one default can exist");
        var secondOld = new PriorityClassBuilder(second).withGlobalDefault(false).build();
        assertThatThrownBy(() -> new ApiAdmission().admit(Admission.Operation.UPDATE, second, secondOld, holding(existing, secondOld)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403))
                .hasMessage("priorityclasses.scheduling.k8s.io \"batch\" is forbidden: PriorityClass standard is already "
                        + "marked as default. Only one default can exist");
        new ApiAdmission().admit(Admission.Operation.UPDATE, sameAgain, existing, holding(existing));
        assertThat(sameAgain.getDescription()).isEqualTo("the default");
    }

    @Test
    void aPodNamingAServiceAccountThatDoesNotExistIsForbidden() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setServiceAccountName("missing");
        // when / then: plugin/pkg/admission/serviceaccount/admission.go
        assertThatThrownBy(() -> createdIn(pod, holding()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403))
                .hasMessage("pods \"web\" is forbidden: error looking up service account default/missing: "
                        + "serviceaccount \"missing\" not found");
    }

    @Test
    void aStoredServiceAccountAndTheDefaultOneAreFound() {
        // given: an account in the pod's namespace; "default" is never stored (no serviceaccount controller)
        Pod robot = pod(app());
        robot.getSpec().setServiceAccountName("robot");
        var account = new ServiceAccountBuilder().withNewMetadata().withName("robot").withNamespace("default").endMetadata().build();
        // when
        createdIn(robot, holding(account));
        Pod plain = createdIn(pod(app()), holding());
        // then
        assertThat(robot.getSpec().getServiceAccountName()).isEqualTo("robot");
        assertThat(plain.getSpec().getServiceAccountName()).isEqualTo("default");
    }

    @Test
    void anAccountOfAnotherNamespaceIsNotFound() {
        Pod pod = pod(app());
        pod.getSpec().setServiceAccountName("robot");
        var elsewhere = new ServiceAccountBuilder().withNewMetadata().withName("robot").withNamespace("team").endMetadata().build();
        assertThatThrownBy(() -> createdIn(pod, holding(elsewhere)))
                .hasMessage("pods \"web\" is forbidden: error looking up service account default/robot: "
                        + "serviceaccount \"robot\" not found");
    }

    private static Pod createdIn(Pod pod, StoreReader store) {
        new ApiAdmission().admit(Admission.Operation.CREATE, pod, null, store);
        return pod;
    }

    /** A store holding exactly these objects, found by kind, namespace and name. */
    private static StoreReader holding(HasMetadata... objects) {
        return new StoreReader() {
            @Override
            public <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name) {
                return java.util.Arrays.stream(objects).filter(kind::isInstance)
                        .filter(o -> Objects.equals(o.getMetadata().getNamespace(), namespace) && o.getMetadata().getName().equals(name))
                        .map(kind::cast).findFirst();
            }

            @Override
            public <T extends HasMetadata> List<T> list(Class<T> kind, ListOptions options) {
                return java.util.Arrays.stream(objects).filter(kind::isInstance).map(kind::cast).toList();
            }
        };
    }
}
