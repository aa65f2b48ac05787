package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.common.SpecVersion;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML stream cut into documents as the YAML parser counts them: a {@code ---} starts one, an empty
 * document counts, and comments before the first {@code ---} are not a document.
 */
final class YamlStream {
    /** Large CRD bundles exceed snakeyaml-engine's default limit of 3 MB. */
    private static final int CODE_POINT_LIMIT = 64 * 1024 * 1024;
    private static final Pattern UNDEFINED_ALIAS = Pattern.compile("found undefined alias (.*)");
    private static final String INCOMPATIBLE = "found incompatible YAML document";
    private static final String DIRECTIVE_AFTER_CONTENT = "expected '<document end>' before directives";
    private static final Pattern VERSION_DIRECTIVE = Pattern.compile("(?m)^%YAML[ \t]+(?!1\\.1(?:[ \t#]|$))");

    /**
     * One document. {@code root} is an empty scalar for an empty document; {@code line} is the 1-based
     * line where its content starts, and {@code text} its lines from there on.
     */
    record Document(int index, Node root, int line, String text) {
    }

    private YamlStream() {
    }

    /**
     * The documents before the first syntax error or broken limit, which is added to {@code problems}.
     * A document too large for the API server is refused before anything is parsed; a document nested
     * too deep or with too many aliases ends the stream as a syntax error does, before it is composed.
     */
    static List<Document> read(String source, String text, List<Problem> problems) {
        Optional<Problem> tooLarge = DocumentSizes.tooLarge(source, text);
        if (tooLarge.isPresent()) {
            problems.add(tooLarge.get());
            return List.of();
        }
        LoadSettings settings = settings(source, text.length());
        YamlLimits.Scan scan = YamlLimits.scan(text, settings);
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Document> documents = new ArrayList<>();
        Composer roots = new Composer(settings, scan.replay());
        try {
            while (roots.hasNext()) {
                Node root = roots.next();
                int first = root.getStartMark().map(Mark::getLine).orElse(0);
                documents.add(new Document(documents.size() + 1, root, first + 1, text(lines, first, root)));
            }
        } catch (YamlEngineException e) {
            // a file that starts with '{' is read as JSON first by kubectl: when YAML fails too, JSON's error is shown
            Optional<Problem> json = documents.isEmpty() && scan.exceeded().isEmpty()
                    ? JsonSyntax.firstError(source, text) : Optional.empty();
            problems.add(json.orElseGet(() -> syntaxError(source, document(text, documents.size() + 1, e), text, e)));
            return documents;
        }
        scan.exceeded().ifPresent(limit -> problems.add(new Problem(source, limit.document(), 0, null,
                limit.mark().map(m -> m.getLine() + 1).orElse(0), limit.mark().map(m -> m.getColumn() + 1).orElse(0),
                limit.message())));
        return documents;
    }

    /**
     * The document a syntax error belongs to. The reader checks characters as it fills its window, which
     * holds the whole text ({@link #settings}), so a control character anywhere is refused while the
     * first document is read: its document is counted from its place.
     */
    private static int document(String text, int parsed, YamlEngineException e) {
        if (e instanceof ReaderException reader) {
            int codePoints = text.codePointCount(0, text.length());
            return DocumentSizes.documentAt(text, text.offsetByCodePoints(0, Math.min(reader.getPosition(), codePoints)));
        }
        return parsed;
    }

    /** The first document of a text, or empty if there is none or it does not parse. */
    static Optional<Node> first(String text) {
        try {
            return new Compose(settings("document", text.length())).composeString(text);
        } catch (YamlEngineException e) {
            return Optional.empty();
        }
    }

    /**
     * goyaml.v2 has no cap on the number of aliases (snakeyaml-engine's default is 50): its budget is on
     * what they expand to, which {@link YamlLimits} applies. It reads only YAML 1.1 documents. A key
     * that is not a scalar is composed, for {@link YamlTree} to refuse at its line and column.
     *
     * <p>The reader's window holds the whole text: snakeyaml-engine's StreamReader copies its window
     * forward each time a token outgrows it, so with its default 1024-code-point buffer a 1 MiB scalar
     * cost a thousand copies of up to a million code points (seconds, and a gigabyte of garbage). The
     * text is in memory already, and no token is longer than a document, at most 3 MiB ({@link DocumentSizes}),
     * so the window is the text up to 4 Mi code points.
     */
    private static LoadSettings settings(String source, int length) {
        return LoadSettings.builder().setLabel(source).setSchema(GoScalars.SCHEMA)
                .setBufferSize(Math.max(1024, Math.min(length + 1, 4 << 20)))
                .setCodePointLimit(CODE_POINT_LIMIT).setMaxAliasesForCollections(Integer.MAX_VALUE).setAllowNonScalarKeys(true)
                .setVersionFunction(YamlStream::version).build();
    }

