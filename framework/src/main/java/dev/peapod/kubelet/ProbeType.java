package dev.peapod.kubelet;

import dev.peapod.runtime.Requester;
import dev.peapod.timeline.Fact;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/** The three probe types, with the result a new container starts with (worker.go newWorker). */
enum ProbeType {
    STARTUP(Fact.Probe.STARTUP, ProbeResult.UNKNOWN, Requester.STARTUP_PROBE),
    READINESS(Fact.Probe.READINESS, ProbeResult.FAILURE, Requester.READINESS_PROBE),
    LIVENESS(Fact.Probe.LIVENESS, ProbeResult.SUCCESS, Requester.LIVENESS_PROBE);

    /** As upstream prints it in events: Liveness, Readiness, Startup. */
    final String label;
    /** How the timeline names it. */
    final Fact.Probe fact;
    final ProbeResult initial;
    final Requester requester;

    ProbeType(Fact.Probe fact, ProbeResult initial, Requester requester) {
        this.fact = fact;
        this.label = fact.label();
        this.initial = initial;
        this.requester = requester;
    }

    /** As the Killing message names it: liveness, readiness, startup. */
    String lower() {
        return label.toLowerCase(java.util.Locale.ROOT);
    }

    Probe of(Container container) {
        return switch (this) {
            case STARTUP -> container.getStartupProbe();
            case READINESS -> container.getReadinessProbe();
            case LIVENESS -> container.getLivenessProbe();
        };
    }
}
