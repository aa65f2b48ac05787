package dev.peapod.assertions;

/**
 * What a failure message is about: a pod, or one container of it. {@code toString} is the phrase
 * the messages use: {@code pod default/web} or {@code container "app" of pod default/web}.
 *
 * @param namespace null for a wait condition made without one: the cluster's namespace, known when it is tested
 * @param container null when the subject is the pod itself
 */
record Subject(String namespace, String pod, String container) {

    static Subject pod(String namespace, String pod) {
        return new Subject(namespace, pod, null);
    }

    Subject container(String name) {
        return new Subject(namespace, pod, name);
    }

    /** The pod as kubectl names it: {@code default/web}. */
    String podKey() {
        return namespace == null ? pod : namespace + "/" + pod;
    }

    @Override
    public String toString() {
        return container == null ? "pod " + podKey() : "container \"" + container + "\" of pod " + podKey();
    }
}
