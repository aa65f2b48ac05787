package dev.peapod.admission;

import dev.peapod.store.ApiException;
import dev.peapod.store.StoreReader;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.node.v1.Scheduling;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The RuntimeClass admission plugin (plugin/pkg/admission/runtimeclass/admission.go, on by default),
 * for pods being created. Mutating: a pod naming a RuntimeClass that does not exist is Forbidden
 * ({@code pod rejected: RuntimeClass "<name>" not found}); the class's {@code overhead.podFixed}
 * becomes the pod's {@code spec.overhead} (an overhead the pod already has must be the same); its
 * {@code scheduling.nodeSelector} is merged into the pod's nodeSelector (a key with another value
 * is a conflict) and its tolerations merged with the pod's (pkg/util/tolerations MergeTolerations).
 * Validating: a pod's overhead must be its class's, and a pod without a class that has one may
 * carry none. The scheduler and the kubelet's admission then count the overhead with the requests.
 *
 * <p>A pod admitted with no store around it ({@link StoreReader#EMPTY}) that names a class is left
 * as it is: there is nothing to read the class from.
 */
final class RuntimeClassPlugin implements AdmissionPlugin {
    static final String OVERHEAD_MISMATCH = "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead";
    static final String OVERHEAD_WITHOUT_CLASS = "pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead";

    @Override
    public String name() {
        return "RuntimeClass";
    }

    @Override
    public void mutate(AdmissionRequest request) {
        if (!request.isCreate() || !(request.object() instanceof Pod pod)) {
            return;
        }
        PodSpec spec = PodDefaults.spec(pod);
        if (spec.getRuntimeClassName() == null || request.store() == StoreReader.EMPTY) {
            return;
        }
        RuntimeClass runtimeClass = runtimeClass(pod, request.store());
        setOverhead(pod, spec, runtimeClass);
        setScheduling(pod, spec, runtimeClass);
    }

    @Override
    public void validate(AdmissionRequest request) {
        if (!request.isCreate() || !(request.object() instanceof Pod pod)) {
            return;
        }
        PodSpec spec = PodDefaults.spec(pod);
        if (spec.getRuntimeClassName() != null && request.store() == StoreReader.EMPTY) {
            return;
        }
        RuntimeClass runtimeClass = spec.getRuntimeClassName() == null ? null : runtimeClass(pod, request.store());
        Map<String, Quantity> fixed = podFixed(runtimeClass);
        if (fixed != null) {
            if (!semanticallyEqual(fixed, spec.getOverhead())) {
                throw forbidden(pod, OVERHEAD_MISMATCH);
            }
        } else if (hasOverhead(spec)) {
            throw forbidden(pod, OVERHEAD_WITHOUT_CLASS);
        }
    }

    /** prepareObjects: the class the pod names, or Forbidden. */
    private static RuntimeClass runtimeClass(Pod pod, StoreReader store) {
        String name = pod.getSpec().getRuntimeClassName();
        return store.get(RuntimeClass.class, null, name)
                .orElseThrow(() -> forbidden(pod, "pod rejected: RuntimeClass \"" + name + "\" not found"));
    }

    /**
     * The class's overhead.podFixed; null only when the class has no {@code overhead} at all
     * ({@code runtimeClass.Overhead == nil}). A class with {@code overhead: {}} or an empty podFixed
     * still has one, an empty one, which a pod's own non-empty overhead does not match.
     */
    private static Map<String, Quantity> podFixed(RuntimeClass runtimeClass) {
        if (runtimeClass == null || runtimeClass.getOverhead() == null) {
            return null;
        }
        Map<String, Quantity> fixed = runtimeClass.getOverhead().getPodFixed();
        return fixed == null ? Map.of() : fixed;
    }

    /** Go's {@code pod.Spec.Overhead != nil}: the Java model has an empty map where Go has nil. */
    private static boolean hasOverhead(PodSpec spec) {
        return spec.getOverhead() != null && !spec.getOverhead().isEmpty();
    }

    /** setOverhead. */
    private static void setOverhead(Pod pod, PodSpec spec, RuntimeClass runtimeClass) {
        Map<String, Quantity> fixed = podFixed(runtimeClass);
        if (fixed == null) {
            return;
        }
        if (hasOverhead(spec) && !semanticallyEqual(fixed, spec.getOverhead())) {
            throw forbidden(pod, OVERHEAD_MISMATCH);
        }
        if (!fixed.isEmpty()) { // an empty podFixed leaves the pod's (empty) overhead as it was
            spec.setOverhead(new LinkedHashMap<>(fixed));
        }
    }

    /**
     * setScheduling: the class's node selector over the pod's, a key with two values refused. Upstream
     * walks the class's selector as a Go map, so with several conflicts which one it names varies;
     * Peapod walks the keys in order and names the first.
     */
    private static void setScheduling(Pod pod, PodSpec spec, RuntimeClass runtimeClass) {
        Scheduling scheduling = runtimeClass.getScheduling();
        if (scheduling == null) {
            return;
        }
        Map<String, String> runtimeSelector = scheduling.getNodeSelector();
        Map<String, String> selector = spec.getNodeSelector();
        if (selector == null) {
            selector = runtimeSelector == null ? null : new LinkedHashMap<>(runtimeSelector);
        } else if (runtimeSelector != null) {
            selector = new LinkedHashMap<>(selector);
            for (Map.Entry<String, String> entry : new TreeMap<>(runtimeSelector).entrySet()) {
                String podValue = selector.get(entry.getKey());
                if (podValue != null && !podValue.equals(entry.getValue())) {
                    throw forbidden(pod, "conflict: runtimeClass.scheduling.nodeSelector[" + entry.getKey() + "] = "
                            + entry.getValue() + "; pod.spec.nodeSelector[" + entry.getKey() + "] = " + podValue);
                }
                selector.put(entry.getKey(), entry.getValue());
            }
        }
        spec.setNodeSelector(selector);
        spec.setTolerations(mergeTolerations(spec.getTolerations(), scheduling.getTolerations()));
    }

    /**
     * tolerations.MergeTolerations: the pod's then the class's, leaving out any toleration that one
     * kept before it, or a different one after it, already covers (of two equal ones the first stays).
     */
    static List<Toleration> mergeTolerations(List<Toleration> first, List<Toleration> second) {
        List<Toleration> all = new ArrayList<>();
        if (first != null) {
            all.addAll(first);
        }
        if (second != null) {
            all.addAll(second);
        }
        List<Toleration> merged = new ArrayList<>();
        next:
        for (int i = 0; i < all.size(); i++) {
            Toleration t = all.get(i);
            for (Toleration kept : merged) {
                if (isSuperset(kept, t)) {
                    continue next;
                }
            }
            for (Toleration later : all.subList(i + 1, all.size())) {
                if (!equal(t, later) && isSuperset(later, t)) {
                    continue next;
                }
            }
            merged.add(t);
        }
        return merged.isEmpty() ? null : merged;
    }

    /** isSuperset: whether ss tolerates everything t does. */
    private static boolean isSuperset(Toleration ss, Toleration t) {
        if (equal(t, ss)) {
            return true;
        }
        if (!Objects.equals(str(t.getKey()), str(ss.getKey())) && (!str(ss.getKey()).isEmpty() || !"Exists".equals(ss.getOperator()))) {
            return false;
        }
        if (!Objects.equals(str(t.getEffect()), str(ss.getEffect())) && !str(ss.getEffect()).isEmpty()) {
            return false;
        }
        if ("NoExecute".equals(ss.getEffect()) && ss.getTolerationSeconds() != null
                && (t.getTolerationSeconds() == null || t.getTolerationSeconds() > ss.getTolerationSeconds())) {
            return false;
        }
        return switch (str(ss.getOperator())) {
            case "Equal", "" -> "Equal".equals(t.getOperator()) && str(t.getValue()).equals(str(ss.getValue()));
            case "Exists" -> true;
            default -> false;
        };
    }

    private static boolean equal(Toleration a, Toleration b) {
        return str(a.getKey()).equals(str(b.getKey())) && str(a.getOperator()).equals(str(b.getOperator()))
                && str(a.getValue()).equals(str(b.getValue())) && str(a.getEffect()).equals(str(b.getEffect()))
                && Objects.equals(a.getTolerationSeconds(), b.getTolerationSeconds());
    }

    /** apiequality.Semantic.DeepEqual of two resource lists: the same names, quantities equal by value. */
    private static boolean semanticallyEqual(Map<String, Quantity> a, Map<String, Quantity> b) {
        if (b == null) {
            return a.isEmpty(); // equality.Semantic.DeepEqual: an empty map equals nil
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, Quantity> entry : a.entrySet()) {
            Quantity other = b.get(entry.getKey());
            if (other == null || amount(entry.getValue()).compareTo(amount(other)) != 0) {
                return false;
            }
        }
        return true;
    }

    private static BigDecimal amount(Quantity quantity) {
        try {
            return quantity.getNumericalAmount();
        } catch (RuntimeException e) {
            return BigDecimal.ZERO;
        }
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    /** admission.NewForbidden: {@code pods "web" is forbidden: <reason>}. */
    private static ApiException forbidden(Pod pod, String reason) {
        return ApiException.forbidden("pods \"" + pod.getMetadata().getName() + "\" is forbidden: " + reason);
    }
}
