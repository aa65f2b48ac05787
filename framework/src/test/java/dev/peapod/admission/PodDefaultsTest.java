package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static dev.peapod.admission.Manifests.app;
import static dev.peapod.admission.Manifests.appBuilder;
import static dev.peapod.admission.Manifests.container;
import static dev.peapod.admission.Manifests.created;
import static dev.peapod.admission.Manifests.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** The defaults of pkg/apis/core/v1/defaults.go (SetDefaults_Pod, _PodSpec, _Container, _Probe, ...). */
class PodDefaultsTest {

    @Test
    void podSpecGetsTheApiServerDefaults() {
        // given
        Pod pod = pod(app());
        // when
        PodSpec spec = created(pod).getSpec();
        // then
        assertThat(spec.getRestartPolicy()).isEqualTo("Always");
        assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(spec.getDnsPolicy()).isEqualTo("ClusterFirst");
        assertThat(spec.getSchedulerName()).isEqualTo("default-scheduler");
        assertThat(spec.getSecurityContext()).isNotNull();
        assertThat(spec.getEnableServiceLinks()).isTrue();
    }

    @Test
    void explicitValuesAreKept() {
        // given
        Pod pod = pod(app());
        pod.getSpec().setRestartPolicy("Never");
        pod.getSpec().setTerminationGracePeriodSeconds(5L);
        pod.getSpec().setEnableServiceLinks(false);
        // when
        PodSpec spec = created(pod).getSpec();
        // then
        assertThat(spec.getRestartPolicy()).isEqualTo("Never");
        assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(5L);
        assertThat(spec.getEnableServiceLinks()).isFalse();
    }

