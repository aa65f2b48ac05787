package dev.peapod.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What the API server does to an object before it is stored: defaulting, mutating plugins,
 * validation. It edits the object in place (it is the store's private copy) or throws an
 * {@link ApiException} to reject it, in which case nothing is written. It may read the store
 * (a PriorityClass, a ServiceAccount, a quota), never write it.
 */
@API(status = EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface Admission {
    /** The write being admitted. */
    enum Operation { CREATE, UPDATE }

    /** Admits everything unchanged. */
    Admission NONE = (operation, object, old) -> { };

    /** @param old the stored object on UPDATE, null on CREATE */
    void admit(Operation operation, HasMetadata object, HasMetadata old);

    /**
     * Admits a write with a read-only view of what is stored before it; the store calls this one.
     * An admission that reads the store overrides it; a lambda admission ignores the store.
     *
     * @param store what is stored before this write
     */
    default void admit(Operation operation, HasMetadata object, HasMetadata old, StoreReader store) {
        admit(operation, object, old);
    }

    /**
     * The API server's warnings for a write this admission accepted (kubectl prints them as
     * {@code Warning: ...}): upstream's strategy WarningsOnCreate / WarningsOnUpdate, which run after
     * validation. The store calls it with the admitted object once it carries its new generation.
     * None by default.
     *
     * @param old the stored object on UPDATE, null on CREATE
     */
    default List<String> warnings(Operation operation, HasMetadata object, HasMetadata old) {
        return List.of();
    }
}
