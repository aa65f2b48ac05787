package dev.peapod.kubelet;

import dev.peapod.store.LabelSelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Whether the kubelet admits a pod bound to its node: predicateAdmitHandler.Admit and generalFilter
 * (kubernetes: pkg/kubelet/lifecycle/predicate.go, v1.33), whose checks are the scheduler's
 * AdmissionCheck (pkg/scheduler/schedule_one.go) in this order: resources (noderesources.Fits against
 * allocatable minus what the admitted, non-terminal pods request), node affinity and nodeSelector, node
 * name, host ports; then the NoExecute taints the pod does not tolerate. The OS checks run first.
 * Only the first failure is reported, as Admit does.
 *
 * <p>The engine's parts never import each other (LayeringTest), so the request sum, the node selector
 * match, the host-port check and the toleration match are small copies of dev.peapod.scheduler's
 * PodResources, NodeSelectors, HostPorts and Tolerations (same upstream helpers).
 *
 * <p>Not simulated: the other admit handlers (eviction, sysctls, shutdown) and the critical-pod
 * preemption of HandleAdmissionFailure.
 */
final class KubeletAdmission {
    /** The prefix rejectPod (kubelet.go) puts before the admission message in status.message. */
    static final String REJECTED = "Pod was rejected: ";

    private KubeletAdmission() {
    }

    /** A rejection: PodAdmitResult's reason and message. */
    record Rejection(String reason, String message) {
    }

