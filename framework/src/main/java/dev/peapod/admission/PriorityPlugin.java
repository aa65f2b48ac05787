package dev.peapod.admission;

import dev.peapod.store.ApiException;
import dev.peapod.store.StoreReader;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * The Priority admission plugin (plugin/pkg/admission/priority/admission.go, on by default). On
 * create it resolves the pod's priority from its PriorityClass: with none named and no global
 * default class, priority 0 and preemption policy PreemptLowerPriority. On update it keeps the
 * values set at creation.
 *
 * <p>The two system classes the API server creates at start-up resolve without being stored; any
 * other class is read from the store, and a pod naming a class that does not exist is Forbidden
 * ({@code no PriorityClass with name <name> was found}, admission.go's getPriority). A pod admitted
 * with no store around it ({@link StoreReader#EMPTY}) keeps no priority for a user-defined class.
 *
 * <p>A pod that names no class gets the global default class's name, value and preemption policy
 * (getDefaultPriority); the validating phase refuses a second {@code globalDefault} class
 * (validatePriorityClass). When several classes are global defaults, the one with the lowest value
 * wins (getDefaultPriorityClass); Peapod breaks a tie by name, where upstream takes the lister's first.
 */
final class PriorityPlugin implements AdmissionPlugin {
    static final String PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority";
    /** scheduling.SystemPriorityClasses (pkg/apis/scheduling/types.go). */
    private static final Map<String, Integer> SYSTEM_CLASSES = Map.of(
            "system-node-critical", 2_000_001_000,
            "system-cluster-critical", 2_000_000_000);

    PriorityPlugin() {
    }

    @Override
    public String name() {
        return "Priority";
    }

    @Override
    public void mutate(AdmissionRequest request) {
        if (!(request.object() instanceof Pod pod)) {
            return;
        }
        if (request.isCreate()) {
            admitCreate(pod, request.store());
        } else if (request.old() instanceof Pod old) {
            admitUpdate(pod, old);
        }
    }

    @Override
    public void validate(AdmissionRequest request) {
        if (request.object() instanceof PriorityClass priorityClass) {
            validatePriorityClass(priorityClass, request.isCreate(), request.store());
        }
    }

    /**
     * validatePriorityClass: a class marked {@code globalDefault} is refused while another class is
     * the default; an update of the default class itself passes.
     */
    private static void validatePriorityClass(PriorityClass pc, boolean create, StoreReader store) {
        if (!Boolean.TRUE.equals(pc.getGlobalDefault())) {
            return;
        }
        String name = pc.getMetadata().getName();
        defaultClass(store).ifPresent(existing -> {
            if (create || !existing.getMetadata().getName().equals(name)) {
                throw ApiException.forbidden("priorityclasses.scheduling.k8s.io \"" + name + "\" is forbidden: PriorityClass "
                        + existing.getMetadata().getName() + " is already marked as default. Only one default can exist");
            }
        });
    }

    /** getDefaultPriorityClass: of the classes marked globalDefault, the one with the lowest value. */
    private static Optional<PriorityClass> defaultClass(StoreReader store) {
        return store.list(PriorityClass.class).stream()
                .filter(pc -> Boolean.TRUE.equals(pc.getGlobalDefault()))
                .min(Comparator.comparingInt((PriorityClass pc) -> pc.getValue() == null ? 0 : pc.getValue())
                        .thenComparing(pc -> pc.getMetadata().getName()));
    }

    static void admitCreate(Pod pod, StoreReader store) {
        PodSpec spec = PodDefaults.spec(pod);
        String className = spec.getPriorityClassName();
        Integer priority = PodDefaults.empty(className) ? Integer.valueOf(0) : SYSTEM_CLASSES.get(className);
        String policy = PREEMPT_LOWER_PRIORITY;
        if (PodDefaults.empty(className)) {
            // getDefaultPriority: the global default class's name, value and policy, if there is one
            Optional<PriorityClass> defaultClass = defaultClass(store);
            if (defaultClass.isPresent()) {
                PriorityClass found = defaultClass.get();
                spec.setPriorityClassName(found.getMetadata().getName());
                priority = found.getValue() == null ? 0 : found.getValue();
                if (found.getPreemptionPolicy() != null) {
                    policy = found.getPreemptionPolicy();
                }
            }
        } else if (priority == null) {
            if (store == StoreReader.EMPTY) {
                return; // a user-defined class with no store to read it from
            }
            PriorityClass found = store.get(PriorityClass.class, null, className).orElseThrow(() ->
                    forbidden(pod, "no PriorityClass with name " + className + " was found"));
            priority = found.getValue() == null ? 0 : found.getValue();
            if (found.getPreemptionPolicy() != null) {
                policy = found.getPreemptionPolicy();
            }
        }
        if (spec.getPriority() != null && !spec.getPriority().equals(priority)) {
            throw forbidden(pod, "the integer value of priority (" + spec.getPriority() + ") must not be provided in pod spec; "
                    + "priority admission controller computed " + priority + " from the given PriorityClass name");
        }
        spec.setPriority(priority);
        if (spec.getPreemptionPolicy() != null && !spec.getPreemptionPolicy().equals(policy)) {
            throw forbidden(pod, "the string value of PreemptionPolicy (" + spec.getPreemptionPolicy() + ") must not be provided "
                    + "in pod spec; priority admission controller computed " + policy
                    + " from the given PriorityClass name");
        }
        spec.setPreemptionPolicy(policy);
    }

    /** Update validation forbids changing priority, so a missing value is taken from the stored pod. */
    static void admitUpdate(Pod pod, Pod old) {
        PodSpec spec = PodDefaults.spec(pod);
        PodSpec oldSpec = PodDefaults.spec(old);
        if (spec.getPriority() == null && oldSpec.getPriority() != null) {
            spec.setPriority(oldSpec.getPriority());
        }
        if (spec.getPreemptionPolicy() == null && oldSpec.getPreemptionPolicy() != null) {
            spec.setPreemptionPolicy(oldSpec.getPreemptionPolicy());
        }
    }

    /** admission.NewForbidden: {@code pods "web" is forbidden: <reason>}. */
    private static ApiException forbidden(Pod pod, String reason) {
        return ApiException.forbidden("pods \"" + pod.getMetadata().getName() + "\" is forbidden: " + reason);
    }
}
