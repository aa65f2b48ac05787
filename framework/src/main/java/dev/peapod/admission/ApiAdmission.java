package dev.peapod.admission;

import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import org.apiguardian.api.API;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * What a default kube-apiserver (v1.33) does to a write before storing it: defaulting, the mutating
 * admission plugins that are on by default (ServiceAccount, Priority, DefaultTolerationSeconds),
 * then validation, rejecting with the API server's own field paths and messages:
 * <pre>{@code
 * Pod "web" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1
 * }</pre>
 * Pods get the full treatment; the pod templates of Deployments, ReplicaSets, DaemonSets,
 * StatefulSets, Jobs and CronJobs get the pod-spec defaults and template validation; every other
 * kind gets its metadata (name, labels, annotations, finalizers) validated.
 *
 * <pre>{@code
 * ObjectStore store = new ObjectStore(clock, random, new ApiAdmission());
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class ApiAdmission implements Admission {
    /** SetDefaults_Namespace: every namespace is labelled with its own name. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    public ApiAdmission() {
    }

    @Override
    public void admit(Operation operation, HasMetadata object, HasMetadata old) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(object, "object");
        if (object.getMetadata() == null) {
            object.setMetadata(new ObjectMeta());
        }
        if (object instanceof Pod pod) {
            admitPod(operation, pod, old instanceof Pod oldPod ? oldPod : null);
        } else if (!WorkloadAdmission.admit(operation, object)) {
            admitOther(operation, object);
        }
    }

    /** Decode-time defaulting, then the plugins in the API server's order, then validation. */
    private static void admitPod(Operation operation, Pod pod, Pod old) {
        ServiceAccountPlugin.fromDeprecatedField(PodDefaults.spec(pod));
        PodDefaults.pod(pod);
        if (operation == Operation.CREATE || old == null) {
            ServiceAccountPlugin.admitCreate(pod);
            PriorityPlugin.admitCreate(pod);
        } else {
            PriorityPlugin.admitUpdate(pod, old);
        }
        DefaultTolerationSeconds.admit(pod);
        ServiceAccountPlugin.toDeprecatedField(PodDefaults.spec(pod));
        Errors errs = operation == Operation.CREATE || old == null
                ? PodValidation.create(pod)
                : PodUpdateValidation.update(pod, old);
        reject("Pod", pod, errs);
    }

    private static void admitOther(Operation operation, HasMetadata object) {
        if (object instanceof Namespace namespace) {
            namespaceDefaults(namespace);
        }
        Errors errs = new Errors();
        FieldPath meta = FieldPath.of("metadata");
        if (operation == Operation.CREATE) {
            MetaValidation.objectMeta(object.getMetadata(), object instanceof Namespaced, nameRule(object), meta, errs);
        } else {
            MetaValidation.labels(object.getMetadata().getLabels(), meta.child("labels"), errs);
            MetaValidation.annotations(object.getMetadata().getAnnotations(), meta.child("annotations"), errs);
        }
        reject(groupKind(object), object, errs);
    }

    /** SetDefaults_Namespace and SetDefaults_NamespaceStatus (pkg/apis/core/v1/defaults.go). */
    private static void namespaceDefaults(Namespace namespace) {
        String name = namespace.getMetadata().getName();
        if (name != null && !name.isEmpty()) {
            Map<String, String> labels = namespace.getMetadata().getLabels() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(namespace.getMetadata().getLabels());
            labels.put(NAMESPACE_NAME_LABEL, name);
            namespace.getMetadata().setLabels(labels);
        }
        if (namespace.getStatus() == null) {
            namespace.setStatus(new NamespaceStatus());
        }
        if (PodDefaults.empty(namespace.getStatus().getPhase())) {
            namespace.getStatus().setPhase("Active");
        }
    }

    /**
     * The name rule of each kind's ValidateNameFunc: namespaces are DNS labels, services DNS-1035
     * labels, RBAC objects path segments (so {@code system:node} is valid), the rest DNS subdomains.
     */
    private static Names.Rule nameRule(HasMetadata object) {
        if (object instanceof Namespace) {
            return Names.Rule.DNS1123_LABEL;
        }
        if (object instanceof Service) {
            return Names.Rule.DNS1035_LABEL;
        }
        if (object.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model.rbac")) {
            return Names.Rule.PATH_SEGMENT;
        }
        return Names.Rule.DNS1123_SUBDOMAIN;
    }

    /** schema.GroupKind.String(): {@code Pod}, {@code Deployment.apps}, {@code Ingress.networking.k8s.io}. */
    private static String groupKind(HasMetadata object) {
        String kind;
        String group;
        if (object instanceof GenericKubernetesResource) {
            kind = object.getKind();
            String apiVersion = object.getApiVersion() == null ? "" : object.getApiVersion();
            group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        } else {
            kind = HasMetadata.getKind(object.getClass());
            group = HasMetadata.getGroup(object.getClass());
        }
        return group == null || group.isEmpty() ? kind : kind + "." + group;
    }

    private static void reject(String kind, HasMetadata object, Errors errs) {
        if (!errs.isEmpty()) {
            throw ApiException.invalid(kind, ContainerValidation.nullToEmpty(object.getMetadata().getName()), errs.aggregate());
        }
    }
}