    /**
     * Admit: null when the pod is admitted, else why not.
     *
     * @param node the Node as the kubelet reads it (labels, taints, status.allocatable)
     * @param otherPods the pods the kubelet runs: admitted and not terminated
     */
    static Rejection admit(Pod pod, Node node, List<Pod> otherPods) {
        Map<String, String> podLabels = pod.getMetadata().getLabels();
        String podOs = podLabels == null ? null : podLabels.get("kubernetes.io/os");
        if (podOs != null && !podOs.equals("linux")) {
            // rejectPodAdmissionBasedOnOSSelector: the node's label is taken as runtime.GOOS, linux here
            return new Rejection("PodOSSelectorNodeLabelDoesNotMatch",
                    "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label");
        }
        if (pod.getSpec().getOs() != null && !"linux".equals(pod.getSpec().getOs().getName())) {
            return new Rejection("PodOSNotSupported", "Failed to admit pod as the OS field doesn't match node OS");
        }
        Rejection resources = fits(pod, node, otherPods);
        if (resources != null) {
            return resources;
        }
        if (!matchesRequired(pod, node)) {
            return predicate("NodeAffinity", "node(s) didn't match Pod's node affinity/selector");
        }
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName != null && !nodeName.isEmpty() && !nodeName.equals(node.getMetadata().getName())) {
            return predicate("NodeName", "node(s) didn't match the requested node name");
        }
        if (!portsFit(pod, otherPods)) {
            return predicate("NodePorts", "node(s) didn't have free ports for the requested pod ports");
        }
        List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        for (Taint taint : list(taints)) {
            // "Kubelet is only interested in the NoExecute taint."
            if ("NoExecute".equals(taint.getEffect()) && !tolerated(pod.getSpec().getTolerations(), taint)) {
                return predicate("TaintToleration", "node(s) had taints that the pod didn't tolerate");
            }
        }
        return null;
    }

    /** PredicateFailureError: the plugin's name is the reason, {@code Predicate <name> failed: <desc>} the message. */
    private static Rejection predicate(String name, String description) {
        return new Rejection(name, "Predicate " + name + " failed: " + description);
    }

    // ---------------------------------------------------------------- resources

    /**
     * noderesources.Fits: the first InsufficientResource in upstream's order (pods, cpu, memory,
     * ephemeral-storage, then extended resources), as {@code OutOf<resource>} with
     * InsufficientResourceError's message; cpu in millicores, the rest in whole units.
     */
    private static Rejection fits(Pod pod, Node node, List<Pod> otherPods) {
        SortedMap<String, Long> allocatable = allocatable(node);
        long allowedPods = allocatable.getOrDefault("pods", 0L);
        if (otherPods.size() + 1 > allowedPods) {
            return insufficient("pods", 1, otherPods.size(), allowedPods);
        }
        SortedMap<String, Long> request = units(requests(pod));
        // predicate.go removeMissingExtendedResources: a manually bound pod's requests of extended resources the
        // node does not have at all are dropped before the fit (its caveat: "kubelet will not fail admission")
        request.keySet().removeIf(name -> isExtended(name) && !allocatable.containsKey(name));
        if (request.values().stream().allMatch(v -> v == 0)) {
            return null;
        }
        SortedMap<String, Long> used = new TreeMap<>();
        for (Pod other : otherPods) {
            units(requests(other)).forEach((name, value) -> used.merge(name, value, Long::sum));
        }
        List<String> order = new ArrayList<>(List.of("cpu", "memory", "ephemeral-storage"));
        request.keySet().stream().filter(KubeletAdmission::isScalar).forEach(order::add); // by name: Go's map order is random
        for (String name : order) {
            long wanted = request.getOrDefault(name, 0L);
            long have = allocatable.getOrDefault(name, 0L);
            long taken = used.getOrDefault(name, 0L);
            if (wanted > 0 && wanted > have - taken) {
                return insufficient(name, wanted, taken, have);
            }
        }
        return null;
    }

    private static Rejection insufficient(String resource, long requested, long used, long capacity) {
        String reason = switch (resource) {
            case "cpu" -> "OutOfcpu";
            case "memory" -> "OutOfmemory";
            case "ephemeral-storage" -> "OutOfephemeral-storage";
            case "pods" -> "OutOfpods";
            default -> "OutOf" + resource;
        };
        return new Rejection(reason, "Node didn't have enough resource: " + resource + ", requested: " + requested
                + ", used: " + used + ", capacity: " + capacity);
    }

    /** The node's allocatable in Fits' units. */
    private static SortedMap<String, Long> allocatable(Node node) {
        Map<String, Quantity> list = node.getStatus() == null ? null : node.getStatus().getAllocatable();
        SortedMap<String, BigDecimal> amounts = new TreeMap<>();
        if (list != null) {
            list.forEach((name, quantity) -> amounts.put(name, amount(quantity)));
        }
        return units(amounts);
    }

    /**
     * resourcehelper.PodRequests: app containers and sidecars add up, each regular init container
     * counts with the sidecars started before it, the larger wins, then the overhead; a limit stands in
     * for a missing request (API defaulting).
     */
    /** v1helper.IsExtendedResourceName: outside the kubernetes.io/ namespace and not a quota's requests. prefix. */
    static boolean isExtended(String name) {
        return name.contains("/") && !name.contains("kubernetes.io/") && !name.startsWith("requests.");
    }

    static SortedMap<String, BigDecimal> requests(Pod pod) {
        SortedMap<String, BigDecimal> total = new TreeMap<>();
        for (Container container : list(pod.getSpec().getContainers())) {
            add(total, containerRequests(container));
        }
        SortedMap<String, BigDecimal> sidecars = new TreeMap<>();
        SortedMap<String, BigDecimal> initPeak = new TreeMap<>();
        for (Container container : list(pod.getSpec().getInitContainers())) {
            SortedMap<String, BigDecimal> own = containerRequests(container);
            SortedMap<String, BigDecimal> phase;
            if ("Always".equals(container.getRestartPolicy())) {
                add(total, own);
                add(sidecars, own);
                phase = sidecars;
            } else {
                phase = new TreeMap<>(own);
                add(phase, sidecars);
            }
            phase.forEach((name, value) -> initPeak.merge(name, value, BigDecimal::max));
        }
        initPeak.forEach((name, value) -> total.merge(name, value, BigDecimal::max));
        if (pod.getSpec().getOverhead() != null) {
            pod.getSpec().getOverhead().forEach((name, q) -> total.merge(name, amount(q), BigDecimal::add));
        }
        return total;
    }

    private static SortedMap<String, BigDecimal> containerRequests(Container container) {
        SortedMap<String, BigDecimal> requests = new TreeMap<>();
        if (container.getResources() != null) {
            if (container.getResources().getLimits() != null) {
                container.getResources().getLimits().forEach((name, q) -> requests.put(name, amount(q)));
            }
            if (container.getResources().getRequests() != null) {
                container.getResources().getRequests().forEach((name, q) -> requests.put(name, amount(q)));
            }
        }
        return requests;
    }

    /** framework.Resource: cpu in millicores (MilliValue), the rest whole (Value), both rounded up. */
    private static SortedMap<String, Long> units(Map<String, BigDecimal> amounts) {
        SortedMap<String, Long> units = new TreeMap<>();
        amounts.forEach((name, amount) -> {
            if (name.equals("cpu")) {
                units.put(name, whole(amount.movePointRight(3)));
            } else if (name.equals("memory") || name.equals("ephemeral-storage") || name.equals("pods") || isScalar(name)) {
                units.put(name, whole(amount));
            }
        });
        return units;
    }

    /** v1helper.IsScalarResourceName: extended resources, hugepages and attachable volumes. */
    private static boolean isScalar(String name) {
        return (name.contains("/") && !name.startsWith("requests."))
                || name.startsWith("hugepages-") || name.startsWith("attachable-volumes-");
    }

    private static long whole(BigDecimal amount) {
        BigDecimal rounded = amount.setScale(0, RoundingMode.CEILING);
        return rounded.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : rounded.longValue();
    }

    private static BigDecimal amount(Quantity quantity) {
        try {
            return quantity == null ? BigDecimal.ZERO : quantity.getNumericalAmount();
        } catch (RuntimeException e) {
            return BigDecimal.ZERO; // validation rejects such a quantity before it gets here
        }
    }

    private static void add(Map<String, BigDecimal> into, Map<String, BigDecimal> more) {
        more.forEach((name, value) -> into.merge(name, value, BigDecimal::add));
    }

    // ---------------------------------------------------------------- node affinity

    /** GetRequiredNodeAffinity(pod).Match(node): the nodeSelector, and any required term (ORed). */
    private static boolean matchesRequired(Pod pod, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null && !selector.isEmpty() && !LabelSelector.ofLabels(selector).matches(labels)) {
            return false;
        }
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        List<NodeSelectorTerm> terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        return list(terms).stream().anyMatch(term -> matches(term, labels, node.getMetadata().getName()));
    }

    /** A term: its expressions on the labels and its fields (metadata.name) ANDed; an empty or invalid term matches nothing. */
    private static boolean matches(NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
        List<NodeSelectorRequirement> expressions = list(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = list(term.getMatchFields());
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        List<LabelSelector.Requirement> requirements = new ArrayList<>();
        for (NodeSelectorRequirement e : expressions) {
            LabelSelector.Operator operator;
            List<String> values = list(e.getValues());
            try {
                operator = LabelSelector.operator(String.valueOf(e.getOperator()));
            } catch (RuntimeException invalid) {
                return false;
            }
            if (e.getKey() == null || e.getKey().isEmpty() || !validValues(operator, values)) {
                return false; // labels.NewRequirement refuses it: the term matches nothing
            }
            requirements.add(new LabelSelector.Requirement(e.getKey(), operator, values));
        }
        if (!requirements.isEmpty() && !LabelSelector.of(requirements).matches(labels)) {
            return false;
        }
        for (NodeSelectorRequirement f : fields) {
            List<String> values = list(f.getValues());
            String operator = String.valueOf(f.getOperator());
            if (values.size() != 1 || !(operator.equals("In") || operator.equals("NotIn"))) {
                return false;
            }
            String actual = "metadata.name".equals(f.getKey()) ? nodeName : "";
            if (operator.equals("In") != values.get(0).equals(actual)) {
                return false;
            }
        }
        return true;
    }

    /** labels.NewRequirement's value checks: In/NotIn need values, Exists/DoesNotExist none, Gt/Lt one integer. */
    private static boolean validValues(LabelSelector.Operator operator, List<String> values) {
        return switch (operator) {
            case IN, NOT_IN -> !values.isEmpty();
            case EXISTS, DOES_NOT_EXIST -> values.isEmpty();
            case GT, LT -> values.size() == 1 && values.get(0).matches("-?\\d+");
            default -> false;
        };
    }

    // ---------------------------------------------------------------- host ports and taints

    /** nodeports.Fits: no wanted host port is in use (0.0.0.0 conflicts with every address; TCP by default). */
    private static boolean portsFit(Pod pod, List<Pod> otherPods) {
        Set<String> used = new HashSet<>(); // membership only: no order is observed
        for (Pod other : otherPods) {
            for (String[] port : hostPorts(other)) {
                used.add(port[0] + " " + port[1]);
            }
        }
        for (String[] port : hostPorts(pod)) {
            String ip = port[0];
            String protocolPort = port[1];
            if (ip.equals("0.0.0.0")) {
                if (used.stream().anyMatch(u -> u.endsWith(" " + protocolPort))) {
                    return false;
                }
            } else if (used.contains("0.0.0.0 " + protocolPort) || used.contains(ip + " " + protocolPort)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The host ports of the sidecars (restartPolicy Always) and the regular containers, as {ip,
     * protocol/port} (pkg/scheduler/util/utils.go GetHostPorts, which nodeports.Fits uses: PR #132040,
     * cherry-picked to release-1.33 as #133390; v1.33.0 looked at spec.containers only).
     */
    private static List<String[]> hostPorts(Pod pod) {
        List<String[]> ports = new ArrayList<>();
        List<Container> containers = new ArrayList<>();
        list(pod.getSpec().getInitContainers()).stream().filter(c -> "Always".equals(c.getRestartPolicy())).forEach(containers::add);
        containers.addAll(list(pod.getSpec().getContainers()));
        for (Container container : containers) {
            for (ContainerPort port : list(container.getPorts())) {
                if (port.getHostPort() != null && port.getHostPort() > 0) {
                    String ip = port.getHostIP() == null || port.getHostIP().isEmpty() ? "0.0.0.0" : port.getHostIP();
                    String protocol = port.getProtocol() == null || port.getProtocol().isEmpty() ? "TCP" : port.getProtocol();
                    ports.add(new String[] {ip, protocol + "/" + port.getHostPort()});
                }
            }
        }
        return ports;
    }

    /** Toleration.ToleratesTaint by any toleration: an empty effect or key matches any; an empty operator is Equal. */
    private static boolean tolerated(List<Toleration> tolerations, Taint taint) {
        for (Toleration t : list(tolerations)) {
            boolean effect = t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals(taint.getEffect());
            boolean key = t.getKey() == null || t.getKey().isEmpty() || t.getKey().equals(taint.getKey());
            String operator = t.getOperator();
            boolean value = "Exists".equals(operator)
                    || ((operator == null || operator.isEmpty() || operator.equals("Equal"))
                    && Objects.equals(orEmpty(t.getValue()), orEmpty(taint.getValue())));
            if (effect && key && value) {
                return true;
            }
        }
        return false;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
