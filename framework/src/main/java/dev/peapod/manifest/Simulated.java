package dev.peapod.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
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

import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** The warning for an object Peapod stores but does not simulate; empty when Peapod simulates its kind. */
    static Optional<String> warning(HasMetadata object) {
        Class<?> type = object.getClass();
        if (SIMULATED.contains(type)) {
            return Optional.empty();
        }
        String kind = HasMetadata.getKind(object.getClass().asSubclass(HasMetadata.class));
        String missing = VALIDATED_ONLY.get(type);
        if (missing != null) {
            return Optional.of(PREFIX + "Peapod stores and validates " + kind + " objects but does not run them: "
                    + missing);
        }
        return Optional.of(PREFIX + "Peapod stores " + kind + " objects, checks only their metadata, and does "
                + "nothing with them");
    }
}
