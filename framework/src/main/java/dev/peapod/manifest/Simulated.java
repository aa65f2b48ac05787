package dev.peapod.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Peapod does with each kind it stores, so that nothing is accepted silently (DESIGN §4): a kind
 * it stores but does not simulate gets a warning on its {@link Applied} result and on the timeline.
 * Pods, nodes and namespaces are simulated; service accounts and priority classes are read by
 * admission; ConfigMaps and Secrets are read by the kubelet; Services and EndpointSlices by the
 * endpoints controllers and the service proxy; leases in kube-node-lease are the kubelets' heartbeats, which
 * the node lifecycle controller reads; events are the cluster's own record. Everything else is stored, and validated as the
 * API server validates it where Peapod has that kind's rules.
 */
final class Simulated {
    /** Kinds some part of Peapod acts on. */
    private static final List<Class<? extends HasMetadata>> SIMULATED = List.of(
            Pod.class, Node.class, Namespace.class, ServiceAccount.class, PriorityClass.class, Event.class,
            ConfigMap.class, Secret.class, ReplicaSet.class, ReplicationController.class,
            Deployment.class, StatefulSet.class, DaemonSet.class, Job.class, CronJob.class, Service.class,
            io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class, PersistentVolumeClaim.class,
            io.fabric8.kubernetes.api.model.coordination.v1.Lease.class,
            // the disruption controller keeps their status; the Eviction API honours them
            io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class,
            // the store serves its kind (issue #14)
            io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class);

    /** Kinds with the API server's full validation, and what Peapod does not do with them yet. */
    private static final Map<Class<? extends HasMetadata>, String> VALIDATED_ONLY = Map.ofEntries(
            // Services route through EndpointSlices, as kube-proxy does; the EndpointSliceMirroring
            // controller that would copy a selectorless Service's own Endpoints into slices is not simulated
            Map.entry(Endpoints.class, "nothing routes through it (no EndpointSlice mirrors it)"),
            // admission sets a pod's overhead and merges the class's scheduling into it; the scheduler
            // and the kubelet count the overhead; the runtime handler is never looked at
            Map.entry(RuntimeClass.class, "the kubelet ignores its handler (a real runtime runs the pod with that handler, "
                    + "or fails the pod's sandbox when it has none of that name)"));

    /** How every note begins; no warning of the API server begins so (they begin with a field path). */
    static final String PREFIX = "not simulated: ";

    private Simulated() {
    }

    /** Every kind some part of Peapod acts on or validates fully (the README's kinds table names each). */
    static List<Class<? extends HasMetadata>> kinds() {
        List<Class<? extends HasMetadata>> kinds = new ArrayList<>(SIMULATED);
        kinds.addAll(VALIDATED_ONLY.keySet());
        return kinds;
    }

    /**
     * What Peapod does not do with an object that a real cluster would: for a kind it stores but does
     * not simulate, that; for a pod, each volume whose contents Peapod does not make (a
     * PersistentVolumeClaim, which a real pod would wait for). Empty when Peapod simulates all of it.
     */
    static List<String> warnings(HasMetadata object) {
        Class<?> type = object.getClass();
        if (object instanceof Pod pod) {
            return unresolvedReferences(pod);
        }
        if (object instanceof Service service) {
            return serviceFields(service);
        }
        if (object instanceof PersistentVolumeClaim claim) {
            return claim.getSpec() == null ? List.of() : claimNotes(claim.getSpec(), "", "the claim");
        }
        if (object instanceof StatefulSet set) {
            return claimTemplateNotes(set);
        }
        if (object instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource custom) {
            String apiVersion = String.valueOf(custom.getApiVersion());
            String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            return List.of(PREFIX + "no controller in Peapod acts on " + custom.getKind() + group + ": the custom resource is "
                    + "stored, validated against its CRD's schema and watched; only an operator the test runs reconciles it");
        }
        if (SIMULATED.contains(type)) {
            return List.of();
        }
        String kind = HasMetadata.getKind(object.getClass().asSubclass(HasMetadata.class));
        String missing = VALIDATED_ONLY.get(type);
        if (missing != null) {
            return List.of(PREFIX + "Peapod stores and validates " + kind + " objects but does not run them: " + missing);
        }
        return List.of(PREFIX + "Peapod stores " + kind + " objects, checks only their metadata, and does nothing with them");
    }

