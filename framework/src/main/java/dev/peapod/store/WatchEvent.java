package dev.peapod.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One change seen by a watch. The object is shared by every watcher and must not be modified: copy
 * it ({@link Copies#copy}) before changing it.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record WatchEvent<T extends HasMetadata>(Type type, T object, long resourceVersion) {
    /** As the API's watch event types. */
    public enum Type { ADDED, MODIFIED, DELETED }
}
