package dev.peapod.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
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
 * admission; events are the cluster's own record. Everything else is stored, and validated as the
 * API server validates it where Peapod has that kind's rules.
 */
final class Simulated {
    /** Kinds some part of Peapod acts on. */
    private static final List<Class<? extends HasMetadata>> SIMULATED = List.of(
            Pod.class, Node.class, Namespace.class, ServiceAccount.class, PriorityClass.class, Event.class);

    /** Kinds with the API server's full validation, and what Peapod does not do with them yet. */
    private static final Map<Class<? extends HasMetadata>, String> VALIDATED_ONLY = Map.ofEntries(
            Map.entry(Deployment.class, "no ReplicaSet or pod is created for it"),
            Map.entry(ReplicaSet.class, "no pod is created for it"),
            Map.entry(StatefulSet.class, "no pod or claim is created for it"),
            Map.entry(DaemonSet.class, "no pod is created for it on any node"),
            Map.entry(Job.class, "no pod is created for it and it never completes"),
            Map.entry(CronJob.class, "it never schedules a Job"),
            Map.entry(Service.class, "it routes no traffic and gets no Endpoints"),
            Map.entry(Endpoints.class, "nothing routes through it"),
            Map.entry(ConfigMap.class, "containers do not see it in their files or environment yet"),
            Map.entry(Secret.class, "containers do not see it in their files or environment yet"),
            Map.entry(PersistentVolumeClaim.class, "it is never bound to a volume"),
            Map.entry(RuntimeClass.class, "the kubelet uses neither its handler nor its overhead"));

    /** How every note begins; no warning of the API server begins so (they begin with a field path). */
    static final String PREFIX = "not simulated: ";

    private Simulated() {
    }

    /**
     * What Peapod does not do with an object that a real cluster would: for a kind it stores but does
     * not simulate, that; for a pod, each reference to a ConfigMap, Secret or PersistentVolumeClaim,
     * which the kubelet does not resolve yet (a real pod would wait in ContainerCreating or
     * CreateContainerConfigError while one is missing). Empty when Peapod simulates all of it.
     */
    static List<String> warnings(HasMetadata object) {
        Class<?> type = object.getClass();
        if (object instanceof Pod pod) {
            return unresolvedReferences(pod);
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
            if (volume.getConfigMap() != null) {
                notes.add(unmounted(at + ".configMap", "ConfigMap", volume.getConfigMap().getName()));
            }
            if (volume.getSecret() != null) {
                notes.add(unmounted(at + ".secret", "Secret", volume.getSecret().getSecretName()));
            }
            if (volume.getPersistentVolumeClaim() != null) {
                notes.add(unmounted(at + ".persistentVolumeClaim", "PersistentVolumeClaim",
                        volume.getPersistentVolumeClaim().getClaimName()));
            }
            if (volume.getProjected() != null) {
                notes.add(PREFIX + at + ".projected: Peapod does not render projected volumes yet");
            }
        }
        containers(notes, "spec.initContainers", spec.getInitContainers());
        containers(notes, "spec.containers", spec.getContainers());
        return notes;
    }

    private static void containers(List<String> notes, String path, List<Container> containers) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            Container container = containers.get(i);
            String at = path + "[" + i + "]";
            List<EnvVar> env = container.getEnv() == null ? List.of() : container.getEnv();
            for (int j = 0; j < env.size(); j++) {
                EnvVarSource from = env.get(j).getValueFrom();
                if (from != null && from.getConfigMapKeyRef() != null) {
                    notes.add(unread(at + ".env[" + j + "].valueFrom.configMapKeyRef", "ConfigMap", from.getConfigMapKeyRef().getName()));
                }
                if (from != null && from.getSecretKeyRef() != null) {
                    notes.add(unread(at + ".env[" + j + "].valueFrom.secretKeyRef", "Secret", from.getSecretKeyRef().getName()));
                }
            }
            List<EnvFromSource> envFrom = container.getEnvFrom() == null ? List.of() : container.getEnvFrom();
            for (int j = 0; j < envFrom.size(); j++) {
                EnvFromSource source = envFrom.get(j);
                if (source.getConfigMapRef() != null) {
                    notes.add(unread(at + ".envFrom[" + j + "].configMapRef", "ConfigMap", source.getConfigMapRef().getName()));
                }
                if (source.getSecretRef() != null) {
                    notes.add(unread(at + ".envFrom[" + j + "].secretRef", "Secret", source.getSecretRef().getName()));
                }
            }
        }
    }

    private static String unmounted(String field, String kind, String name) {
        return PREFIX + field + ": the " + kind + " \"" + name + "\" is neither looked up nor mounted yet; "
                + "the pod starts whether it exists or not";
    }

    private static String unread(String field, String kind, String name) {
        return PREFIX + field + ": the " + kind + " \"" + name + "\" is not looked up yet; "
                + "the container starts whether it exists or not, without the variable";
    }
}