    /**
     * goyaml.v2 refuses any {@code %YAML} directive but 1.1 (parserc.go, yaml_parser_process_directives:
     * {@code found incompatible YAML document}); snakeyaml-engine has no mark here, {@link #syntaxError} finds the line.
     */
    private static SpecVersion version(SpecVersion version) {
        if (version.getMajor() != 1 || version.getMinor() != 1) {
            throw new YamlEngineException(INCOMPATIBLE);
        }
        return version;
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
     * The parser's problem in goyaml's words ({@link GoYamlWords}; a %YAML version, control characters, a
     * tab and an unknown anchor here), at the line and column where it gave up, with snakeyaml-engine's
     * context (goyaml has the same contexts but does not print them: gopkg.in/yaml.v2 parserc.go, readerc.go
     * and scannerc.go, as vendored in sigs.k8s.io/yaml/goyaml.v2).
     */
    private static Problem syntaxError(String source, int document, String text, YamlEngineException e) {
        if (e instanceof ReaderException reader) {
            // readerc.go, yaml_parser_update_buffer; snakeyaml-engine says "special characters are not allowed"
            int[] at = lineAndColumn(text, reader.getPosition());
            return new Problem(source, document, 0, null, at[0], at[1], "yaml: control characters are not allowed"
                    + String.format(" (found U+%04X: remove it, or write it as an escape in a double-quoted string)",
                    reader.getCodePoint()));
        }
        if (!(e instanceof MarkedYamlEngineException marked)) {
            Matcher directive = VERSION_DIRECTIVE.matcher(text);
            if (INCOMPATIBLE.equals(e.getMessage()) && directive.find()) {
                int[] at = lineAndColumn(text, text.codePointCount(0, directive.start()));
                return new Problem(source, document, 0, null, at[0], at[1], "yaml: " + INCOMPATIBLE
                        + " (kubectl reads YAML 1.1: write %YAML 1.1, or leave the directive out)");
            }
            return new Problem(source, document, 0, null, 0, 0, "yaml: " + e.getMessage());
        }
        Optional<Mark> mark = marked.getProblemMark().or(marked::getContextMark);
        String problem = marked.getProblem() == null ? marked.getMessage() : marked.getProblem();
        String hint = "";
        Matcher alias = UNDEFINED_ALIAS.matcher(problem);
        if (problem.startsWith("found character '\\t(TAB)' that cannot start any token")) {
            problem = "found character that cannot start any token"; // scannerc.go, yaml_parser_fetch_next_token
            hint = ": a tab; YAML indents with spaces";
        } else if (problem.startsWith(DIRECTIVE_AFTER_CONTENT)) {
            hint = ": end the document with a '...' line before the directive and start the next with '---',"
                    + " or remove the directive";
        } else if (alias.matches()) {
            problem = "unknown anchor '" + alias.group(1) + "' referenced"; // decode.go, parser.alias
        }
        String context = marked.getContext();
        String message = "yaml: " + GoYamlWords.of(problem, context);
        if (context != null && !context.isEmpty()) {
            message += " (" + context + marked.getContextMark()
                    .map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("") + ")";
        }
        message += hint;
        return new Problem(source, document, 0, null, mark.map(m -> m.getLine() + 1).orElse(0),
                mark.map(m -> m.getColumn() + 1).orElse(0), message);
    }

    /** The 1-based line and column of a code point of the text. */
    static int[] lineAndColumn(String text, int codePoint) {
        int line = 1;
        int column = 1;
        int end = text.offsetByCodePoints(0, Math.min(codePoint, text.codePointCount(0, text.length())));
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                line++;
                column = 1;
            } else if (c != '\r' && !Character.isLowSurrogate(c)) {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
