package dev.peapod.kubelet;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.util.List;

/**
 * A pod's {@code /etc/hosts} and {@code /etc/hostname}, byte for byte as the kubelet and the
 * runtime write them (kubernetes v1.33: pkg/kubelet/kubelet_pods.go {@code makeMounts},
 * {@code ensureHostsFile}, {@code managedHostsFileContent}, {@code nodeHostsFileContent},
 * {@code hostsEntriesFromHostAliases}, {@code truncatePodHostnameIfNeeded},
 * {@code GeneratePodHostNameAndDomain}; pkg/kubelet/util {@code GetNodenameForKernel};
 * containerd's sandbox {@code hostname}). Both files have mode 0644.
 */
final class PodHostsFile {
    static final String ETC_HOSTS_PATH = "/etc/hosts";
    static final String MANAGED_HOSTS_HEADER = "# Kubernetes-managed hosts file.\n";
    static final String MANAGED_HOSTS_HEADER_WITH_HOST_NETWORK = "# Kubernetes-managed hosts file (host network).\n";
    /** The kubelet's default --cluster-domain in kind and kubeadm clusters. */
    static final String CLUSTER_DOMAIN = "cluster.local";
    private static final int HOSTNAME_MAX_LEN = 63;
    private static final int FQDN_MAX_LEN = 64;

    private PodHostsFile() {
    }

    /** The pod's short hostname and its domain ({@code <subdomain>.<ns>.svc.<clusterDomain>}, or empty). */
    record HostnameAndDomain(String hostname, String domain) {
    }

    /**
     * GeneratePodHostNameAndDomain: spec.hostname or the pod name, truncated to 63 characters
     * (then trimmed of trailing {@code -} and {@code .}); a subdomain gives the domain.
     * Validation already made hostname and subdomain DNS labels.
     */
    static HostnameAndDomain hostnameAndDomain(Pod pod, String clusterDomain) {
        String podName = pod.getMetadata().getName();
        String hostname = empty(pod.getSpec().getHostname()) ? podName : pod.getSpec().getHostname();
        hostname = truncatePodHostnameIfNeeded(podName, hostname);
        String subdomain = pod.getSpec().getSubdomain();
        String domain = empty(subdomain) ? "" : subdomain + "." + pod.getMetadata().getNamespace() + ".svc." + clusterDomain;
        return new HostnameAndDomain(hostname, domain);
    }

    /** truncatePodHostnameIfNeeded: only a name longer than 63 characters is cut, and only a cut one is trimmed. */
    static String truncatePodHostnameIfNeeded(String podName, String hostname) {
        if (hostname.length() <= HOSTNAME_MAX_LEN) {
            return hostname;
        }
        String truncated = hostname.substring(0, HOSTNAME_MAX_LEN).replaceAll("[-.]+$", "");
        if (truncated.isEmpty()) {
            throw new PeapodException("hostname for pod " + GoQuote.quote(podName) + " was invalid: " + GoQuote.quote(hostname));
        }
        return truncated;
    }

    /**
     * makeMounts: the kubelet mounts its hosts file into a container once the pod has an IP, unless
     * the container mounts something on /etc/hosts itself.
     */
    static boolean managesEtcHosts(Container container, List<String> podIps) {
        if (podIps.isEmpty()) {
            return false;
        }
        List<VolumeMount> mounts = container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts();
        return mounts.stream().noneMatch(m -> ETC_HOSTS_PATH.equals(m.getMountPath()));
    }

