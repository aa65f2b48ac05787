package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import dev.peapod.store.Timestamps;
import dev.peapod.timeline.ContainerHistory;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link PodAssert} reads its pod: from a cluster, again on every check, or from a Pod
 * object that never changes. Only a cluster has a clock, a timeline and events.
 */
final class PodSource {
    private final FakeCluster cluster; // null for a snapshot
    private final Pod snapshot;        // null for a cluster
    private final String namespace;
    private final String name;

    private PodSource(FakeCluster cluster, Pod snapshot, String namespace, String name) {
        this.cluster = cluster;
        this.snapshot = snapshot;
        this.namespace = namespace;
        this.name = name;
    }

    static PodSource live(FakeCluster cluster, String namespace, String name) {
        return new PodSource(cluster, null, namespace, name);
    }

    /** A null pod stays null: AssertJ's isNotNull reports it. */
    static PodSource snapshot(Pod pod) {
        String namespace = pod == null || pod.getMetadata() == null ? "default"
                : Objects.requireNonNullElse(pod.getMetadata().getNamespace(), "default");
        String name = pod == null || pod.getMetadata() == null ? "?" : pod.getMetadata().getName();
        return new PodSource(null, pod, namespace, name);
    }

    Subject subject() {
        return Subject.pod(namespace, name);
    }

    Optional<Pod> read() {
        return cluster == null ? Optional.ofNullable(snapshot) : cluster.findPod(namespace, name);
    }

    boolean isLive() {
        return cluster != null;
    }

    /** The cluster, for what a snapshot cannot answer; {@code check} names the method in the error. */
    FakeCluster requireCluster(String check) {
        if (cluster == null) {
            throw new PeapodException(check + " needs the cluster, not a Pod object: write assertThat(cluster).pod(\""
                    + name + "\")." + check);
        }
        return cluster;
    }

    VirtualTime time() {
        return new VirtualTime(cluster == null ? null : cluster.context().clock().start());
    }

    /** Virtual time since the cluster started; zero for a snapshot. */
    Duration elapsed() {
        return cluster == null ? Duration.ZERO : cluster.elapsed();
    }

    /**
     * Whether an API timestamp is this virtual instant since the cluster started, to the second: the
     * API's timestamps have no fraction (metav1.Time). {@code check} names the method for a Pod object.
     */
    boolean isAt(String timestamp, Duration sinceStart, String check) {
        Instant expected = requireCluster(check).context().clock().start().plus(sinceStart).truncatedTo(ChronoUnit.SECONDS);
        return expected.equals(Timestamps.parse(timestamp));
    }

    /** Refuses what an instant check cannot compare: a Pod object (it has no clock), a null or negative instant. */
    void requireInstant(Duration sinceStart, String check) {
        requireCluster(check);
        if (sinceStart == null || sinceStart.isNegative()) {
            throw new PeapodException(check + ": the instant since the cluster started must not be "
                    + (sinceStart == null ? "null" : "negative, but was " + dev.peapod.core.Checks.readable(sinceStart)));
        }
    }

    Instant now() {
        return requireCluster("showsInKubectl(...)").now();
    }

    /** The pod's timeline and a last line for now, so a reader sees how far the clock went. */
    String timeline() {
        if (cluster == null) {
            return "  (none: a Pod object has no timeline; assert with assertThat(cluster).pod(\"" + name + "\") to see it)";
        }
        return cluster.timeline().describe(namespace, name) + "\n  " + time().at(cluster.now()) + "  (now)";
    }

    /**
     * The evidence of a failure about {@code container} (null: the pod): the instant now, the causes
     * the timeline gives for the topic, and the pod's timeline. A Pod object has only the timeline's note.
     */
    Evidence evidence(String container, Causes.Topic topic) {
        if (cluster == null) {
            return Evidence.of(timeline());
        }
        java.util.List<dev.peapod.timeline.TimelineEntry> entries = cluster.timeline().forPod(namespace, name);
        return new Evidence(time().at(cluster.now()), Causes.of(entries, read(), container, topic), timeline());
    }

    /** One container's runs from the cluster's timeline; {@code check} names the method for a Pod object. */
    ContainerHistory history(String container, String check) {
        return requireCluster(check).timeline().containerHistory(namespace, name, container);
    }

    /**
     * Puts a check on the pod's timeline, for the picture's assertions lane: {@code expectation} after
     * the subject ({@code to have restarted 1 time}) when it passed. Nothing for a Pod object (it has no
     * timeline), nor inside a wait, whose condition is tried at every instant: the wait records its outcome.
     */
    void passed(Subject about, String expectation) {
        if (cluster != null && !Waiting.active()) {
            cluster.timeline().record(namespace, name, new dev.peapod.timeline.Fact.Asserted(about.container(),
                    about + " " + expectation, true, ""));
        }
    }

    /** Puts a failed check on the pod's timeline (see {@link #passed}), before it is thrown; returns it. */
    AssertionError failed(Subject about, AssertionError failure) {
        if (cluster != null && !Waiting.active()) {
            String message = String.valueOf(failure.getMessage());
            int end = message.indexOf("\nTimeline (virtual time):");
            String sentence = end < 0 ? message : message.substring(0, end);
            cluster.timeline().record(namespace, name, new dev.peapod.timeline.Fact.Asserted(about.container(),
                    expectation(sentence), false, sentence));
        }
        return failure;
    }

    /** {@code container "app" of pod default/web to have restarted 1 time}, from the failure's sentence. */
    private static String expectation(String sentence) {
        String text = sentence.startsWith("[") && sentence.contains("] ") ? sentence.substring(sentence.indexOf("] ") + 2) : sentence;
        text = text.startsWith("Expecting ") ? text.substring("Expecting ".length()) : text;
        int but = text.indexOf(", but ");
        text = but < 0 ? text.lines().findFirst().orElse(text) : text.substring(0, but);
        int by = text.lastIndexOf(" by ");
        return by > 0 && text.substring(by + 4).matches("\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?") ? text.substring(0, by) : text;
    }

    /** The names of the pods in the namespace, to spot a typo when the pod does not exist. */
    List<String> podNames() {
        if (cluster == null) {
            return List.of();
        }
        return cluster.pods().stream().filter(p -> namespace.equals(p.getMetadata().getNamespace()))
                .map(p -> p.getMetadata().getName()).toList();
    }

    /** The events about the pod, oldest first, whichever pod of that name they were about. */
    List<Event> events(String check) {
        Pod reference = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build();
        return requireCluster(check).eventsFor(reference);
    }
}
