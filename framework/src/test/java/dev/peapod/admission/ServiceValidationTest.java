package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import org.junit.jupiter.api.Test;

import static dev.peapod.admission.Manifests.created;
import static dev.peapod.admission.Manifests.rejection;
import static dev.peapod.admission.Manifests.updateRejection;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SetDefaults_Service, ValidateService and ValidateServiceUpdate, each message pinned to upstream's
 * text (pkg/apis/core/v1/defaults.go, pkg/apis/core/validation/validation.go, v1.33).
 */
class ServiceValidationTest {
    private static final String PORT_RANGE = "must be between 1 and 65535, inclusive";

    @Test
    void aServiceIsDefaultedAsTheApiServerDefaultsIt() {
        // given
        Service service = service(port(null, 80, null));
        // when
        Service admitted = created(service);
        // then
        assertThat(admitted.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(admitted.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(admitted.getSpec().getInternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(admitted.getSpec().getPorts().get(0).getProtocol()).isEqualTo("TCP");
        assertThat(admitted.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString(80));
    }

    @Test
    void aServiceNeedsPorts() {
        assertThat(rejection(service())).isEqualTo("Service \"web\" is invalid: spec.ports: Required value");
    }

    @Test
    void aHeadlessServiceOrAnExternalNameNeedsNoPorts() {
        Service headless = service();
        headless.getSpec().setClusterIP("None");
        Service external = service();
        external.getSpec().setType("ExternalName");
        external.getSpec().setExternalName("db.example.com.");
        created(headless);
        created(external);
    }

    @Test
    void aNegativePortIsOutOfRange() {
        assertThat(rejection(service(port(null, -80, 8080)))).isEqualTo(
                "Service \"web\" is invalid: spec.ports[0].port: Invalid value: -80: " + PORT_RANGE);
    }

    @Test
    void theDefaultedTargetPortIsCheckedToo() {
        assertThat(rejection(service(port(null, 70000, null)))).isEqualTo("Service \"web\" is invalid: ["
                + "spec.ports[0].port: Invalid value: 70000: " + PORT_RANGE + ", "
                + "spec.ports[0].targetPort: Invalid value: 70000: " + PORT_RANGE + "]");
    }

    @Test
    void severalPortsNeedNames() {
        assertThat(rejection(service(port(null, 80, null), port(null, 443, null)))).isEqualTo(
                "Service \"web\" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]");
    }

    @Test
    void portNamesAreUniqueDnsLabels() {
        assertThat(rejection(service(port("http", 80, null), port("http", 81, null), port("Web_1", 82, null))))
                .isEqualTo("Service \"web\" is invalid: [spec.ports[1].name: Duplicate value: \"http\", "
                        + "spec.ports[2].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower "
                        + "case alphanumeric characters or '-', and must start and end with an alphanumeric character "
                        + "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')]");
    }

    @Test
    void theProtocolIsOneOfThree() {
        Service service = service(port(null, 80, null));
        service.getSpec().getPorts().get(0).setProtocol("HTTP");
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: spec.ports[0].protocol: "
                + "Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
    }

    @Test
    void aNamedTargetPortIsAnIanaServiceName() {
        ServicePort port = port(null, 80, null);
        port.setTargetPort(new IntOrString("Http_Port"));
        assertThat(rejection(service(port))).isEqualTo("Service \"web\" is invalid: spec.ports[0].targetPort: "
                + "Invalid value: \"Http_Port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }

    @Test
    void theSamePortAndProtocolTwiceIsADuplicate() {
        // upstream prints the key, a core.ServicePort, with Go's %#v
        assertThat(rejection(service(port("a", 80, 8080), port("b", 80, 9090)))).isEqualTo(
                "Service \"web\" is invalid: spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", "
                        + "AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, "
                        + "NodePort:0}");
    }

    @Test
    void theTypeIsOneOfFour() {
        Service service = service(port(null, 80, null));
        service.getSpec().setType("Internal");
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: spec.type: Unsupported value: "
                + "\"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
    }

    @Test
    void aClusterIpServiceTakesNoNodePort() {
        ServicePort port = port(null, 80, null);
        port.setNodePort(30080);
        assertThat(rejection(service(port))).isEqualTo("Service \"web\" is invalid: spec.ports[0].nodePort: "
                + "Forbidden: may not be used when `type` is 'ClusterIP'");
    }

    @Test
    void anExternalNameServiceNeedsAName() {
        Service service = service();
        service.getSpec().setType("ExternalName");
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: spec.externalName: Required value");
    }

    @Test
    void aNodePortServiceCannotBeHeadless() {
        Service service = service(port(null, 80, null));
        service.getSpec().setType("NodePort");
        service.getSpec().setClusterIP("None");
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: "
                + "\"None\": may not be set to 'None' for NodePort services");
    }

    @Test
    void aClientIpAffinityTimeoutIsBounded() {
        Service service = service(port(null, 80, null));
        service.getSpec().setSessionAffinity("ClientIP");
        service.getSpec().setSessionAffinityConfig(new io.fabric8.kubernetes.api.model.SessionAffinityConfig(
                new io.fabric8.kubernetes.api.model.ClientIPConfig(86401)));
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: spec.sessionAffinityConfig.clientIP."
                + "timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400");
    }

    @Test
    void anExternalIpIsAnIpAddress() {
        Service service = service(port(null, 80, null));
        service.getSpec().setExternalIPs(java.util.List.of("banana", "127.0.0.1"));
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: ["
                + "spec.externalIPs[0]: Invalid value: \"banana\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff), "
                + "spec.externalIPs[1]: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)]");
    }

    @Test
    void theClusterIpCannotChange() {
        // given
        Service old = service(port(null, 80, null));
        old.getSpec().setClusterIP("10.96.0.10");
        created(old);
        Service updated = new ServiceBuilder(old).build();
        updated.getSpec().setClusterIP("10.96.0.11");
        // when / then
        assertThat(updateRejection(updated, old)).isEqualTo("Service \"web\" is invalid: spec.clusterIPs[0]: "
                + "Invalid value: []string{\"10.96.0.11\"}: may not change once set");
    }

    @Test
    void anAppProtocolIsAQualifiedName() {
        ServicePort port = port(null, 80, null);
        port.setAppProtocol("bad proto!");
        assertThat(rejection(service(port))).isEqualTo("Service \"web\" is invalid: spec.ports[0].appProtocol: Invalid value: "
                + "\"bad proto!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                + "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    }

    @Test
    void loadBalancerFieldsNeedALoadBalancer() {
        Service service = service(port(null, 80, null));
        service.getSpec().setLoadBalancerSourceRanges(java.util.List.of("10.0.0.0/33"));
        service.getSpec().setAllocateLoadBalancerNodePorts(false);
        // upstream spells the path with a capital L
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: ["
                + "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer', "
                + "spec.LoadBalancerSourceRanges[0]: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, "
                + "(e.g. 10.9.8.0/24 or 2001:db8::/64), "
                + "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer']");
    }

    @Test
    void trafficPoliciesFitTheType() {
        Service internal = service(port(null, 80, null));
        internal.getSpec().setExternalTrafficPolicy("Local");
        internal.getSpec().setHealthCheckNodePort(30000);
        internal.getSpec().setInternalTrafficPolicy("Nearby");
        assertThat(rejection(internal)).isEqualTo("Service \"web\" is invalid: ["
                + "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services, "
                + "spec.healthCheckNodePort: Invalid value: 30000: may only be set when `type` is 'LoadBalancer' and "
                + "`externalTrafficPolicy` is 'Local', "
                + "spec.internalTrafficPolicy: Unsupported value: \"Nearby\": supported values: \"Cluster\", \"Local\"]");
        Service nodePort = service(port(null, 80, null));
        nodePort.getSpec().setType("NodePort");
        nodePort.getSpec().setExternalTrafficPolicy("Global");
        assertThat(rejection(nodePort)).isEqualTo("Service \"web\" is invalid: spec.externalTrafficPolicy: "
                + "Unsupported value: \"Global\": supported values: \"Cluster\", \"Local\"");
    }

    @Test
    void aNodePortIsUsedOncePerProtocol() {
        ServicePort a = port("a", 80, null);
        ServicePort b = port("b", 81, null);
        a.setNodePort(30080);
        b.setNodePort(30080);
        Service service = service(a, b);
        service.getSpec().setType("NodePort");
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: spec.ports[1].nodePort: Duplicate value: 30080");
    }

    @Test
    void clusterIpsAreIpsAndFollowClusterIp() {
        Service bad = service(port(null, 80, null));
        bad.getSpec().setClusterIP("banana");
        assertThat(rejection(bad)).isEqualTo("Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: \"banana\": "
                + "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        Service plural = service(port(null, 80, null));
        plural.getSpec().setClusterIPs(java.util.List.of("10.96.0.1"));
        plural.getSpec().setIpFamilies(java.util.List.of("IPv5"));
        assertThat(rejection(plural)).isEqualTo("Service \"web\" is invalid: ["
                + "spec.clusterIPs: Invalid value: []string{\"10.96.0.1\"}: must be empty when `clusterIP` is not specified, "
                + "spec.ipFamilies[0]: Unsupported value: \"IPv5\": supported values: \"IPv4\", \"IPv6\"]");
    }

    @Test
    void theSelectorHoldsLabels() {
        Service service = service(port(null, 80, null));
        service.getSpec().setSelector(java.util.Map.of("app", "bad value"));
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: spec.selector: Invalid value: \"bad value\": "
                + "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
                + "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
                + "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    }

    @Test
    void anExternalNameIsADnsSubdomain() {
        Service service = service();
        service.getSpec().setType("ExternalName");
        service.getSpec().setExternalName("Bad_Host");
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: spec.externalName: Invalid value: "
                + "\"Bad_Host\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
                + "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }

    @Test
    void anExternalNameServiceHasNoClusterIpOrFamilies() {
        Service service = service();
        service.getSpec().setType("ExternalName");
        service.getSpec().setExternalName("db.example.com");
        service.getSpec().setClusterIP("10.96.0.1");
        service.getSpec().setIpFamilyPolicy("SingleStack");
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: ["
                + "spec.clusterIPs: Forbidden: may not be set for ExternalName services, "
                + "spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services]");
    }

    @Test
    void theSourceRangesAnnotationIsCheckedWhenTheFieldIsEmpty() {
        Service service = service(port(null, 80, null));
        service.getSpec().setType("LoadBalancer");
        service.getMetadata().setAnnotations(java.util.Map.of(
                "service.beta.kubernetes.io/load-balancer-source-ranges", "10.0.0.0/8, office"));
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: "
                + "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: \"office\": "
                + "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
    }

    @Test
    void noneIsTheOnlyClusterIpOfAHeadlessService() {
        Service service = service(port(null, 80, null));
        service.getSpec().setClusterIP("None");
        service.getSpec().setClusterIPs(java.util.List.of("None", "10.96.0.1"));
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: spec.clusterIPs: Invalid value: "
                + "[]string{\"None\", \"10.96.0.1\"}: 'None' must be the first and only value");
    }

    @Test
    void aServiceHoldsAtMostTwoClusterIps() {
        Service service = service(port(null, 80, null));
        service.getSpec().setClusterIP("10.96.0.1");
        service.getSpec().setClusterIPs(java.util.List.of("10.96.0.1", "fd00::1", "10.96.0.2"));
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: spec.clusterIPs: Invalid value: "
                + "[]string{\"10.96.0.1\", \"fd00::1\", \"10.96.0.2\"}: may only hold up to 2 values");
        service.getSpec().setClusterIPs(java.util.List.of("10.96.0.1", "10.96.0.2"));
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: spec.clusterIPs: Invalid value: "
                + "[]string{\"10.96.0.1\", \"10.96.0.2\"}: may specify no more than one IP for each IP family");
    }

    @Test
    void aLoadBalancerClassNeedsALoadBalancerAndAQualifiedName() {
        // given
        Service clusterIp = service(port(null, 80, null));
        clusterIp.getSpec().setLoadBalancerClass("example.com/lb");
        Service badName = loadBalancer("example.com/bad class");
        // when / then: validateLoadBalancerClassField
        assertThat(rejection(clusterIp)).isEqualTo("Service \"web\" is invalid: spec.loadBalancerClass: Forbidden: "
                + "may only be used when `type` is 'LoadBalancer'");
        assertThat(rejection(badName)).isEqualTo("Service \"web\" is invalid: spec.loadBalancerClass: Invalid value: "
                + "\"example.com/bad class\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
                + "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                + "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    }

    @Test
    void aLoadBalancerClassMayNotChangeOnceSet() {
        // given
        Service old = created(loadBalancer("example.com/lb"));
        Service changed = new ServiceBuilder(old).editSpec().withLoadBalancerClass("example.com/other").endSpec().build();
        Service unset = new ServiceBuilder(old).editSpec().withLoadBalancerClass(null).endSpec().build();
        // when / then: ValidateServiceUpdate; a nil class prints as null
        assertThat(updateRejection(changed, old)).isEqualTo("Service \"web\" is invalid: spec.loadBalancerClass: "
                + "Invalid value: \"example.com/other\": may not change once set");
        assertThat(updateRejection(unset, old)).isEqualTo("Service \"web\" is invalid: spec.loadBalancerClass: "
                + "Invalid value: null: may not change once set");
    }

    @Test
    void trafficDistributionIsPreferClose() {
        // given
        Service service = service(port(null, 80, null));
        service.getSpec().setTrafficDistribution("PreferSameZone");
        Service close = service(port(null, 80, null));
        close.getSpec().setTrafficDistribution("PreferClose");
        // when / then: PreferSameZone needs the PreferSameTrafficDistribution gate, off in v1.33
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: spec.trafficDistribution: Unsupported value: "
                + "\"PreferSameZone\": supported values: \"PreferClose\"");
        assertThat(created(close).getSpec().getTrafficDistribution()).isEqualTo("PreferClose");
    }

    @Test
    void eachClusterIpIsOfTheFamilyIpFamiliesNames() {
        // given
        Service service = service(port(null, 80, null));
        service.getSpec().setClusterIP("fd00::1");
        service.getSpec().setClusterIPs(java.util.List.of("fd00::1", "10.96.0.1"));
        service.getSpec().setIpFamilies(java.util.List.of("IPv4", "IPv6"));
        // when / then: ValidateServiceClusterIPsRelatedFields
        assertThat(rejection(service)).isEqualTo("Service \"web\" is invalid: ["
                + "spec.clusterIPs[0]: Invalid value: \"fd00::1\": expected an IPv4 value as indicated by `ipFamilies[0]`, "
                + "spec.clusterIPs[1]: Invalid value: \"10.96.0.1\": expected an IPv6 value as indicated by `ipFamilies[1]`]");
    }

    private static Service loadBalancer(String lbClass) {
        Service service = service(port(null, 80, null));
        service.getSpec().setType("LoadBalancer");
        service.getSpec().setLoadBalancerClass(lbClass);
        return service;
    }

    static Service service(ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withSelector(java.util.Map.of("app", "web")).withPorts(ports).endSpec().build();
    }

    static ServicePort port(String name, int port, Integer targetPort) {
        ServicePortBuilder builder = new ServicePortBuilder().withName(name).withPort(port);
        if (targetPort != null) {
            builder.withTargetPort(new IntOrString(targetPort));
        }
        return builder.build();
    }
}
