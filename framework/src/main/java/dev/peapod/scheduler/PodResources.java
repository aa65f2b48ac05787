package dev.peapod.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a pod requests, as the scheduler computes it (kubernetes: staging/src/k8s.io/component-helpers/resource,
 * PodRequests / AggregateContainerRequests): app containers and sidecars add up, each regular init
 * container counts with the sidecars started before it, the larger of the two wins, then the pod
 * overhead is added. Quantities are summed exactly and rounded up to integers only at the end, as
 * resource.Quantity's MilliValue and Value do.
 */
final class PodResources {
    /** schedutil.DefaultMilliCPURequest and DefaultMemoryRequest: what a container without requests counts as when scoring. */
    static final BigDecimal DEFAULT_CPU = new BigDecimal("0.1");
    static final BigDecimal DEFAULT_MEMORY = BigDecimal.valueOf(200L * 1024 * 1024);
    private static final Map<String, BigDecimal> NON_MISSING = Map.of("cpu", DEFAULT_CPU, "memory", DEFAULT_MEMORY);

    private PodResources() {
    }

    /**
     * The pod's requests by resource name. With {@code nonZero}, a container that does not name cpu
     * or memory counts as 100m and 200Mi (NonMissingContainerRequests), as scoring does.
     */
    static SortedMap<String, BigDecimal> requests(Pod pod, boolean nonZero) {
        SortedMap<String, BigDecimal> total = new TreeMap<>();
        for (Container container : containers(pod.getSpec().getContainers())) {
            add(total, containerRequests(container, nonZero));
        }
        SortedMap<String, BigDecimal> sidecars = new TreeMap<>();
        SortedMap<String, BigDecimal> initPeak = new TreeMap<>();
        for (Container container : containers(pod.getSpec().getInitContainers())) {
            SortedMap<String, BigDecimal> own = containerRequests(container, nonZero);
            SortedMap<String, BigDecimal> phase;
            if ("Always".equals(container.getRestartPolicy())) {
                add(total, own);
                add(sidecars, own);
                phase = sidecars;
            } else {
                phase = new TreeMap<>(own);
                add(phase, sidecars);
            }
            max(initPeak, phase);
        }
        max(total, initPeak);
        if (pod.getSpec().getOverhead() != null) {
            add(total, quantities(pod.getSpec().getOverhead()));
        }
        return total;
    }

    /** framework.Resource of a request list: cpu in millicores, the rest in whole units, rounded up. */
    static Resource toResource(Map<String, BigDecimal> requests) {
        long cpu = 0;
        long memory = 0;
        long ephemeral = 0;
        long pods = 0;
        SortedMap<String, Long> scalars = new TreeMap<>();
        for (var entry : requests.entrySet()) {
            switch (entry.getKey()) {
                case "cpu" -> cpu = milli(entry.getValue());
                case "memory" -> memory = whole(entry.getValue());
                case "ephemeral-storage" -> ephemeral = whole(entry.getValue());
                case "pods" -> pods = whole(entry.getValue());
                default -> {
                    if (isScalar(entry.getKey())) {
                        scalars.put(entry.getKey(), whole(entry.getValue()));
                    }
                }
            }
        }
        return new Resource(cpu, memory, ephemeral, pods, scalars);
    }

    /** A node's allocatable resources. */
    static Resource allocatable(Map<String, Quantity> allocatable) {
        return allocatable == null ? Resource.ZERO : toResource(quantities(allocatable));
    }

    /**
     * v1helper.IsScalarResourceName: extended resources (a domain-prefixed name outside
     * kubernetes.io), prefixed native resources, hugepages and attachable volumes.
     */
    static boolean isScalar(String name) {
        return (name.contains("/") && !name.startsWith("requests."))
                || name.startsWith("hugepages-") || name.startsWith("attachable-volumes-");
    }

    static long milli(BigDecimal amount) {
        return whole(amount.movePointRight(3));
    }

    /** resource.Quantity.Value: rounds up. */
    static long whole(BigDecimal amount) {
        BigDecimal rounded = amount.setScale(0, RoundingMode.CEILING);
        return rounded.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : rounded.longValue();
    }

    /**
     * A container's requests, with any limit standing in for a missing request, as API defaulting
     * does on create (pkg/apis/core/v1/defaults.go, SetDefaults_Pod), in case admission has not run.
     */
    private static SortedMap<String, BigDecimal> containerRequests(Container container, boolean nonZero) {
        ResourceRequirements resources = container.getResources();
        SortedMap<String, BigDecimal> requests = new TreeMap<>();
        if (resources != null) {
            if (resources.getLimits() != null) {
                requests.putAll(quantities(resources.getLimits()));
            }
            if (resources.getRequests() != null) {
                requests.putAll(quantities(resources.getRequests()));
            }
        }
        if (nonZero) {
            NON_MISSING.forEach(requests::putIfAbsent);
        }
        return requests;
    }

    private static SortedMap<String, BigDecimal> quantities(Map<String, Quantity> list) {
        SortedMap<String, BigDecimal> amounts = new TreeMap<>();
        list.forEach((name, quantity) -> amounts.put(name, amount(quantity)));
        return amounts;
    }

    private static BigDecimal amount(Quantity quantity) {
        try {
            return quantity == null ? BigDecimal.ZERO : quantity.getNumericalAmount();
        } catch (RuntimeException e) {
            return BigDecimal.ZERO; // the API server rejects such a quantity; never seen after validation
        }
    }

    private static void add(Map<String, BigDecimal> into, Map<String, BigDecimal> more) {
        more.forEach((name, value) -> into.merge(name, value, BigDecimal::add));
    }

    private static void max(Map<String, BigDecimal> into, Map<String, BigDecimal> other) {
        other.forEach((name, value) -> into.merge(name, value, BigDecimal::max));
    }

    private static List<Container> containers(List<Container> list) {
        return list == null ? List.of() : list;
    }
}
