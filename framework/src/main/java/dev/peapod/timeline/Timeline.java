package dev.peapod.timeline;

import dev.peapod.time.VirtualClock;
import org.apiguardian.api.API;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The cluster's story in virtual time: every container state change, probe result and event, in
 * the order they happened. Failing assertions print a pod's part of it.
 *
 * <p>Only the cluster's thread records; any thread may read (an assertion or a report on another
 * thread while the loop runs, issue #8): every method holds the timeline's lock, and reads return
 * copies, so a reader never sees the list change under it.
 *
 * <p>Stored compactly (issue #13): each pod's facts are kept apart, and the probe results that repeat
 * (the same outcome of the same probe at its fixed period, the streak counting on) are folded into
 * one run (its first instant, period and count). Every element keeps its place in the order of
 * recording, so the views unfold the runs into exactly the entries and text recorded. With a
 * {@linkplain #Timeline(VirtualClock, int) retention}, a pod's oldest entries are dropped past the
 * limit, and its text says so at the top.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Timeline {
    private final VirtualClock clock;
    /** The entries kept per pod (or other subject); 0 keeps them all. */
    private final int retention;
    /** Namespace, then pod: looked up, never iterated (the order is {@link #stories}'). */
    private final Map<String, Map<String, Story>> byName = new HashMap<>();
    /** Every pod's story, in the order each first appeared on the timeline. */
    private final List<Story> stories = new ArrayList<>();
    /** The next entry's place in the order of recording. */
    private long sequence;
    private Instant lastAt;
    private Duration lastElapsed;
    /** {@link #lastElapsed} in nanoseconds, or {@link #NOT_IN_NANOS} past 292 years (never folded). */
    private long lastElapsedNanos;
    static final long NOT_IN_NANOS = Long.MIN_VALUE;

    public Timeline(VirtualClock clock) {
        this(clock, 0);
    }

    /**
     * A timeline that keeps the last {@code retention} entries of each pod (and of each other object
     * it tells about), or all of them for 0: see {@code ClusterSpec.timelineRetention}.
     */
    public Timeline(VirtualClock clock, int retention) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention < 0) {
            throw new dev.peapod.core.PeapodException("the timeline's retention must be 0 (keep every entry) or a number of"
                    + " entries to keep per pod, but was " + retention);
        }
        this.retention = retention;
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
        Objects.requireNonNull(fact, "fact");
        append(story(namespace, pod, true), fact);
    }

    /**
     * A pen for one pod (or other subject): {@code pen.record(fact)} is {@code record(namespace, pod,
     * fact)} without looking the pod up on every entry, for an engine part that records many facts
     * about one pod (a pod worker's probe results, issue #13). The pod appears on the timeline with
     * its first entry, as with {@link #record}, not when the pen is made.
     */
    @API(status = INTERNAL, since = "0.1")
    public Pen pen(String namespace, String pod) {
        return new Pen(namespace, pod);
    }

    /** See {@link #pen}. */
    @API(status = INTERNAL, since = "0.1")
    public final class Pen {
        private final String namespace;
        private final String pod;
        /** Null until the pod's first entry; a story, once made, is never replaced. */
        private Story story;

        private Pen(String namespace, String pod) {
            this.namespace = namespace;
            this.pod = pod;
        }

        /** As {@link Timeline#record(String, String, Fact)} for this pen's pod. */
        public void record(Fact fact) {
            Objects.requireNonNull(fact, "fact");
            synchronized (Timeline.this) {
                append(story(), fact);
            }
        }

        /** A pen for one probe of one of this pod's containers: see {@link ProbePen}. */
        public ProbePen probe(String container, Fact.Probe probe) {
            return new ProbePen(this, Objects.requireNonNull(container, "container"), Objects.requireNonNull(probe, "probe"));
        }

        private Story story() {
            if (story == null) {
                story = Timeline.this.story(namespace, pod, true);
            }
            return story;
        }
    }

    /**
     * A pen for one probe of one container (a probe worker's, issue #13): {@code ran(outcome, output,
     * run, threshold)} is {@code record(new Fact.ProbeRan(container, probe, outcome, output, run,
     * threshold))} on its pod's pen, but a result that extends the probe's open run (a steady probe's
     * every tick) neither makes the fact nor reads the pod's story: it reads the run this pen last
     * extended or began, and writes a byte there.
     */
    @API(status = INTERNAL, since = "0.1")
    public final class ProbePen {
        private final Pen pen;
        private final String container;
        private final Fact.Probe probe;
        /** The run of this probe the last result went to; it may have been closed since (by the pod's story). */
        private Run run;

        private ProbePen(Pen pen, String container, Fact.Probe probe) {
            this.pen = pen;
            this.container = container;
            this.probe = probe;
        }

        /** As {@link Pen#record} of {@code new Fact.ProbeRan(container, probe, outcome, output, run, threshold)}. */
        public void ran(Fact.Outcome outcome, String output, int run, int threshold) {
            Objects.requireNonNull(outcome, "outcome");
            String text = output == null ? "" : output;
            synchronized (Timeline.this) {
                long nanos = elapsedNanosNow();
                Run open = this.run;
                // under a retention every entry counts against the pod's limit: the story's own path
                if (retention == 0 && open != null && open.open && open.extendsWith(sequence, nanos, outcome, text, run, threshold)) {
                    sequence++;
                    return;
                }
                this.run = (Run) append(pen.story(), new Fact.ProbeRan(container, probe, outcome, text, run, threshold));
            }
        }
    }

    /** The story of a pod, made and put on the timeline if {@code make} and there is none yet. */
    private Story story(String namespace, String pod, boolean make) {
        namespace = namespace == null ? "" : namespace; // a cluster-scoped object's (a node's) entries have none
        Map<String, Story> pods = byName.get(namespace);
        if (pods == null) {
            if (!make) {
                return null;
            }
            pods = new HashMap<>();
            byName.put(namespace, pods);
        }
        Story story = pods.get(pod);
        if (story == null && make) {
            story = new Story(namespace, pod, retention > 0);
            pods.put(pod, story);
            stories.add(story);
        }
        return story;
    }

    /** Records a fact; returns the single or run that holds it (a run, for a probe result). */
    private Entries append(Story story, Fact fact) {
        long nanos = elapsedNanosNow();
        Entries holder = story.add(sequence++, this, nanos, fact);
        while (retention > 0 && story.size > retention) {
            story.dropOldest();
        }
        return holder;
    }

    /**
     * The time since the cluster started now, in nanoseconds, or {@link #NOT_IN_NANOS} past 292 years;
     * the entries of one instant share it, and its {@code Duration} ({@link #lastElapsed}) is made only
     * for an entry that begins a single or run: a folded result needs none.
     */
    private long elapsedNanosNow() {
        Instant now = clock.now();
        if (now != lastAt && !now.equals(lastAt)) {
            lastAt = now;
            lastElapsed = null;
            Instant start = clock.start();
            long seconds = now.getEpochSecond() - start.getEpochSecond(); // Duration.between's seconds and nanos, without it
            int nanos = now.getNano() - start.getNano();
            if (nanos < 0) {
                seconds--;
                nanos += 1_000_000_000;
            }
            lastElapsedNanos = seconds < Long.MAX_VALUE / 1_000_000_000L - 1 ? seconds * 1_000_000_000L + nanos : NOT_IN_NANOS;
        }
        return lastElapsedNanos;
    }

    /** The time since the cluster started now (see {@link #elapsedNanosNow}, which comes first). */
    private Duration lastElapsed() {
        if (lastElapsed == null) {
            lastElapsed = clock.elapsed();
        }
        return lastElapsed;
    }

    /** A pod's entries whose fact is of one type, oldest first, e.g. {@code forPod("default", "web", Fact.ContainerExited.class)}. */
    public synchronized List<TimelineEntry> forPod(String namespace, String pod, Class<? extends Fact> type) {
        Story story = story(namespace, pod);
        if (story == null) {
            return new ArrayList<>();
        }
        List<Entries> mine = new ArrayList<>();
        for (Entries entries : story.entries) {
            if (type.isInstance(entries.fact())) { // a run's elements share their fact's type
                mine.add(entries);
            }
        }
        return unfold(mine);
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
        if (mine.stream().allMatch(e -> e.kind() == TimelineEntry.Kind.ASSERTION)) {
            // nothing but a test's checks (a failed check on a mistyped name is one) is nothing that happened
            // an empty history would let "never restarted" pass for a mistyped name
            throw new dev.peapod.core.PeapodException("the timeline has nothing about pod " + namespace + "/" + pod
                    + ": check its name and namespace; pods on the timeline: "
                    + stories.stream().map(s -> s.namespace + "/" + s.pod).toList());
        }
        return ContainerHistory.of(namespace, pod, container, mine);
    }

    /** Every entry so far, oldest first: a copy, which later entries do not change. */
    public synchronized List<TimelineEntry> entries() {
        return List.copyOf(unfold(all()));
    }

    /** Whether nothing has been recorded yet: {@code entries().isEmpty()} without copying them. */
    public synchronized boolean isEmpty() {
        return stories.isEmpty();
    }

    public synchronized List<TimelineEntry> forPod(String namespace, String pod) {
        Story story = story(namespace, pod);
        return story == null ? new ArrayList<>() : unfold(story.entries);
    }

    /**
     * Every entry, one line each with its pod: {@code 00:00:50  container app started  [default/web]}.
     * Signals are left out of the text views (the Killing event says it in words), and so are a test's
     * assertions (its failure message says it). Under a retention
     * that has dropped entries, a first line says how many and until when.
     */
    @Override
    public synchronized String toString() {
        List<TimelineEntry> shown = unfold(all()).stream().filter(Timeline::shownAsText).toList();
        if (shown.isEmpty()) {
            return "(nothing happened)";
        }
        StringBuilder text = new StringBuilder();
        long dropped = 0;
        int pods = 0;
        Duration last = null;
        for (Story story : stories) {
            if (story.dropped > 0) {
                dropped += story.dropped;
                pods++;
                last = last == null || story.lastDropped.compareTo(last) > 0 ? story.lastDropped : last;
            }
        }
        if (dropped > 0) {
            text.append(String.format(Locale.ROOT, "(%,d earlier %s dropped from %,d %s, the last at %s: the cluster keeps"
                            + " the last %,d entries of each, ClusterSpec.timelineRetention)\n", dropped, dropped == 1 ? "entry" : "entries",
                    pods, pods == 1 ? "timeline" : "timelines", TimelineEntry.clock(last), retention));
        }
        boolean first = true;
        for (TimelineEntry e : shown) {
            if (!first) {
                text.append('\n'); // always: an entry's own text may end in a newline (a probe's output), kept as it was
            }
            first = false;
            text.append(e.format()).append("  [").append(e.namespace()).append('/').append(e.pod()).append(']');
        }
        return text.toString();
    }

    /**
     * The pod's timeline, one indented line per entry, for failure messages; under a retention that
     * has dropped some of the pod's entries, a first line says how many and until when.
     */
    public synchronized String describe(String namespace, String pod) {
        Story story = story(namespace, pod);
        List<TimelineEntry> mine = story == null ? List.of() : unfold(story.entries).stream().filter(Timeline::shownAsText).toList();
        if (mine.isEmpty()) {
            return "  (nothing happened to this pod)";
        }
        StringBuilder text = new StringBuilder();
        if (story.dropped > 0) {
            text.append(String.format(Locale.ROOT, "  (%,d earlier %s of this pod dropped, the last at %s: the cluster keeps"
                            + " the last %,d, ClusterSpec.timelineRetention)", story.dropped, story.dropped == 1 ? "entry" : "entries",
                    TimelineEntry.clock(story.lastDropped), retention));
        }
        for (TimelineEntry e : mine) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append("  ").append(e.format());
        }
        return text.toString();
    }

    /**
     * The timeline as a picture: a self-contained HTML page (inline SVG, no script, no external file)
     * with a lane per container coloured by its state, probe ticks per probe type (repeats folded into
     * counted spans), each pod's actions, a section per node and a lane per other object, under an axis
     * in virtual time since the cluster started. Hover an element for its entry's words.
     */
    public synchronized String html() {
        return TimelinePicture.html(unfold(all()), clock.start(), clock.elapsed());
    }

    /**
     * Writes {@link #html()} to a file for a local run, e.g. {@code cluster.timeline().writeHtml(Path.of("target/web.html"))},
     * making its folder if needed; returns the path written.
     */
    public Path writeHtml(Path file) {
        dev.peapod.core.Checks.notNull(file, "file");
        String page = html();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the timeline picture to " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** How many singles and runs hold the entries: what folding saves, for tests. */
    synchronized int stored() {
        return stories.stream().mapToInt(s -> s.entries.size()).sum();
    }

    private static boolean shownAsText(TimelineEntry entry) {
        return entry.kind() != TimelineEntry.Kind.SIGNAL && entry.kind() != TimelineEntry.Kind.ASSERTION;
    }

    private Story story(String namespace, String pod) {
        Map<String, Story> pods = byName.get(namespace);
        return pods == null ? null : pods.get(pod);
    }

    private List<Entries> all() {
        List<Entries> all = new ArrayList<>();
        for (Story story : stories) {
            all.addAll(story.entries);
        }
        return all;
    }

    /** The entries of some singles and runs, each in its place in the order of recording. */
    private List<TimelineEntry> unfold(Collection<Entries> from) {
        PriorityQueue<Cursor> next = new PriorityQueue<>(Math.max(1, from.size()), Comparator.comparingLong(c -> c.sequence));
        int size = 0;
        for (Entries entries : from) {
            next.add(new Cursor(entries));
            size += entries.size();
        }
        List<TimelineEntry> unfolded = new ArrayList<>(size);
        Instant start = clock.start();
        Duration previous = null;
        Instant previousAt = null;
        while (!next.isEmpty()) {
            Cursor cursor = next.poll();
            Duration elapsed = cursor.elapsed();
            if (!elapsed.equals(previous)) {
                previous = elapsed;
                previousAt = start.plus(elapsed);
            }
            Story story = cursor.entries.story();
            unfolded.add(new TimelineEntry(previousAt, previous, story.namespace, story.pod, cursor.fact()));
            if (cursor.advance()) {
                next.add(cursor);
            }
        }
        return unfolded;
    }

    /** One pod's (or other object's) part of the timeline: its singles and runs, and what a retention dropped. */
    private static final class Story {
        final String namespace;
        final String pod;
        /** In the order of recording of their first elements; by their current first element's under a retention. */
        final Collection<Entries> entries;
        /** The run each probe of a container extends while its results repeat: an array, read on every probe result. */
        Run[] open = new Run[3];
        int opened;
        /** The entries held; kept up to date under a retention only (a probe pen's folded results skip the story). */
        int size;
        long dropped;
        Duration lastDropped;

        Story(String namespace, String pod, boolean dropsOldest) {
            this.namespace = namespace;
            this.pod = pod;
            this.entries = dropsOldest ? new PriorityQueue<>(Comparator.comparingLong(Entries::first)) : new ArrayList<>();
        }

        /**
         * Adds a fact at the timeline's current instant, whose elapsed time is {@code elapsedNanos} in nanoseconds
         * (or {@link #NOT_IN_NANOS}); returns the single or run that holds it.
         */
        Entries add(long sequence, Timeline timeline, long elapsedNanos, Fact fact) {
            size++;
            if (fact instanceof Fact.ProbeRan probe) {
                Fact.Probe type = probe.probe();
                String container = probe.container();
                for (int i = 0; i < opened; i++) {
                    Run run = open[i];
                    Fact.ProbeRan head = run.head;
                    if (head.probe() == type && (head.container() == container || head.container().equals(container))) {
                        if (run.extendsWith(sequence, elapsedNanos, probe.outcome(), probe.output(), probe.run(), probe.threshold())) {
                            return run;
                        }
                        run.close();
                        closeOpen(i);
                        break;
                    }
                }
                Run run = new Run(this, sequence, timeline.lastElapsed(), elapsedNanos, probe);
                if (opened == open.length) {
                    open = Arrays.copyOf(open, opened * 2);
                }
                open[opened++] = run;
                entries.add(run);
                return run;
            }
            Single single = new Single(this, sequence, timeline.lastElapsed(), fact);
            entries.add(single);
            return single;
        }

        /** The open run at {@code index} is no longer extended; the others keep their order. */
        void closeOpen(int index) {
            open[index].open = false;
            System.arraycopy(open, index + 1, open, index, opened - index - 1);
            open[--opened] = null;
        }

        void closeOpen(Run run) {
            for (int i = 0; i < opened; i++) {
                if (open[i] == run) {
                    closeOpen(i);
                    return;
                }
            }
        }

        /** Drops the pod's oldest entry: a single, or a run's first element. */
        void dropOldest() {
            Entries oldest = ((PriorityQueue<Entries>) entries).poll();
            size--;
            dropped++;
            lastDropped = oldest.firstElapsed();
            if (oldest instanceof Run run && run.count > 1) {
                run.dropFirst();
                entries.add(run);
            } else if (oldest instanceof Run run) {
                closeOpen(run);
            }
        }
    }

    /** A single entry, or a run of probe results folded into one. */
    private sealed interface Entries permits Single, Run {
        Story story();

        /** The place of the first element in the order of recording. */
        long first();

        Duration firstElapsed();

        Fact fact();

        int size();
    }

    private record Single(Story story, long first, Duration firstElapsed, Fact fact) implements Entries {
        @Override
        public int size() {
            return 1;
        }
    }

    /**
     * Results of one probe of one container with the same outcome, output and threshold, at a fixed
     * period, each extending the streak of the one before by the same step (1, or 0 for an errored run
     * that is not counted): element {@code i} is at {@code firstElapsed + i * period} with run
     * {@code head.run + i * step}. Their places in the order of recording are kept exactly, as
     * variable-length deltas (one to three bytes each), since other pods' entries fall between them.
     */
    private static final class Run implements Entries {
        final Story story;
        long first;
        Duration firstElapsed;
        Fact.ProbeRan head;
        /** The head's run, outcome, output and threshold, copied: a result is compared with the run without reading the head. */
        int headRun;
        Fact.Outcome outcome;
        String output;
        int threshold;
        int count = 1;
        /** 0 until the second element sets it. */
        long period;
        int step;
        /** The last element's elapsed time in nanoseconds, or {@link #NOT_IN_NANOS}: nothing extends the run. */
        long lastNanos;
        /** In its story's open runs: a result of its probe may extend it. */
        boolean open = true;
        long last;
        /** The deltas from each element's place to the next one's, from {@code start} to {@code end}. */
        byte[] deltas;
        int start;
        int end;

        Run(Story story, long sequence, Duration elapsed, long elapsedNanos, Fact.ProbeRan probe) {
            this.story = story;
            this.first = sequence;
            this.last = sequence;
            this.firstElapsed = elapsed;
            this.lastNanos = elapsedNanos;
            head(probe);
        }

        @Override
        public Story story() {
            return story;
        }

        @Override
        public long first() {
            return first;
        }

        @Override
        public Duration firstElapsed() {
            return firstElapsed;
        }

        @Override
        public Fact fact() {
            return head;
        }

        @Override
        public int size() {
            return count;
        }

        /**
         * The common case, one more identical result one period on, costs a few field reads and a byte
         * write: times are compared as nanoseconds (no {@code Duration} arithmetic), the output by
         * reference before {@code equals}.
         */
        boolean extendsWith(long sequence, long elapsedNanos, Fact.Outcome outcome, String output, int run, int threshold) {
            if (elapsedNanos == NOT_IN_NANOS || lastNanos == NOT_IN_NANOS) {
                return false; // past 292 years of virtual time: not folded, which the views cannot tell
            }
            if (period == 0) {
                long gap = elapsedNanos - lastNanos;
                int by = run - headRun;
                if (gap <= 0 || (by != 0 && by != 1)) {
                    return false;
                }
                if (!sameResult(outcome, output, threshold)) {
                    return false;
                }
                period = gap;
                step = by;
            } else if (elapsedNanos - lastNanos != period || run != headRun + count * step
                    || !sameResult(outcome, output, threshold)) {
                return false;
            }
            write(sequence - last);
            last = sequence;
            lastNanos = elapsedNanos;
            count++;
            return true;
        }

        private boolean sameResult(Fact.Outcome outcome, String output, int threshold) {
            return outcome == this.outcome && threshold == this.threshold && (output == this.output || output.equals(this.output));
        }

        private void head(Fact.ProbeRan probe) {
            head = probe;
            headRun = probe.run();
            outcome = probe.outcome();
            output = probe.output();
            threshold = probe.threshold();
        }

        private void write(long delta) {
            if (deltas == null) {
                deltas = new byte[8];
            } else if (end + 10 > deltas.length) {
                byte[] grown = new byte[(end - start) * 3 / 2 + 16]; // the dropped elements' deltas go
                System.arraycopy(deltas, start, grown, 0, end - start);
                end -= start;
                start = 0;
                deltas = grown;
            }
            if (delta < 0x80) { // the common case: one byte
                deltas[end++] = (byte) delta;
                return;
            }
            while (delta >= 0x80) {
                deltas[end++] = (byte) (delta | 0x80);
                delta >>>= 7;
            }
            deltas[end++] = (byte) delta;
        }

        /** The run ended: its spare bytes go. */
        void close() {
            if (deltas != null && (start > 0 || end < deltas.length)) {
                deltas = Arrays.copyOfRange(deltas, start, end);
                end -= start;
                start = 0;
            }
        }

        void dropFirst() {
            long delta = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = deltas[start++];
                delta |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    break;
                }
            }
            first += delta;
            firstElapsed = firstElapsed.plusNanos(period);
            head(element(1));
            count--;
        }

        Fact.ProbeRan element(int index) {
            return index == 0 ? head : new Fact.ProbeRan(head.container(), head.probe(), head.outcome(), head.output(),
                    head.run() + index * step, head.threshold());
        }
    }

    /** Walks one single's or run's elements in order. */
    private static final class Cursor {
        final Entries entries;
        int index;
        long sequence;
        int position;

        Cursor(Entries entries) {
            this.entries = entries;
            this.sequence = entries.first();
            this.position = entries instanceof Run run ? run.start : 0;
        }

        Duration elapsed() {
            return index == 0 ? entries.firstElapsed() : entries.firstElapsed().plusNanos(index * ((Run) entries).period);
        }

        Fact fact() {
            return index == 0 ? entries.fact() : ((Run) entries).element(index);
        }

        boolean advance() {
            if (++index >= entries.size()) {
                return false;
            }
            byte[] deltas = ((Run) entries).deltas;
            long delta = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = deltas[position++];
                delta |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    break;
                }
            }
            sequence += delta;
            return true;
        }
    }
}
