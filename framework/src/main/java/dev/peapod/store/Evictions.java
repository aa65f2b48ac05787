package dev.peapod.store;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The Eviction API's rules (pkg/registry/core/pod/storage/eviction.go, v1.33) and the PDB condition
 * helper they share with the disruption controller (pkg/apis/policy/helper UpdateDisruptionAllowedCondition).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Evictions {
    /** policyv1.DisruptionBudgetCause: the cause of a 429. */
    public static final String DISRUPTION_BUDGET_CAUSE = "DisruptionBudget";
    /** The 429's message. */
    public static final String VIOLATES_BUDGET = "Cannot evict pod as it would violate the pod's disruption budget.";
    /** The 500's message (a Status with code 500 and no reason). */
    public static final String MULTIPLE_BUDGETS = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";
    /** policy.DisruptionAllowedCondition and its reasons. */
    public static final String DISRUPTION_ALLOWED = "DisruptionAllowed";
    public static final String SUFFICIENT_PODS = "SufficientPods";
    public static final String INSUFFICIENT_PODS = "InsufficientPods";
    public static final String SYNC_FAILED = "SyncFailed";
    /** MaxDisruptedPodSize. */
    static final int MAX_DISRUPTED_POD_SIZE = 2000;

    /** What an eviction that was not refused did. */
    public enum Outcome {
        /** The pod was deleted (gracefully, with DisruptionTarget): 201 Success. */
        EVICTED,
        /** More than one PDB selects the pod: upstream answers a Status with code 500 and changes nothing. */
        MULTIPLE_BUDGETS
    }

    private Evictions() {
    }

    /**
     * EvictionREST.Create for the engine's holder: the namespace lifecycle check, then a pod that can
     * ignore its budget (Succeeded, Failed, Pending, or already being deleted) is deleted at once; else
     * the one PDB that selects it must allow a disruption (an unready pod may go when the budget is
     * healthy, or always under {@code unhealthyPodEvictionPolicy: AlwaysAllow}); the budget's
     * disruptionsAllowed is decremented and the pod recorded in its disruptedPods before the pod gets
     * {@code DisruptionTarget} and is deleted with the eviction's grace period and propagation.
     *
     * @throws ApiException 404 for no such pod, 403 in a Terminating namespace, 429 when the budget allows
     *                      no disruption or is not yet processed
     */
    static Outcome evict(ObjectStore store, String namespace, String name, Long gracePeriodSeconds, Propagation propagation) {
        ObjectMeta subject = new ObjectMeta();
        subject.setName(name);
        subject.setNamespace(namespace);
        store.requireNotTerminating("pods", subject);
        Pod pod = store.peek(Pod.class, namespace, name);
        if (pod == null) {
            throw ApiException.notFound("pods", name);
        }
        if (!canIgnoreBudget(pod)) {
            List<PodDisruptionBudget> budgets = budgetsFor(store, pod);
            if (budgets.size() > 1) {
                return Outcome.MULTIPLE_BUDGETS;
            }
            if (budgets.size() == 1 && mustCheck(budgets.get(0), pod)) {
                checkAndDecrement(store, budgets.get(0), name);
            }
        }
        addConditionAndDelete(store, namespace, name, gracePeriodSeconds, propagation);
        return Outcome.EVICTED;
    }

    /** canIgnorePDB: a terminal or pending pod, or one already being deleted, disrupts nothing more. */
    private static boolean canIgnoreBudget(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase) || "Pending".equals(phase)
                || pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** getPodDisruptionBudgets: the PDBs of the pod's namespace whose selector (policy/v1: empty selects all) matches it. */
    static List<PodDisruptionBudget> budgetsFor(ObjectStore store, Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        List<PodDisruptionBudget> matching = new ArrayList<>();
        for (PodDisruptionBudget budget : store.list(PodDisruptionBudget.class, ListOptions.inNamespace(pod.getMetadata().getNamespace()))) {
            LabelSelector selector;
            try {
                selector = LabelSelector.of(budget.getSpec() == null ? null : budget.getSpec().getSelector());
            } catch (ApiException invalid) {
                continue; // "This object has an invalid selector, it does not match the pod"
            }
            if (selector.matches(labels)) {
                matching.add(budget);
            }
        }
        return matching;
    }

    /**
     * Whether the budget must allow this eviction: a ready pod always; an unready one not under
     * AlwaysAllow, nor while the budget is healthy (currentHealthy ≥ desiredHealthy &gt; 0).
     */
    private static boolean mustCheck(PodDisruptionBudget budget, Pod pod) {
        if (isReady(pod)) {
            return true;
        }
        if ("AlwaysAllow".equals(budget.getSpec().getUnhealthyPodEvictionPolicy())) {
            return false;
        }
        PodDisruptionBudgetStatus status = budget.getStatus();
        int current = status == null || status.getCurrentHealthy() == null ? 0 : status.getCurrentHealthy();
        int desired = status == null || status.getDesiredHealthy() == null ? 0 : status.getDesiredHealthy();
        return !(current >= desired && desired > 0);
    }

    /** podutil.IsPodReady: the Ready condition is True. */
    public static boolean isReady(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** checkAndDecrement. */
    private static void checkAndDecrement(ObjectStore store, PodDisruptionBudget stored, String podName) {
        PodDisruptionBudget budget = Copies.copy(stored);
        String name = budget.getMetadata().getName();
        PodDisruptionBudgetStatus status = budget.getStatus() == null ? new PodDisruptionBudgetStatus() : budget.getStatus();
        long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
        long generation = budget.getMetadata().getGeneration() == null ? 0 : budget.getMetadata().getGeneration();
        if (observed < generation) {
            // createTooManyRequestsError: a small suggested wait, so that well-behaved clients do not hammer the server
            throw tooManyRequests("The disruption budget " + name + " is still being processed by the server.").withRetryAfter(10);
        }
        int allowed = status.getDisruptionsAllowed() == null ? 0 : status.getDisruptionsAllowed();
        if (allowed < 0) {
            throw ApiException.forbidden("poddisruptionbudget.policy", name, "pdb disruptions allowed is negative", List.of());
        }
        if (status.getDisruptedPods() != null && status.getDisruptedPods().size() > MAX_DISRUPTED_POD_SIZE) {
            throw ApiException.forbidden("poddisruptionbudget.policy", name,
                    "DisruptedPods map too big - too many evictions not confirmed by PDB controller", List.of());
        }
        if (allowed == 0) {
            throw tooManyRequests("The disruption budget " + name + " needs " + orZero(status.getDesiredHealthy())
                    + " healthy pods and has " + orZero(status.getCurrentHealthy()) + " currently");
        }
        status.setDisruptionsAllowed(allowed - 1);
        if (allowed - 1 == 0) {
            updateDisruptionAllowedCondition(status, store.nowText());
        }
        Map<String, String> disrupted = status.getDisruptedPods() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(status.getDisruptedPods());
        disrupted.put(podName, store.nowText());
        status.setDisruptedPods(disrupted);
        budget.setStatus(status);
        budget.getMetadata().setResourceVersion(null);
        store.shared().updateStatus(budget);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** errors.NewTooManyRequests with the DisruptionBudget cause (retryAfterSeconds 0, left out of the Status). */
    private static ApiException tooManyRequests(String cause) {
        return new ApiException(429, "TooManyRequests", VIOLATES_BUDGET, List.of(),
                List.of(new ApiException.StatusCause(DISRUPTION_BUDGET_CAUSE, cause, "")));
    }

    /**
     * UpdateDisruptionAllowedCondition: DisruptionAllowed True SufficientPods while disruptions are
     * allowed, else False InsufficientPods; with the status's observedGeneration, and a new
     * lastTransitionTime only when the status changes (meta.SetStatusCondition).
     */
    public static void updateDisruptionAllowedCondition(PodDisruptionBudgetStatus status, String now) {
        boolean allowed = status.getDisruptionsAllowed() != null && status.getDisruptionsAllowed() > 0;
        setCondition(status, allowed ? "True" : "False", allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS, "", now);
    }

    /** meta.SetStatusCondition of the DisruptionAllowed condition. */
    public static void setCondition(PodDisruptionBudgetStatus status, String value, String reason, String message, String now) {
        List<Condition> conditions = status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions());
        Condition existing = conditions.stream().filter(c -> DISRUPTION_ALLOWED.equals(c.getType())).findFirst().orElse(null);
        if (existing == null) {
            Condition condition = new Condition();
            condition.setType(DISRUPTION_ALLOWED);
            condition.setStatus(value);
            condition.setObservedGeneration(status.getObservedGeneration());
            condition.setLastTransitionTime(now);
            condition.setReason(reason);
            condition.setMessage(message);
            conditions.add(condition);
        } else {
            Condition condition = Copies.copy(existing);
            if (!Objects.equals(condition.getStatus(), value)) {
                condition.setStatus(value);
                condition.setLastTransitionTime(now);
            }
            condition.setReason(reason);
            condition.setMessage(message);
            condition.setObservedGeneration(status.getObservedGeneration());
            conditions.set(conditions.indexOf(existing), condition);
        }
        status.setConditions(conditions);
    }

    /**
     * addConditionAndDeletePod: {@code DisruptionTarget=True}, reason EvictionByEvictionAPI, message
     * "Eviction API: evicting", in a status write, then the delete with the eviction's options.
     */
    private static void addConditionAndDelete(ObjectStore store, String namespace, String name, Long grace, Propagation propagation) {
        Pod pod = Copies.copy(store.peek(Pod.class, namespace, name));
        if (pod.getStatus() == null) {
            pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        }
        List<PodCondition> conditions = pod.getStatus().getConditions() == null ? new ArrayList<>() : new ArrayList<>(pod.getStatus().getConditions());
        PodCondition target = new PodCondition();
        target.setType("DisruptionTarget");
        target.setStatus("True");
        target.setReason("EvictionByEvictionAPI");
        target.setMessage("Eviction API: evicting");
        target.setLastTransitionTime(store.nowText());
        boolean replaced = false;
        for (int i = 0; i < conditions.size(); i++) {
            if ("DisruptionTarget".equals(conditions.get(i).getType())) {
                if ("True".equals(conditions.get(i).getStatus())) {
                    target.setLastTransitionTime(conditions.get(i).getLastTransitionTime()); // UpdatePodCondition
                }
                conditions.set(i, target);
                replaced = true;
            }
        }
        if (!replaced) {
            conditions.add(target);
        }
        pod.getStatus().setConditions(conditions);
        pod.getMetadata().setResourceVersion(null);
        store.shared().updateStatus(pod);
        store.shared().delete(Pod.class, namespace, name, grace, propagation);
    }
}
