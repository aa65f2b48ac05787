package dev.peapod.admission;

import dev.peapod.store.ApiException;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static dev.peapod.admission.Manifests.app;
import static dev.peapod.admission.Manifests.container;
import static dev.peapod.admission.Manifests.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ApiAdmission behind a real ObjectStore: what is admitted is stored defaulted, what is rejected is not stored. */
class ApiAdmissionStoreTest {
    private final ObjectStore store = new ObjectStore(new VirtualClock(VirtualClock.DEFAULT_START), new Random(1), new ApiAdmission());

    @Test
    void admittedPodIsStoredWithItsDefaults() {
        // when
        Pod stored = store.create(pod(app()));
        // then
        assertThat(stored.getSpec().getRestartPolicy()).isEqualTo("Always");
        assertThat(stored.getSpec().getServiceAccountName()).isEqualTo("default");
        assertThat(stored.getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void rejectedPodLeavesTheStoreUnchanged() {
        // given
        long before = store.resourceVersion();
        // when
        assertThatThrownBy(() -> store.create(pod(container("app", null))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.reason()).isEqualTo("Invalid");
                    assertThat(e.causes()).hasSize(1);
                })
                .hasMessage("Pod \"web\" is invalid: spec.containers[0].image: Required value");
        // then
        assertThat(store.list(Pod.class)).isEmpty();
        assertThat(store.resourceVersion()).isEqualTo(before);
    }

    @Test
    void rejectedUpdateLeavesTheStoredPodUnchanged() {
        // given
        Pod created = store.create(pod(app()));
        // when
        assertThatThrownBy(() -> store.edit(Pod.class, "default", "web",
                pod -> pod.getSpec().getContainers().get(0).setArgs(List.of("--debug"))))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith("Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields other than");
        // then
        assertThat(store.get(Pod.class, "default", "web")).contains(created);
    }

    @Test
    void storeStartsWithNamespacesLabelledByName() {
        // when
        Namespace defaultNamespace = store.get(Namespace.class, null, "default").orElseThrow();
        // then
        assertThat(defaultNamespace.getMetadata().getLabels()).containsEntry("kubernetes.io/metadata.name", "default");
    }

    @Test
    void namespaceNamesAreDnsLabels() {
        assertThatThrownBy(() -> store.create(new NamespaceBuilder().withNewMetadata().withName("team.a").endMetadata().build()))
                .hasMessage("Namespace \"team.a\" is invalid: metadata.name: Invalid value: \"team.a\": must not contain dots");
    }

    @Test
    void otherKindsGetTheirNameValidated() {
        // given
        ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName("Settings").endMetadata().build();
        // when / then
        assertThatThrownBy(() -> store.create(configMap)).hasMessage("ConfigMap \"Settings\" is invalid: metadata.name: "
                + "Invalid value: \"Settings\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
                + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(store.list(ConfigMap.class)).isEmpty();
    }

    @Test
    void rbacNamesMayContainColons() {
        // given
        ClusterRole role = new ClusterRoleBuilder().withNewMetadata().withName("system:peapod-reader").endMetadata().build();
        // when
        ClusterRole stored = store.create(role);
        // then
        assertThat(stored.getMetadata().getName()).isEqualTo("system:peapod-reader");
    }
}
