package dev.peapod.cucumber;

import java.util.List;
import java.util.Locale;

/**
 * A kind the cluster serves, as its discovery document lists it: what kubectl's REST mapper resolves a
 * resource word ({@code deploy}, {@code pods}, {@code deployments.apps}) and a manifest's kind to.
 *
 * @param group      empty for the core group
 * @param version    the group's preferred version
 * @param plural     {@code deployments}
 * @param singular   {@code deployment}
 * @param kind       {@code Deployment}
 * @param namespaced whether its objects live in a namespace
 * @param shortNames {@code deploy}
 */
record KubectlResource(String group, String version, String plural, String singular, String kind, boolean namespaced,
                       List<String> shortNames) {

    /** The first path segment(s) of its URLs: {@code /api/v1} or {@code /apis/apps/v1}. */
    String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** {@code apiVersion} of its objects. */
    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The collection's path, in a namespace or (null) across all of them. */
    String path(String namespace) {
        return groupVersionPath() + (namespaced && namespace != null ? "/namespaces/" + namespace : "") + "/" + plural;
    }

    String path(String namespace, String name) {
        return path(namespace) + "/" + name;
    }

    /**
     * How kubectl names an object in what it prints: the lower-case kind and the group, {@code deployment.apps},
     * {@code pod} (kubectl's name printer: {@code strings.ToLower(groupKind.String())}).
     */
    String kindWord() {
        String kind = this.kind.toLowerCase(Locale.ROOT);
        return group.isEmpty() ? kind : kind + "." + group;
    }

    /** Whether kubectl's REST mapper takes {@code word} for this resource. */
    boolean isNamed(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        for (String name : names()) {
            if (lower.equals(name) || lower.equals(name + "." + group) || lower.equals(name + "." + version + "." + group)) {
                return true;
            }
        }
        return false;
    }

    private List<String> names() {
        List<String> names = new java.util.ArrayList<>(List.of(plural, singular));
        names.addAll(shortNames);
        return names;
    }
}
