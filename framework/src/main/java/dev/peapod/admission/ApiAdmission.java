package dev.peapod.admission;

import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import dev.peapod.store.RemovedApis;
import dev.peapod.store.StoreReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * What a default kube-apiserver (v1.33) does to a write before storing it: the JSON decoder's check
 * of quantities ({@link QuantityDecoding}), defaulting, the mutating
 * admission plugins that are on by default (ServiceAccount, Priority, DefaultTolerationSeconds, RuntimeClass),
 * then validation, rejecting with the API server's own field paths and messages:
 * <pre>{@code
 * Pod "web" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1
 * }</pre>
 * Pods get the full treatment; the pod templates of Deployments, ReplicaSets, DaemonSets,
 * StatefulSets, Jobs and CronJobs get the pod-spec defaults and template validation; Service,
 * Endpoints, ConfigMap, Secret, Namespace, Node, ServiceAccount, PersistentVolumeClaim,
 * PriorityClass and RuntimeClass get their decoding, defaults and validation ({@link CoreKinds});
 * every other kind gets its metadata (name, labels, annotations, finalizers) validated.
 *
 * <p>The plugins form an ordered chain, in kube-apiserver's order (pkg/kubeapiserver/options/
 * plugins.go, AllOrderedPlugins): every plugin's mutating phase, then the kind's validation, then
 * every plugin's validating phase. Plugins read the store through a read-only view.
 *
 * <pre>{@code
 * ObjectStore store = new ObjectStore(clock, random, new ApiAdmission());
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class ApiAdmission implements Admission {
    /** SetDefaults_Namespace: every namespace is labelled with its own name. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private final List<AdmissionPlugin> plugins;

    /** The default chain: ServiceAccount, Priority, DefaultTolerationSeconds, RuntimeClass. */
    public ApiAdmission() {
        this(List.of(new ServiceAccountPlugin(), new PriorityPlugin(), new DefaultTolerationSeconds(), new RuntimeClassPlugin()));
    }

    private ApiAdmission(List<AdmissionPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    /** This chain with one more plugin at its end. */
    public ApiAdmission withPlugin(AdmissionPlugin plugin) {
        Objects.requireNonNull(plugin, "plugin");
        List<AdmissionPlugin> more = new ArrayList<>(plugins);
        more.add(plugin);
        return new ApiAdmission(more);
    }

    /** The plugins' names in chain order. */
    public List<String> pluginNames() {
        return plugins.stream().map(AdmissionPlugin::name).toList();
    }

    /** Admits an object with an empty store around it (plugins that look find nothing). */
    @Override
    public void admit(Operation operation, HasMetadata object, HasMetadata old) {
        admit(operation, object, old, StoreReader.EMPTY);
    }

    @Override
    public void admit(Operation operation, HasMetadata object, HasMetadata old, StoreReader store) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(store, "store");
        RemovedApis.refusal(object).ifPresent(refusal -> {
            throw refusal;
        });
        if (object.getMetadata() == null) {
            object.setMetadata(new ObjectMeta());
        }
        // The decoder runs before anything reads a value: a quantity Go cannot parse never reaches
        // defaulting (which canonicalizes quantities), the plugins, validation or the store's derived values.
        QuantityDecoding.check(object);
        AdmissionRequest request = new AdmissionRequest(operation, object, old, store);
        CoreKinds.decode(object);
        defaults(object);
        for (AdmissionPlugin plugin : plugins) {
            plugin.mutate(request);
        }
        if (object instanceof Pod pod) {
            ServiceAccountPlugin.toDeprecatedField(PodDefaults.spec(pod)); // the v1 conversion on the way out
        }
        validate(request);
        for (AdmissionPlugin plugin : plugins) {
            plugin.validate(request);
        }
        if (object instanceof io.fabric8.kubernetes.api.model.Secret secret) {
            SecretValidation.mergeStringData(secret); // what the store keeps: data alone
        }
    }

    /** pkg/api/pod/warnings.go and the strategies' WarningsOnCreate / WarningsOnUpdate; see {@link Warnings}. */
    @Override
    public List<String> warnings(Operation operation, HasMetadata object, HasMetadata old) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(object, "object");
        return Warnings.of(operation, object, old);
    }

    /** Decode-time conversion and defaulting (workload templates are defaulted with their validation). */
    private static void defaults(HasMetadata object) {
        if (object instanceof Pod pod) {
            ServiceAccountPlugin.fromDeprecatedField(PodDefaults.spec(pod));
            PodDefaults.pod(pod);
        } else if (object instanceof Namespace namespace) {
            namespaceDefaults(namespace);
        } else {
            CoreKinds.defaults(object);
        }
    }

    private static void validate(AdmissionRequest request) {
        HasMetadata object = request.object();
        if (object instanceof Pod pod) {
            Errors errs = request.isCreate() ? PodValidation.create(pod) : PodUpdateValidation.update(pod, (Pod) request.old());
            reject("Pod", pod, errs);
        } else if (CoreKinds.handles(object)) {
            Errors errs = new Errors();
            metadata(request.operation(), object, errs);
            CoreKinds.validate(request, errs);
            reject(groupKind(object), object, errs);
        } else if (object instanceof io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget pdb) {
            // rest.BeforeCreate: the strategy's Validate first, then the common object meta checks on their own
            Errors errs = new Errors();
            PolicyValidation.spec(pdb, errs);
            reject(groupKind(object), object, errs);
            Errors meta = new Errors();
            metadata(request.operation(), object, meta);
            reject(groupKind(object), object, meta);
        } else if (!WorkloadAdmission.admit(request.operation(), object, request.old())) {
            Errors errs = new Errors();
            metadata(request.operation(), object, errs);
            reject(groupKind(object), object, errs);
        }
    }

    /** ValidateObjectMeta on create; on update the labels, annotations and owner references of ValidateObjectMetaUpdate. */
    private static void metadata(Operation operation, HasMetadata object, Errors errs) {
        FieldPath meta = FieldPath.of("metadata");
        if (operation == Operation.CREATE) {
            // a custom resource's scope is its CRD's: the store has set its namespace, or none for a cluster-scoped kind
            boolean namespaced = object instanceof Namespaced
                    || object instanceof GenericKubernetesResource && object.getMetadata().getNamespace() != null;
            MetaValidation.objectMeta(object.getMetadata(), namespaced, nameRule(object), meta, errs);
        } else {
            MetaValidation.update(object.getMetadata(), meta, errs);
        }
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
