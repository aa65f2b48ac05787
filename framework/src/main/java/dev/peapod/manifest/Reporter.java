package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Files the problems of one document, or of one item of its List, under that place. */
final class Reporter {
    private final String source;
    private final int document;
    private final int item;
    private final String object;
    private final int firstLine; // the file line of the text's line 0: marks count from the text, messages from the file
    private final List<Problem> problems = new ArrayList<>();

    Reporter(String source, int document, int item, String object, int firstLine) {
        this.source = source;
        this.document = document;
        this.item = item;
        this.object = object;
        this.firstLine = firstLine;
    }

    void at(Optional<Mark> mark, String message) {
        problems.add(new Problem(source, document, item, object, mark.map(this::line).orElse(0), 0, message));
    }

    void at(Node node, String message) {
        at(node.getStartMark(), message);
    }

    /** A YAML error, at the line and column of the node, as the parser's own errors are placed. */
    void syntax(Node node, String message) {
        Optional<Mark> mark = node.getStartMark();
        problems.add(new Problem(source, document, item, object, mark.map(this::line).orElse(0),
                mark.map(m -> m.getColumn() + 1).orElse(0), message));
    }

    /** The 1-based file line of a mark. */
    int line(Mark mark) {
        return firstLine + mark.getLine();
    }

    boolean failed() {
        return !problems.isEmpty();
    }

    /** By line, keeping the order of discovery for the same line. */
    List<Problem> problems() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(Problem::line));
        return sorted;
    }
}
