package dev.peapod.store;

import org.apiguardian.api.API;

import java.util.List;
import java.util.Optional;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A kind that an Established CustomResourceDefinition serves: what discovery lists for it and what the
 * API server's router needs to route its requests (group, versions, names, scope, subresources).
 * Read it from {@link CustomResources#served()}; it is a snapshot of the CRD when it was read.
 *
 * @param group      {@code spec.group}, e.g. {@code example.com}
 * @param kind       the accepted kind, e.g. {@code Widget}
 * @param listKind   the accepted list kind, e.g. {@code WidgetList}
 * @param plural     the accepted plural, the resource of the URL, e.g. {@code widgets}
 * @param singular   the accepted singular, e.g. {@code widget}
 * @param shortNames the accepted short names ({@code wd}), empty when none
 * @param categories the categories ({@code all}), empty when none
 * @param namespaced {@code spec.scope} is {@code Namespaced}
 * @param versions   {@code spec.versions} in the CRD's order, served or not
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ServedKind(String group, String kind, String listKind, String plural, String singular,
                         List<String> shortNames, List<String> categories, boolean namespaced, List<Version> versions) {
    public ServedKind {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        versions = List.copyOf(versions);
    }

    /**
     * One of {@code spec.versions}.
     *
     * @param status whether the version has the {@code status} subresource
     * @param scale  its {@code scale} subresource, if it has one
     */
    public record Version(String name, boolean served, boolean storage, boolean status, Optional<Scale> scale) {
    }

    /** A {@code scale} subresource: the JSON paths of its replicas and label selector ({@code labelSelectorPath} may be null). */
    public record Scale(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {
    }

    /** The resource as the API server's messages name it: {@code widgets.example.com}. */
    public String qualified() {
        return plural + "." + group;
    }

    /** The kind as Invalid errors name it: {@code Widget.example.com}. */
    public String groupKind() {
        return kind + "." + group;
    }

    /** The version stored in etcd: exactly one has {@code storage: true}. */
    public Version storageVersion() {
        return versions.stream().filter(Version::storage).findFirst().orElseThrow();
    }

    /** The served version of that name, if any. */
    public Optional<Version> servedVersion(String name) {
        return versions.stream().filter(v -> v.served() && v.name().equals(name)).findFirst();
    }
}
