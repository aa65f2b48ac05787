package dev.peapod.admission;

import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One admission plugin of the API server's chain (k8s.io/apiserver/pkg/admission: a plugin may be a
 * MutationInterface, a ValidationInterface, or both). {@link ApiAdmission} runs a write through:
 * defaulting, then every plugin's {@link #mutate} in chain order, then the kind's validation, then
 * every plugin's {@link #validate} in chain order. A plugin rejects a write by throwing an
 * {@link dev.peapod.store.ApiException} (usually Forbidden); nothing is stored then. A plugin that
 * does not handle the object's kind or operation returns at once, as upstream's {@code Handles}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface AdmissionPlugin {
    /** The plugin's name as kube-apiserver's {@code --enable-admission-plugins} spells it, e.g. {@code Priority}. */
    String name();

    /** The mutating phase: may change the request's object. */
    default void mutate(AdmissionRequest request) {
    }

    /** The validating phase, after the object's own validation: may only reject. */
    default void validate(AdmissionRequest request) {
    }
}
