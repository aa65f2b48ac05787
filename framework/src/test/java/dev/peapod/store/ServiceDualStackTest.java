package dev.peapod.store;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * pkg/registry/core/service/storage/alloc.go initIPFamilyFields on Peapod's single-stack IPv4
 * cluster: "Demanding dual-stack on a non dual-stack cluster" is refused, on create and update,
 * and nothing is stored or allocated.
 */
class ServiceDualStackTest {
    private final StoreFixture fixture = new StoreFixture();
    private final ObjectStore store = fixture.store;

    private static Service service(String name, String clusterIp, Map<String, String> selector, String policy, List<String> families) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withSpec(new ServiceSpecBuilder().withType("ClusterIP").withClusterIP(clusterIp).withSelector(selector)
                        .withIpFamilyPolicy(policy).withIpFamilies(families).addNewPort().withPort(80).endPort().build())
                .build();
    }

    @Test
    void requireDualStackIsRefusedOnASingleStackClusterAndNothingIsStored() {
        assertThatThrownBy(() -> store.create(service("web", null, Map.of("app", "web"), "RequireDualStack", null)))
                .isInstanceOf(ApiException.class)
                .hasMessage("Service \"web\" is invalid: spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": "
                        + "this cluster is not configured for dual-stack services");
        assertThat(store.list(Service.class)).isEmpty();
        // the address it would have had is still free
        assertThat(store.create(service("web", null, Map.of("app", "web"), null, null)).getSpec().getClusterIP())
                .isEqualTo("10.96.149.150");
    }

    @Test
    void withAnIpv6FamilyBothErrorsAreListed() {
        assertThatThrownBy(() -> store.create(service("web", null, Map.of("app", "web"), "RequireDualStack", List.of("IPv4", "IPv6"))))
                .isInstanceOf(ApiException.class)
                .hasMessage("Service \"web\" is invalid: [spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": "
                        + "this cluster is not configured for dual-stack services, "
                        + "spec.ipFamilies[1]: Invalid value: \"IPv6\": not configured on this cluster]");
    }

    @Test
    void aHeadlessServiceWithASelectorIsRefusedTooButAHeadlessSelectorlessOneIsTheSpecialCase() {
        assertThatThrownBy(() -> store.create(service("db", "None", Map.of("app", "db"), "RequireDualStack", null)))
                .hasMessageEndingWith("spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": "
                        + "this cluster is not configured for dual-stack services");
        Service external = store.create(service("external", "None", null, "RequireDualStack", null));
        assertThat(external.getSpec().getIpFamilies()).containsExactly("IPv4", "IPv6");
    }

    @Test
    void anUpdateToRequireDualStackIsRefusedAndTheStoredServiceStaysAsItWas() {
        Service web = store.create(service("web", null, Map.of("app", "web"), null, null));
        Service update = service("web", null, Map.of("app", "web"), "RequireDualStack", null);
        update.getMetadata().setResourceVersion(web.getMetadata().getResourceVersion());
        assertThatThrownBy(() -> store.update(update))
                .isInstanceOf(ApiException.class)
                .hasMessage("Service \"web\" is invalid: spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": "
                        + "this cluster is not configured for dual-stack services");
        Service stored = store.require(Service.class, "default", "web");
        assertThat(stored.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
        assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(web.getMetadata().getResourceVersion());
    }
}
