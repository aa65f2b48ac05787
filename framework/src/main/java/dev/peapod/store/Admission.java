package dev.peapod.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What the API server does to an object before it is stored: defaulting, mutating plugins,
 * validation. It edits the object in place (it is the store's private copy) or throws an
 * {@link ApiException} to reject it, in which case nothing is written.
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
}
