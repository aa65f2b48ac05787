package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;

import java.util.Map;

/**
 * The part of the ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount/admission.go,
 * on by default) that Peapod models: on create, a pod without a service account runs as
 * {@code default}. Not modelled: the check that the account exists, and the projected token volume.
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
        }
    }

    static void admitCreate(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(MIRROR_ANNOTATION)) {
            return;
        }
        PodSpec spec = PodDefaults.spec(pod);
        if (PodDefaults.empty(spec.getServiceAccountName())) {
            spec.setServiceAccountName(DEFAULT_SERVICE_ACCOUNT);
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
