package dev.peapod.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.util.List;
import java.util.Optional;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A read-only view of the store, as an admission plugin's informer listers give it upstream: gets
 * and lists return copies, in the store's order. {@link ObjectStore} is one.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface StoreReader {
    /** A store with nothing in it: for admitting an object with no store around it. */
    StoreReader EMPTY = new StoreReader() {
        @Override
        public <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public <T extends HasMetadata> List<T> list(Class<T> kind, ListOptions options) {
            options.forKind(kind); // an unsupported field label is a BadRequest even here
            return List.of();
        }
    };

    /** A copy of the object; empty when there is none. {@code namespace} is null for cluster-scoped kinds. */
    <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name);

    /** Copies of the objects of a kind that match, in {@code namespace/name} order. */
    <T extends HasMetadata> List<T> list(Class<T> kind, ListOptions options);

    /** Copies of every object of a kind, in {@code namespace/name} order. */
    default <T extends HasMetadata> List<T> list(Class<T> kind) {
        return list(kind, ListOptions.all());
    }
}
