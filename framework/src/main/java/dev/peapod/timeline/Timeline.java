package dev.peapod.timeline;

import dev.peapod.time.VirtualClock;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The cluster's story in virtual time: every container state change, probe result and event, in
 * the order they happened. Failing assertions print a pod's part of it.
 *
 * <p>Only the cluster's thread records; any thread may read (an assertion or a report on another
 * thread while the loop runs, issue #8): every method holds the timeline's lock, and reads return
 * copies, so a reader never sees the list change under it.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Timeline {
    private final VirtualClock clock;
    private final List<TimelineEntry> entries = new ArrayList<>();
    private Instant lastAt;
    private Duration lastElapsed;

    public Timeline(VirtualClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The name an object's entries go under: a pod's own name (its assertions print its part), any
     * other object's kubectl resource name, {@code deployment.apps/web}, {@code job.batch/pi},
     * {@code service/web}, as {@code kubectl apply} prints it.
     */
    public static String subject(io.fabric8.kubernetes.api.model.HasMetadata object) {
        if (object instanceof io.fabric8.kubernetes.api.model.Pod) {
            return object.getMetadata().getName();
        }
        String apiVersion = Objects.requireNonNullElse(object.getApiVersion(), "v1");
        String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String kind = Objects.requireNonNullElse(object.getKind(),
                io.fabric8.kubernetes.api.model.HasMetadata.getKind(object.getClass()));
        return kind.toLowerCase(java.util.Locale.ROOT) + group + "/" + object.getMetadata().getName();
    }

    /** Records a fact about a pod at the current virtual instant. */
    public synchronized void record(String namespace, String pod, Fact fact) {
        namespace = namespace == null ? "" : namespace; // a cluster-scoped object's (a node's) entries have none
        Instant now = clock.now();
        if (!now.equals(lastAt)) { // the entries of one instant share their instant and elapsed time
            lastAt = now;
            lastElapsed = clock.elapsed();
        }
        entries.add(new TimelineEntry(lastAt, lastElapsed, namespace, pod, fact));
    }

    /** A pod's entries whose fact is of one type, oldest first, e.g. {@code forPod("default", "web", Fact.ContainerExited.class)}. */
    public synchronized List<TimelineEntry> forPod(String namespace, String pod, Class<? extends Fact> type) {
        return entries.stream()
                .filter(e -> e.namespace().equals(namespace) && e.pod().equals(pod) && type.isInstance(e.fact()))
                .collect(Collectors.toList());
    }

    /**
     * One container's starts and exits with their instants, oldest first, e.g.
     * {@code containerHistory("default", "web", "app").restartedAt()}.
     */
    public synchronized ContainerHistory containerHistory(String namespace, String pod, String container) {
        dev.peapod.core.Checks.notNull(namespace, "namespace");
        dev.peapod.core.Checks.notNull(pod, "pod");
        dev.peapod.core.Checks.notNull(container, "container");
        List<TimelineEntry> mine = forPod(namespace, pod);
        if (mine.isEmpty()) {
            // an empty history would let "never restarted" pass for a mistyped name
            throw new dev.peapod.core.PeapodException("the timeline has nothing about pod " + namespace + "/" + pod
                    + ": check its name and namespace; pods on the timeline: "
                    + entries.stream().map(e -> e.namespace() + "/" + e.pod()).distinct().toList());
        }
        return ContainerHistory.of(namespace, pod, container, mine);
    }

    /** Every entry so far, oldest first: a copy, which later entries do not change. */
    public synchronized List<TimelineEntry> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<TimelineEntry> forPod(String namespace, String pod) {
        return entries.stream()
                .filter(e -> e.namespace().equals(namespace) && e.pod().equals(pod))
                .collect(Collectors.toList());
    }

    /**
     * Every entry, one line each with its pod: {@code 00:00:50  container app started  [default/web]}.
     * Signals are left out of the text views: the Killing event says it in words.
     */
    @Override
    public synchronized String toString() {
        if (entries.stream().noneMatch(Timeline::shownAsText)) {
            return "(nothing happened)";
        }
        return entries.stream().filter(Timeline::shownAsText).map(e -> e.format() + "  [" + e.namespace() + "/" + e.pod() + "]")
                .collect(Collectors.joining("\n"));
    }

    /** The pod's timeline, one indented line per entry, for failure messages. */
    public synchronized String describe(String namespace, String pod) {
        List<TimelineEntry> mine = forPod(namespace, pod).stream().filter(Timeline::shownAsText).toList();
        if (mine.isEmpty()) {
            return "  (nothing happened to this pod)";
        }
        return mine.stream().map(e -> "  " + e.format()).collect(Collectors.joining("\n"));
    }

    private static boolean shownAsText(TimelineEntry entry) {
        return entry.kind() != TimelineEntry.Kind.SIGNAL;
    }
}
