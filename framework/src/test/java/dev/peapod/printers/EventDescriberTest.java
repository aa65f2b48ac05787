package dev.peapod.printers;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventDescriberTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:05:00Z");

    private static Event event(String kind, String name, String type, String reason, String first, String last, int count,
                               String component, String message) {
        return new EventBuilder().withNewMetadata().withName(name + "." + reason).withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind(kind).withName(name).withNamespace("default").endInvolvedObject()
                .withType(type).withReason(reason).withFirstTimestamp(first).withLastTimestamp(last).withCount(count)
                .withNewSource().withComponent(component).endSource().withMessage(message).build();
    }

    @Test
    void printsTheEventsSectionAsDescribeDoesWithRepeatsOverTheirSpan() {
        // given: describe.go DescribeEvents: "<last> (x<count> over <first>)" for a repeated event; sorted by last seen
        List<Event> events = List.of(
                event("Pod", "web", "Warning", "Unhealthy", "2025-01-01T00:03:00Z", "2025-01-01T00:04:50Z", 4, "kubelet",
                        "Liveness probe failed: HTTP probe failed with statuscode: 500 "),
                event("Pod", "web", "Normal", "Scheduled", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 1,
                        "default-scheduler", "Successfully assigned default/web to node-1"));
        // when
        String section = EventDescriber.describe(events, NOW);
        // then: tabwriter minwidth 0, padding 2; the message is trimmed and not padded
        assertThat(section).isEqualTo("""
                Events:
                  Type     Reason     Age               From               Message
                  ----     ------     ----              ----               -------
                  Normal   Scheduled  5m                default-scheduler  Successfully assigned default/web to node-1
                  Warning  Unhealthy  10s (x4 over 2m)  kubelet            Liveness probe failed: HTTP probe failed with statuscode: 500
                """);
    }

    @Test
    void saysNoneForNoEventsAndTakesTheReportingControllerAndEventTimeOfNewEvents() {
        assertThat(EventDescriber.describe(List.of(), NOW)).isEqualTo("Events:\t<none>\n");
        Event fromEventsApi = new EventBuilder().withNewMetadata().withName("e").endMetadata()
                .withNewInvolvedObject().withKind("Node").withName("node-1").endInvolvedObject()
                .withType("Normal").withReason("RegisteredNode").withEventTime(new MicroTime("2025-01-01T00:04:30.000000Z"))
                .withReportingComponent("node-controller").withMessage("Node node-1 event: Registered Node node-1")
                .build();
        assertThat(EventDescriber.describePerObject(List.of(fromEventsApi), NOW)).isEqualTo("""
                node/node-1
                Events:
                  Type    Reason          Age   From             Message
                  ----    ------          ----  ----             -------
                  Normal  RegisteredNode  30s   node-controller  Node node-1 event: Registered Node node-1
                """);
    }
}
