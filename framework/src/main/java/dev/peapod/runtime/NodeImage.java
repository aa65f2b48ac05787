package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * One image on a node, as the Node's {@code status.images} lists it (v1.ContainerImage): its names,
 * the digest reference first, then the tag (nodestatus/setters.go Images: RepoDigests, then RepoTags),
 * and its size in bytes.
 */
@API(status = INTERNAL, since = "0.1")
public record NodeImage(List<String> names, long sizeBytes) {
    public NodeImage {
        names = List.copyOf(names);
    }
}