    @Test
    void containerGetsTerminationMessageDefaults() {
        // when
        Container c = created(pod(app())).getSpec().getContainers().get(0);
        // then
        assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "nginx, Always",
            "nginx:latest, Always",
            "nginx:1.27, IfNotPresent",
            "localhost:5000/app, Always",
            "localhost:5000/app:1.0, IfNotPresent",
            "registry.example.com:443/team/app:latest, Always",
            "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, IfNotPresent",
            "nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, Always",
            "Nginx, IfNotPresent"
    })
    void imagePullPolicyFollowsTheTagAsParseImageNameReadsIt(String image, String policy) {
        // when
        Container c = created(pod(container("app", image))).getSpec().getContainers().get(0);
        // then
        assertThat(c.getImagePullPolicy()).isEqualTo(policy);
    }

    @Test
    void probeGetsTimeoutPeriodAndThresholds() {
        // given
        Pod pod = pod(appBuilder().withLivenessProbe(new ProbeBuilder().withNewTcpSocket().withNewPort(8080).endTcpSocket()
                .withSuccessThreshold(0).build()).build());
        // when
        Probe probe = created(pod).getSpec().getContainers().get(0).getLivenessProbe();
        // then
        assertThat(probe.getTimeoutSeconds()).isEqualTo(1);
        assertThat(probe.getPeriodSeconds()).isEqualTo(10);
        assertThat(probe.getSuccessThreshold()).isEqualTo(1);
        assertThat(probe.getFailureThreshold()).isEqualTo(3);
        assertThat(probe.getInitialDelaySeconds()).isNull();
    }

    @Test
    void httpGetProbeGetsPathSlashAndSchemeHttp() {
        // given
        Pod pod = pod(appBuilder().withReadinessProbe(new ProbeBuilder().withNewHttpGet().withNewPort(8080).endHttpGet().build()).build());
        // when
        Probe probe = created(pod).getSpec().getContainers().get(0).getReadinessProbe();
        // then
        assertThat(probe.getHttpGet().getPath()).isEqualTo("/");
        assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTP");
    }

    @Test
    void containerPortProtocolDefaultsToTcp() {
        // given
        Pod pod = pod(appBuilder().withPorts(new ContainerPortBuilder().withContainerPort(80).build()).build());
        // when
        var port = created(pod).getSpec().getContainers().get(0).getPorts().get(0);
        // then
        assertThat(port.getProtocol()).isEqualTo("TCP");
        assertThat(port.getHostPort()).isNull();
    }

    @Test
    void hostNetworkMakesEveryContainerPortAHostPort() {
        // given
        Pod pod = pod(appBuilder().withPorts(new ContainerPortBuilder().withContainerPort(8080).build()).build());
        pod.getSpec().setHostNetwork(true);
        // when
        var port = created(pod).getSpec().getContainers().get(0).getPorts().get(0);
        // then
        assertThat(port.getHostPort()).isEqualTo(8080);
    }

    @Test
    void volumeWithoutSourceBecomesEmptyDir() {
        // given
        Pod pod = pod(app());
        pod.getSpec().getVolumes().add(new VolumeBuilder().withName("scratch").build());
        // when
        var volume = created(pod).getSpec().getVolumes().get(0);
        // then
        assertThat(volume.getEmptyDir()).isNotNull();
    }

    @Test
    void configMapSecretAndDownwardApiVolumesGetMode0644() {
        // given
        Pod pod = pod(app());
        pod.getSpec().getVolumes().add(new VolumeBuilder().withName("config").withNewConfigMap().withName("cfg").endConfigMap().build());
        pod.getSpec().getVolumes().add(new VolumeBuilder().withName("creds").withNewSecret().withSecretName("s").endSecret().build());
        pod.getSpec().getVolumes().add(new VolumeBuilder().withName("info").withNewDownwardAPI().addNewItem().withPath("labels")
                .withNewFieldRef().withFieldPath("metadata.labels").endFieldRef().endItem().endDownwardAPI().build());
        // when
        var volumes = created(pod).getSpec().getVolumes();
        // then
        assertThat(volumes.get(0).getConfigMap().getDefaultMode()).isEqualTo(420);
        assertThat(volumes.get(1).getSecret().getDefaultMode()).isEqualTo(420);
        assertThat(volumes.get(2).getDownwardAPI().getDefaultMode()).isEqualTo(420);
        assertThat(volumes.get(2).getDownwardAPI().getItems().get(0).getFieldRef().getApiVersion()).isEqualTo("v1");
    }

    @Test
    void envFieldRefGetsApiVersionV1() {
        // given
        Pod pod = pod(appBuilder().withEnv(new EnvVarBuilder().withName("POD").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build()).build());
        // when
        var env = created(pod).getSpec().getContainers().get(0).getEnv().get(0);
        // then
        assertThat(env.getValueFrom().getFieldRef().getApiVersion()).isEqualTo("v1");
    }

    @Test
    void requestsDefaultToLimitsForContainersAndInitContainers() {
        // given
        Pod pod = pod(appBuilder().withNewResources().addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("1Gi"))
                .addToRequests("cpu", new Quantity("100m")).endResources().build());
        pod.getSpec().getInitContainers().add(new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("init")
                .withImage("busybox:1.36").withNewResources().addToLimits("cpu", new Quantity("1")).endResources().build());
        // when
        PodSpec spec = created(pod).getSpec();
        // then
        assertThat(spec.getContainers().get(0).getResources().getRequests())
                .isEqualTo(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("1Gi")));
        assertThat(spec.getInitContainers().get(0).getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("1")));
    }

    @Test
    void quantitiesAreStoredInCanonicalForm() {
        // given
        Pod pod = pod(appBuilder().withNewResources().addToLimits("cpu", new Quantity("0.5"))
                .addToLimits("memory", new Quantity("1024Mi")).endResources().build());
        // when
        var limits = created(pod).getSpec().getContainers().get(0).getResources().getLimits();
        // then
        assertThat(limits.get("cpu").toString()).isEqualTo("500m");
        assertThat(limits.get("memory").toString()).isEqualTo("1Gi");
    }

    @Test
    void templatesGetNoPodOnlyDefaults() {
        // given: SetDefaults_Pod runs on Pods only, so templates keep requests, links and host ports as written
        PodSpec spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder().withHostNetwork(true)
                .withContainers(appBuilder().withPorts(new ContainerPortBuilder().withContainerPort(80).build())
                        .withNewResources().addToLimits("cpu", new Quantity("1")).endResources().build()).build();
        // when
        PodDefaults.template(spec);
        // then
        assertThat(spec.getEnableServiceLinks()).isNull();
        assertThat(spec.getContainers().get(0).getPorts().get(0).getHostPort()).isNull();
        assertThat(spec.getContainers().get(0).getResources().getRequests()).isNullOrEmpty();
        assertThat(spec.getRestartPolicy()).isEqualTo("Always");
    }
}
