package dev.peapod.controllers;

import dev.peapod.events.EventRecorder;
import dev.peapod.spi.ClusterContext;
import dev.peapod.timeline.Fact;
import dev.peapod.timeline.Timeline;
import io.fabric8.kubernetes.api.model.HasMetadata;


/**
 * A controller's events: recorded as the controller's recorder does (source component
 * {@code replicaset-controller}, ...), and on the timeline under the object, named as kubectl names
 * it ({@code replicaset.apps/web-7d4b9c8f5} ({@link Timeline#subject})), so the story of a workload reads beside its pods'.
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
        context.timeline().record(object.getMetadata().getNamespace(), Timeline.subject(object),
                new Fact.EventRecorded("", type, reason, message));
    }

}
