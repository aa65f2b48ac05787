package dev.peapod.kubelet;

import dev.peapod.store.FieldError;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The downward API's values as the kubelet resolves them, for env {@code valueFrom} and for
 * downwardAPI volume items alike: {@code fieldRef} (pkg/kubelet/kubelet_pods.go
 * {@code podFieldSelectorRuntimeValue}, pkg/apis/core/pods/helpers.go
 * {@code ConvertDownwardAPIFieldLabel}, pkg/fieldpath/fieldpath.go {@code ExtractFieldPathAsString})
 * and {@code resourceFieldRef} (pkg/api/v1/resource/helpers.go {@code ExtractContainerResourceValue},
 * {@code MergeContainerResourceLimits}; pkg/kubelet/kubelet_resources.go
 * {@code defaultPodLimitsForDownwardAPI}). Errors are upstream's texts, thrown as
 * {@link ContainerConfigException}.
 */
final class DownwardApi {
    /** ConvertDownwardAPIFieldLabel's accepted labels (v1.33 adds status.hostIPs to the older list). */
    private static final Set<String> FIELD_LABELS = Set.of("metadata.annotations", "metadata.labels", "metadata.name",
            "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName",
            "spec.schedulerName", "status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");
    /** MergeContainerResourceLimits: hugepages are never defaulted, as they are never overcommitted. */
    private static final List<String> DEFAULTED_LIMITS = List.of("cpu", "memory", "ephemeral-storage");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private DownwardApi() {
    }

    /**
     * A {@code fieldRef}'s value. {@code hostIPs} and {@code podIPs} are the node's and the pod's
     * addresses; the pod's are sorted as {@code sortPodIPs} sorts them (the first of the node's IP
     * family, then the first of the other), so that {@code status.podIP} is the node family's one.
     */
    static String fieldRef(ObjectFieldSelector selector, Pod pod, List<String> hostIPs, List<String> podIPs) {
        String version = selector.getApiVersion() == null || selector.getApiVersion().isEmpty()
                ? "v1" : selector.getApiVersion(); // SetDefaults_ObjectFieldSelector
        String path = convertFieldLabel(version, selector.getFieldPath());
        List<String> sorted = sortPodIPs(podIPs, hostIPs);
        String podIP = sorted.isEmpty() ? "" : sorted.get(0);
        return switch (path) {
            case "spec.nodeName" -> nullToEmpty(pod.getSpec().getNodeName());
            case "spec.serviceAccountName" -> nullToEmpty(pod.getSpec().getServiceAccountName());
            case "status.hostIP" -> hostIPs.isEmpty() ? "" : hostIPs.get(0);
            case "status.hostIPs" -> String.join(",", hostIPs);
            case "status.podIP" -> podIP;
            case "status.podIPs" -> String.join(",", sorted);
            default -> metadataField(pod.getMetadata(), path);
        };
    }

    /** ConvertDownwardAPIFieldLabel: the internal field path, or its error. */
    private static String convertFieldLabel(String version, String label) {
        if (!version.equals("v1")) {
            throw new ContainerConfigException("unsupported pod version: " + version);
        }
        Optional<String[]> subscripted = splitSubscript(label);
        if (subscripted.isPresent()) {
            String path = subscripted.get()[0];
            if (path.equals("metadata.annotations") || path.equals("metadata.labels")) {
                return label;
            }
            throw new ContainerConfigException("field label does not support subscript: " + label);
        }
        if (label.equals("spec.host")) {
            return "spec.nodeName"; // old v1 clients
        }
        if (!FIELD_LABELS.contains(label)) {
            throw new ContainerConfigException("field label not supported: " + label);
        }
        return label;
    }

