package dev.peapod.assertions;

import io.fabric8.kubernetes.api.model.Event;

import java.util.List;
import java.util.stream.Collectors;

/** Which of a pod's events a check looks at: those about one container, with a reason, with a message part. */
final class Events {
    private Events() {
    }

    /**
     * The events about one container (its {@code involvedObject.fieldPath}, as the kubelet's recorder
     * writes it: {@code spec.containers{app}}), or all of them for a null container.
     */
    static List<Event> about(List<Event> events, String container) {
        return events.stream().filter(e -> isAbout(e, container)).toList();
    }

    /** @param messageContaining null when any message will do */
    static List<Event> matching(List<Event> events, String reason, String messageContaining) {
        return events.stream().filter(e -> reason.equals(e.getReason())
                && (messageContaining == null || (e.getMessage() != null && e.getMessage().contains(messageContaining))))
                .toList();
    }

    /**
     * How many times the events were reported: the sum of their {@code count}, which the recorder
     * raises when it folds a repeat into the stored event (kubernetes: client-go tools/record
     * events_cache.go, eventLogger). {@code kubectl describe} shows it as {@code x3 over 30s}.
     */
    static int occurrences(List<Event> events) {
        return events.stream().mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum();
    }

    /** One indented line per event: {@code   Warning Unhealthy: Liveness probe failed: ... (x3)}, the count as kubectl describe shows it. */
    static String lines(List<Event> events) {
        return events.stream().map(Events::line).collect(Collectors.joining("\n"));
    }

    private static String line(Event event) {
        int count = event.getCount() == null ? 1 : event.getCount();
        return "  " + event.getType() + " " + event.getReason() + ": " + event.getMessage() + (count > 1 ? " (x" + count + ")" : "");
    }

    /** {@code with reason Unhealthy and a message containing "statuscode: 500"}. */
    static String describe(String reason, String messageContaining) {
        return "with reason " + reason + (messageContaining == null ? "" : " and a message containing \"" + messageContaining + "\"");
    }

    private static boolean isAbout(Event event, String container) {
        String fieldPath = event.getInvolvedObject() == null ? null : event.getInvolvedObject().getFieldPath();
        return container == null || ("spec.containers{" + container + "}").equals(fieldPath)
                || ("spec.initContainers{" + container + "}").equals(fieldPath);
    }
}
