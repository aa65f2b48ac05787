package dev.peapod.events;

import dev.peapod.store.ObjectStore;
import dev.peapod.store.Timestamps;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Records core/v1 Events as client-go's recorder does (tools/record/event.go): an event identical to
 * an earlier one (same source, object, field path, type, reason and message) is not written again but
 * counted, with {@code count}, {@code lastTimestamp} and the message updated on the first event;
 * similar events with many different messages are combined; a source that reports too much about an
 * object is throttled (see {@link EventCorrelator}). Event names are
 * {@code <object>.<hex nanoseconds of the virtual instant>}, as {@code fmt.Sprintf("%v.%x", ref.Name,
 * t.UnixNano())} upstream.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EventRecorder {
    private final ObjectStore store;
    private final VirtualClock clock;
    private final EventCorrelator correlator = new EventCorrelator();

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

    /** Records a Normal event; see {@link #record}. */
    public Event normal(HasMetadata object, String fieldPath, String reason, String message, Source source) {
        return record(object, fieldPath, "Normal", reason, message, source);
    }

    /** Records a Warning event; see {@link #record}. */
    public Event warning(HasMetadata object, String fieldPath, String reason, String message, Source source) {
        return record(object, fieldPath, "Warning", reason, message, source);
    }

    /**
     * Records an event at the current virtual instant and returns the Event as stored, or null when
     * the spam filter dropped it (it still counts toward the next write of the same event). The Event
     * returned is a copy: a plug-in may change it without changing the stored one.
     */
    public Event record(HasMetadata object, String fieldPath, String type, String reason, String message, Source source) {
        return record(object, fieldPath, null, type, reason, message, source);
    }

    /**
     * Records an event about {@code object} that names a second object, as the events.k8s.io
     * recorder's {@code Eventf(regarding, related, ...)} does: the scheduler's {@code Preempted}
     * event is about the victim and names the preemptor. The core/v1 Event carries it in {@code related}.
     */
    public Event record(HasMetadata object, String fieldPath, HasMetadata related, String type, String reason, String message,
                        Source source) {
        Event stored = recordShared(object, fieldPath, related, type, reason, message, source);
        return stored == null ? null : dev.peapod.store.Copies.copy(stored); // the stored one is shared inside the engine
    }

    /**
     * As {@link #record(HasMetadata, String, HasMetadata, String, String, String, Source)}, but
     * returns the Event as stored, not a copy: for the engine's components, which record some four
     * events per pod started and read none of them back (issue #13), and must not modify it.
     */
    @API(status = INTERNAL, since = "0.1")
    public Event recordShared(HasMetadata object, String fieldPath, HasMetadata related, String type, String reason,
                              String message, Source source) {
        Instant now = clock.now();
        ObjectReference ref = reference(object, fieldPath);
        String namespace = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? "default" : ref.getNamespace();
        Event event = makeEvent(ref, namespace, type, reason, message, source, now);
        if (related != null) {
            event.setRelated(reference(related, null));
        }
        EventCorrelator.Result result = correlator.correlate(event, now);
        if (result.skip()) {
            return null;
        }
        Event stored;
        try {
            // the event is this call's own (made here, named and counted by the correlator): the store keeps it as it is
            stored = result.patch() ? patch(result.event()) : store.shared().createOwned(result.event());
        } catch (dev.peapod.store.ApiException refused) {
            // recordToSink: the API server refused the event (an object name of 237+ characters makes
            // <name>.<16 hex digits> longer than 253); client-go logs it and drops the event, and so
            // the component that recorded it goes on
            return null;
        }
        correlator.updateState(stored);
        return stored;
    }

    /**
     * The shape of every event {@link #makeEvent} makes, as the builder gives it (which fields are
     * null, which collections empty), with placeholder values: each event is a copy of it with its
     * own values set, equal to what the builder chain it replaces gave, at a fraction of the cost
     * (issue #13: the builders were a third of recording an event). Never handed out itself.
     */
    private static final Event EVENT_SHAPE = new EventBuilder()
            .withNewMetadata().withName("").withNamespace("").endMetadata()
            .withReason("").withMessage("").withFirstTimestamp("").withLastTimestamp("").withCount(1).withType("")
            .withNewSource().withComponent("").withHost("").endSource()
            .withReportingInstance("").withReportingComponent("")
            .build();

    /** makeEvent and generateEvent: the legacy recorder also reports its source as reporting component. */
    private Event makeEvent(ObjectReference ref, String namespace, String type, String reason, String message,
                            Source source, Instant now) {
        String at = Timestamps.format(now);
        Event event = dev.peapod.store.Copies.copy(EVENT_SHAPE);
        event.getMetadata().setName(uniqueName(namespace, ref.getName(), now));
        event.getMetadata().setNamespace(namespace);
        event.setInvolvedObject(ref);
        event.setReason(reason);
        event.setMessage(message);
        event.setFirstTimestamp(at);
        event.setLastTimestamp(at);
        event.setType(type);
        event.getSource().setComponent(source.component());
        event.getSource().setHost(source.host());
        event.setReportingInstance(source.host() == null ? "" : source.host());
        event.setReportingComponent(source.component());
        return event;
    }

    /**
     * The strategic-merge patch of recordToSink: count, lastTimestamp and message on the stored
     * event; if that event is gone, it is created again under the same name.
     */
    private Event patch(Event observed) {
        String namespace = observed.getMetadata().getNamespace();
        Optional<Event> current = store.get(Event.class, namespace, observed.getMetadata().getName());
        if (current.isEmpty()) {
            observed.getMetadata().setResourceVersion(null);
            return store.shared().createOwned(observed);
        }
        Event event = current.get();
        event.setCount(observed.getCount());
        event.setLastTimestamp(observed.getLastTimestamp());
        event.setMessage(observed.getMessage());
        event.getMetadata().setResourceVersion(null);
        return store.shared().update(event);
    }

    /**
     * {@code <object>.<hex UnixNano>}. Upstream two events at the same nanosecond collide and the
     * second is dropped as AlreadyExists; on the virtual clock many events share an instant, so the
     * next free nanosecond is taken instead.
     */
    private String uniqueName(String namespace, String objectName, Instant now) {
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        String name;
        do {
            name = objectName + "." + Long.toHexString(nanos++);
        } while (store.peek(Event.class, namespace, name) != null);
        return name;
    }

    /**
     * reference.GetReference: the object's kind, apiVersion, namespace, name, uid and resourceVersion;
     * every field set through the constructor the builder calls, so equal to what the builder gives.
     */
    static ObjectReference reference(HasMetadata object, String fieldPath) {
        ObjectMeta meta = object.getMetadata();
        return new ObjectReference(object.getApiVersion(), fieldPath, object.getKind(), meta.getName(), meta.getNamespace(),
                meta.getResourceVersion(), meta.getUid());
    }
}
