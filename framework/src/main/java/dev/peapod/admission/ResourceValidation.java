package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Container resource requirements: validateResourceRequirements with validateContainerResourceName
 * (pkg/apis/core/validation/validation.go, v1.33). Resource names are checked in sorted order,
 * where upstream walks a Go map in random order.
 */
final class ResourceValidation {
    /** helper.standardResources (pkg/apis/core/helper/helpers.go). */
    private static final Set<String> STANDARD_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage", "requests.cpu",
            "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
            "pods", "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
            "persistentvolumeclaims", "storage", "requests.storage", "services.nodeports", "services.loadbalancers");
    private static final Set<String> STANDARD_CONTAINER_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");
    private static final String HUGEPAGES = "hugepages-";
    /** helper.integerResources. */
    private static final Set<String> INTEGER_RESOURCES = Set.of("pods", "resourcequotas", "services",
            "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports",
            "services.loadbalancers");
    /** isNotIntegerErrorMsg. */
    static final String IS_NOT_INTEGER = "must be an integer";
    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

    private ResourceValidation() {
    }

    static void requirements(ResourceRequirements resources, FieldPath path, Errors errs) {
        if (resources == null) {
            return;
        }
        FieldPath limPath = path.child("limits");
        FieldPath reqPath = path.child("requests");
        Map<String, Quantity> limits = sorted(resources.getLimits());
        Map<String, Quantity> requests = sorted(resources.getRequests());
        limits.forEach((name, quantity) -> {
            resourceName(name, limPath.key(name), errs);
            quantityValue(name, quantity, limPath.key(name), errs);
        });
        requests.forEach((name, quantity) -> {
            resourceName(name, reqPath.key(name), errs);
            quantityValue(name, quantity, reqPath.key(name), errs);
            requestWithinLimit(name, quantity, limits.get(name), limits.containsKey(name), path, errs);
        });
        boolean computeResource = limits.keySet().stream().anyMatch(ResourceValidation::isCpuOrMemory)
                || requests.keySet().stream().anyMatch(ResourceValidation::isCpuOrMemory);
        boolean hugePages = limits.keySet().stream().anyMatch(n -> n.startsWith(HUGEPAGES))
                || requests.keySet().stream().anyMatch(n -> n.startsWith(HUGEPAGES));
        if (hugePages && !computeResource) {
            errs.forbidden(path, "HugePages require cpu or memory");
        }
    }

    /** The error names the whole requests map, not the key (upstream passes reqPath). */
    private static void requestWithinLimit(String name, Quantity request, Quantity limit, boolean hasLimit,
                                           FieldPath path, Errors errs) {
        FieldPath reqPath = path.child("requests");
        Optional<BigDecimal> requested = value(request);
        if (hasLimit) {
            Optional<BigDecimal> limited = value(limit);
            if (requested.isEmpty() || limited.isEmpty()) {
                return;
            }
            int cmp = requested.get().compareTo(limited.get());
            if (cmp != 0 && !overcommitAllowed(name)) {
                errs.invalid(reqPath, text(request), "must be equal to " + name + " limit of " + text(limit));
            } else if (cmp > 0) {
                errs.invalid(reqPath, text(request), "must be less than or equal to " + name + " limit of " + text(limit));
            }
        } else if (!overcommitAllowed(name)) {
            errs.required(path.child("limits"), "Limit must be set for non overcommitable resources");
        }
    }

    /**
     * validateResourceName (pkg/apis/core/validation/validation.go, v1.33): a qualified name, and a
     * standard resource unless it has a domain.
     */
    static void standardOrQualified(String name, FieldPath path, Errors errs) {
        int before = errs.size();
        errs.invalidEach(path, name, Names.qualifiedName(name));
        if (errs.size() == before && !name.contains("/") && !isStandardResource(name)) {
            errs.invalid(path, name, "must be a standard resource type or fully qualified");
        }
    }

    /** validateContainerResourceName: a standard container resource, or a fully qualified extended one. */
    private static void resourceName(String name, FieldPath path, Errors errs) {
        int before = errs.size();
        errs.invalidEach(path, name, Names.qualifiedName(name));
        if (errs.size() > before) {
            return;
        }
        if (!name.contains("/")) {
            if (!isStandardResource(name)) {
                errs.invalid(path, name, "must be a standard resource type or fully qualified");
            }
            if (!STANDARD_CONTAINER_RESOURCES.contains(name) && !name.startsWith(HUGEPAGES)) {
                errs.invalid(path, name, "must be a standard resource for containers");
            }
        } else if (!isNative(name) && !isExtended(name)) {
            errs.invalid(path, name, "doesn't follow extended resource name standard");
        }
    }

    /**
     * ValidateResourceQuantityValue: not negative, and a whole number for an integer resource. The
     * integer error passes the resource.Quantity itself, which field.Error prints with String(),
     * so the value is unquoted (unlike the negative error, which passes value.String()).
     */
    static void quantityValue(String name, Quantity quantity, FieldPath path, Errors errs) {
        value(quantity).filter(v -> v.signum() < 0)
                .ifPresent(v -> errs.invalid(path, text(quantity), ProbeValidation.NEGATIVE));
        if (isIntegerResource(name)) {
            value(quantity).filter(v -> !wholeMilliMultiple(v))
                    .ifPresent(v -> errs.invalid(path, new GoValue(text(quantity)), IS_NOT_INTEGER));
        }
    }

    /** {@code value.MilliValue()%1000 == 0}: MilliValue rounds away from zero to whole milli-units. */
    private static boolean wholeMilliMultiple(BigDecimal value) {
        BigInteger milli = value.movePointRight(3).setScale(0, RoundingMode.UP).toBigIntegerExact();
        return milli.mod(THOUSAND).signum() == 0;
    }

    /** helper.IsIntegerResourceName (pkg/apis/core/helper/helpers.go). */
    static boolean isIntegerResource(String name) {
        return INTEGER_RESOURCES.contains(name) || isExtended(name);
    }

    /** helper.IsExtendedResourceName: not native, no "requests." prefix, and "requests."+name a qualified name. */
    static boolean isExtended(String name) {
        if (isNative(name) || name.startsWith("requests.")) {
            return false;
        }
        return Names.qualifiedName("requests." + name).isEmpty();
    }

    private static boolean isStandardResource(String name) {
        return STANDARD_RESOURCES.contains(name) || name.startsWith(HUGEPAGES)
                || name.startsWith("requests." + HUGEPAGES) || name.startsWith("limits." + HUGEPAGES);
    }

    /** IsNativeResource: no domain, or one ending in kubernetes.io. */
    private static boolean isNative(String name) {
        return !name.contains("/") || name.contains("kubernetes.io/");
    }

    /** IsOvercommitAllowed: native resources other than huge pages; extended resources never. */
    private static boolean overcommitAllowed(String name) {
        return isNative(name) && !name.startsWith(HUGEPAGES);
    }

    private static boolean isCpuOrMemory(String name) {
        return name.equals("cpu") || name.equals("memory");
    }

    private static Optional<BigDecimal> value(Quantity quantity) {
        return Quantities.parse(quantity).map(Quantities.Parsed::value);
    }

    /** Quantity.String(): defaulting already stored the canonical text. */
    private static String text(Quantity quantity) {
        return Quantities.canonical(quantity);
    }

    private static Map<String, Quantity> sorted(Map<String, Quantity> map) {
        return map == null ? new TreeMap<>() : new TreeMap<>(map);
    }
}
