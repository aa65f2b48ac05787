package dev.peapod.events;

import dev.peapod.events.EventRecorder.Source;
import dev.peapod.store.Admission;
import dev.peapod.store.FieldSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Events as client-go's recorder writes them (tools/record/event.go makeEvent and generateEvent,
 * tools/record/events_cache.go EventCorrelator), on the virtual clock.
 */
class EventRecorderTest {
    /** 2025-01-01T00:00:00Z is 1735689600 s after the epoch: 1735689600000000000 ns = 0x1816687ec0570000. */
    private static final String START_NANOS_HEX = "1816687ec0570000";
    private static final String CONTAINER = "spec.containers{app}";

    private final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
    private final EventLoop loop = new EventLoop(clock);
    private final ObjectStore store = new ObjectStore(clock, new Random(42), Admission.NONE);
    private final EventRecorder recorder = new EventRecorder(store, clock);
    private final Pod web = store.create(new PodBuilder().withNewMetadata().withName("web").endMetadata()
            .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build());

    @Test
    void namesAnEventAfterItsObjectAndTheVirtualInstantInHexNanoseconds() {
        // given
        recorder.normal(web, CONTAINER, "Pulling", "Pulling image \"nginx\"", Source.kubelet("node-1"));
        // when
        loop.advance(Duration.ofMillis(1500));
        recorder.normal(web, CONTAINER, "Pulled", "Successfully pulled image \"nginx\"", Source.kubelet("node-1"));
        // then fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())
        assertThat(events()).extracting(e -> e.getMetadata().getName())
                .containsExactly("web." + START_NANOS_HEX, "web." + Long.toHexString(1_735_689_601_500_000_000L));
        assertThat(Long.toHexString(1_735_689_600_000_000_000L)).isEqualTo(START_NANOS_HEX);
    }

    @Test
    void anEventIsWhatUpstreamsMakeEventBuildsFieldForField() {
        // when: a kubelet's event (with a host) and the scheduler's (without)
        Event kubelet = recorder.normal(web, CONTAINER, "Pulling", "Pulling image \"nginx\"", Source.kubelet("node-1"));
        Event scheduler = recorder.normal(web, null, "Scheduled", "Successfully assigned default/web to node-1", Source.scheduler());
        // then: equal, null for null and empty for empty, to the builder chain the recorder used to run
        assertThat(kubelet).isEqualTo(built(kubelet, CONTAINER, "Pulling", "Pulling image \"nginx\"", "kubelet", "node-1"));
        assertThat(scheduler).isEqualTo(built(scheduler, null, "Scheduled", "Successfully assigned default/web to node-1",
                "default-scheduler", null));
        assertThat(kubelet.getInvolvedObject()).isEqualTo(new io.fabric8.kubernetes.api.model.ObjectReferenceBuilder()
                .withApiVersion("v1").withKind("Pod").withNamespace("default").withName("web")
                .withUid(web.getMetadata().getUid()).withResourceVersion(web.getMetadata().getResourceVersion())
                .withFieldPath(CONTAINER).build());
        assertThat(store.peek(Event.class, "default", kubelet.getMetadata().getName())).isEqualTo(kubelet).isNotSameAs(kubelet);
    }

    /** What makeEvent built with Fabric8's builders (before issue #13), with the store's fields of {@code stored}. */
    private Event built(Event stored, String fieldPath, String reason, String message, String component, String host) {
        String at = "2025-01-01T00:00:00Z";
        return new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata().withName(stored.getMetadata().getName()).withNamespace("default")
                .withUid(stored.getMetadata().getUid()).withResourceVersion(stored.getMetadata().getResourceVersion())
                .withCreationTimestamp(stored.getMetadata().getCreationTimestamp()).withGeneration(stored.getMetadata().getGeneration())
                .endMetadata()
                .withInvolvedObject(new io.fabric8.kubernetes.api.model.ObjectReferenceBuilder()
                        .withApiVersion(web.getApiVersion()).withKind(web.getKind()).withNamespace("default").withName("web")
                        .withUid(web.getMetadata().getUid()).withResourceVersion(web.getMetadata().getResourceVersion())
                        .withFieldPath(fieldPath).build())
                .withReason(reason).withMessage(message).withFirstTimestamp(at).withLastTimestamp(at).withCount(1).withType("Normal")
                .withNewSource().withComponent(component).withHost(host).endSource()
                .withReportingInstance(host == null ? "" : host).withReportingComponent(component)
                .build();
    }

