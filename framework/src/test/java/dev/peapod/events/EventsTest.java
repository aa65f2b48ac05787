package dev.peapod.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventsTest {

    @Test
    void ordersByFirstOccurrenceThenRecordedNanosThenName() {
        // given: store order is name order, which puts web.a before web.9 and a hand-made event first
        List<Event> stored = List.of(
                event("aaa-by-hand", "2025-01-01T00:00:05Z"),
                event("web.1816687ec0570000", "2025-01-01T00:00:05Z"),
                event("web.a", "2025-01-01T00:00:05Z"),
                event("web.9", "2025-01-01T00:00:05Z"),
                event("zzz", "2025-01-01T00:00:01Z"),
                event("no-time", null));
        // when
        List<Event> sorted = Events.oldestFirst(stored);
        // then
        assertThat(sorted).extracting(e -> e.getMetadata().getName())
                .containsExactly("no-time", "zzz", "web.9", "web.a", "web.1816687ec0570000", "aaa-by-hand");
        assertThat(stored.get(0).getMetadata().getName()).isEqualTo("aaa-by-hand");
    }

    private static Event event(String name, String firstTimestamp) {
        return new EventBuilder().withNewMetadata().withName(name).endMetadata().withFirstTimestamp(firstTimestamp).build();
    }
}
