package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.peapod.admission.Manifests.app;
import static dev.peapod.admission.Manifests.appBuilder;
import static dev.peapod.admission.Manifests.container;
import static dev.peapod.admission.Manifests.created;
import static dev.peapod.admission.Manifests.pod;
import static dev.peapod.admission.Manifests.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Pod create validation, each message pinned to upstream's text
 * (pkg/apis/core/validation/validation.go and k8s.io/apimachinery/pkg/util/validation, v1.33).
 */
class PodValidationTest {
    private static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
            + "or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
            + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    @Test
    void validPodIsAdmitted() {
        assertThatCode(() -> created(pod(app()))).doesNotThrowAnyException();
    }

    @Test
    void podNameMustBeADnsSubdomain() {
        // given
        Pod pod = pod("Web_1", app());
        // when
        String message = rejection(pod);
        // then
        assertThat(message).isEqualTo("Pod \"Web_1\" is invalid: metadata.name: Invalid value: \"Web_1\": " + SUBDOMAIN_MSG);
    }

    @Test
    void podNeedsAContainer() {
        assertThat(rejection(pod())).isEqualTo("Pod \"web\" is invalid: spec.containers: Required value");
    }

    @Test
    void containerNameIsRequired() {
        assertThat(rejection(pod(container(null, "nginx"))))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].name: Required value");
    }

    @Test
    void containerNameMustBeADnsLabel() {
        assertThat(rejection(pod(container("App", "nginx"))))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].name: Invalid value: \"App\": " + LABEL_MSG);
    }

    @Test
    void containerNamesAreUniqueAmongContainers() {
        assertThat(rejection(pod(app(), container("app", "busybox"))))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[1].name: Duplicate value: \"app\"");
    }

    @Test
    void initContainerMayNotReuseAContainerName() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setInitContainers(List.of(container("app", "busybox")));
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.initContainers[0].name: Duplicate value: \"app\"");
    }

    @Test
    void imageIsRequired() {
        assertThat(rejection(pod(container("app", null))))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].image: Required value");
    }

    @Test
    void probeNeedsAHandler() {
        assertThat(rejection(pod(appBuilder().withLivenessProbe(new Probe()).build())))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].livenessProbe: Required value: must specify a handler type");
    }

    @Test
    void probeMayHaveOnlyOneHandler() {
        // given
        Probe probe = new ProbeBuilder().withNewHttpGet().withNewPort(8080).endHttpGet()
                .withNewTcpSocket().withNewPort(8080).endTcpSocket().build();
        // when / then
        assertThat(rejection(pod(appBuilder().withReadinessProbe(probe).build())))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].readinessProbe.tcpSocket: Forbidden: "
                        + "may not specify more than 1 handler type");
    }

    @Test
    void probeNumbersMayNotBeNegative() {
        // given
        Probe probe = tcp().withInitialDelaySeconds(-1).build();
        // when / then
        assertThat(rejection(pod(appBuilder().withReadinessProbe(probe).build())))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].readinessProbe.initialDelaySeconds: "
                        + "Invalid value: -1: must be greater than or equal to 0");
    }

    @Test
    void livenessSuccessThresholdMustBeOne() {
        assertThat(rejection(pod(appBuilder().withLivenessProbe(tcp().withSuccessThreshold(2).build()).build())))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1");
    }

    @Test
    void startupSuccessThresholdMustBeOne() {
        assertThat(rejection(pod(appBuilder().withStartupProbe(tcp().withSuccessThreshold(3).build()).build())))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1");
    }

    @Test
    void readinessSuccessThresholdMayBeAboveOne() {
        assertThatCode(() -> created(pod(appBuilder().withReadinessProbe(tcp().withSuccessThreshold(3).build()).build())))
                .doesNotThrowAnyException();
    }

    @Test
    void readinessProbeMayNotSetATerminationGracePeriod() {
        assertThat(rejection(pod(appBuilder().withReadinessProbe(tcp().withTerminationGracePeriodSeconds(10L).build()).build())))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].readinessProbe.terminationGracePeriodSeconds: "
                        + "Invalid value: 10: must not be set for readinessProbes");
    }

    @Test
    void probeTerminationGracePeriodMustBePositive() {
        assertThat(rejection(pod(appBuilder().withLivenessProbe(tcp().withTerminationGracePeriodSeconds(0L).build()).build())))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].livenessProbe.terminationGracePeriodSeconds: "
                        + "Invalid value: 0: must be greater than 0");
    }

    @Test
    void containerPortMustBeInRange() {
        assertThat(rejection(pod(appBuilder().withPorts(new ContainerPortBuilder().withContainerPort(70000).build()).build())))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: "
                        + "must be between 1 and 65535, inclusive");
    }

    @Test
    void httpGetPortNumberMustBeInRange() {
        // given
        Probe probe = new ProbeBuilder().withNewHttpGet().withPort(new IntOrString(0)).endHttpGet().build();
        // when / then
        assertThat(rejection(pod(appBuilder().withLivenessProbe(probe).build())))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: "
                        + "must be between 1 and 65535, inclusive");
    }

    @Test
    void httpGetPortNameMustBeAnIanaServiceName() {
        // given
        Probe probe = new ProbeBuilder().withNewHttpGet().withPort(new IntOrString("web_port")).endHttpGet().build();
        // when / then
        assertThat(rejection(pod(appBuilder().withLivenessProbe(probe).build())))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].livenessProbe.httpGet.port: Invalid value: \"web_port\": "
                        + "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }

    @Test
    void restartPolicyMustBeKnown() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setRestartPolicy("Sometimes");
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.restartPolicy: Unsupported value: \"Sometimes\": "
                + "supported values: \"Always\", \"OnFailure\", \"Never\"");
    }

    @Test
    void containerRestartPolicyIsForbiddenOnRegularContainers() {
        assertThat(rejection(pod(appBuilder().withRestartPolicy("Always").build())))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers");
    }

    @Test
    void initContainerRestartPolicyMayOnlyBeAlways() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setInitContainers(List.of(new ContainerBuilder().withName("init").withImage("busybox")
                .withRestartPolicy("OnFailure").build()));
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.initContainers[0].restartPolicy: "
                + "Unsupported value: \"OnFailure\": supported values: \"Always\"");
    }

    @Test
    void regularInitContainerMayNotHaveProbes() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setInitContainers(List.of(new ContainerBuilder().withName("init").withImage("busybox")
                .withLivenessProbe(tcp().build()).build()));
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.initContainers[0].livenessProbe: Forbidden: "
                + "may not be set for init containers without restartPolicy=Always");
    }

    @Test
    void sidecarInitContainerMayHaveProbes() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setInitContainers(List.of(new ContainerBuilder().withName("proxy").withImage("envoy:1.30")
                .withRestartPolicy("Always").withReadinessProbe(tcp().build()).build()));
        // when / then
        assertThatCode(() -> created(pod)).doesNotThrowAnyException();
    }

    @Test
    void negativeTerminationGracePeriodIsAcceptedBecauseUpstreamOnlyWarns() {
        // given: pkg/api/pod/warnings.go warns "must be >= 0; negative values are invalid and will be treated as 1"
        Pod pod = pod(app());
        pod.getSpec().setTerminationGracePeriodSeconds(-5L);
        // when / then
        assertThatCode(() -> created(pod)).doesNotThrowAnyException();
    }

    @Test
    void activeDeadlineSecondsMustBePositive() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setActiveDeadlineSeconds(0L);
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.activeDeadlineSeconds: Invalid value: 0: "
                + "must be between 1 and 2147483647, inclusive");
    }

    @Test
    void cpuRequestMayNotExceedItsLimit() {
        // given
        Pod pod = pod(appBuilder().withNewResources().addToLimits("cpu", new Quantity("1"))
                .addToRequests("cpu", new Quantity("2")).endResources().build());
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.containers[0].resources.requests: "
                + "Invalid value: \"2\": must be less than or equal to cpu limit of 1");
    }

    @Test
    void memoryRequestMayNotExceedItsLimit() {
        // given
        Pod pod = pod(appBuilder().withNewResources().addToLimits("memory", new Quantity("1Gi"))
                .addToRequests("memory", new Quantity("2048Mi")).endResources().build());
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.containers[0].resources.requests: "
                + "Invalid value: \"2Gi\": must be less than or equal to memory limit of 1Gi");
    }

    @Test
    void resourceQuantityMayNotBeNegative() {
        // given
        Pod pod = pod(appBuilder().withNewResources().addToLimits("cpu", new Quantity("-1")).endResources().build());
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: [spec.containers[0].resources.limits[cpu]: "
                + "Invalid value: \"-1\": must be greater than or equal to 0, spec.containers[0].resources.requests[cpu]: "
                + "Invalid value: \"-1\": must be greater than or equal to 0]");
    }

    @Test
    void envVarNameMayNotContainAnEqualsSign() {
        assertThat(rejection(pod(appBuilder().withEnv(new EnvVarBuilder().withName("A=B").withValue("1").build()).build())))
                .isEqualTo("Pod \"web\" is invalid: spec.containers[0].env[0].name: Invalid value: \"A=B\": "
                        + "a valid environment variable name must consist only of printable ASCII characters other than '='");
    }

    @Test
    void envVarNameMayStartWithADigitUnderRelaxedValidation() {
        assertThatCode(() -> created(pod(appBuilder().withEnv(new EnvVarBuilder().withName("1ST").withValue("x").build()).build())))
                .doesNotThrowAnyException();
    }

    @Test
    void volumeNamesAreUnique() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setVolumes(List.of(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build()));
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.volumes[1].name: Duplicate value: \"data\"");
    }

    @Test
    void volumeMountMustNameAVolumeOfThePod() {
        // given
        Pod pod = pod(appBuilder().withVolumeMounts(new VolumeMountBuilder().withName("data").withMountPath("/data").build()).build());
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.containers[0].volumeMounts[0].name: Not found: \"data\"");
    }

    @Test
    void nodeSelectorValuesMustBeLabelValues() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setNodeSelector(Map.of("disk", "fast ssd"));
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.nodeSelector: Invalid value: \"fast ssd\": "
                + "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
                + "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
                + "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    }

    @Test
    void existsTolerationMayNotHaveAValue() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setTolerations(List.of(new TolerationBuilder().withKey("dedicated").withOperator("Exists")
                .withValue("gpu").withEffect("NoSchedule").build()));
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.tolerations[0].operator: Invalid value: \"gpu\": "
                + "value must be empty when `operator` is 'Exists'");
    }

    @Test
    void tolerationSecondsNeedTheNoExecuteEffect() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setTolerations(List.of(new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("gpu")
                .withEffect("NoSchedule").withTolerationSeconds(60L).build()));
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.tolerations[0].effect: Invalid value: \"NoSchedule\": "
                + "effect must be 'NoExecute' when `tolerationSeconds` is set");
    }

    @Test
    void labelKeysMustBeQualifiedNames() {
        // given
        Pod pod = pod(app());
        pod.getMetadata().setLabels(Map.of("-tier", "web"));
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: metadata.labels: Invalid value: \"-tier\": "
                + "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    }

    @Test
    void hostNetworkPodPortsMustBeTheirOwnHostPorts() {
        // given
        Pod pod = pod(appBuilder().withPorts(new ContainerPortBuilder().withContainerPort(8080).withHostPort(9090).build()).build());
        pod.getSpec().setHostNetwork(true);
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: spec.containers[0].ports[0].hostPort: "
                + "Invalid value: 9090: must match `containerPort` when `hostNetwork` is true");
    }

    @Test
    void severalErrorsAreReportedTogetherInUpstreamOrder() {
        // given
        Pod pod = pod(container("app", null), app());
        pod.getSpec().setRestartPolicy("Sometimes");
        // when / then
        assertThat(rejection(pod)).isEqualTo("Pod \"web\" is invalid: [spec.containers[0].image: Required value, "
                + "spec.containers[1].name: Duplicate value: \"app\", "
                + "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"]");
    }

    private static ProbeBuilder tcp() {
        return new ProbeBuilder().withNewTcpSocket().withNewPort(8080).endTcpSocket();
    }
}