    /**
     * ensureHostsFile: for a hostNetwork pod the node's file under its own header, otherwise the
     * managed file; the hostAliases block in both.
     *
     * @param podIps the pod's IPs (status.podIPs), one line each
     * @param nodeEtcHosts the node's own /etc/hosts, used as is for hostNetwork pods
     */
    static String content(Pod pod, List<String> podIps, String clusterDomain, String nodeEtcHosts) {
        List<HostAlias> aliases = pod.getSpec().getHostAliases() == null ? List.of() : pod.getSpec().getHostAliases();
        if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return nodeHostsFileContent(nodeEtcHosts, aliases);
        }
        HostnameAndDomain names = hostnameAndDomain(pod, clusterDomain);
        return managedHostsFileContent(podIps, names.hostname(), names.domain(), aliases);
    }

    static String nodeHostsFileContent(String nodeEtcHosts, List<HostAlias> hostAliases) {
        return MANAGED_HOSTS_HEADER_WITH_HOST_NETWORK + nodeEtcHosts + hostsEntriesFromHostAliases(hostAliases);
    }

    static String managedHostsFileContent(List<String> hostIps, String hostName, String hostDomainName, List<HostAlias> hostAliases) {
        StringBuilder out = new StringBuilder(MANAGED_HOSTS_HEADER)
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .append("fe00::0\tip6-localnet\n")
                .append("fe00::0\tip6-mcastprefix\n")
                .append("fe00::1\tip6-allnodes\n")
                .append("fe00::2\tip6-allrouters\n");
        for (String ip : hostIps) {
            if (hostDomainName.isEmpty()) {
                out.append(ip).append('\t').append(hostName).append('\n');
            } else {
                out.append(ip).append('\t').append(hostName).append('.').append(hostDomainName).append('\t').append(hostName).append('\n');
            }
        }
        return out.append(hostsEntriesFromHostAliases(hostAliases)).toString();
    }

    /** hostsEntriesFromHostAliases: a blank line, the comment, then one line per alias with its hostnames tab-joined. */
    static String hostsEntriesFromHostAliases(List<HostAlias> hostAliases) {
        if (hostAliases.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n# Entries added by HostAliases.\n");
        for (HostAlias alias : hostAliases) {
            List<String> names = alias.getHostnames() == null ? List.of() : alias.getHostnames();
            out.append(alias.getIp()).append('\t').append(String.join("\t", names)).append('\n');
        }
        return out.toString();
    }

    /**
     * The container's /etc/hostname, as containerd writes it for the sandbox ({@code hostname + "\n"}):
     * the node's name for a hostNetwork pod (the kubelet sends no hostname and the sandbox shares
     * the node's UTS namespace), otherwise the pod's hostname, or its FQDN with
     * {@code setHostnameAsFQDN} and a subdomain (GetNodenameForKernel; more than 64 characters is
     * an error the kubelet reports when it creates the sandbox).
     */
    static String etcHostname(Pod pod, String nodeName, String clusterDomain) {
        if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return nodeName + "\n";
        }
        HostnameAndDomain names = hostnameAndDomain(pod, clusterDomain);
        String kernelHostname = names.hostname();
        if (!names.domain().isEmpty() && Boolean.TRUE.equals(pod.getSpec().getSetHostnameAsFQDN())) {
            String fqdn = names.hostname() + "." + names.domain();
            if (fqdn.length() > FQDN_MAX_LEN) {
                throw new PeapodException("failed to construct FQDN from pod hostname and cluster domain, FQDN "
                        + fqdn + " is too long (" + FQDN_MAX_LEN + " characters is the max, " + fqdn.length() + " characters requested)");
            }
            kernelHostname = fqdn;
        }
        return kernelHostname + "\n";
    }

    /**
     * What a kind node's own /etc/hosts holds (Docker writes it for the node container; moby
     * libnetwork/etchosts): the default entries, then the node's address and name. Peapod's nodes
     * have no real file, so this is what hostNetwork pods see.
     */
    static String kindNodeEtcHosts(String nodeName, String internalIp) {
        return "127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\n"
                + "ff00::0\tip6-mcastprefix\n"
                + "ff02::1\tip6-allnodes\n"
                + "ff02::2\tip6-allrouters\n"
                + internalIp + "\t" + nodeName + "\n";
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
