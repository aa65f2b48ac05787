package dev.peapod.admission;

import dev.peapod.store.Admission;
import dev.peapod.store.StoreReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One write as an admission plugin sees it (upstream's admission.Attributes).
 *
 * @param object the object to be stored; a mutating plugin edits it in place
 * @param old the stored object on UPDATE, null on CREATE
 * @param store what is stored before this write, read-only
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record AdmissionRequest(Admission.Operation operation, HasMetadata object, HasMetadata old, StoreReader store) {
    public AdmissionRequest {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(store, "store");
    }

    /** A creation, or an update with nothing stored to compare with: both admit as a creation. */
    public boolean isCreate() {
        return operation == Admission.Operation.CREATE || old == null;
    }
}
