package dev.peapod.manifest;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.StreamEndEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.parser.Parser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The limits goyaml.v2 puts on a document (kubectl reads YAML with sigs.k8s.io/yaml, which uses it),
 * checked on the parser's events before anything recursive sees the document: snakeyaml-engine's
 * composer, {@link YamlTree#toJson}, {@link TypeCheck}, {@link YamlTree#locate}, Jackson's binding and
 * {@link UnknownFields} all recurse once per level, and all expand aliases. The event parser keeps
 * its own stack, so a document of any depth is read here without recursion; the composer then builds
 * nodes from the same events, so the text is parsed once.
 */
final class YamlLimits {
    /**
     * goyaml.v2 refuses more than 10000 levels ({@code max_flow_level} and {@code max_indents} in
     * scannerc.go: {@code exceeded max depth of 10000}). Peapod's readers recurse on the caller's
     * stack, which overflows from about 800 levels, so Peapod stops much earlier: a departure, since
     * kubectl and the API server's JSON decoder read a document 201 to 10000 levels deep. No built-in
     * Kubernetes object nests anywhere near 200 (a Pod's deepest field is about 15 levels down; the
     * message says to flatten the document). (The API server's CBOR decoder stops at 64, but CBOR is
     * alpha and off in v1.33, and kubectl sends JSON.)
     */
    static final int MAX_DEPTH = 200;

    /** goyaml.v2 decode.go: alias_ratio_range_low and alias_ratio_range_high. */
    private static final long RATIO_RANGE_LOW = 400_000;
    private static final long RATIO_RANGE_HIGH = 4_000_000;
    /** Counts stop growing here, so a bomb of any size cannot overflow them. */
    private static final long SATURATED = 1L << 50;

    /** A limit broken in the 1-based {@code document}, at {@code mark}. */
    record Exceeded(int document, Optional<Mark> mark, String message) {
    }

    /** One open collection: its anchor, the nodes it expands to, and its height in collections. */
    private static final class Open {
        final String anchor;
        long nodes = 1;
        int height;

        Open(String anchor) {
            this.anchor = anchor;
        }
    }

    /** An anchored node's expansion: how many nodes, and how many levels of collections. */
    private record Size(long nodes, int height) {
    }

    private int document;
    private int documentStart; // the index of the current document's first event
    private final Deque<Open> open = new ArrayDeque<>();
    private final Map<String, Size> anchors = new HashMap<>(); // looked up only, never iterated
    private long decodeCount;
    private long aliasCount;

    private YamlLimits() {
    }

    /**
     * The parser's events, read once, for the composer to build nodes from: those of the documents
     * before the first that goes deeper than {@link #MAX_DEPTH} or whose aliases expand too much (then
     * {@code exceeded} says where), or those before a syntax error (then {@code error} is it, thrown
     * to the composer when it reaches that point, as the parser would throw it).
     */
    record Scan(List<Event> events, Optional<Exceeded> exceeded, YamlEngineException error) {
        /** A parser replaying the events, so the text is parsed once. */
        Parser replay() {
            return new Parser() {
                private int next;

                @Override
                public boolean checkEvent(Event.ID id) {
                    return peekEvent().getEventId() == id;
                }

                @Override
                public Event peekEvent() {
                    if (next < events.size()) {
                        return events.get(next);
                    }
                    if (error != null) {
                        throw error;
                    }
                    throw new NoSuchElementException("no more events");
                }

                @Override
                public Event next() {
                    Event event = peekEvent();
                    next++;
                    return event;
                }

                @Override
                public boolean hasNext() {
                    return next < events.size() || error != null;
                }
            };
        }
    }

    static Scan scan(String text, LoadSettings settings) {
        YamlLimits limits = new YamlLimits();
        List<Event> events = new ArrayList<>();
        try {
            for (Event event : new Parse(settings).parseString(text)) {
                Optional<Exceeded> exceeded = limits.next(event);
                if (exceeded.isPresent()) {
                    events.subList(limits.documentStart, events.size()).clear();
                    events.add(new StreamEndEvent(event.getStartMark(), event.getStartMark()));
                    return new Scan(events, exceeded, null);
                }
                if (event.getEventId() == Event.ID.DocumentStart) {
                    limits.documentStart = events.size();
                }
                events.add(event);
            }
        } catch (YamlEngineException e) {
            return new Scan(events, Optional.empty(), e);
        }
        return new Scan(events, Optional.empty(), null);
    }

    private Optional<Exceeded> next(Event event) {
        switch (event.getEventId()) {
            case DocumentStart -> {
                document++;
                anchors.clear(); // anchors are per document
                decodeCount = 1; // goyaml counts the document node
                aliasCount = 0;
            }
            case MappingStart, SequenceStart -> {
                decodeCount = add(decodeCount, 1);
                if (open.size() + 1 > MAX_DEPTH) {
                    return exceeded(event, depth());
                }
                open.push(new Open(anchor(event)));
            }
            case MappingEnd, SequenceEnd -> {
                Open closed = open.pop();
                node(closed.anchor, closed.nodes, closed.height + 1);
            }
            case Scalar -> {
                decodeCount = add(decodeCount, 1);
                node(anchor(event), 1, 0);
            }
            case Alias -> {
                return alias(event);
            }
            default -> {
                // stream start and end, document end, comments
            }
        }
        return Optional.empty();
    }

    /**
     * goyaml.v2 counts every node it decodes, and those it decodes through an alias; when aliases do
     * more than the allowed share of the work it stops (decode.go, unmarshal: {@code document contains
     * excessive aliasing}). An expansion's count only grows as it goes, so checking once it is complete
     * refuses what goyaml refuses part way through.
     */
    private Optional<Exceeded> alias(Event event) {
        Anchor name = ((AliasEvent) event).getAlias();
        Size target = anchors.get(name.getValue());
        if (target == null) {
            return Optional.empty(); // an unknown anchor: the composer reports it
        }
        if (open.size() + target.height() > MAX_DEPTH) {
            return exceeded(event, depth());
        }
        decodeCount = add(decodeCount, add(1, target.nodes()));
        aliasCount = add(aliasCount, target.nodes());
        if (aliasCount > 100 && decodeCount > 1000 && (double) aliasCount / decodeCount > allowedAliasRatio(decodeCount)) {
            return exceeded(event, "yaml: document contains excessive aliasing");
        }
        node(null, add(1, target.nodes()), target.height());
        return Optional.empty();
    }

    /** goyaml.v2 decode.go, allowedAliasRatio: 99% of a small document, falling to 10% of a large one. */
    private static double allowedAliasRatio(long decodeCount) {
        if (decodeCount <= RATIO_RANGE_LOW) {
            return 0.99;
        }
        if (decodeCount >= RATIO_RANGE_HIGH) {
            return 0.10;
        }
        return 0.99 - 0.89 * ((double) (decodeCount - RATIO_RANGE_LOW) / (RATIO_RANGE_HIGH - RATIO_RANGE_LOW));
    }

    /** A node is complete: its anchor remembers its size, and its parent grows by it. */
    private void node(String anchor, long nodes, int height) {
        if (anchor != null) {
            anchors.put(anchor, new Size(nodes, height));
        }
        Open parent = open.peek();
        if (parent != null) {
            parent.nodes = add(parent.nodes, nodes);
            parent.height = Math.max(parent.height, height);
        }
    }

    private static String depth() {
        return "yaml: exceeded max depth of " + MAX_DEPTH + " (kubectl's parser stops at 10000; no Kubernetes"
                + " object nests this deep, so Peapod stops here: flatten the document)";
    }

    private Optional<Exceeded> exceeded(Event event, String message) {
        return Optional.of(new Exceeded(document, event.getStartMark(), message));
    }

    private static String anchor(Event event) {
        return ((NodeEvent) event).getAnchor().map(Anchor::getValue).orElse(null);
    }

    private static long add(long a, long b) {
        return Math.min(a + b, SATURATED);
    }
}
