package dev.peapod.store;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A namespace's life as the API server keeps it: the namespace strategy's create and update rules
 * (pkg/registry/core/namespace/strategy.go), its storage's two-step delete
 * (pkg/registry/core/namespace/storage/storage.go) and the NamespaceLifecycle admission plugin
 * (apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go). The namespace controller empties a
 * Terminating namespace and then removes its {@value #KUBERNETES_FINALIZER} finalizer.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class NamespaceLifecycle {
    /** The spec finalizer every namespace is created with (core.FinalizerKubernetes); the namespace controller removes it. */
    public static final String KUBERNETES_FINALIZER = "kubernetes";
    /** v1.NamespaceTerminatingCause: the cause of a create refused in a namespace being terminated. */
    public static final String TERMINATING_CAUSE = "NamespaceTerminating";
    public static final String ACTIVE = "Active";
    public static final String TERMINATING = "Terminating";
    /** The plugin's immortal namespaces (Register: default, kube-system, kube-public). */
    static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

    private NamespaceLifecycle() {
    }

    /** Whether the namespace has been deleted and waits for its content to go (status.phase Terminating). */
    public static boolean isTerminating(Namespace namespace) {
        return namespace.getStatus() != null && TERMINATING.equals(namespace.getStatus().getPhase());
    }

    /** The spec finalizers, never null. */
    public static List<String> specFinalizers(Namespace namespace) {
        return namespace.getSpec() == null || namespace.getSpec().getFinalizers() == null ? List.of()
                : namespace.getSpec().getFinalizers();
    }

    /**
     * PrepareForCreate: the status is phase Active whatever was sent, and {@code kubernetes} is added to
     * the spec finalizers when missing ("we cannot use this in defaults conversion because we let it get
     * removed over life of object").
     */
    static void prepareForCreate(Namespace namespace) {
        NamespaceStatus status = new NamespaceStatus();
        status.setPhase(ACTIVE);
        namespace.setStatus(status);
        if (namespace.getSpec() == null) {
            namespace.setSpec(new NamespaceSpec());
        }
        List<String> finalizers = new ArrayList<>(specFinalizers(namespace));
        if (!finalizers.contains(KUBERNETES_FINALIZER)) {
            finalizers.add(KUBERNETES_FINALIZER);
        }
        namespace.getSpec().setFinalizers(finalizers);
    }

    /** PrepareForUpdate: an update keeps the stored spec finalizers (only {@code finalize} changes them). */
    static void prepareForUpdate(Namespace updated, Namespace old) {
        if (updated.getSpec() == null) {
            updated.setSpec(new NamespaceSpec());
        }
        updated.getSpec().setFinalizers(old.getSpec() == null || old.getSpec().getFinalizers() == null ? null
                : new ArrayList<>(old.getSpec().getFinalizers()));
    }

    /**
     * The plugin's refusal to delete an immortal namespace:
     * {@code namespaces "default" is forbidden: this namespace may not be deleted}.
     */
    static void checkDeletable(String name) {
        if (IMMORTAL.contains(name)) {
            throw ApiException.forbidden("namespaces", name, "this namespace may not be deleted", List.of());
        }
    }

    /**
     * The plugin's refusal of a create in a Terminating namespace, with the cause clients look for
     * (kubectl drain, the controllers' {@code HasStatusCause(err, NamespaceTerminatingCause)}):
     * {@code pods "web" is forbidden: unable to create new content in namespace e2e because it is being terminated}.
     * The name is the object's, or its generateName before a name is generated (admission.extractResourceName).
     */
    static ApiException terminating(String resource, ObjectMeta meta) {
        String name = meta.getName() != null && !meta.getName().isEmpty() ? meta.getName()
                : meta.getGenerateName() != null && !meta.getGenerateName().isEmpty() ? meta.getGenerateName() : "Unknown";
        String namespace = meta.getNamespace();
        return ApiException.forbidden(resource, name,
                "unable to create new content in namespace " + namespace + " because it is being terminated",
                List.of(new ApiException.StatusCause(TERMINATING_CAUSE, "namespace " + namespace + " is being terminated",
                        "metadata.namespace")));
    }

    /**
     * ShouldDeleteNamespaceDuringUpdate: an update of a namespace being deleted that leaves no spec finalizer
     * and no metadata finalizer deletes it (with the generic rule: deleted, with no grace period left).
     */
    static boolean specFinalized(Object updated) {
        return !(updated instanceof Namespace namespace) || specFinalizers(namespace).isEmpty();
    }
}