    /**
     * What Peapod's Services do not do: node ports and load balancers (no node port is allocated and
     * nothing outside the pods reaches the Service), external IPs, client-IP session affinity and the
     * Local traffic policies (connections go to the ready endpoints in turn, from any node).
     */
    private static List<String> serviceFields(Service service) {
        List<String> notes = new ArrayList<>();
        var spec = service.getSpec();
        if (spec == null) {
            return notes;
        }
        String type = spec.getType() == null ? "ClusterIP" : spec.getType();
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            notes.add(PREFIX + "spec.type: " + type + ": no node port is allocated and nothing listens on the nodes"
                    + (type.equals("LoadBalancer") ? " or a load balancer" : "") + "; pods reach the Service by its name and cluster IP only");
        }
        if (type.equals("ExternalName")) {
            notes.add(PREFIX + "spec.externalName: the name does not resolve in the pods (no cluster DNS CNAME)");
        }
        if (spec.getExternalIPs() != null && !spec.getExternalIPs().isEmpty()) {
            notes.add(PREFIX + "spec.externalIPs: nothing answers on them");
        }
        if ("ClientIP".equals(spec.getSessionAffinity())) {
            notes.add(PREFIX + "spec.sessionAffinity: ClientIP: connections go to the ready endpoints in turn, whoever the client");
        }
        if ("Local".equals(spec.getInternalTrafficPolicy())) {
            notes.add(PREFIX + "spec.internalTrafficPolicy: Local: endpoints on other nodes are reached too");
        }
        return notes;
    }

    /**
     * What the bind-at-once volume model (the controllers' VolumeBinder) does not do for a claim: a
     * claim with a storage class, or none (as if the cluster had a default class), is bound at once
     * to a new volume whatever its StorageClass says; a claim asking for an existing volume stays
     * Pending.
     */
    private static List<String> claimNotes(PersistentVolumeClaimSpec spec, String at, String claim) {
        List<String> notes = new ArrayList<>();
        String storageClass = spec.getStorageClassName();
        if (storageClass != null && storageClass.isEmpty()) {
            notes.add(PREFIX + at + "spec.storageClassName: \"\" asks for an existing PersistentVolume; Peapod binds none, "
                    + "so " + claim + " stays Pending");
        } else if (spec.getVolumeName() != null && !spec.getVolumeName().isEmpty()) {
            notes.add(PREFIX + at + "spec.volumeName: Peapod binds no claim to an existing PersistentVolume, so " + claim + " stays Pending");
        } else if (spec.getSelector() != null) {
            notes.add(PREFIX + at + "spec.selector: Peapod binds no claim to an existing PersistentVolume, so " + claim + " stays Pending");
        } else {
            notes.add(PREFIX + at + "spec.storageClassName: " + (storageClass == null ? "the default StorageClass"
                    : "the StorageClass \"" + storageClass + "\"") + " is not read: " + claim + " is bound at once to a new "
                    + "volume of the requested size (no provisioning delay, no WaitForFirstConsumer)");
        }
        if (spec.getDataSource() != null || spec.getDataSourceRef() != null) {
            notes.add(PREFIX + at + "spec.dataSource: the volume starts empty; nothing is copied from the source");
        }
        return notes;
    }

    /**
     * A StatefulSet's volumeClaimTemplates become each pod's claims (the StatefulSet controller makes
     * {@code <template>-<set>-<ordinal>}, pkg/controller/statefulset/stateful_pod_control.go), which the
     * bind-at-once model binds as it binds a claim applied on its own: the apply result says so here,
     * where the user wrote the storage class, rather than only on the pods' timelines.
     */
    private static List<String> claimTemplateNotes(StatefulSet set) {
        List<String> notes = new ArrayList<>();
        if (set.getSpec() == null || set.getSpec().getVolumeClaimTemplates() == null) {
            return notes;
        }
        List<PersistentVolumeClaim> templates = set.getSpec().getVolumeClaimTemplates();
        for (int i = 0; i < templates.size(); i++) {
            if (templates.get(i).getSpec() != null) {
                notes.addAll(claimNotes(templates.get(i).getSpec(), "spec.volumeClaimTemplates[" + i + "].", "each pod's claim"));
            }
        }
        return notes;
    }

    /** Security settings the simulated runtime does not enforce: a spec must not pass because they were ignored. */
    private static void securityContexts(List<String> notes, String path, List<io.fabric8.kubernetes.api.model.Container> containers) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            var context = containers.get(i).getSecurityContext();
            String at = path + "[" + i + "].securityContext";
            if (context != null && Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
                notes.add(PREFIX + at + ".readOnlyRootFilesystem: the container's root file system stays writable");
            }
            if (context != null && (context.getRunAsUser() != null || context.getRunAsGroup() != null)) {
                notes.add(PREFIX + at + ".runAsUser: the container's processes run as root (uid 0) whatever it says");
            }
            if (context != null && Boolean.TRUE.equals(context.getRunAsNonRoot())) {
                notes.add(PREFIX + at + ".runAsNonRoot: not checked against the image's user; the container starts, where "
                        + "an image that runs as root would wait in CreateContainerConfigError");
            }
            var lifecycle = containers.get(i).getLifecycle();
            if (lifecycle != null && lifecycle.getStopSignal() != null) {
                // pkg/api/pod/util.go dropContainerStopSignals: the ContainerStopSignals gate is alpha and off in v1.33
                notes.add(PREFIX + path + "[" + i + "].lifecycle.stopSignal: the ContainerStopSignals feature is alpha and "
                        + "off in v1.33, whose API server drops the field; Peapod keeps it, and its runtime stops the "
                        + "container with SIGTERM whatever it says");
            }
        }
    }

    /**
     * The volumes of a pod whose contents Peapod does not make: a PersistentVolumeClaim that is
     * not Bound when the pod starts gives an empty directory where a real pod would wait for its claim; volume
     * kinds Peapod has no plugin for (nfs, csi, iscsi, ...) are empty directories too; projected
     * sources other than secret, configMap, downwardAPI and serviceAccountToken are left out.
     * ConfigMaps, Secrets and the downward API are resolved by the kubelet, as upstream resolves them.
     */
    private static List<String> unresolvedReferences(Pod pod) {
        List<String> notes = new ArrayList<>();
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return notes;
        }
        List<Volume> volumes = spec.getVolumes() == null ? List.of() : spec.getVolumes();
        for (int i = 0; i < volumes.size(); i++) {
            Volume volume = volumes.get(i);
            String at = "spec.volumes[" + i + "]";
            if (volume.getEmptyDir() != null && volume.getEmptyDir().getSizeLimit() != null) {
                notes.add(PREFIX + at + ".emptyDir.sizeLimit: the kubelet never evicts the pod for filling it");
            }
            if (volume.getEmptyDir() != null && "Memory".equals(volume.getEmptyDir().getMedium())) {
                notes.add(PREFIX + at + ".emptyDir.medium: Memory: its files do not count against the containers' memory");
            }
            if (volume.getPersistentVolumeClaim() != null) {
                notes.add(PREFIX + at + ".persistentVolumeClaim: the PersistentVolumeClaim \""
                        + volume.getPersistentVolumeClaim().getClaimName() + "\" gives its volume's files once it is Bound; "
                        + "if it is missing or unbound when the pod starts, the pod starts at once with an empty directory "
                        + "there, where a real one waits for its claim");
            } else if (volume.getProjected() != null) {
                List<io.fabric8.kubernetes.api.model.VolumeProjection> sources = volume.getProjected().getSources() == null
                        ? List.of() : volume.getProjected().getSources();
                for (int j = 0; j < sources.size(); j++) {
                    var source = sources.get(j);
                    if (source.getSecret() == null && source.getConfigMap() == null && source.getDownwardAPI() == null
                            && source.getServiceAccountToken() == null) {
                        notes.add(PREFIX + at + ".projected.sources[" + j + "]: Peapod renders secret, configMap, downwardAPI "
                                + "and serviceAccountToken sources only; this one leaves no file");
                    }
                }
            } else if (volume.getEmptyDir() == null && volume.getHostPath() == null && volume.getConfigMap() == null
                    && volume.getSecret() == null && volume.getDownwardAPI() == null) {
                notes.add(PREFIX + at + ": Peapod has no plugin for volume \"" + volume.getName() + "\"'s kind; "
                        + "its containers see an empty directory there");
            }
        }
        securityContexts(notes, "spec.initContainers", spec.getInitContainers());
        securityContexts(notes, "spec.containers", spec.getContainers());
        if (spec.getSecurityContext() != null && (spec.getSecurityContext().getRunAsUser() != null
                || spec.getSecurityContext().getRunAsGroup() != null)) {
            notes.add(PREFIX + "spec.securityContext.runAsUser: the containers' processes run as root (uid 0) whatever it says");
        }
        if (spec.getSecurityContext() != null && Boolean.TRUE.equals(spec.getSecurityContext().getRunAsNonRoot())) {
            notes.add(PREFIX + "spec.securityContext.runAsNonRoot: not checked against the images' users; "
                    + "every container starts, where one whose image runs as root would wait in CreateContainerConfigError");
        }
        return notes;
    }
}
