package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The values a downward API volume file holds: {@code fieldRef} by pkg/fieldpath/fieldpath.go
 * ({@code ExtractFieldPathAsString}, {@code FormatMap}) and {@code resourceFieldRef} by
 * pkg/api/v1/resource/helpers.go ({@code ExtractResourceValueByContainerNameAndNodeAllocatable}).
 * Errors carry upstream's text, which ends up in the FailedMount event.
 */
final class DownwardApi {
    private static final List<String> LIMITS_FROM_ALLOCATABLE = List.of("cpu", "memory", "ephemeral-storage");

    private DownwardApi() {
    }

    /**
     * ExtractFieldPathAsString on the pod: labels and annotations as {@link #formatMap}, name,
     * namespace and uid, and a single label or annotation by subscript ({@code metadata.labels['app']}).
     * Subscript keys are not re-validated: admission already refused bad ones.
     */
    static String extractFieldPathAsString(Pod pod, String fieldPath) {
        ObjectMeta meta = pod.getMetadata();
        Optional<String[]> subscripted = splitMaybeSubscriptedPath(fieldPath);
        if (subscripted.isPresent()) {
            String path = subscripted.get()[0];
            String subscript = subscripted.get()[1];
            return switch (path) {
                case "metadata.annotations" -> orEmpty(meta.getAnnotations()).getOrDefault(subscript, "");
                case "metadata.labels" -> orEmpty(meta.getLabels()).getOrDefault(subscript, "");
                default -> throw new VolumeSetupException("fieldPath " + GoQuote.quote(fieldPath) + " does not support subscript");
            };
        }
        return switch (fieldPath) {
            case "metadata.annotations" -> formatMap(meta.getAnnotations());
            case "metadata.labels" -> formatMap(meta.getLabels());
            case "metadata.name" -> nullToEmpty(meta.getName());
            case "metadata.namespace" -> nullToEmpty(meta.getNamespace());
            case "metadata.uid" -> nullToEmpty(meta.getUid());
            default -> throw new VolumeSetupException("unsupported fieldPath: " + fieldPath);
        };
    }

    /**
     * FormatMap: one {@code key="value"} line per entry, keys in byte order, values quoted as Go's
     * {@code %q} does, lines joined by a newline with none after the last one.
     */
    static String formatMap(Map<String, String> map) {
        return new TreeMap<>(orEmpty(map)).entrySet().stream()
                .map(e -> e.getKey() + "=" + GoQuote.quote(nullToEmpty(e.getValue())))
                .collect(Collectors.joining("\n"));
    }

    /** SplitMaybeSubscriptedPath: {@code metadata.labels['k']} is ("metadata.labels", "k"). */
    static Optional<String[]> splitMaybeSubscriptedPath(String fieldPath) {
        if (!fieldPath.endsWith("']")) {
            return Optional.empty();
        }
        String s = fieldPath.substring(0, fieldPath.length() - 2);
        int open = s.indexOf("['");
        if (open <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {s.substring(0, open), s.substring(open + 2)});
    }

    /**
     * ExtractResourceValueByContainerNameAndNodeAllocatable: the container's request or limit in
     * units of the divisor, rounded up; a limit that is unset or zero is the node's allocatable
     * (MergeContainerResourceLimits, for cpu, memory and ephemeral-storage). CPU is computed from
     * milli-units and the rest from whole units, as v1.33's convertResource*ToString do
     * ({@code ceil(float64(q.MilliValue()) / float64(divisor.MilliValue()))}).
     */
    static String resourceValue(ResourceFieldSelector selector, Pod pod, Map<String, String> nodeAllocatable) {
        Container container = findContainer(pod, nullToEmpty(selector.getContainerName()));
        Map<String, Quantity> limits = new TreeMap<>(orEmpty(container.getResources() == null ? null : container.getResources().getLimits()));
        Map<String, Quantity> requests = orEmpty(container.getResources() == null ? null : container.getResources().getRequests());
        for (String resource : LIMITS_FROM_ALLOCATABLE) {
            Quantity limit = limits.get(resource);
            if ((limit == null || amount(limit).signum() == 0) && nodeAllocatable.containsKey(resource)) {
                limits.put(resource, new Quantity(nodeAllocatable.get(resource)));
            }
        }
        Quantity divisor = selector.getDivisor();
        if (divisor == null || amount(divisor).signum() == 0) {
            divisor = new Quantity("1");
        }
        String resource = nullToEmpty(selector.getResource());
        return switch (resource) {
            case "limits.cpu" -> cpu(limits.get("cpu"), divisor);
            case "requests.cpu" -> cpu(requests.get("cpu"), divisor);
            case "limits.memory", "limits.ephemeral-storage", "requests.memory", "requests.ephemeral-storage" ->
                    whole((resource.startsWith("limits.") ? limits : requests).get(resource.substring(resource.indexOf('.') + 1)), divisor);
            default -> hugePages(resource, limits, requests, divisor);
        };
    }

    private static String hugePages(String resource, Map<String, Quantity> limits, Map<String, Quantity> requests, Quantity divisor) {
        if (resource.startsWith("requests.hugepages-")) {
            return whole(requests.get(resource.substring("requests.".length())), divisor);
        }
        if (resource.startsWith("limits.hugepages-")) {
            return whole(limits.get(resource.substring("limits.".length())), divisor);
        }
        throw new VolumeSetupException("unsupported container resource : " + resource);
    }

    /** findContainerInPod: containers first, then init containers. */
    private static Container findContainer(Pod pod, String name) {
        Stream<Container> all = Stream.concat(
                pod.getSpec().getContainers() == null ? Stream.empty() : pod.getSpec().getContainers().stream(),
                pod.getSpec().getInitContainers() == null ? Stream.empty() : pod.getSpec().getInitContainers().stream());
        return all.filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> new VolumeSetupException("container " + name + " not found"));
    }

    private static String cpu(Quantity quantity, Quantity divisor) {
        return ceilDiv(milliValue(quantity), milliValue(divisor));
    }

    private static String whole(Quantity quantity, Quantity divisor) {
        return ceilDiv(value(quantity), value(divisor));
    }

    private static String ceilDiv(BigDecimal value, BigDecimal divisor) {
        if (divisor.signum() == 0) {
            return "0";
        }
        return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    /** resource.Quantity.MilliValue: rounds up. */
    private static BigDecimal milliValue(Quantity quantity) {
        return amount(quantity).movePointRight(3).setScale(0, RoundingMode.CEILING);
    }

    /** resource.Quantity.Value: rounds up. */
    private static BigDecimal value(Quantity quantity) {
        return amount(quantity).setScale(0, RoundingMode.CEILING);
    }

    private static BigDecimal amount(Quantity quantity) {
        return quantity == null ? BigDecimal.ZERO : quantity.getNumericalAmount();
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
