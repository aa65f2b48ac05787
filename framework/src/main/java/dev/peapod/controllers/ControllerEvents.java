package dev.peapod.controllers;

import dev.peapod.events.EventRecorder;
import dev.peapod.spi.ClusterContext;
import dev.peapod.timeline.Fact;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Locale;

/**
 * A controller's events: recorded as the controller's recorder does (source component
 * {@code replicaset-controller}, ...), and on the timeline under the object, named as kubectl names
 * it ({@code replicaset/web-7d4b9c8f5}), so the story of a workload reads beside its pods'.
 */
final class ControllerEvents {
    private final ClusterContext context;
    private final EventRecorder.Source source;

    ControllerEvents(ClusterContext context, String component) {
        this.context = context;
        this.source = new EventRecorder.Source(component, null);
    }

    void normal(HasMetadata object, String reason, String message) {
        record(object, "Normal", reason, message);
    }

    void warning(HasMetadata object, String reason, String message) {
        record(object, "Warning", reason, message);
    }

    void record(HasMetadata object, String type, String reason, String message) {
        context.events().record(object, null, type, reason, message, source);
        context.timeline().record(object.getMetadata().getNamespace(), timelineName(object),
                new Fact.EventRecorded("", type, reason, message));
    }

    /** {@code deployment/web}: the object's name on the timeline, as kubectl's resource/name. */
    static String timelineName(HasMetadata object) {
        return object.getKind().toLowerCase(Locale.ROOT) + "/" + object.getMetadata().getName();
    }
}
