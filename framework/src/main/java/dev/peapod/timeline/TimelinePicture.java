package dev.peapod.timeline;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Draws the typed timeline as a self-contained HTML page with inline SVG (issue #15): a section per node,
 * a lane per container coloured by its state, a lane of probe ticks per probe type with repeated results
 * folded into counted spans, a lane of actions per pod (restarts, signals, hooks, kills, evictions, node
 * actions) and a lane per controller-owned object, under a time axis in virtual time.
 *
 * <p>Hand-drawn rather than rendered by PlantUML's timing diagrams: on one pod's 24 virtual hours of
 * CrashLoopBackOff PlantUML took 6.2 s warm (14.5 s cold) and drew a 432,163 px wide SVG of 5.9 MB
 * whose state labels overlap; this renderer folds what repeats before it draws (see the commit).
 *
 * <p>Every drawn element carries {@code data-} attributes (lane, state, at, count) and a {@code <title>}
 * tooltip in the timeline's words; the page is well-formed XML, with no script and no external resource.
 */
final class TimelinePicture {
    static final int LABELS = 230;
    static final int STATE_HEIGHT = 14;
    static final int PROBE_HEIGHT = 9;
    static final int ACTION_HEIGHT = 12;
    static final int GAP = 3;
    /** Up to this many identical probe results in a row are drawn one tick each; longer runs fold into a span. */
    static final int FOLD_AFTER = 3;
    private static final Set<String> QUIET_EVENTS = Set.of("Pulled", "Created", "Started", "Unhealthy", "BackOff", "Scheduled");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    enum State {
        WAITING("#f59f00"), RUNNING("#37b24d"), TERMINATING("#ae3ec9"), COMPLETED("#adb5bd"), FAILED("#e03131");

        final String colour;

        State(String colour) {
            this.colour = colour;
        }

        String css() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A stretch of one state, from {@code from} to {@code to} seconds since the start. */
    record Segment(double from, double to, State state, String label, String title) {
    }

    /** One probe result; its words are made only if it is drawn (a folded run's first and last). */
    record Tick(double at, Duration sinceStart, Fact.ProbeRan fact) {
        Fact.Outcome outcome() {
            return fact.outcome();
        }

        String text() {
            return TimelineEntry.clock(sinceStart) + "  " + fact.text();
        }
    }

    /** One action, at an instant: {@code key} groups repeats (a restart's number differs, its key does not). */
    record Mark(double at, Duration sinceStart, String key, String colour, String text) {
    }

    static final class ContainerLane {
        final String name;
        String role = "";
        final List<Segment> segments = new ArrayList<>();
        final Map<Fact.Probe, List<Tick>> probes = new EnumMap<>(Fact.Probe.class);
        State state;
        /** The titles of the states left at the instant they began, since the last drawn one. */
        final List<String> passed = new ArrayList<>();
        String label;
        String title;
        double since;

        ContainerLane(String name) {
            this.name = name;
        }

        void enter(double at, State next, String nextLabel, String nextTitle) {
            close(at);
            state = next;
            label = nextLabel;
            title = nextTitle;
            since = at;
        }

        /**
         * Ends the current state. A state left at the instant it began is not drawn: its words go to the
         * next state's tooltip, in order ("first at this instant: ..."), so that a kill, an exit and a
         * restart at one instant are all told.
         */
        void close(double at) {
            if (state != null && at > since) {
                String first = passed.isEmpty() ? "" : "\nfirst at this instant: " + String.join("; ", passed);
                segments.add(new Segment(since, at, state, label, title + first));
                passed.clear();
            } else if (state != null && state != State.WAITING) {
                passed.add(title);
            }
            state = null;
        }
    }

    static final class PodLanes {
        final String namespace;
        final String pod;
        String node;
        final Map<String, ContainerLane> containers = new LinkedHashMap<>();
        final List<Mark> actions = new ArrayList<>();
        /** The test's checks about the pod, in order: a tick each, failures red. */
        final List<Mark> assertions = new ArrayList<>();
        final List<Segment> ready = new ArrayList<>();
        Boolean isReady;
        String readyTitle;
        double readySince;
        /** When the pod's first entry was recorded. */
        final double first;

        PodLanes(String namespace, String pod, double first) {
            this.namespace = namespace;
            this.pod = pod;
            this.first = first;
        }

        ContainerLane container(String name) {
            return containers.computeIfAbsent(name, ContainerLane::new);
        }

        String id() {
            return namespace + "/" + pod;
        }
    }

    /** Another object's lane: a node's, a controller's or a workload's, or the cluster's own. */
    record Subject(String name, List<Mark> marks) {
    }

    private final Instant start;
    private final double end;
    private final double scale;
    private final int width;
    private final Map<String, PodLanes> pods = new LinkedHashMap<>();
    private final Map<String, Subject> subjects = new LinkedHashMap<>();
    /** What Peapod did not simulate and the API server's warnings, once each, in time order: listed above the picture. */
    private final Set<String> notSimulated = new java.util.LinkedHashSet<>();

    private TimelinePicture(Instant start, Duration now) {
        this.start = start;
        this.end = Math.max(1, seconds(now));
        this.width = (int) Math.max(1000, Math.min(24_000, end * 20));
        this.scale = width / end;
    }

    /** The page for these entries (oldest first) of a cluster started at {@code start}, drawn up to {@code now}. */
    static String html(List<TimelineEntry> entries, Instant start, Duration now) {
        Duration last = entries.isEmpty() ? Duration.ZERO : entries.get(entries.size() - 1).sinceStart();
        TimelinePicture picture = new TimelinePicture(start, now.compareTo(last) < 0 ? last : now);
        entries.forEach(picture::add);
        return picture.draw();
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    private void add(TimelineEntry entry) {
        double at = seconds(entry.sinceStart());
        Fact fact = entry.fact();
        if (fact instanceof Fact.NotSimulated || fact instanceof Fact.ApiWarning) {
            String subject = entry.namespace() == null || entry.namespace().isEmpty() ? entry.pod() : entry.namespace() + "/" + entry.pod();
            notSimulated.add(TimelineEntry.clock(entry.sinceStart()) + "  [" + subject + "]  " + fact.text());
        }
        boolean pod = entry.namespace() != null && !entry.namespace().isEmpty() && !entry.pod().contains("/");
        if (!pod) {
            if (!(fact instanceof Fact.EventRecorded e && QUIET_EVENTS.contains(e.reason()) && !e.reason().equals("Scheduled"))) {
                String name = entry.namespace() == null || entry.namespace().isEmpty() ? entry.pod() : entry.namespace() + "/" + entry.pod();
                subjects.computeIfAbsent(name, n -> new Subject(n, new ArrayList<>())).marks.add(mark(at, entry, fact));
            }
            return;
        }
        PodLanes lanes = pods.computeIfAbsent(entry.namespace() + "/" + entry.pod(), k -> new PodLanes(entry.namespace(), entry.pod(), at));
        if (fact instanceof Fact.ProbeRan p) { // the most frequent fact: no words made here
            lanes.container(p.container()).probes.computeIfAbsent(p.probe(), k -> new ArrayList<>()).add(new Tick(at, entry.sinceStart(), p));
            return;
        }
        String clock = TimelineEntry.clock(entry.sinceStart());
        if (fact instanceof Fact.Asserted a) {
            lanes.assertions.add(new Mark(at, entry.sinceStart(), a.passed() ? "pass" : "fail", a.passed() ? "#2f9e44" : "#e03131",
                    clock + "  " + (a.passed() ? "passed: " + a.check() : "FAILED: " + a.message())));
            return;
        }
        if (fact instanceof Fact.Admitted a) { // a pod bound by spec.nodeName has no Scheduled fact: its node is where it runs
            if (lanes.node == null) {
                lanes.node = a.node();
            }
            return;
        }
        if (fact instanceof Fact.Scheduled s) {
            lanes.node = s.node();
            lanes.actions.add(mark(at, entry, fact));
        } else if (fact instanceof Fact.ContainerStarted s) {
            ContainerLane c = lanes.container(s.container());
            if (!s.role().isEmpty()) {
                c.role = s.role();
            }
            c.enter(at, State.RUNNING, "running", "running since " + clock + (s.restartCount() > 0 ? " (restart " + s.restartCount() + ")" : ""));
            if (s.restartCount() > 0) {
                lanes.actions.add(new Mark(at, entry.sinceStart(), "restart " + s.container(), "#1c7ed6", clock + "  " + fact.text()));
            }
        } else if (fact instanceof Fact.ContainerExited x) {
            lanes.container(x.container()).enter(at, x.exitCode() == 0 ? State.COMPLETED : State.FAILED,
                    "terminated", "terminated at " + clock + ": exit code " + x.exitCode() + " (" + x.reason() + ")");
        } else if (fact instanceof Fact.Signalled s) {
            ContainerLane c = lanes.container(s.container());
            if (c.state == State.RUNNING && !s.signal().equals("SIGKILL")) {
                c.enter(at, State.TERMINATING, "terminating", "terminating since " + clock + ": " + s.signal() + ", within the grace period");
            }
            lanes.actions.add(new Mark(at, entry.sinceStart(), s.signal() + " " + s.container(), "#ae3ec9", clock + "  " + fact.text()));
        } else if (fact instanceof Fact.ReadyChanged r) {
            if (lanes.isReady == null && r.ready() && at > lanes.first) { // a pod is not ready until its first change says so
                lanes.ready.add(new Segment(lanes.first, at, State.COMPLETED, "", "not ready until " + clock));
            } else if (lanes.isReady != null) {
                lanes.ready.add(new Segment(lanes.readySince, at, lanes.isReady ? State.RUNNING : State.COMPLETED, "", lanes.readyTitle));
            }
            lanes.isReady = r.ready();
            lanes.readySince = at;
            lanes.readyTitle = clock + "  " + fact.text();
        } else if (fact instanceof Fact.EventRecorded e) {
            event(lanes, at, entry, e, clock);
        } else {
            lanes.actions.add(mark(at, entry, fact)); // phase, node actions, hooks, warnings, what is not simulated
        }
        if (!fact.container().isEmpty() && !(fact instanceof Fact.NotSimulated)) {
            ContainerLane c = lanes.container(fact.container());
            if (c.state == null && c.segments.isEmpty()) {
                c.enter(at, State.WAITING, "ContainerCreating", "waiting since " + clock + ": ContainerCreating");
            }
        }
    }

    private void event(PodLanes lanes, double at, TimelineEntry entry, Fact.EventRecorded e, String clock) {
        if (e.reason().equals("BackOff") && !e.container().isEmpty()) {
            ContainerLane c = lanes.container(e.container());
            if (c.state != State.WAITING || !"CrashLoopBackOff".equals(c.label)) {
                c.enter(at, State.WAITING, "CrashLoopBackOff", "waiting since " + clock + ": CrashLoopBackOff (" + e.message() + ")");
            }
            return;
        }
        if (e.reason().equals("Failed") && !e.container().isEmpty()) {
            lanes.container(e.container()).enter(at, State.WAITING, "Failed", "waiting since " + clock + ": " + e.message());
        }
        if (!QUIET_EVENTS.contains(e.reason())) {
            lanes.actions.add(mark(at, entry, e));
        }
    }

    private static Mark mark(double at, TimelineEntry entry, Fact fact) {
        String colour = "#868e96";
        String key = fact.getClass().getSimpleName() + " " + fact.text();
        if (fact instanceof Fact.EventRecorded e) {
            colour = e.type().equals("Warning") ? "#e03131" : "#495057";
            key = e.reason() + " " + e.container();
        } else if (fact instanceof Fact.NodeAction) {
            colour = "#d9480f";
        } else if (fact instanceof Fact.HookRan h) {
            colour = h.stage() == Fact.HookStage.STARTED || h.stage() == Fact.HookStage.SUCCEEDED ? "#0ca678" : "#e03131";
            key = h.hook() + " " + h.stage() + " " + h.container();
        } else if (fact instanceof Fact.NotSimulated || fact instanceof Fact.ApiWarning) {
            colour = "#f08c00";
        }
        return new Mark(at, entry.sinceStart(), key, colour, TimelineEntry.clock(entry.sinceStart()) + "  " + fact.text());
    }

    // ---- drawing

    private double x(double at) {
        return Math.round(at * scale * 10) / 10.0;
    }

    private String draw() {
        pods.values().forEach(p -> {
            p.containers.values().forEach(c -> c.close(end));
            if (p.isReady != null) {
                p.ready.add(new Segment(p.readySince, end, p.isReady ? State.RUNNING : State.COMPLETED, "", p.readyTitle));
            } else if (end > p.first) { // a pod's first Ready change is recorded when it becomes ready: none, never ready
                p.ready.add(new Segment(p.first, end, State.COMPLETED, "", "never ready"));
            }
        });
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\"/>"
                + "<title>Peapod timeline</title><style>")
                .append("body{font-family:sans-serif;font-size:12px;margin:8px}")
                .append(".scroll{overflow:auto;max-height:92vh;border:1px solid #dee2e6}")
                .append(".row{display:flex;width:").append(LABELS + width).append("px}")
                .append(".labels{position:sticky;left:0;background:#fff;z-index:1;flex:none}")
                .append(".axis{position:sticky;top:0;background:#fff;z-index:2}")
                .append("details>summary{font-weight:bold;padding:4px;background:#f1f3f5;position:sticky;left:0;width:max-content}")
                .append("svg text{font-family:sans-serif;font-size:10px}")
                .append("</style></head><body>\n");
        out.append("<p>Virtual time since the cluster started at ").append(start).append(" (").append(TimelineEntry.clock(Duration.ofMillis((long) (end * 1000))))
                .append(" drawn). Hover for details; scroll sideways for later times.</p>\n");
        if (!notSimulated.isEmpty()) {
            out.append("<div class=\"not-simulated\" data-not-simulated=\"").append(notSimulated.size())
                    .append("\" style=\"border:1px solid #f08c00;padding:2px 6px;margin:4px 0\">")
                    .append("<b>Not simulated by Peapod in this test, and the API server's warnings:</b><ul style=\"margin:2px 0\">");
            notSimulated.forEach(line -> out.append("<li>").append(esc(line)).append("</li>"));
            out.append("</ul></div>\n");
        }
        legend(out);
        out.append("<div class=\"scroll\">\n");
        axis(out);
        Map<String, List<PodLanes>> byNode = new LinkedHashMap<>();
        pods.values().forEach(p -> byNode.computeIfAbsent(p.node == null ? "" : p.node, k -> new ArrayList<>()).add(p));
        subjects.values().stream().filter(s -> s.name.startsWith("node/")).forEach(s -> byNode.computeIfAbsent(s.name.substring(5), k -> new ArrayList<>()));
        for (Map.Entry<String, List<PodLanes>> node : byNode.entrySet()) {
            String name = node.getKey();
            out.append("<details open=\"open\" data-node=\"").append(esc(name)).append("\"><summary>")
                    .append(name.isEmpty() ? "no node (not scheduled, or not admitted by a kubelet)" : "node " + esc(name)).append(" — ").append(node.getValue().size())
                    .append(node.getValue().size() == 1 ? " pod" : " pods").append("</summary>\n");
            Subject own = subjects.get("node/" + name);
            if (own != null) {
                subjectRow(out, own);
            }
            node.getValue().forEach(p -> podRows(out, p));
            out.append("</details>\n");
        }
        List<Subject> others = subjects.values().stream().filter(s -> !s.name.startsWith("node/")).toList();
        if (!others.isEmpty()) {
            out.append("<details open=\"open\" data-node=\"\"><summary>controllers and other objects</summary>\n");
            others.forEach(s -> subjectRow(out, s));
            out.append("</details>\n");
        }
        out.append("</div></body></html>\n");
        return out.toString();
    }

    private void legend(StringBuilder out) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1500\" height=\"18\" class=\"legend\">");
        int x = 0;
        for (State s : State.values()) {
            String label = switch (s) {
                case WAITING -> "waiting (reason)";
                case RUNNING -> "running";
                case TERMINATING -> "terminating (grace period)";
                case COMPLETED -> "terminated, exit 0";
                case FAILED -> "terminated, exit ≠ 0";
            };
            out.append("<rect x=\"").append(x).append("\" y=\"3\" width=\"12\" height=\"12\" fill=\"").append(s.colour).append("\"/>")
                    .append("<text x=\"").append(x + 15).append("\" y=\"13\">").append(label).append("</text>");
            x += 24 + label.length() * 6;
        }
        out.append("<text x=\"").append(x).append("\" y=\"13\">probe ticks: pass green, fail red, error grey; × n: n results in a row; assertions: a tick per check, failed red</text></svg>\n");
    }

    private void axis(StringBuilder out) {
        double[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
        double step = steps[steps.length - 1];
        for (double s : steps) {
            if (s * scale >= 120) {
                step = s;
                break;
            }
        }
        out.append("<div class=\"row axis\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"labels\" width=\"").append(LABELS)
                .append("\" height=\"30\"><text x=\"4\" y=\"12\">virtual time</text><text x=\"4\" y=\"25\">")
                .append(DATE.format(start)).append(" (UTC)</text></svg>");
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"30\" data-lane=\"axis\">");
        String day = DATE.format(start);
        StringBuilder lines = new StringBuilder(); // one path for every tick's line: the axis is most of a short test's page
        for (double t = 0; t <= end + 1e-9; t += step) {
            Duration d = Duration.ofMillis(Math.round(t * 1000));
            double x = x(t);
            String date = DATE.format(start.plus(d));
            lines.append('M').append(x).append(" 20v10");
            // a label that would run past the right edge ends at its tick instead (the new-user review saw "00:00:3")
            String at = x + 2 + 60 > width ? (x - 2) + "\" text-anchor=\"end" : String.valueOf(x + 2);
            out.append("<text class=\"tick\" x=\"").append(at).append("\" y=\"28\">").append(TimelineEntry.clock(d)).append("</text>");
            if (!date.equals(day)) {
                out.append("<text class=\"date\" x=\"").append(at).append("\" y=\"12\">").append(date).append("</text>");
                day = date;
            }
        }
        out.append("<path d=\"").append(lines).append("\" stroke=\"#495057\"/></svg></div>\n");
    }

    private void podRows(StringBuilder out, PodLanes p) {
        List<String[]> labels = new ArrayList<>();
        StringBuilder chart = new StringBuilder();
        int y = 0;
        labels.add(new String[]{String.valueOf(y + 10), "pod " + p.id(), "bold"});
        lane(chart, y, ACTION_HEIGHT, p.id() + "/ready", () -> {
            for (Segment s : p.ready) {
                if (s.to <= s.from) {
                    continue; // ready and unready again at one instant (a container that ends as it starts): nothing to see
                }
                segment(chart, s, y + 2, ACTION_HEIGHT - 4, s.state == State.RUNNING ? "#8ce99a" : "#dee2e6", s.state == State.RUNNING ? "ready" : "not-ready");
            }
        });
        int[] at = {y + ACTION_HEIGHT + GAP};
        for (ContainerLane c : p.containers.values()) {
            int top = at[0];
            labels.add(new String[]{String.valueOf(top + 11), "  " + c.name + (c.role.isEmpty() ? "" : " (" + c.role + ")"), ""});
            lane(chart, top, STATE_HEIGHT, p.id() + "/" + c.name, () -> {
                for (Segment s : c.segments) {
                    segment(chart, s, top, STATE_HEIGHT, s.state.colour, s.state.css());
                    if (s.state == State.RUNNING && s.from > 0) { // a run's start, seen even where a restart follows a run at once
                        chart.append("<rect x=\"").append(x(s.from)).append("\" y=\"").append(top).append("\" width=\"1\" height=\"")
                                .append(STATE_HEIGHT).append("\" fill=\"#fff\"/>");
                    }
                }
            });
            at[0] += STATE_HEIGHT + 1;
            for (Map.Entry<Fact.Probe, List<Tick>> probe : c.probes.entrySet()) {
                int ptop = at[0];
                labels.add(new String[]{String.valueOf(ptop + 8), "    " + probe.getKey().label().toLowerCase(Locale.ROOT) + " probe", "small"});
                lane(chart, ptop, PROBE_HEIGHT, p.id() + "/" + c.name + "/" + probe.getKey().name().toLowerCase(Locale.ROOT),
                        () -> ticks(chart, probe.getValue(), ptop));
                at[0] += PROBE_HEIGHT + 1;
            }
            at[0] += GAP - 1;
        }
        if (!p.actions.isEmpty()) {
            int top = at[0];
            labels.add(new String[]{String.valueOf(top + 10), "  actions", "small"});
            lane(chart, top, ACTION_HEIGHT, p.id() + "/actions", () -> marks(chart, p.actions, top));
            at[0] += ACTION_HEIGHT + GAP;
        }
        if (!p.assertions.isEmpty()) {
            int top = at[0];
            labels.add(new String[]{String.valueOf(top + 10), "  assertions", "small"});
            lane(chart, top, ACTION_HEIGHT, p.id() + "/assertions", () -> checks(chart, p.assertions, top));
            at[0] += ACTION_HEIGHT + GAP;
        }
        row(out, at[0] + GAP, labels, chart);
    }

    private void subjectRow(StringBuilder out, Subject s) {
        StringBuilder chart = new StringBuilder();
        lane(chart, 0, ACTION_HEIGHT, s.name, () -> marks(chart, s.marks, 0));
        row(out, ACTION_HEIGHT + GAP, List.<String[]>of(new String[]{"10", s.name, "bold"}), chart);
    }

    private void row(StringBuilder out, int height, List<String[]> labels, CharSequence chart) {
        out.append("<div class=\"row\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"labels\" width=\"").append(LABELS)
                .append("\" height=\"").append(height).append("\">");
        for (String[] l : labels) {
            out.append("<text x=\"4\" y=\"").append(l[0]).append('"')
                    .append(l[2].equals("bold") ? " font-weight=\"bold\"" : l[2].equals("small") ? " fill=\"#495057\"" : "")
                    .append(" xml:space=\"preserve\">").append(esc(l[1])).append("</text>");
        }
        out.append("</svg><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height).append("\">")
                .append(chart).append("</svg></div>\n");
    }

    private void lane(StringBuilder chart, int y, int height, String id, Runnable body) {
        chart.append("<g class=\"lane\" data-lane=\"").append(esc(id)).append("\"><rect x=\"0\" y=\"").append(y).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" fill=\"#f8f9fa\"/>");
        body.run();
        chart.append("</g>");
    }

    private void segment(StringBuilder chart, Segment s, int y, int height, String fill, String css) {
        double x = x(s.from);
        double w = Math.max(0.5, x(s.to) - x);
        chart.append("<rect class=\"state ").append(css).append("\" data-state=\"").append(esc(s.label.isEmpty() ? css : s.label))
                .append("\" data-at=\"").append(TimelineEntry.clock(Duration.ofMillis(Math.round(s.from * 1000))))
                .append("\" x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(round(w)).append("\" height=\"").append(height)
                .append("\" fill=\"").append(fill).append("\"><title>").append(esc(s.title)).append("</title></rect>");
        if (!s.label.isEmpty() && w > s.label.length() * 6 + 4 && s.state != State.RUNNING) {
            chart.append("<text x=\"").append(x + 2).append("\" y=\"").append(y + height - 3).append("\" fill=\"#fff\">").append(esc(s.label)).append("</text>");
        }
    }

    /** Probe results, runs of more than {@link #FOLD_AFTER} identical outcomes folded into one counted span. */
    private void ticks(StringBuilder chart, List<Tick> ticks, int y) {
        int i = 0;
        while (i < ticks.size()) {
            int j = i;
            while (j + 1 < ticks.size() && ticks.get(j + 1).outcome() == ticks.get(i).outcome()) {
                j++;
            }
            int count = j - i + 1;
            Tick first = ticks.get(i);
            String colour = colour(first.outcome());
            if (count <= FOLD_AFTER) {
                for (int k = i; k <= j; k++) {
                    Tick t = ticks.get(k);
                    chart.append("<rect class=\"tick ").append(css(t.outcome())).append("\" data-at=\"").append(TimelineEntry.clock(t.sinceStart))
                            .append("\" x=\"").append(x(t.at) - 1).append("\" y=\"").append(y).append("\" width=\"2\" height=\"").append(PROBE_HEIGHT)
                            .append("\" fill=\"").append(colour).append("\"><title>").append(esc(t.text())).append("</title></rect>");
                }
            } else {
                Tick last = ticks.get(j);
                String what = String.format(Locale.ROOT, "× %,d %s", count, plural(first.outcome()));
                double x = x(first.at) - 1;
                double w = Math.max(2, x(last.at) + 1 - x);
                chart.append("<rect class=\"span ").append(css(first.outcome())).append("\" data-at=\"").append(TimelineEntry.clock(first.sinceStart))
                        .append("\" data-count=\"").append(count).append("\" x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(round(w))
                        .append("\" height=\"").append(PROBE_HEIGHT).append("\" fill=\"").append(colour).append("\" fill-opacity=\"0.55\"><title>")
                        .append(esc(what + " from " + first.text() + "\nto " + last.text())).append("</title></rect>");
                if (w > what.length() * 5.5 + 4) {
                    chart.append("<text x=\"").append(x + 2).append("\" y=\"").append(y + PROBE_HEIGHT - 1).append("\" font-size=\"8\">")
                            .append(esc(what)).append("</text>");
                }
            }
            i = j + 1;
        }
    }

    /** Actions as marks; a repeat of the same action closer than 4 px to the group's first is folded into it, counted. */
    private void marks(StringBuilder chart, List<Mark> marks, int y) {
        List<Mark> sorted = new ArrayList<>(marks);
        sorted.sort(java.util.Comparator.comparingDouble(Mark::at)); // stable: same-instant marks keep their order
        Map<String, List<Mark>> open = new LinkedHashMap<>();
        List<List<Mark>> groups = new ArrayList<>();
        for (Mark m : sorted) {
            List<Mark> group = open.get(m.key);
            if (group != null && x(m.at) - x(group.get(0).at) < 4) {
                group.add(m);
                continue;
            }
            group = new ArrayList<>(List.of(m));
            open.put(m.key, group);
            groups.add(group);
        }
        for (List<Mark> group : groups) {
            Mark m = group.get(0);
            double x = x(m.at);
            String title = group.size() == 1 ? m.text
                    : String.format(Locale.ROOT, "× %,d:\n%s\n…\n%s", group.size(), m.text, group.get(group.size() - 1).text);
            chart.append("<path class=\"mark\" data-at=\"").append(TimelineEntry.clock(m.sinceStart)).append("\" data-count=\"").append(group.size())
                    .append("\" d=\"M").append(x).append(' ').append(y + 1).append(" l4 5 l-4 5 l-4 -5 z\" fill=\"").append(m.colour)
                    .append("\"><title>").append(esc(title)).append("</title></path>");
        }
    }

    /**
     * The test's checks: a tick each at the instant it was checked, green when it passed, red and taller
     * when it failed; the tooltip says which check, or the failure's first sentence. Never folded: a
     * test makes few checks, and each one failed or passed on its own.
     */
    private void checks(StringBuilder chart, List<Mark> checks, int y) {
        for (Mark m : checks) {
            boolean failed = m.key.equals("fail");
            chart.append("<rect class=\"assertion ").append(m.key).append("\" data-at=\"").append(TimelineEntry.clock(m.sinceStart))
                    .append("\" x=\"").append(x(m.at) - 1.5).append("\" y=\"").append(failed ? y : y + 2).append("\" width=\"3\" height=\"")
                    .append(failed ? ACTION_HEIGHT : ACTION_HEIGHT - 4).append("\" fill=\"").append(m.colour).append("\"><title>")
                    .append(esc(m.text)).append("</title></rect>");
        }
    }

    private static String colour(Fact.Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> "#37b24d";
            case FAILURE -> "#e03131";
            case ERROR -> "#868e96";
        };
    }

    private static String css(Fact.Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> "pass";
            case FAILURE -> "fail";
            case ERROR -> "error";
        };
    }

    private static String plural(Fact.Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> "passes";
            case FAILURE -> "fails";
            case ERROR -> "errors";
        };
    }

    private static String round(double v) {
        return String.valueOf(Math.round(v * 10) / 10.0);
    }

    /** Text as XML character data or attribute value; characters XML cannot hold become U+FFFD. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n' -> out.append("&#10;");
                default -> out.append(c < 0x20 && c != '\t' || c == 0xFFFE || c == 0xFFFF ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
