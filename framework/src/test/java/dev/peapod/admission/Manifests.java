package dev.peapod.admission;

import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small valid objects to start each test from, and the admission call every test makes. */
final class Manifests {
    private Manifests() {
    }

    static Pod pod(String name, Container... containers) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withContainers(containers).endSpec().build();
    }

    static Pod pod(Container... containers) {
        return pod("web", containers);
    }

    static Container container(String name, String image) {
        return new ContainerBuilder().withName(name).withImage(image).build();
    }

    static Container app() {
        return container("app", "nginx:1.27");
    }

    static ContainerBuilder appBuilder() {
        return new ContainerBuilder().withName("app").withImage("nginx:1.27");
    }

    /** Admits a create, as the store does on its private copy, and returns the admitted object. */
    static <T extends HasMetadata> T created(T object) {
        new ApiAdmission().admit(Admission.Operation.CREATE, object, null);
        return object;
    }

    /** The API server's message for a create that admission rejects. */
    static String rejection(HasMetadata object) {
        ApiException[] thrown = new ApiException[1];
        assertThatThrownBy(() -> created(object))
                .isInstanceOfSatisfying(ApiException.class, e -> thrown[0] = e);
        return thrown[0].getMessage();
    }

    /** The message of a rejected update of {@code old} to {@code updated}. */
    static String updateRejection(HasMetadata updated, HasMetadata old) {
        ApiException[] thrown = new ApiException[1];
        assertThatThrownBy(() -> new ApiAdmission().admit(Admission.Operation.UPDATE, updated, old))
                .isInstanceOfSatisfying(ApiException.class, e -> thrown[0] = e);
        return thrown[0].getMessage();
    }
}
