package dev.peapod.timeline;

import dev.peapod.time.VirtualClock;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The cluster's story in virtual time: every container state change, probe result and event, in
 * the order they happened. Failing assertions print a pod's part of it.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Timeline {
    private final VirtualClock clock;
    private final List<TimelineEntry> entries = new ArrayList<>();

    public Timeline(VirtualClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void add(String namespace, String pod, String container, TimelineEntry.Kind kind, String text) {
        entries.add(new TimelineEntry(clock.now(), clock.elapsed(), namespace, pod,
                container == null ? "" : container, kind, text));
    }

    public List<TimelineEntry> entries() {
        return Collections.unmodifiableList(entries);
    }

    public List<TimelineEntry> forPod(String namespace, String pod) {
        return entries.stream()
                .filter(e -> e.namespace().equals(namespace) && e.pod().equals(pod))
                .collect(Collectors.toList());
    }

    /** Every entry, one line each with its pod: {@code 00:00:50  container app started  [default/web]}. */
    @Override
    public String toString() {
        if (entries.isEmpty()) {
            return "(nothing happened)";
        }
        return entries.stream().map(e -> e.format() + "  [" + e.namespace() + "/" + e.pod() + "]")
                .collect(Collectors.joining("\n"));
    }

    /** The pod's timeline, one indented line per entry, for failure messages. */
    public String describe(String namespace, String pod) {
        List<TimelineEntry> mine = forPod(namespace, pod);
        if (mine.isEmpty()) {
            return "  (nothing happened to this pod)";
        }
        return mine.stream().map(e -> "  " + e.format()).collect(Collectors.joining("\n"));
    }
}