    @Test
    void countsAnIdenticalEventOnTheFirstOne() {
        // given
        Event first = recorder.warning(web, CONTAINER, "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500",
                Source.kubelet("node-1"));
        // when
        loop.advance(Duration.ofSeconds(10));
        Event second = recorder.warning(web, CONTAINER, "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500",
                Source.kubelet("node-1"));
        // then
        assertThat(events()).hasSize(1);
        assertThat(second.getMetadata().getName()).isEqualTo(first.getMetadata().getName()).isEqualTo("web." + START_NANOS_HEX);
        assertThat(second.getCount()).isEqualTo(2);
        assertThat(second.getFirstTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(second.getLastTimestamp()).isEqualTo("2025-01-01T00:00:10Z");
        assertThat(first.getCount()).isEqualTo(1);
        assertThat(first.getLastTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void writesADifferentMessageAsANewEvent() {
        // given
        recorder.warning(web, CONTAINER, "Unhealthy", "Liveness probe failed: statuscode: 500", Source.kubelet("node-1"));
        // when
        Event other = recorder.warning(web, CONTAINER, "Unhealthy", "Liveness probe failed: statuscode: 503",
                Source.kubelet("node-1"));
        // then two events at one instant: the second takes the next free nanosecond
        assertThat(events()).extracting(Event::getMessage, Event::getCount).containsExactly(
                tuple("Liveness probe failed: statuscode: 500", 1), tuple("Liveness probe failed: statuscode: 503", 1));
        assertThat(other.getMetadata().getName()).isEqualTo("web.1816687ec0570001");
    }

    @Test
    void writesTheSameMessageFromAnotherFieldPathOrSourceAsANewEvent() {
        // given
        recorder.normal(web, CONTAINER, "Started", "Started container app", Source.kubelet("node-1"));
        // when
        recorder.normal(web, "spec.containers{sidecar}", "Started", "Started container app", Source.kubelet("node-1"));
        recorder.normal(web, CONTAINER, "Started", "Started container app", Source.kubelet("node-2"));
        recorder.warning(web, CONTAINER, "Started", "Started container app", Source.kubelet("node-1"));
        // then
        assertThat(events()).hasSize(4).extracting(Event::getCount).containsOnly(1);
    }

    @Test
    void refersToTheObjectAndTheFieldPath() {
        // when
        Event event = recorder.normal(web, CONTAINER, "Created", "Created container: app", Source.kubelet("node-1"));
        // then
        ObjectReference ref = event.getInvolvedObject();
        assertThat(ref.getKind()).isEqualTo("Pod");
        assertThat(ref.getApiVersion()).isEqualTo("v1");
        assertThat(ref.getNamespace()).isEqualTo("default");
        assertThat(ref.getName()).isEqualTo("web");
        assertThat(ref.getUid()).isEqualTo(web.getMetadata().getUid());
        assertThat(ref.getResourceVersion()).isEqualTo(web.getMetadata().getResourceVersion());
        assertThat(ref.getFieldPath()).isEqualTo(CONTAINER);
        assertThat(event.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(event.getType()).isEqualTo("Normal");
        assertThat(event.getReason()).isEqualTo("Created");
        assertThat(event.getMessage()).isEqualTo("Created container: app");
        assertThat(event.getEventTime()).as("the legacy recorder leaves eventTime unset").isNull();
    }

    @Test
    void recordsTheSourceAsComponentAndHostAndAsReportingController() {
        // when
        Event fromKubelet = recorder.normal(web, CONTAINER, "Pulled", "Container image \"nginx\" already present on machine",
                Source.kubelet("node-1"));
        Event fromScheduler = recorder.normal(web, null, "Scheduled", "Successfully assigned default/web to node-1",
                Source.scheduler());
        // then generateEvent copies the source into reportingController and reportingInstance
        assertThat(fromKubelet.getSource().getComponent()).isEqualTo("kubelet");
        assertThat(fromKubelet.getSource().getHost()).isEqualTo("node-1");
        assertThat(fromKubelet.getReportingComponent()).isEqualTo("kubelet");
        assertThat(fromKubelet.getReportingInstance()).isEqualTo("node-1");
        assertThat(fromScheduler.getSource().getComponent()).isEqualTo("default-scheduler");
        assertThat(fromScheduler.getSource().getHost()).isNull();
        assertThat(fromScheduler.getReportingInstance()).isEmpty();
        assertThat(fromScheduler.getInvolvedObject().getFieldPath()).isNull();
    }

    @Test
    void putsEventsAboutClusterScopedObjectsInTheDefaultNamespace() {
        // given
        Node node = store.create(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build());
        // when
        Event event = recorder.normal(node, null, "Starting", "Starting kubelet.", Source.kubelet("node-1"));
        // then
        assertThat(event.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(event.getInvolvedObject().getNamespace()).isNull();
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Node");
    }

    @Test
    void findsEventsByTheirInvolvedObjectName() {
        // given
        recorder.normal(web, CONTAINER, "Pulled", "pulled", Source.kubelet("node-1"));
        Pod db = store.create(new PodBuilder().withNewMetadata().withName("db").endMetadata().build());
        recorder.normal(db, null, "Scheduled", "Successfully assigned default/db to node-1", Source.scheduler());
        // when
        List<Event> aboutDb = store.list(Event.class, new ListOptions("default", null,
                FieldSelector.parse("involvedObject.name=db,involvedObject.kind=Pod")));
        // then
        assertThat(aboutDb).extracting(Event::getReason).containsExactly("Scheduled");
    }

    @Test
    void combinesTheTenthDifferentMessageOfSimilarEvents() {
        // given nine readiness failures with different outputs
        for (int i = 1; i <= 9; i++) {
            recorder.warning(web, CONTAINER, "Unhealthy", "Readiness probe failed: attempt " + i, Source.kubelet("node-1"));
            loop.advance(Duration.ofSeconds(10));
        }
        // when
        Event tenth = recorder.warning(web, CONTAINER, "Unhealthy", "Readiness probe failed: attempt 10", Source.kubelet("node-1"));
        loop.advance(Duration.ofSeconds(10));
        Event eleventh = recorder.warning(web, CONTAINER, "Unhealthy", "Readiness probe failed: attempt 11", Source.kubelet("node-1"));
        // then
        assertThat(tenth.getMessage()).isEqualTo("(combined from similar events): Readiness probe failed: attempt 10");
        assertThat(tenth.getCount()).isEqualTo(1);
        assertThat(tenth.getReportingComponent()).as("the combined event has no reporting controller").isNull();
        assertThat(eleventh.getMetadata().getName()).isEqualTo(tenth.getMetadata().getName());
        assertThat(eleventh.getMessage()).isEqualTo("(combined from similar events): Readiness probe failed: attempt 11");
        assertThat(eleventh.getCount()).isEqualTo(2);
        assertThat(eleventh.getFirstTimestamp()).isEqualTo("2025-01-01T00:01:30Z");
        assertThat(eleventh.getLastTimestamp()).isEqualTo("2025-01-01T00:01:40Z");
        assertThat(events()).hasSize(10);
    }

    @Test
    void startsAggregationAfreshAfterTenQuietMinutes() {
        // given
        for (int i = 1; i <= 9; i++) {
            recorder.warning(web, CONTAINER, "Unhealthy", "failure " + i, Source.kubelet("node-1"));
        }
        // when
        loop.advance(Duration.ofSeconds(601));
        Event later = recorder.warning(web, CONTAINER, "Unhealthy", "failure 10", Source.kubelet("node-1"));
        // then
        assertThat(later.getMessage()).isEqualTo("failure 10");
    }

    @Test
    void throttlesASourceAfterTwentyFiveEventsAboutAnObjectButKeepsCounting() {
        // given
        Event last = null;
        for (int i = 1; i <= 25; i++) {
            last = recorder.warning(web, CONTAINER, "BackOff", "Back-off restarting failed container app", Source.kubelet("node-1"));
        }
        // when
        Event dropped = recorder.warning(web, CONTAINER, "BackOff", "Back-off restarting failed container app",
                Source.kubelet("node-1"));
        Event otherReason = recorder.warning(web, CONTAINER, "Failed", "Error: ErrImagePull", Source.kubelet("node-1"));
        loop.advance(Duration.ofSeconds(299));
        Event stillDropped = recorder.warning(web, CONTAINER, "BackOff", "Back-off restarting failed container app",
                Source.kubelet("node-1"));
        loop.advance(Duration.ofSeconds(1));
        Event refilled = recorder.warning(web, CONTAINER, "BackOff", "Back-off restarting failed container app",
                Source.kubelet("node-1"));
        // then
        assertThat(last.getCount()).isEqualTo(25);
        assertThat(dropped).isNull();
        assertThat(otherReason).as("the budget is per source, object and type, whatever the reason").isNull();
        assertThat(stillDropped).isNull();
        assertThat(refilled.getCount()).as("dropped occurrences still count").isEqualTo(28);
        assertThat(refilled.getLastTimestamp()).isEqualTo("2025-01-01T00:05:00Z");
        assertThat(events()).hasSize(1);
    }

    @Test
    void keepsASeparateBudgetPerEventType() {
        // given
        for (int i = 1; i <= 26; i++) {
            recorder.warning(web, CONTAINER, "BackOff", "back-off " + (i % 2), Source.kubelet("node-1"));
        }
        // when
        Event normal = recorder.normal(web, CONTAINER, "Pulled", "pulled", Source.kubelet("node-1"));
        // then
        assertThat(normal).isNotNull();
    }

    @Test
    void writesARepeatedEventAgainUnderItsNameWhenTheFirstWasDeleted() {
        // given
        Event first = recorder.normal(web, CONTAINER, "Pulled", "pulled", Source.kubelet("node-1"));
        store.delete(Event.class, "default", first.getMetadata().getName());
        loop.advance(Duration.ofSeconds(5));
        // when
        Event again = recorder.normal(web, CONTAINER, "Pulled", "pulled", Source.kubelet("node-1"));
        // then
        assertThat(again.getMetadata().getName()).isEqualTo(first.getMetadata().getName());
        assertThat(again.getCount()).isEqualTo(2);
        assertThat(again.getFirstTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(again.getLastTimestamp()).isEqualTo("2025-01-01T00:00:05Z");
    }

    private List<Event> events() {
        return store.list(Event.class);
    }
}
