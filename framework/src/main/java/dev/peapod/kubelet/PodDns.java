package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod's {@code /etc/resolv.conf}: the kubelet's DNS configuration for the pod
 * (kubernetes v1.33: pkg/kubelet/network/dns/dns.go {@code GetPodDNS}, {@code getPodDNSType},
 * {@code parseResolvConf}, {@code appendDNSConfig}, {@code formDNSConfigFitsLimits}) written as
 * containerd writes it for the sandbox ({@code search}, then one {@code nameserver} line each, then
 * {@code options}; the node's file copied as is when the configuration is empty).
 *
 * <p>One deliberate difference: upstream merges options through a Go map, so their order in the
 * file is random from one pod to the next; Peapod keeps them in the order they first appear (the
 * base options, then the pod's {@code dnsConfig.options}), a value given again replacing the old
 * one in place.
 */
final class PodDns {
    /** kind's cluster DNS Service IP (the kubelet's --cluster-dns). */
    static final String CLUSTER_DNS = "10.96.0.10";
    /** pkg/apis/core/validation: MaxDNSNameservers, MaxDNSSearchPaths, MaxDNSSearchListChars. */
    static final int MAX_DNS_NAMESERVERS = 3;
    static final int MAX_DNS_SEARCH_PATHS = 32;
    static final int MAX_DNS_SEARCH_LIST_CHARS = 2048;
    /** The DNSConfigForming warning event's reason. */
    static final String DNS_CONFIG_FORMING = "DNSConfigForming";
    private static final List<String> DEFAULT_DNS_OPTIONS = List.of("ndots:5");

    private PodDns() {
    }

    /**
     * The kubelet's DNS settings.
     *
     * @param clusterDns the --cluster-dns addresses (empty: ClusterFirst pods fall back to Default)
     * @param clusterDomain the --cluster-domain, e.g. {@code cluster.local}
     * @param nodeResolvConf the node's resolv.conf (--resolv-conf), or null for {@code --resolv-conf=""}
     */
    record Node(List<String> clusterDns, String clusterDomain, String nodeResolvConf) {
        Node {
            clusterDns = List.copyOf(clusterDns);
            Objects.requireNonNull(clusterDomain, "clusterDomain");
        }

        /** kind's kubelet: cluster DNS 10.96.0.10, domain cluster.local, and a node file like Docker's for a kind node. */
        static Node kind() {
            return new Node(List.of(CLUSTER_DNS), PodHostsFile.CLUSTER_DOMAIN, KIND_NODE_RESOLV_CONF);
        }
    }

    /** What Docker's embedded DNS gives a kind node container (its search line "." adds no domain). */
    static final String KIND_NODE_RESOLV_CONF = "nameserver 172.18.0.1\nsearch .\noptions edns0 trust-ad ndots:0\n";

    /**
     * The pod's DNS configuration and the DNSConfigForming warnings the kubelet records on the pod
     * when the limits cut it ({@code Search Line limits were exceeded, ...}).
     */
    record Config(List<String> servers, List<String> searches, List<String> options, List<String> warnings) {
        Config {
            servers = List.copyOf(servers);
            searches = List.copyOf(searches);
            options = List.copyOf(options);
            warnings = List.copyOf(warnings);
        }
    }

    /** The file the container sees: containerd's rendering of {@link #podDns}, or the node's file when that is empty. */
    static String resolvConf(Pod pod, Node node) {
        Config config = podDns(pod, node);
        StringBuilder out = new StringBuilder();
        if (!config.searches().isEmpty()) {
            out.append("search ").append(String.join(" ", config.searches())).append('\n');
        }
        if (!config.servers().isEmpty()) {
            out.append("nameserver ").append(String.join("\nnameserver ", config.servers())).append('\n');
        }
        if (!config.options().isEmpty()) {
            out.append("options ").append(String.join(" ", config.options())).append('\n');
        }
        if (out.isEmpty()) {
            return node.nodeResolvConf() == null ? "" : node.nodeResolvConf();
        }
        return out.toString();
    }

    /** GetPodDNS. */
    static Config podDns(Pod pod, Node node) {
        List<String> servers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (node.nodeResolvConf() != null) {
            parseResolvConf(node.nodeResolvConf(), servers, searches, options);
        }
        String type = podDnsType(pod);
        if (type.equals("None")) {
            servers.clear();
            searches.clear();
            options.clear();
        } else if (type.equals("Cluster") && !node.clusterDns().isEmpty()) {
            servers = new ArrayList<>(node.clusterDns());
            searches = searchesForClusterFirst(searches, pod, node.clusterDomain());
            options = new ArrayList<>(DEFAULT_DNS_OPTIONS);
        } else {
            // a ClusterFirst pod on a kubelet without --cluster-dns falls back to Default here; upstream also
            // records MissingClusterDNS warnings on the node and the pod, which Peapod's kind-like nodes never need
            if (node.nodeResolvConf() == null) {
                servers = new ArrayList<>(List.of("127.0.0.1"));
                searches = new ArrayList<>(List.of("."));
            }
        }
        PodDNSConfig dnsConfig = pod.getSpec().getDnsConfig();
        if (dnsConfig != null) {
            servers = omitDuplicates(servers, dnsConfig.getNameservers());
            searches = omitDuplicates(searches, dnsConfig.getSearches());
            options = mergeDnsOptions(options, dnsConfig.getOptions());
        }
        return fitsLimits(servers, searches, options, warnings);
    }

    /**
     * getPodDNSType: None; ClusterFirstWithHostNet is cluster; ClusterFirst is cluster unless the
     * pod uses the host network, where it falls through to Default; Default is the node's.
     */
    static String podDnsType(Pod pod) {
        String policy = pod.getSpec().getDnsPolicy() == null ? "ClusterFirst" : pod.getSpec().getDnsPolicy();
        return switch (policy) {
            case "None" -> "None";
            case "ClusterFirstWithHostNet" -> "Cluster";
            case "Default" -> "Host";
            default -> Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) ? "Host" : "Cluster";
        };
    }

    /** generateSearchesForDNSClusterFirst: {@code <ns>.svc.<domain> svc.<domain> <domain>}, then the node's, without repeats. */
    private static List<String> searchesForClusterFirst(List<String> hostSearch, Pod pod, String clusterDomain) {
        if (clusterDomain.isEmpty()) {
            return hostSearch;
        }
        List<String> cluster = List.of(pod.getMetadata().getNamespace() + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain);
        return omitDuplicates(cluster, hostSearch);
    }

    /**
     * parseResolvConf: nameserver lines accumulate; the last search line wins, with "." dropped
     * and trailing dots trimmed; options accumulate, a repeated name replacing the earlier one.
     */
    static void parseResolvConf(String file, List<String> servers, List<String> searches, List<String> options) {
        for (String line : file.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
            if (fields.length == 0) {
                continue;
            }
            switch (fields[0]) {
                case "nameserver" -> {
                    if (fields.length >= 2) {
                        servers.add(fields[1]);
                    }
                }
                case "search" -> {
                    searches.clear();
                    for (int i = 1; i < fields.length; i++) {
                        if (!fields[i].equals(".")) {
                            searches.add(fields[i].endsWith(".") ? fields[i].substring(0, fields[i].length() - 1) : fields[i]);
                        }
                    }
                }
                case "options" -> {
                    Map<String, String> byName = byName(options);
                    for (int i = 1; i < fields.length; i++) {
                        byName.put(fields[i].split(":", 2)[0], fields[i]);
                    }
                    options.clear();
                    options.addAll(byName.values());
                }
                default -> {
                    // other lines (domain, sortlist, ...) are not read by the kubelet
                }
            }
        }
    }

    /** mergeDNSOptions: the pod's options replace the base's of the same name (see the class note on order). */
    private static List<String> mergeDnsOptions(List<String> existing, List<PodDNSConfigOption> podOptions) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String option : existing) {
            int colon = option.indexOf(':');
            values.put(colon < 0 ? option : option.substring(0, colon), colon < 0 ? "" : option.substring(colon + 1));
        }
        for (PodDNSConfigOption option : podOptions == null ? List.<PodDNSConfigOption>of() : podOptions) {
            values.put(option.getName(), option.getValue() == null ? "" : option.getValue());
        }
        List<String> out = new ArrayList<>();
        values.forEach((name, value) -> out.add(value.isEmpty() ? name : name + ":" + value));
        return out;
    }

    private static Map<String, String> byName(List<String> options) {
        Map<String, String> byName = new LinkedHashMap<>();
        options.forEach(o -> byName.put(o.split(":", 2)[0], o));
        return byName;
    }

    private static List<String> omitDuplicates(List<String> first, List<String> then) {
        LinkedHashSet<String> all = new LinkedHashSet<>(first);
        if (then != null) {
            all.addAll(then);
        }
        return new ArrayList<>(all);
    }

    /** formDNSConfigFitsLimits: at most 3 nameservers, 32 search domains and 2048 characters of search line. */
    private static Config fitsLimits(List<String> servers, List<String> searches, List<String> options, List<String> warnings) {
        if (servers.size() > MAX_DNS_NAMESERVERS) {
            servers = servers.subList(0, MAX_DNS_NAMESERVERS);
            warnings.add("Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: "
                    + String.join(" ", servers));
        }
        boolean exceeded = false;
        if (searches.size() > MAX_DNS_SEARCH_PATHS) {
            searches = searches.subList(0, MAX_DNS_SEARCH_PATHS);
            exceeded = true;
        }
        int length = String.join(" ", searches).length();
        if (length > MAX_DNS_SEARCH_LIST_CHARS) {
            int cutLength = 0;
            int cut = 0;
            for (int i = searches.size() - 1; i >= 0; i--) {
                cutLength += searches.get(i).length() + 1;
                cut++;
                if (length - cutLength <= MAX_DNS_SEARCH_LIST_CHARS) {
                    break;
                }
            }
            searches = searches.subList(0, searches.size() - cut);
            exceeded = true;
        }
        if (exceeded) {
            warnings.add("Search Line limits were exceeded, some search paths have been omitted, the applied search line is: "
                    + String.join(" ", searches));
        }
        return new Config(servers, searches, options, warnings);
    }
}
