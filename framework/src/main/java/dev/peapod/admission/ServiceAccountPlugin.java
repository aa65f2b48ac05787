package dev.peapod.admission;

import dev.peapod.store.ApiException;
import dev.peapod.store.StoreReader;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;

import java.util.Map;

/**
 * The part of the ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount/admission.go,
 * on by default) that Peapod models: on create, a pod without a service account runs as
 * {@code default}, and the account it names must exist in its namespace, else the create is
 * Forbidden ({@code error looking up service account <ns>/<name>: serviceaccount "<name>" not found}).
 * Not modelled: the projected token volume.
 *
 * <p>The {@code default} account always counts as present: upstream's serviceaccount controller
 * (pkg/controller/serviceaccount/serviceaccounts_controller.go) creates it in every namespace as
 * soon as the namespace exists, and Peapod runs no such controller, so it is never stored unless a
 * test applies it. An object admitted with no store around it ({@link StoreReader#EMPTY}) cannot be
 * looked up, so the check is left out there.
 */
final class ServiceAccountPlugin implements AdmissionPlugin {
    static final String DEFAULT_SERVICE_ACCOUNT = "default";
    /** Mirror pods of static pods are left alone, as upstream's shouldIgnore does. */
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    ServiceAccountPlugin() {
    }

    @Override
    public String name() {
        return "ServiceAccount";
    }

    @Override
    public void mutate(AdmissionRequest request) {
        if (request.object() instanceof Pod pod && request.isCreate()) {
            admitCreate(pod);
            if (!isMirror(pod) && request.store() != StoreReader.EMPTY) {
                requireAccount(pod, request.store());
            }
        }
    }

    static void admitCreate(Pod pod) {
        if (isMirror(pod)) {
            return;
        }
        PodSpec spec = PodDefaults.spec(pod);
        if (PodDefaults.empty(spec.getServiceAccountName())) {
            spec.setServiceAccountName(DEFAULT_SERVICE_ACCOUNT);
        }
    }

    private static boolean isMirror(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(MIRROR_ANNOTATION);
    }

    /** Admit's lookup of the pod's account, with upstream's admission.NewForbidden and errors.NewNotFound texts. */
    private static void requireAccount(Pod pod, StoreReader store) {
        String account = PodDefaults.spec(pod).getServiceAccountName();
        if (DEFAULT_SERVICE_ACCOUNT.equals(account)) {
            return;
        }
        String namespace = pod.getMetadata().getNamespace() == null ? "default" : pod.getMetadata().getNamespace();
        if (store.get(ServiceAccount.class, namespace, account).isEmpty()) {
            throw ApiException.forbidden("pods \"" + (pod.getMetadata().getName() == null ? "" : pod.getMetadata().getName())
                    + "\" is forbidden: error looking up service account " + namespace + "/" + account
                    + ": serviceaccount \"" + account + "\" not found");
        }
    }

    /**
     * The v1 conversion's alias (pkg/apis/core/v1/conversion.go): the deprecated {@code serviceAccount}
     * is read when {@code serviceAccountName} is empty ...
     */
    static void fromDeprecatedField(PodSpec spec) {
        if (PodDefaults.empty(spec.getServiceAccountName()) && !PodDefaults.empty(spec.getServiceAccount())) {
            spec.setServiceAccountName(spec.getServiceAccount());
        }
    }

    /** ... and always written back as a copy of it. */
    static void toDeprecatedField(PodSpec spec) {
        String name = spec.getServiceAccountName();
        spec.setServiceAccount(PodDefaults.empty(name) ? null : name);
    }
}
