package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /etc/hosts, /etc/hostname and /etc/resolv.conf of a pod (kubernetes: pkg/kubelet/kubelet_pods.go,
 * kubelet_pods_test.go TestManagedHostsFileContent and TestNodeHostsFileContent;
 * pkg/kubelet/network/dns/dns.go and dns_test.go).
 */
class PodNetworkFilesTest {
    private static final List<String> POD_IPS = List.of("10.244.1.5");

    private static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withNamespace("team").withName(name).withUid("uid-1").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec();
    }

    private static String hosts(Pod pod) {
        return PodHostsFile.content(pod, POD_IPS, "cluster.local", PodHostsFile.kindNodeEtcHosts("kind-worker", "172.18.0.3"));
    }

    @Test
    void aPlainPodGetsTheManagedFileWithItsNameOnItsIp() {
        assertThat(hosts(pod("web").build())).isEqualTo(""
                + "# Kubernetes-managed hosts file.\n"
                + "127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\n"
                + "fe00::0\tip6-mcastprefix\n"
                + "fe00::1\tip6-allnodes\n"
                + "fe00::2\tip6-allrouters\n"
                + "10.244.1.5\tweb\n");
    }

    @Test
    void aSubdomainGivesTheFullyQualifiedNameThenTheShortOne() {
        Pod pod = pod("web-0").editSpec().withHostname("busybox-1").withSubdomain("busybox-subdomain").endSpec().build();
        assertThat(hosts(pod)).endsWith("fe00::2\tip6-allrouters\n"
                + "10.244.1.5\tbusybox-1.busybox-subdomain.team.svc.cluster.local\tbusybox-1\n");
    }

    @Test
    void hostAliasesComeAfterABlankLineOneLinePerIpWithItsNamesTabJoined() {
        // given: the docs' hostaliases-pod.yaml
        Pod pod = pod("hostaliases-pod").editSpec().withHostAliases(
                new HostAlias(List.of("foo.local", "bar.local"), "127.0.0.1"),
                new HostAlias(List.of("foo.remote"), "10.1.2.3")).endSpec().build();
        // then
        assertThat(hosts(pod)).isEqualTo(""
                + "# Kubernetes-managed hosts file.\n"
                + "127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\n"
                + "fe00::0\tip6-mcastprefix\n"
                + "fe00::1\tip6-allnodes\n"
                + "fe00::2\tip6-allrouters\n"
                + "10.244.1.5\thostaliases-pod\n"
                + "\n"
                + "# Entries added by HostAliases.\n"
                + "127.0.0.1\tfoo.local\tbar.local\n"
                + "10.1.2.3\tfoo.remote\n");
    }

    @Test
    void aHostNetworkPodGetsTheNodesFileUnderItsOwnHeaderPlusItsAliases() {
        Pod pod = pod("agent").editSpec().withHostNetwork(true)
                .withHostAliases(new HostAlias(List.of("db"), "10.0.0.9")).endSpec().build();
        assertThat(hosts(pod)).isEqualTo(""
                + "# Kubernetes-managed hosts file (host network).\n"
                + "127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\n"
                + "ff00::0\tip6-mcastprefix\n"
                + "ff02::1\tip6-allnodes\n"
                + "ff02::2\tip6-allrouters\n"
                + "172.18.0.3\tkind-worker\n"
                + "\n"
                + "# Entries added by HostAliases.\n"
                + "10.0.0.9\tdb\n");
    }

    @Test
    void everyPodIpGetsALine() {
        String content = PodHostsFile.managedHostsFileContent(List.of("10.244.1.5", "fd00:10:244:1::5"), "web", "", List.of());
        assertThat(content).endsWith("10.244.1.5\tweb\nfd00:10:244:1::5\tweb\n");
    }

    @Test
    void aLongHostnameIsCutTo63CharactersAndTrimmedOfTrailingDashesAndDots() {
        String name = "a".repeat(61) + "-.-b";
        assertThat(PodHostsFile.truncatePodHostnameIfNeeded(name, name)).isEqualTo("a".repeat(61));
        assertThat(PodHostsFile.truncatePodHostnameIfNeeded("x-", "x-")).isEqualTo("x-");
        assertThat(PodHostsFile.hostnameAndDomain(pod(name).build(), "cluster.local"))
                .isEqualTo(new PodHostsFile.HostnameAndDomain("a".repeat(61), ""));
    }

    @Test
    void theKubeletLeavesEtcHostsAloneWithoutAnIpOrWhenTheContainerMountsIt() {
        Pod pod = pod("web").build();
        assertThat(PodHostsFile.managesEtcHosts(pod.getSpec().getContainers().get(0), POD_IPS)).isTrue();
        assertThat(PodHostsFile.managesEtcHosts(pod.getSpec().getContainers().get(0), List.of())).isFalse();
        Pod mounting = pod("web").editSpec().editFirstContainer().addNewVolumeMount().withName("h").withMountPath("/etc/hosts")
                .endVolumeMount().endContainer().endSpec().build();
        assertThat(PodHostsFile.managesEtcHosts(mounting.getSpec().getContainers().get(0), POD_IPS)).isFalse();
    }

    @Test
    void etcHostnameIsTheHostnameTheFqdnOrTheNodesName() {
        assertThat(PodHostsFile.etcHostname(pod("web").build(), "kind-worker", "cluster.local")).isEqualTo("web\n");
        Pod fqdn = pod("web").editSpec().withSubdomain("sub").withSetHostnameAsFQDN(true).endSpec().build();
        assertThat(PodHostsFile.etcHostname(fqdn, "kind-worker", "cluster.local")).isEqualTo("web.sub.team.svc.cluster.local\n");
        Pod host = pod("web").editSpec().withHostNetwork(true).endSpec().build();
        assertThat(PodHostsFile.etcHostname(host, "kind-worker", "cluster.local")).isEqualTo("kind-worker\n");
    }

    private static String resolv(Pod pod) {
        return PodDns.resolvConf(pod, PodDns.Node.kind());
    }

    @Test
    void clusterFirstSearchesTheNamespaceThenTheClusterAndAsksTheClusterDns() {
        Pod pod = pod("web").editSpec().withDnsPolicy("ClusterFirst").endSpec().build();
        assertThat(resolv(pod)).isEqualTo(""
                + "search team.svc.cluster.local svc.cluster.local cluster.local\n"
                + "nameserver 10.96.0.10\n"
                + "options ndots:5\n");
    }

    @Test
    void clusterFirstOnTheHostNetworkFallsBackToTheNodesFile() {
        Pod pod = pod("agent").editSpec().withHostNetwork(true).withDnsPolicy("ClusterFirst").endSpec().build();
        assertThat(resolv(pod)).isEqualTo("nameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n");
    }

    @Test
    void clusterFirstWithHostNetUsesTheClusterDnsOnTheHostNetwork() {
        Pod pod = pod("agent").editSpec().withHostNetwork(true).withDnsPolicy("ClusterFirstWithHostNet").endSpec().build();
        assertThat(resolv(pod)).isEqualTo(""
                + "search team.svc.cluster.local svc.cluster.local cluster.local\n"
                + "nameserver 10.96.0.10\n"
                + "options ndots:5\n");
    }

    @Test
    void defaultIsTheNodesResolverConfiguration() {
        Pod pod = pod("web").editSpec().withDnsPolicy("Default").endSpec().build();
        assertThat(resolv(pod)).isEqualTo("nameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n");
        PodDns.Node node = new PodDns.Node(List.of("10.96.0.10"), "cluster.local",
                "# comment\nnameserver 1.1.1.1\nnameserver 8.8.8.8\nsearch corp.example. lab.example\noptions timeout:2\noptions timeout:3 rotate\n");
        assertThat(PodDns.resolvConf(pod, node)).isEqualTo(""
                + "search corp.example lab.example\n"
                + "nameserver 1.1.1.1\n"
                + "nameserver 8.8.8.8\n"
                + "options timeout:3 rotate\n");
    }

    @Test
    void clusterFirstAppendsTheNodesSearchDomainsAfterTheClusterOnes() {
        PodDns.Node node = new PodDns.Node(List.of("10.96.0.10"), "cluster.local", "nameserver 1.1.1.1\nsearch corp.example cluster.local\n");
        assertThat(PodDns.resolvConf(pod("web").build(), node))
                .startsWith("search team.svc.cluster.local svc.cluster.local cluster.local corp.example\n");
    }

    @Test
    void noneUsesOnlyTheDnsConfig() {
        // given: the docs' dns-example pod
        Pod pod = pod("dns-example").editSpec().withDnsPolicy("None").withDnsConfig(new PodDNSConfigBuilder()
                .withNameservers("192.0.2.1").withSearches("ns1.svc.cluster-domain.example", "my.dns.search.suffix")
                .withOptions(new PodDNSConfigOption("ndots", "2"), new PodDNSConfigOption("edns0", null)).build()).endSpec().build();
        // then
        assertThat(resolv(pod)).isEqualTo(""
                + "search ns1.svc.cluster-domain.example my.dns.search.suffix\n"
                + "nameserver 192.0.2.1\n"
                + "options ndots:2 edns0\n");
    }

    @Test
    void aDnsConfigIsAppendedToTheClusterSettingsAndItsOptionsReplaceSameNamedOnes() {
        Pod pod = pod("web").editSpec().withDnsConfig(new PodDNSConfigBuilder().withNameservers("10.96.0.10", "1.1.1.1")
                .withSearches("svc.cluster.local", "extra.example")
                .withOptions(new PodDNSConfigOption("ndots", "1"), new PodDNSConfigOption("single-request-reopen", null)).build())
                .endSpec().build();
        assertThat(resolv(pod)).isEqualTo(""
                + "search team.svc.cluster.local svc.cluster.local cluster.local extra.example\n"
                + "nameserver 10.96.0.10\n"
                + "nameserver 1.1.1.1\n"
                + "options ndots:1 single-request-reopen\n");
    }

    @Test
    void limitsCutNameserversAndSearchesAndSayWhatWasApplied() {
        List<String> searches = IntStream.range(0, 40).mapToObj(i -> "d" + i + ".example").toList();
        Pod pod = pod("web").editSpec().withDnsPolicy("None").withDnsConfig(new PodDNSConfigBuilder()
                .withNameservers("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4").withSearches(searches).build()).endSpec().build();
        PodDns.Config config = PodDns.podDns(pod, PodDns.Node.kind());
        assertThat(config.servers()).containsExactly("1.1.1.1", "2.2.2.2", "3.3.3.3");
        assertThat(config.searches()).hasSize(32);
        assertThat(config.warnings()).containsExactly(
                "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 1.1.1.1 2.2.2.2 3.3.3.3",
                "Search Line limits were exceeded, some search paths have been omitted, the applied search line is: "
                        + searches.stream().limit(32).collect(Collectors.joining(" ")));
    }
}
