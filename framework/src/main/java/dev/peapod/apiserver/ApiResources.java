package dev.peapod.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resources Peapod serves over HTTP: the kinds its engine simulates or validates (the manifest
 * loader's list), with upstream's short names and categories (kubectl api-resources, v1.33). Order is
 * discovery's: core first, then the groups in the order the API server lists them.
 */
final class ApiResources {
    private static final List<String> ALL = List.of("all");
    private static final List<ApiResource> RESOURCES = List.of(
            ApiResource.of(ConfigMap.class, List.of("cm"), List.of()),
            ApiResource.of(Endpoints.class, List.of("ep"), List.of()),
            ApiResource.of(Event.class, List.of("ev"), List.of()),
            ApiResource.of(Namespace.class, List.of("ns"), List.of()),
            ApiResource.of(Node.class, List.of("no"), List.of()),
            ApiResource.of(PersistentVolumeClaim.class, List.of("pvc"), List.of()),
            ApiResource.of(io.fabric8.kubernetes.api.model.PersistentVolume.class, List.of("pv"), List.of()),
            ApiResource.of(Pod.class, List.of("po"), ALL),
            ApiResource.of(ReplicationController.class, List.of("rc"), ALL),
            ApiResource.of(Secret.class, List.of(), List.of()),
            ApiResource.of(ServiceAccount.class, List.of("sa"), List.of()),
            ApiResource.of(Service.class, List.of("svc"), ALL),
            ApiResource.of(DaemonSet.class, List.of("ds"), ALL),
            ApiResource.of(Deployment.class, List.of("deploy"), ALL),
            ApiResource.of(ReplicaSet.class, List.of("rs"), ALL),
            ApiResource.of(StatefulSet.class, List.of("sts"), ALL),
            ApiResource.of(CronJob.class, List.of("cj"), ALL),
            ApiResource.of(Job.class, List.of(), ALL),
            ApiResource.of(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class, List.of("pdb"), List.of()),
            ApiResource.of(CustomResourceDefinition.class, List.of("crd", "crds"), List.of("api-extensions")),
            ApiResource.of(PriorityClass.class, List.of("pc"), List.of()),
            ApiResource.of(Lease.class, List.of(), List.of()),
            ApiResource.of(RuntimeClass.class, List.of(), List.of()),
            ApiResource.of(EndpointSlice.class, List.of(), List.of()));

    private ApiResources() {
    }

    static List<ApiResource> all() {
        return RESOURCES;
    }

    /** The resources of one group version ({@code v1}, {@code apps/v1}), in discovery's order. */
    static List<ApiResource> inGroupVersion(String groupVersion) {
        return RESOURCES.stream().filter(r -> r.groupVersion().equals(groupVersion)).toList();
    }

    /** The named groups (not core) and their one version each, in discovery's order. */
    static Map<String, String> groups() {
        Map<String, String> groups = new LinkedHashMap<>();
        for (ApiResource resource : RESOURCES) {
            if (!resource.group().isEmpty()) {
                groups.putIfAbsent(resource.group(), resource.version());
            }
        }
        return groups;
    }

    static Optional<ApiResource> find(String groupVersion, String plural) {
        return RESOURCES.stream().filter(r -> r.groupVersion().equals(groupVersion) && r.plural().equals(plural)).findFirst();
    }

    static Optional<ApiResource> of(Class<?> type) {
        return RESOURCES.stream().filter(r -> r.type() == type).findFirst();
    }

    static List<String> groupVersions() {
        List<String> versions = new ArrayList<>();
        RESOURCES.forEach(r -> {
            if (!versions.contains(r.groupVersion())) {
                versions.add(r.groupVersion());
            }
        });
        return versions;
    }
}
