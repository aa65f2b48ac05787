package dev.peapod.events;

import dev.peapod.store.ObjectStore;
import dev.peapod.store.Timestamps;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Records core/v1 Events as client-go's recorder does: an event identical to an earlier one (same
 * object, field path, type, reason, message and source) is not written again but counted, with
 * {@code count} and {@code lastTimestamp} updated (tools/record/events_cache.go, EventCorrelator).
 * Event names are {@code <object>.<hex nanoseconds>} as upstream.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EventRecorder {
    private final ObjectStore store;
    private final VirtualClock clock;
    /** Aggregation key to event name. Only looked up, never iterated. */
    private final Map<String, String> seen = new HashMap<>();

    public EventRecorder(ObjectStore store, VirtualClock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where an event comes from: a component, and the node for a kubelet. */
    public record Source(String component, String host) {
        public static Source scheduler() {
            return new Source("default-scheduler", null);
        }

        public static Source kubelet(String node) {
            return new Source("kubelet", node);
        }
    }

    public void normal(HasMetadata object, String fieldPath, String reason, String message, Source source) {
        record(object, fieldPath, "Normal", reason, message, source);
    }

    public void warning(HasMetadata object, String fieldPath, String reason, String message, Source source) {
        record(object, fieldPath, "Warning", reason, message, source);
    }

    public Event record(HasMetadata object, String fieldPath, String type, String reason, String message, Source source) {
        ObjectReference ref = reference(object, fieldPath);
        String namespace = ref.getNamespace() == null ? "default" : ref.getNamespace();
        String key = String.join("\u0000", ref.getKind(), namespace, ref.getName(), nullToEmpty(ref.getUid()),
                nullToEmpty(fieldPath), type, reason, message, source.component(), nullToEmpty(source.host()));
        Instant now = clock.now();
        String existing = seen.get(key);
        if (existing != null) {
            var stored = store.get(Event.class, namespace, existing);
            if (stored.isPresent()) {
                Event event = stored.get();
                event.setCount(event.getCount() == null ? 2 : event.getCount() + 1);
                event.setLastTimestamp(Timestamps.format(now));
                event.getMetadata().setResourceVersion(null);
                return store.update(event);
            }
        }
        String name = uniqueName(namespace, ref.getName(), now);
        Event event = new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withInvolvedObject(ref)
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withNewSource().withComponent(source.component()).withHost(source.host()).endSource()
                .withReportingComponent(source.component())
                .withReportingInstance(source.host() == null ? "" : source.host())
                .withFirstTimestamp(Timestamps.format(now))
                .withLastTimestamp(Timestamps.format(now))
                .withCount(1)
                .build();
        Event created = store.create(event);
        seen.put(key, name);
        return created;
    }

    private String uniqueName(String namespace, String objectName, Instant now) {
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        String name;
        do {
            name = objectName + "." + Long.toHexString(nanos++);
        } while (store.peek(Event.class, namespace, name) != null);
        return name;
    }

    static ObjectReference reference(HasMetadata object, String fieldPath) {
        return new ObjectReferenceBuilder()
                .withApiVersion(object.getApiVersion())
                .withKind(object.getKind())
                .withNamespace(object.getMetadata().getNamespace())
                .withName(object.getMetadata().getName())
                .withUid(object.getMetadata().getUid())
                .withResourceVersion(object.getMetadata().getResourceVersion())
                .withFieldPath(fieldPath)
                .build();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
