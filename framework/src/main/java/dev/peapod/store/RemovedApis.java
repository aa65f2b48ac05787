package dev.peapod.store;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The group/versions that a v1.33 API server no longer serves, though Fabric8's model registry still
 * knows their classes. Per kind, from the Kubernetes deprecated-API migration guide
 * (kubernetes/website: content/en/docs/reference/using-api/deprecation-guide.md, removals in v1.16,
 * v1.22, v1.25, v1.26, v1.27, v1.29 and v1.32). kubectl's REST mapper finds no resource for them and
 * says so in its own words (k8s.io/apimachinery/pkg/api/meta/errors.go, NoKindMatchError):
 * {@code no matches for kind "Deployment" in version "extensions/v1beta1"}.
 */
@API(status = INTERNAL, since = "0.1")
public final class RemovedApis {
    private static final Map<String, Set<String>> REMOVED = Map.ofEntries(
            // v1.16: extensions/v1beta1 workloads, NetworkPolicy, PodSecurityPolicy; apps/v1beta1 and v1beta2.
            // v1.22: extensions/v1beta1 and networking.k8s.io/v1beta1 Ingress.
            Map.entry("extensions/v1beta1", Set.of("Deployment", "DaemonSet", "ReplicaSet", "Ingress", "NetworkPolicy",
                    "PodSecurityPolicy")),
            Map.entry("apps/v1beta1", Set.of("Deployment", "StatefulSet", "ControllerRevision")),
            Map.entry("apps/v1beta2", Set.of("Deployment", "DaemonSet", "ReplicaSet", "StatefulSet", "ControllerRevision")),
            // v1.22
            Map.entry("networking.k8s.io/v1beta1", Set.of("Ingress", "IngressClass")),
            Map.entry("admissionregistration.k8s.io/v1beta1", Set.of("MutatingWebhookConfiguration",
                    "ValidatingWebhookConfiguration")),
            Map.entry("apiextensions.k8s.io/v1beta1", Set.of("CustomResourceDefinition")),
            Map.entry("apiregistration.k8s.io/v1beta1", Set.of("APIService")),
            Map.entry("authentication.k8s.io/v1beta1", Set.of("TokenReview")),
            Map.entry("authorization.k8s.io/v1beta1", Set.of("SubjectAccessReview", "LocalSubjectAccessReview",
                    "SelfSubjectAccessReview", "SelfSubjectRulesReview")),
            Map.entry("certificates.k8s.io/v1beta1", Set.of("CertificateSigningRequest")),
            Map.entry("coordination.k8s.io/v1beta1", Set.of("Lease")),
            Map.entry("rbac.authorization.k8s.io/v1beta1", Set.of("ClusterRole", "ClusterRoleBinding", "Role",
                    "RoleBinding")),
            Map.entry("scheduling.k8s.io/v1beta1", Set.of("PriorityClass")),
            // v1.22 (CSIDriver, CSINode, StorageClass, VolumeAttachment) and v1.27 (CSIStorageCapacity)
            Map.entry("storage.k8s.io/v1beta1", Set.of("CSIDriver", "CSINode", "StorageClass", "VolumeAttachment",
                    "CSIStorageCapacity")),
            // v1.25
            Map.entry("batch/v1beta1", Set.of("CronJob")),
            Map.entry("discovery.k8s.io/v1beta1", Set.of("EndpointSlice")),
            Map.entry("events.k8s.io/v1beta1", Set.of("Event")),
            Map.entry("autoscaling/v2beta1", Set.of("HorizontalPodAutoscaler")),
            Map.entry("policy/v1beta1", Set.of("PodDisruptionBudget", "PodSecurityPolicy")),
            Map.entry("node.k8s.io/v1beta1", Set.of("RuntimeClass")),
            // v1.26 (v1beta1, v2beta2), v1.29 (v1beta2), v1.32 (v1beta3)
            Map.entry("autoscaling/v2beta2", Set.of("HorizontalPodAutoscaler")),
            Map.entry("flowcontrol.apiserver.k8s.io/v1beta1", Set.of("FlowSchema", "PriorityLevelConfiguration")),
            Map.entry("flowcontrol.apiserver.k8s.io/v1beta2", Set.of("FlowSchema", "PriorityLevelConfiguration")),
            Map.entry("flowcontrol.apiserver.k8s.io/v1beta3", Set.of("FlowSchema", "PriorityLevelConfiguration")));

    private RemovedApis() {
    }

    /** True when v1.33 serves {@code kind} in {@code apiVersion} no more. */
    public static boolean isRemoved(String apiVersion, String kind) {
        return apiVersion != null && kind != null && REMOVED.getOrDefault(apiVersion, Set.of()).contains(kind);
    }

    /** The REST mapper's message for a kind in a version nothing serves. */
    public static String noKindMatch(String apiVersion, String kind) {
        return "no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\"";
    }

    /**
     * The refusal of a Java object of a removed API version (a Fabric8
     * {@code io.fabric8.kubernetes.api.model.extensions.Deployment} handed to the store): the same
     * words, as a 404, which is what the API server answers for a resource path it does not serve.
     */
    public static Optional<ApiException> refusal(HasMetadata object) {
        if (object instanceof GenericKubernetesResource) {
            return refusal(object.getApiVersion(), object.getKind());
        }
        String[] versionAndKind = VERSION_AND_KIND.get(object.getClass());
        return refusal(versionAndKind[0], versionAndKind[1]);
    }

    private static Optional<ApiException> refusal(String apiVersion, String kind) {
        if (!isRemoved(apiVersion, kind)) {
            return Optional.empty();
        }
        return Optional.of(new ApiException(404, "NotFound", noKindMatch(apiVersion, kind), List.of()));
    }

    /**
     * A model class's apiVersion and kind, read once per class: they are its annotations, which
     * reflection reads anew on every call (issue #13: every write asked). Never modified.
     */
    private static final ClassValue<String[]> VERSION_AND_KIND = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            @SuppressWarnings("unchecked")
            Class<? extends HasMetadata> model = (Class<? extends HasMetadata>) type;
            return new String[] {HasMetadata.getApiVersion(model), HasMetadata.getKind(model)};
        }
    };
}
