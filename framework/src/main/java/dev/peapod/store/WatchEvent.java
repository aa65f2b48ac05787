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

    /**
     * The event a watcher with a selection sees (cacheWatcher.convertToWatchEvent): it passes when the object
     * matches now or matched before ({@code old}, null for a creation); one that starts matching is ADDED, one
     * that stops is DELETED with its previous content ({@code copy} of {@code old}) at the event's
     * resourceVersion. A deleted object never matches "now". Null: the watcher sees nothing.
     */
    static <T extends HasMetadata> WatchEvent<T> seenThrough(WatchEvent<T> event, T old,
            java.util.function.Predicate<? super T> matches, java.util.function.UnaryOperator<T> copy) {
        boolean now = event.type() != Type.DELETED && matches.test(event.object());
        boolean before = old != null && matches.test(old);
        if (now && before) {
            return event.type() == Type.MODIFIED ? event : new WatchEvent<>(Type.MODIFIED, event.object(), event.resourceVersion());
        }
        if (now) {
            return event.type() == Type.ADDED ? event : new WatchEvent<>(Type.ADDED, event.object(), event.resourceVersion());
        }
        if (before) {
            if (event.type() == Type.DELETED) {
                return event; // already the previous content at the new version
            }
            T last = copy.apply(old);
            last.getMetadata().setResourceVersion(Long.toString(event.resourceVersion()));
            return new WatchEvent<>(Type.DELETED, last, event.resourceVersion());
        }
        return null;
    }
}
