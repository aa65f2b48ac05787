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
 * Cluster IP allocation on create (pkg/registry/core/service/storage/alloc.go allocateCreate,
 * pkg/registry/core/service/ipallocator/ipallocator.go): 10.96.0.0/12, the upper range from
 * 10.96.1.1 first, explicit addresses honoured, a taken one refused with ErrAllocated's text.
 */
class ServiceIpsTest {
    private final StoreFixture fixture = new StoreFixture();
    private final ObjectStore store = fixture.store;

    private static Service service(String name, String clusterIp) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withSpec(new ServiceSpecBuilder().withType("ClusterIP").withClusterIP(clusterIp)
                        .withSelector(Map.of("app", name)).addNewPort().withPort(80).endPort().build())
                .build();
    }

    @Test
    void anEmptyClusterIpGetsAnAddressOfTheUpperRangeFromTheNameAndTheSingleStackFields() {
        // when
        Service web = store.create(service("web", null));
        // then: the same address on every run, from the name's FNV-1a offset in 10.96.1.1-10.111.255.254
        assertThat(web.getSpec().getClusterIP()).isEqualTo("10.96.149.150");
        assertThat(web.getSpec().getClusterIPs()).containsExactly("10.96.149.150");
        assertThat(web.getSpec().getIpFamilies()).containsExactly("IPv4");
        assertThat(web.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
        long address = ServiceIps.parse(web.getSpec().getClusterIP());
        assertThat(address).isBetween(ServiceIps.parse("10.96.1.1"), ServiceIps.parse("10.111.255.254"));
    }

    @Test
    void theAddressDependsOnlyOnTheNamespacedNameNotOnWhatCameBefore() {
        // given
        store.create(service("db", null));
        store.create(service("cache", null));
        // when
        Service web = store.create(service("web", null));
        // then
        assertThat(web.getSpec().getClusterIP()).isEqualTo("10.96.149.150");
    }

    @Test
    void anExplicitAddressIsHonouredAndATakenOneIsRefusedWithTheAllocatorsMessage() {
        // given
        store.create(service("web", "10.96.0.50"));
        // when / then
        assertThatThrownBy(() -> store.create(service("web2", "10.96.0.50")))
                .isInstanceOf(ApiException.class)
                .hasMessage("Service \"web2\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.50\"}: "
                        + "failed to allocate IP 10.96.0.50: provided IP is already allocated");
        assertThat(store.list(Service.class)).hasSize(1);
    }

    @Test
    void theKubernetesAndDnsAddressesAreAlwaysTaken() {
        assertThatThrownBy(() -> store.create(service("api", "10.96.0.1")))
                .hasMessageEndingWith("failed to allocate IP 10.96.0.1: provided IP is already allocated");
        assertThatThrownBy(() -> store.create(service("dns", "10.96.0.10")))
                .hasMessageEndingWith("failed to allocate IP 10.96.0.10: provided IP is already allocated");
    }

    @Test
    void anAddressOutsideTheServiceCidrIsRefused() {
        assertThatThrownBy(() -> store.create(service("web", "10.0.0.5")))
                .hasMessage("Service \"web\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.0.0.5\"}: "
                        + "failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. "
                        + "The range of valid IPs is 10.96.0.0/12");
    }

    @Test
    void deletingAServiceReleasesItsAddress() {
        // given
        store.create(service("web", "10.96.0.50"));
        store.delete(Service.class, "default", "web");
        // when
        Service again = store.create(service("web2", "10.96.0.50"));
        // then
        assertThat(again.getSpec().getClusterIP()).isEqualTo("10.96.0.50");
    }

    @Test
    void aHeadlessServiceGetsNoAddressAndASelectorlessOneIsDualStackRequired() {
        // when
        Service headless = store.create(service("db", "None"));
        Service selectorless = store.create(new ServiceBuilder().withNewMetadata().withName("ext").endMetadata()
                .withNewSpec().withClusterIP("None").endSpec().build());
        // then
        assertThat(headless.getSpec().getClusterIPs()).containsExactly("None");
        assertThat(headless.getSpec().getIpFamilies()).containsExactly("IPv4");
        assertThat(headless.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
        assertThat(selectorless.getSpec().getIpFamilies()).containsExactly("IPv4", "IPv6");
        assertThat(selectorless.getSpec().getIpFamilyPolicy()).isEqualTo("RequireDualStack");
    }

    @Test
    void anUpdateWithoutTheClusterIpKeepsTheStoredOne() {
        // given
        Service web = store.create(service("web", null));
        // when
        Service put = service("web", null);
        put.getMetadata().setLabels(Map.of("tier", "front"));
        Service updated = store.update(put);
        // then
        assertThat(updated.getSpec().getClusterIP()).isEqualTo(web.getSpec().getClusterIP());
        assertThat(updated.getSpec().getClusterIPs()).isEqualTo(List.of(web.getSpec().getClusterIP()));
    }

    @Test
    void anExternalNameServiceGetsNothing() {
        Service external = store.create(new ServiceBuilder().withNewMetadata().withName("ext").endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("example.com").endSpec().build());
        assertThat(external.getSpec().getClusterIP()).isNull();
        assertThat(external.getSpec().getIpFamilies()).isEmpty();
    }
}
