package dev.peapod.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectReference;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * client-go's EventCorrelator (tools/record/events_cache.go) on the virtual clock, with its defaults:
 * <ol>
 *   <li>aggregation: the 10th distinct message of otherwise similar events (same source, object,
 *       type, reason) within 10 minutes turns into one event with the message
 *       {@code (combined from similar events): <message>}, which later similar events update;</li>
 *   <li>de-duplication: an event identical to one seen before (same source, object, field path,
 *       type, reason, message) updates that event: same name, same firstTimestamp, count + 1;</li>
 *   <li>spam filtering: a source may write 25 events about an object, then one per 5 minutes (a
 *       token bucket per source, object and type); dropped events still count.</li>
 * </ol>
 * The caches are LRU caches of 4096 entries, as upstream. Where upstream drops an arbitrary message
 * from a full aggregation record (sets.String.PopAny), this drops the oldest, to stay deterministic.
 */
final class EventCorrelator {
    static final int MAX_LRU_ENTRIES = 4096;
    static final int AGGREGATE_MAX_EVENTS = 10;
    static final Duration AGGREGATE_INTERVAL = Duration.ofSeconds(600);
    static final int SPAM_BURST = 25;
    /** defaultSpamQPS = 1/300, held as a float32 upstream; kept as one here so refills land alike. */
    static final double SPAM_QPS = (float) (1.0 / 300.0);
    static final String AGGREGATE_PREFIX = "(combined from similar events): ";

    /** What to do with an event: write it as new, patch the earlier one (same name), or drop it. */
    record Result(Event event, boolean patch, boolean skip) {
    }

    private record Observation(int count, String firstTimestamp, String name) {
    }

    private static final class AggregateRecord {
        final Set<String> messages = new LinkedHashSet<>();
        Instant last;
    }

    /** golang.org/x/time/rate as flowcontrol's passive token bucket uses it: starts full. */
    private static final class TokenBucket {
        double tokens = SPAM_BURST;
        Instant last;

        boolean tryAccept(Instant now) {
            double available = tokens;
            if (last != null && now.isAfter(last)) {
                double elapsed = Duration.between(last, now).toNanos() / 1e9;
                available = Math.min(SPAM_BURST, tokens + elapsed * SPAM_QPS);
            }
            if (available < 1) {
                return false;
            }
            tokens = available - 1;
            last = now;
            return true;
        }
    }

    private final Map<Key, AggregateRecord> aggregates = lru();
    private final Map<Key, Observation> observations = lru();
    private final Map<Key, TokenBucket> spam = lru();

    /**
     * EventCorrelate: aggregate, then observe, then filter. The event is the recorder's own, made for
     * this call: it is named and counted in place (or replaced by the aggregate) rather than copied first.
     */
    Result correlate(Event event, Instant now) {
        Key key = eventKey(event);
        Event observed = event;
        Key aggregateKey = aggregateKey(event);
        AggregateRecord record = aggregates.get(aggregateKey);
        if (record == null || Duration.between(record.last, now).compareTo(AGGREGATE_INTERVAL) > 0) {
            record = new AggregateRecord();
        }
        record.messages.add(event.getMessage());
        record.last = now;
        aggregates.put(aggregateKey, record);
        if (record.messages.size() >= AGGREGATE_MAX_EVENTS) {
            Iterator<String> oldest = record.messages.iterator();
            oldest.next();
            oldest.remove();
            observed = aggregate(event);
            key = aggregateKey;
        }
        Observation last = observations.get(key);
        boolean patch = last != null;
        if (patch) {
            observed.getMetadata().setName(last.name());
            observed.setFirstTimestamp(last.firstTimestamp());
            observed.setCount(last.count() + 1);
        }
        observations.put(key, new Observation(observed.getCount(), observed.getFirstTimestamp(), observed.getMetadata().getName()));
        boolean skip = !spam.computeIfAbsent(spamKey(observed), k -> new TokenBucket()).tryAccept(now);
        return new Result(observed, patch, skip);
    }

    /** updateState: remember what the API server stored. */
    void updateState(Event stored) {
        observations.put(eventKey(stored), new Observation(stored.getCount(), stored.getFirstTimestamp(),
                stored.getMetadata().getName()));
    }

    /**
     * The combined event of EventAggregate, named like a new event at this instant; like upstream it
     * has no reporting controller or instance.
     */
    private static Event aggregate(Event event) {
        return new EventBuilder()
                .withNewMetadata().withName(event.getMetadata().getName()).withNamespace(event.getMetadata().getNamespace()).endMetadata()
                .withCount(1)
                .withFirstTimestamp(event.getFirstTimestamp())
                .withInvolvedObject(event.getInvolvedObject())
                .withLastTimestamp(event.getLastTimestamp())
                .withMessage(AGGREGATE_PREFIX + event.getMessage())
                .withType(event.getType())
                .withReason(event.getReason())
                .withSource(event.getSource())
                .build();
    }

    /** getEventKey. */
    static Key eventKey(Event event) {
        ObjectReference ref = event.getInvolvedObject();
        EventSource source = event.getSource();
        return key(source.getComponent(), source.getHost(), ref.getKind(), ref.getNamespace(),
                ref.getName(), ref.getFieldPath(), ref.getUid(), ref.getApiVersion(), event.getType(), event.getReason(),
                event.getMessage());
    }

    /** EventAggregatorByReasonFunc: the message is the local key. */
    private static Key aggregateKey(Event event) {
        ObjectReference ref = event.getInvolvedObject();
        EventSource source = event.getSource();
        return key(source.getComponent(), source.getHost(), ref.getKind(), ref.getNamespace(),
                ref.getName(), ref.getUid(), ref.getApiVersion(), event.getType(), event.getReason(),
                event.getReportingComponent(), event.getReportingInstance());
    }

    /** getSpamKey. */
    private static Key spamKey(Event event) {
        ObjectReference ref = event.getInvolvedObject();
        EventSource source = event.getSource();
        return key(source.getComponent(), source.getHost(), ref.getKind(), ref.getNamespace(),
                ref.getName(), ref.getUid(), ref.getApiVersion(), event.getType());
    }

    private static <V> Map<Key, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, V> eldest) {
                return size() > MAX_LRU_ENTRIES;
            }
        };
    }

    /**
     * Upstream joins Go strings, where a missing value is "". The parts are kept rather than joined:
     * two keys are equal when every part is (as the NUL-separated join this replaces), and a key
     * hashes once, from its parts' cached hashes, instead of copying some 150 characters and hashing
     * them at every lookup (issue #13: three or four lookups per event).
     */
    private static Key key(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == null) {
                parts[i] = "";
            }
        }
        return new Key(parts, Arrays.hashCode(parts));
    }

    /** A key of the caches: its parts, never modified, and their hash. */
    static final class Key {
        private final String[] parts;
        private final int hash;

        private Key(String[] parts, int hash) {
            this.parts = parts;
            this.hash = hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && hash == that.hash && Arrays.equals(parts, that.parts);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
