package dev.peapod.printers;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kubectl get events} cells (kubernetes v1.33: pkg/printers/internalversion/printers.go, printEvent). */
class EventPrinterTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:10:00Z");

    @Test
    void printsACoreEventWithItsSourceHost() {
        // given
        var event = new EventBuilder().withNewMetadata().withName("web.1").withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("web").withFieldPath("spec.containers{app}")
                .endInvolvedObject().withType("Warning").withReason("BackOff").withMessage("  Back-off restarting\n")
                .withNewSource().withComponent("kubelet").withHost("node-1").endSource()
                .withFirstTimestamp("2025-01-01T00:01:00Z").withLastTimestamp("2025-01-01T00:08:30Z").withCount(4).build();
        // when
        EventRow row = EventPrinter.row(event, NOW);
        // then
        assertThat(row).isEqualTo(new EventRow("90s", "Warning", "BackOff", "pod/web", "spec.containers{app}",
                "kubelet, node-1", "Back-off restarting", "9m", 4, "web.1"));
    }

    @Test
    void printsANewApiEventFromItsEventTimeSeriesAndReportingFields() {
        // given an events.k8s.io-style event: no first/last timestamps, a series, the reporting controller
        var event = new EventBuilder().withNewMetadata().withName("n.1").endMetadata()
                .withNewInvolvedObject().withKind("Node").endInvolvedObject().withType("Normal").withReason("Starting")
                .withReportingComponent("kubelet").withReportingInstance("node-1")
                .withEventTime(new MicroTime("2025-01-01T00:00:00.500000Z"))
                .withNewSeries().withCount(3).withLastObservedTime(new MicroTime("2025-01-01T00:09:58.900000Z")).endSeries()
                .build();
        // when
        EventRow row = EventPrinter.row(event, NOW);
        // then the involved object has no name: only its kind; 1.1s since the last observation truncates to 1s
        assertThat(row).isEqualTo(new EventRow("1s", "Normal", "Starting", "node", "", "kubelet, node-1", "", "9m59s", 3,
                "n.1"));
    }

    @Test
    void aSingletonEventWithoutCountCountsOne() {
        // given
        var event = new EventBuilder().withNewMetadata().withName("x").endMetadata()
                .withFirstTimestamp("2025-01-01T00:09:00Z").build();
        // when
        EventRow row = EventPrinter.row(event, NOW);
        // then LAST SEEN falls back to FIRST SEEN
        assertThat(row.count()).isEqualTo(1);
        assertThat(row.lastSeen()).isEqualTo("60s");
        assertThat(row.firstSeen()).isEqualTo("60s");
    }

    @Test
    void trimsWhatGoCallsSpace() {
        // when / then U+00A0 and U+0085 are space to Go, U+001C is not
        assertThat(EventPrinter.trimSpace("\u00a0\u0085 a b\t\u000b")).isEqualTo("a b");
        assertThat(EventPrinter.trimSpace("\u001ca\u001c")).isEqualTo("\u001ca\u001c");
    }

    @Test
    void printsTheTableKubectlShows() {
        // given
        var event = new EventBuilder().withNewMetadata().withName("web.1").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName("web").endInvolvedObject().withType("Normal")
                .withReason("Pulled").withMessage("Container image \"nginx\" already present on machine")
                .withFirstTimestamp("2025-01-01T00:09:00Z").withLastTimestamp("2025-01-01T00:09:00Z").withCount(1).build();
        // when
        String table = EventPrinter.table(List.of(event), NOW, false);
        // then
        assertThat(table).isEqualTo("""
                LAST SEEN   TYPE     REASON   OBJECT    MESSAGE
                60s         Normal   Pulled   pod/web   Container image "nginx" already present on machine
                """);
    }
}
