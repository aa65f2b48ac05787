package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A YAML stream cut into documents as the YAML parser counts them: a {@code ---} starts one, an empty
 * document counts, and comments before the first {@code ---} are not a document.
 */
final class YamlStream {
    /** Large CRD bundles exceed snakeyaml-engine's default limit of 3 MB. */
    private static final int CODE_POINT_LIMIT = 64 * 1024 * 1024;

    /**
     * One document. {@code root} is an empty scalar for an empty document; {@code line} is the 1-based
     * line where its content starts, and {@code text} its lines from there on.
     */
    record Document(int index, Node root, int line, String text) {
    }

    private YamlStream() {
    }

    /** The documents before the first syntax error, which is added to {@code problems}. */
    static List<Document> read(String source, String text, List<Problem> problems) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Document> documents = new ArrayList<>();
        Iterator<Node> roots = compose(source).composeAllFromString(text).iterator();
        try {
            while (roots.hasNext()) {
                Node root = roots.next();
                int first = root.getStartMark().map(Mark::getLine).orElse(0);
                documents.add(new Document(documents.size() + 1, root, first + 1, text(lines, first, root)));
            }
        } catch (YamlEngineException e) {
            problems.add(syntaxError(source, documents.size() + 1, e));
        }
        return documents;
    }

    /** The first document of a text, or empty if there is none or it does not parse. */
    static Optional<Node> first(String text) {
        try {
            return compose("document").composeString(text);
        } catch (YamlEngineException e) {
            return Optional.empty();
        }
    }

    private static Compose compose(String source) {
        return new Compose(LoadSettings.builder().setLabel(source).setSchema(GoScalars.SCHEMA)
                .setCodePointLimit(CODE_POINT_LIMIT).build());
    }

    /** The document's lines from its first content line to its last, trailing blank lines dropped. */
    private static String text(String[] lines, int first, Node root) {
        int last = root.getEndMark().map(end -> end.getColumn() == 0 ? end.getLine() - 1 : end.getLine())
                .orElse(lines.length - 1);
        last = Math.min(Math.max(last, first), lines.length - 1);
        while (last > first && lines[last].isBlank()) {
            last--;
        }
        return String.join("\n", Arrays.asList(lines).subList(first, last + 1)) + "\n";
    }

    /**
     * The parser's own words, at the line and column where it gave up. The texts are snakeyaml-engine's,
     * not goyaml's: kubectl would say the same thing differently.
     */
    private static Problem syntaxError(String source, int document, YamlEngineException e) {
        if (!(e instanceof MarkedYamlEngineException marked)) {
            return new Problem(source, document, 0, null, 0, 0, "yaml: " + e.getMessage());
        }
        Optional<Mark> mark = marked.getProblemMark().or(marked::getContextMark);
        String message = "yaml: " + (marked.getProblem() == null ? marked.getMessage() : marked.getProblem());
        if (marked.getContext() != null) {
            message += " (" + marked.getContext() + marked.getContextMark()
                    .map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("") + ")";
        }
        return new Problem(source, document, 0, null, mark.map(m -> m.getLine() + 1).orElse(0),
                mark.map(m -> m.getColumn() + 1).orElse(0), message);
    }
}
