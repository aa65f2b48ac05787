package dev.peapod.kubelet;

import dev.peapod.runtime.Requester;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/** The three probe types, with the result a new container starts with (worker.go newWorker). */
enum ProbeType {
    STARTUP("Startup", ProbeResult.UNKNOWN, Requester.STARTUP_PROBE),
    READINESS("Readiness", ProbeResult.FAILURE, Requester.READINESS_PROBE),
    LIVENESS("Liveness", ProbeResult.SUCCESS, Requester.LIVENESS_PROBE);

    /** As upstream prints it in events: Liveness, Readiness, Startup. */
    final String label;
    final ProbeResult initial;
    final Requester requester;

    ProbeType(String label, ProbeResult initial, Requester requester) {
        this.label = label;
        this.initial = initial;
        this.requester = requester;
    }

    Probe of(Container container) {
        return switch (this) {
            case STARTUP -> container.getStartupProbe();
            case READINESS -> container.getReadinessProbe();
            case LIVENESS -> container.getLivenessProbe();
        };
    }
}