    /**
     * ExtractFieldPathAsString: a missing label or annotation is the empty string; the whole map is
     * {@code key="value"} lines sorted by key, the value Go-quoted (FormatMap), as a downwardAPI
     * volume's {@code labels} file holds it. Subscript keys were checked by the API server.
     */
    static String metadataField(ObjectMeta meta, String path) {
        Optional<String[]> subscripted = splitSubscript(path);
        if (subscripted.isPresent()) {
            String key = subscripted.get()[1];
            return switch (subscripted.get()[0]) {
                case "metadata.annotations" -> nullToEmpty(orEmpty(meta.getAnnotations()).get(key));
                case "metadata.labels" -> nullToEmpty(orEmpty(meta.getLabels()).get(key));
                default -> throw new ContainerConfigException("fieldPath " + FieldError.quote(path) + " does not support subscript");
            };
        }
        return switch (path) {
            case "metadata.annotations" -> formatMap(meta.getAnnotations());
            case "metadata.labels" -> formatMap(meta.getLabels());
            case "metadata.name" -> nullToEmpty(meta.getName());
            case "metadata.namespace" -> nullToEmpty(meta.getNamespace());
            case "metadata.uid" -> nullToEmpty(meta.getUid());
            default -> throw new ContainerConfigException("unsupported fieldPath: " + path);
        };
    }

    /** fieldpath.FormatMap: {@code k="v"} per line, keys sorted, no trailing newline. */
    static String formatMap(Map<String, String> map) {
        return new TreeMap<>(orEmpty(map)).entrySet().stream()
                .map(e -> e.getKey() + "=" + FieldError.quote(nullToEmpty(e.getValue())))
                .collect(Collectors.joining("\n"));
    }

    /** SplitMaybeSubscriptedPath: {@code metadata.labels['k']} is (metadata.labels, k). */
    private static Optional<String[]> splitSubscript(String fieldPath) {
        if (!fieldPath.endsWith("']")) {
            return Optional.empty();
        }
        String s = fieldPath.substring(0, fieldPath.length() - 2);
        int open = s.indexOf("['");
        if (open <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[]{s.substring(0, open), s.substring(open + 2)});
    }

    /** Kubelet.sortPodIPs: the first valid IP of the node's family, then the first of the other family. */
    static List<String> sortPodIPs(List<String> podIPs, List<String> hostIPs) {
        boolean v4First = hostIPs.isEmpty() || isIPv4(hostIPs.get(0));
        List<String> ips = new ArrayList<>(2);
        podIPs.stream().filter(ip -> v4First ? isIPv4(ip) : isIPv6(ip)).findFirst().ifPresent(ips::add);
        podIPs.stream().filter(ip -> v4First ? isIPv6(ip) : isIPv4(ip)).findFirst().ifPresent(ips::add);
        return ips;
    }

    static boolean isIPv4(String ip) {
        return IPV4.matcher(ip).matches();
    }

    /** An IPv6 literal; Java parses a text with a colon as a literal and never looks it up. */
    static boolean isIPv6(String ip) {
        if (!ip.contains(":") || !IPV6_CHARS.matcher(ip).matches()) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(ip) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * An env {@code resourceFieldRef}'s value for {@code container} of {@code pod}: the limit or
     * request divided by the divisor (1 when unset) and rounded up; an unset or zero cpu, memory or
     * ephemeral-storage limit is the node's allocatable one. With {@code containerName} set, that
     * container's value, defaulted the same way only when it is an app container
     * (defaultPodLimitsForDownwardAPI defaults {@code spec.containers} alone).
     */
    static String resourceFieldRef(ResourceFieldSelector selector, Pod pod, Container container,
                                   Map<String, Quantity> allocatable) {
        String name = selector.getContainerName();
        if (name == null || name.isEmpty()) {
            return value(selector, container, true, allocatable);
        }
        Optional<Container> app = orEmpty(pod.getSpec().getContainers()).stream()
                .filter(c -> name.equals(c.getName())).findFirst();
        return value(selector, named(pod, name), app.isPresent(), allocatable);
    }

    /**
     * A downwardAPI volume item's {@code resourceFieldRef} (pkg/volume/downwardapi/downwardapi.go
     * {@code CollectData}: ExtractResourceValueByContainerNameAndNodeAllocatable), where the named
     * container's unset limits are always the node's allocatable ones.
     */
    static String volumeResourceFieldRef(ResourceFieldSelector selector, Pod pod, Map<String, Quantity> allocatable) {
        return value(selector, named(pod, selector.getContainerName() == null ? "" : selector.getContainerName()),
                true, allocatable);
    }

    /** findContainerInPod: app containers first, then init containers. */
    private static Container named(Pod pod, String name) {
        return Stream.concat(orEmpty(pod.getSpec().getContainers()).stream(), orEmpty(pod.getSpec().getInitContainers()).stream())
                .filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> new ContainerConfigException("container " + name + " not found"));
    }

