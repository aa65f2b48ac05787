package dev.peapod.store;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** The per-kind rules of the API server's registry strategies that the store applies. */
final class ObjectStrategies {
    /** Kinds with a spec whose strategy never sets metadata.generation (their PrepareForCreate leaves it 0). */
    private static final Set<Class<?>> WITHOUT_GENERATION = Set.of(Service.class, Node.class, Namespace.class,
            PersistentVolume.class, PersistentVolumeClaim.class);
    /** The compute resources QoS looks at (isSupportedQoSComputeResource). */
    private static final List<String> QOS_RESOURCES = List.of("cpu", "memory");
    /** v1.DefaultTerminationGracePeriodSeconds, which defaulting writes into every pod spec. */
    private static final long DEFAULT_TERMINATION_GRACE_PERIOD = 30;

    private ObjectStrategies() {
    }

    /**
     * PrepareForCreate: a new pod's status is phase Pending, whatever was sent. Nothing here reads a
     * value admission has not checked yet; the QoS class is {@link #deriveOnCreate}'s.
     */
    static void resetStatusOnCreate(HasMetadata object) {
        if (object instanceof Pod pod) {
            PodStatus status = new PodStatus();
            status.setPhase("Pending");
            if (pod.getSpec() != null && pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty()) {
                // pkg/registry/core/pod/strategy.go applySchedulingGatedCondition
                status.setConditions(new java.util.ArrayList<>(java.util.List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                        .withType("PodScheduled").withStatus("False").withReason("SchedulingGated")
                        .withMessage("Scheduling is blocked due to non-empty scheduling gates").build())));
            }
            pod.setStatus(status);
        } else if (object instanceof Namespace namespace) {
            NamespaceLifecycle.prepareForCreate(namespace);
        } else if (object instanceof io.fabric8.kubernetes.api.model.PersistentVolumeClaim claim) {
            // persistentvolumeclaim strategy.go PrepareForCreate clears the status; what a client reads
            // back is defaulted (core/v1 defaults.go SetDefaults_PersistentVolumeClaim): phase Pending
            claim.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder().withPhase("Pending").build());
        }
    }

    /**
     * The values PrepareForCreate derives from the object (pkg/registry/core/pod/strategy.go: the
     * pod's qosClass from its resources), computed once admission has passed it. Upstream computes
     * them before validation, on an object whose quantities the JSON decoder has already parsed;
     * Peapod's objects carry quantities as text, which only admission checks, so the order is
     * admission first (issue #8: no derived computation ever sees an invalid object).
     */
    static void deriveOnCreate(HasMetadata object) {
        if (object instanceof Pod pod && pod.getStatus() != null) {
            pod.getStatus().setQosClass(qosClass(pod));
        }
        if (object instanceof DaemonSet ds) {
            // daemonset strategy.go PrepareForCreate: TemplateGeneration at least 1
            long sent = templateGeneration(ds);
            setTemplateGeneration(ds, sent < 1 ? 1 : sent);
        }
    }

    /**
     * PrepareForUpdate rules that are not the generation's: a DaemonSet keeps its stored template
     * generation, one more when the template changed (pkg/registry/apps/daemonset/strategy.go).
     */
    static void prepareForUpdate(HasMetadata updated, HasMetadata old) {
        if (updated instanceof Namespace namespace && old instanceof Namespace oldNamespace) {
            NamespaceLifecycle.prepareForUpdate(namespace, oldNamespace);
        }
        if (updated instanceof DaemonSet ds && old instanceof DaemonSet oldDs) {
            long generation = templateGeneration(oldDs);
            boolean changed = !Objects.equals(ds.getSpec() == null ? null : ds.getSpec().getTemplate(),
                    oldDs.getSpec() == null ? null : oldDs.getSpec().getTemplate());
            setTemplateGeneration(ds, changed ? generation + 1 : generation);
        }
    }

    /**
     * apps/v1 keeps the internal spec.templateGeneration in this annotation
     * (pkg/apis/apps/v1/conversion.go Convert_apps_DaemonSet_To_v1_DaemonSet); the DaemonSet
     * controller labels its pods {@code pod-template-generation} with it.
     */
    static final String TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

    private static long templateGeneration(DaemonSet ds) {
        Map<String, String> annotations = ds.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(TEMPLATE_GENERATION);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void setTemplateGeneration(DaemonSet ds, long generation) {
        Map<String, String> annotations = ds.getMetadata().getAnnotations() == null
                ? new java.util.LinkedHashMap<>() : new java.util.LinkedHashMap<>(ds.getMetadata().getAnnotations());
        annotations.put(TEMPLATE_GENERATION, Long.toString(generation));
        ds.getMetadata().setAnnotations(annotations);
    }

    /**
     * What a registry strategy derives from the uid, which Peapod's store assigns after admission
     * (upstream assigns it first): a Job without {@code manualSelector: true} gets generateSelector's
     * template labels and selector (pkg/registry/batch/job/strategy.go generateSelector, v1.33:
     * {@code batch.kubernetes.io/controller-uid}, {@code batch.kubernetes.io/job-name} and the legacy
     * {@code controller-uid}, {@code job-name} on the template, each unless already set; the selector
     * matches {@code batch.kubernetes.io/controller-uid}), and an unlabelled Job the template's labels.
     */
    static void afterUid(HasMetadata object) {
        if (!(object instanceof io.fabric8.kubernetes.api.model.batch.v1.Job job) || job.getSpec() == null
                || job.getSpec().getTemplate() == null || Boolean.TRUE.equals(job.getSpec().getManualSelector())) {
            return;
        }
        var spec = job.getSpec();
        if (spec.getTemplate().getMetadata() == null) {
            spec.getTemplate().setMetadata(new ObjectMeta());
        }
        ObjectMeta template = spec.getTemplate().getMetadata();
        Map<String, String> labels = template.getLabels() == null ? new java.util.LinkedHashMap<>()
                : new java.util.LinkedHashMap<>(template.getLabels());
        String name = job.getMetadata().getName();
        String uid = job.getMetadata().getUid();
        labels.putIfAbsent("job-name", name);
        labels.putIfAbsent("batch.kubernetes.io/job-name", name);
        labels.putIfAbsent("controller-uid", uid);
        labels.putIfAbsent("batch.kubernetes.io/controller-uid", uid);
        template.setLabels(labels);
        if (spec.getSelector() == null) {
            spec.setSelector(new io.fabric8.kubernetes.api.model.LabelSelector());
        }
        Map<String, String> match = spec.getSelector().getMatchLabels() == null ? new java.util.LinkedHashMap<>()
                : new java.util.LinkedHashMap<>(spec.getSelector().getMatchLabels());
        match.putIfAbsent("batch.kubernetes.io/controller-uid", uid);
        spec.getSelector().setMatchLabels(match);
        // SetDefaults_Job copies the template's labels to an unlabelled Job; upstream applies defaults again
        // whenever it decodes the stored Job, so a Job read back carries the generated labels too
        if (job.getMetadata().getLabels() == null || job.getMetadata().getLabels().isEmpty()) {
            job.getMetadata().setLabels(new java.util.LinkedHashMap<>(labels));
        }
    }

    /** PrepareForCreate: generation 1 for kinds that track it (pods, workloads), none for the others. */
    static Long initialGeneration(HasMetadata object, Kinds info) {
        return info.hasSpec && !WITHOUT_GENERATION.contains(object.getClass()) ? 1L : null;
    }

    /**
     * PrepareForUpdate: a change of spec bumps the generation; for a Deployment a change of annotations
     * does too, "because annotations are copied from deployments to their replica sets"
     * (pkg/registry/apps/deployment/strategy.go).
     */
    static boolean bumpsGeneration(HasMetadata updated, HasMetadata old, Kinds info) {
        if (!info.hasSpec || WITHOUT_GENERATION.contains(updated.getClass())) {
            return false;
        }
        if (!Objects.equals(specOf(updated), specOf(old))) {
            return true;
        }
        return updated instanceof Deployment
                && !Objects.equals(emptyToNull(updated.getMetadata().getAnnotations()), emptyToNull(old.getMetadata().getAnnotations()));
    }

    /**
     * The object a status update writes, before the store restores the system fields. Pods follow
     * podStatusStrategy.PrepareForUpdate (pkg/registry/core/pod/strategy.go): the request's object with
     * the old spec and ownerReferences, so labels, annotations and finalizers sent to pods/status are
     * kept, and an empty qosClass is backfilled. Other kinds keep all old metadata and spec, as
     * metav1.ResetObjectMetaForStatus does, except a Deployment, which takes its annotations from the
     * request as upstream's status strategy does (its finalizers too, which is not modelled).
     */
    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T statusUpdate(T request, T old, Kinds info) {
        if (request instanceof Pod pod && old instanceof Pod oldPod) {
            // the request without its spec, copied; the stored spec and ownerReferences shared with the
            // stored pod, which is never modified: a status write copies no spec (issue #13)
            Pod withoutSpec = Copies.shallow(pod);
            withoutSpec.setSpec(null);
            Pod updated = Copies.forStore(withoutSpec);
            updated.setSpec(oldPod.getSpec());
            updated.getMetadata().setOwnerReferences(oldPod.getMetadata().getOwnerReferences());
            if (updated.getStatus() == null) {
                updated.setStatus(new PodStatus());
            }
            String qos = updated.getStatus().getQosClass();
            if ((qos == null || qos.isEmpty()) && oldPod.getStatus() != null) {
                updated.getStatus().setQosClass(oldPod.getStatus().getQosClass());
            }
            return (T) updated;
        }
        // the stored object with a metadata of its own (the store sets system fields on it) and the
        // request's status, copied; the rest shared with the stored object, which is never modified
        T updated = Copies.shallow(old);
        updated.setMetadata(Copies.shallow(old.getMetadata()));
        info.setStatus(updated, Copies.forStore(info.status(request)));
        // the managedFields the HTTP API recorded for this status write (upstream's field manager runs before the
        // strategy); a request without any (an engine's write) keeps the stored ones
        if (request.getMetadata() != null && request.getMetadata().getManagedFields() != null
                && !request.getMetadata().getManagedFields().isEmpty()) {
            updated.getMetadata().setManagedFields(Copies.forStore(request.getMetadata()).getManagedFields());
        }
        if (request instanceof Deployment) {
            // deploymentStatusStrategy.PrepareForUpdate keeps only the old spec and labels: the deployment
            // controller writes the revision annotation with its status (pkg/registry/apps/deployment/strategy.go)
            Map<String, String> annotations = request.getMetadata().getAnnotations();
            updated.getMetadata().setAnnotations(annotations == null ? null : new java.util.LinkedHashMap<>(annotations));
        }
        return updated;
    }

    /**
     * The grace period a first DELETE gets, or null for kinds without graceful deletion (all but
     * pods). For pods, CheckGracefulDelete (pkg/registry/core/pod/strategy.go): the request's period,
     * else terminationGracePeriodSeconds; 0 for a pod not bound to a node or already terminal; a
     * negative period means 1.
     */
    static Long gracePeriod(HasMetadata object, Long requested) {
        if (!(object instanceof Pod pod)) {
            return null;
        }
        long period;
        if (requested != null) {
            period = requested;
        } else {
            Long spec = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
            period = spec == null ? DEFAULT_TERMINATION_GRACE_PERIOD : spec;
        }
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (node == null || node.isEmpty() || "Succeeded".equals(phase) || "Failed".equals(phase)) {
            period = 0;
        }
        return period < 0 ? 1 : period;
    }

    /**
     * The binding's PodScheduled=True, as podutil.UpdatePodCondition writes it: reason and message
     * cleared, lastTransitionTime now unless the condition was already True.
     */
    static void markScheduled(Pod pod, Instant now) {
        if (pod.getStatus() == null) {
            pod.setStatus(new PodStatus());
        }
        List<PodCondition> conditions = pod.getStatus().getConditions() == null
                ? new ArrayList<>() : new ArrayList<>(pod.getStatus().getConditions());
        PodCondition scheduled = new PodCondition(null, Timestamps.format(now), null, null, null, "True", "PodScheduled");
        for (int i = 0; i < conditions.size(); i++) {
            PodCondition old = conditions.get(i);
            if ("PodScheduled".equals(old.getType())) {
                if ("True".equals(old.getStatus())) {
                    scheduled.setLastTransitionTime(old.getLastTransitionTime());
                }
                conditions.set(i, scheduled);
                pod.getStatus().setConditions(conditions);
                return;
            }
        }
        conditions.add(scheduled);
        pod.getStatus().setConditions(conditions);
    }

    /**
     * Store.ShouldDeleteDuringUpdate (apiserver/pkg/registry/generic/registry/store.go): an update that
     * leaves no finalizers on an object being deleted removes it, unless a grace period is still running.
     */
    static boolean deletesOnUpdate(ObjectMeta updated, ObjectMeta old) {
        boolean finalizers = updated.getFinalizers() != null && !updated.getFinalizers().isEmpty();
        Long grace = old.getDeletionGracePeriodSeconds();
        return !finalizers && old.getDeletionTimestamp() != null && (grace == null || grace == 0);
    }

    /**
     * pkg/apis/core/helper/qos ComputePodQOS over cpu and memory: BestEffort without positive requests
     * or limits; Guaranteed when every container limits both and the summed requests equal the summed
     * limits; Burstable otherwise. Requests default to limits first, as SetDefaults_Pod does before
     * PrepareForCreate sees the pod.
     */
    static String qosClass(Pod pod) {
        if (pod.getSpec() == null) {
            return "BestEffort";
        }
        List<Container> containers = new ArrayList<>();
        if (pod.getSpec().getContainers() != null) {
            containers.addAll(pod.getSpec().getContainers());
        }
        if (pod.getSpec().getInitContainers() != null) {
            containers.addAll(pod.getSpec().getInitContainers());
        }
        Map<String, BigDecimal> requests = new TreeMap<>();
        Map<String, BigDecimal> limits = new TreeMap<>();
        boolean guaranteed = true;
        for (Container container : containers) {
            ResourceRequirements resources = container.getResources();
            Map<String, Quantity> requested = resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
            Map<String, Quantity> limited = resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
            int limitsFound = 0;
            for (String resource : QOS_RESOURCES) {
                Quantity request = requested.containsKey(resource) ? requested.get(resource) : limited.get(resource);
                if (positive(request)) {
                    requests.merge(resource, request.getNumericalAmount(), BigDecimal::add);
                }
                Quantity limit = limited.get(resource);
                if (positive(limit)) {
                    limits.merge(resource, limit.getNumericalAmount(), BigDecimal::add);
                    limitsFound++;
                }
            }
            if (limitsFound < QOS_RESOURCES.size()) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        for (Map.Entry<String, BigDecimal> request : requests.entrySet()) {
            BigDecimal limit = limits.get(request.getKey());
            if (limit == null || limit.compareTo(request.getValue()) != 0) {
                guaranteed = false;
            }
        }
        return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
    }

    private static boolean positive(Quantity quantity) {
        return quantity != null && quantity.getNumericalAmount().signum() > 0;
    }

    private static Object specOf(HasMetadata object) {
        try {
            return object.getClass().getMethod("getSpec").invoke(object);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static Map<String, String> emptyToNull(Map<String, String> map) {
        return map == null || map.isEmpty() ? null : map;
    }
}