    private static String value(ResourceFieldSelector selector, Container target, boolean defaulted,
                                Map<String, Quantity> allocatable) {
        Map<String, Quantity> limits = new TreeMap<>(orEmptyQ(target.getResources() == null ? null : target.getResources().getLimits()));
        if (defaulted) {
            // MergeContainerResourceLimits
            for (String resource : DEFAULTED_LIMITS) {
                Quantity limit = limits.get(resource);
                if ((limit == null || amount(limit).signum() == 0) && allocatable.containsKey(resource)) {
                    limits.put(resource, allocatable.get(resource));
                }
            }
        }
        Map<String, Quantity> requests = orEmptyQ(target.getResources() == null ? null : target.getResources().getRequests());
        return extract(selector.getResource(), selector.getDivisor(), limits, requests);
    }

    /** ExtractContainerResourceValue on already defaulted limits. */
    private static String extract(String resource, Quantity divisorQuantity, Map<String, Quantity> limits,
                                  Map<String, Quantity> requests) {
        BigDecimal divisor = divisorQuantity == null || amount(divisorQuantity).signum() == 0
                ? BigDecimal.ONE : amount(divisorQuantity);
        String r = resource == null ? "" : resource;
        Map<String, Quantity> source;
        String name;
        if (r.startsWith("limits.")) {
            source = limits;
            name = r.substring("limits.".length());
        } else if (r.startsWith("requests.")) {
            source = requests;
            name = r.substring("requests.".length());
        } else {
            throw new ContainerConfigException("unsupported container resource : " + r);
        }
        if (!List.of("cpu", "memory", "ephemeral-storage").contains(name) && !name.startsWith("hugepages-")) {
            throw new ContainerConfigException("unsupported container resource : " + r);
        }
        BigDecimal value = source.containsKey(name) ? amount(source.get(name)) : BigDecimal.ZERO;
        return name.equals("cpu") ? ceilDivide(milli(value), milli(divisor)) : ceilDivide(whole(value), whole(divisor));
    }

    /**
     * v1.33's convertResourceCPUToString / convertResourceMemoryToString compute
     * {@code ceil(float64(q) / float64(divisor))} on MilliValue (cpu) or Value (the others); this
     * divides exactly, which agrees with the float for every quantity a manifest writes.
     */
    private static String ceilDivide(BigDecimal value, BigDecimal divisor) {
        if (value.signum() <= 0 || divisor.signum() <= 0) {
            return "0";
        }
        return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    /** Quantity.MilliValue: the value in thousandths, rounded up. */
    private static BigDecimal milli(BigDecimal amount) {
        return amount.movePointRight(3).setScale(0, RoundingMode.CEILING);
    }

    /** Quantity.Value: the value rounded up to a whole number. */
    private static BigDecimal whole(BigDecimal amount) {
        return amount.setScale(0, RoundingMode.CEILING);
    }

    private static BigDecimal amount(Quantity quantity) {
        return quantity.getNumericalAmount();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static Map<String, Quantity> orEmptyQ(Map<String, Quantity> map) {
        return map == null ? Map.of() : map;
    }
}
