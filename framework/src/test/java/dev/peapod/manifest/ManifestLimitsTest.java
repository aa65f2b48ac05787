package dev.peapod.manifest;

import dev.peapod.FakeCluster;
import dev.peapod.manifest.ManifestException.Problem;
import dev.peapod.store.FieldError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The YAML limits of issue #8: depth, alias expansion, size, empty input; go-yaml's words and places. */
class ManifestLimitsTest {
    /**
     * A guard against work that grows without bound (exponential aliasing, a parser recursing a million
     * levels), which would take minutes; not a speed target, which the benchmark measures. Generous, so a
     * loaded CI machine never trips it (1 s did, at a load average of 9).
     */
    private static final Duration BLOW_UP = Duration.ofSeconds(20);

    private static final String DEPTH = "yaml: exceeded max depth of 200 (kubectl's parser stops at 10000; no Kubernetes"
            + " object nests this deep, so Peapod stops here: flatten the document)";
    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: %s
            """;

    @TempDir
    Path temp;

    /** The first parse loads Fabric8's model registry; the limits are timed without it. */
    @BeforeAll
    static void warmUp() {
        Manifests.parse(CONFIG_MAP.formatted("warm"), "warm.yaml");
    }

    @Test
    void refusesDeepFlowNestingAtTheLevelPastTheLimitWhateverTheDepth() {
        for (int depth : List.of(201, 800, 10_000, 100_000)) {
            // given
            String yaml = "a: " + "[".repeat(depth) + "]".repeat(depth) + "\n";

            // when
            Problem problem = onlyProblem(yaml, "deep.yaml");

            // then: the root mapping is level 1, so the 200th [ is the one too many
            assertThat(problem).isEqualTo(new Problem("deep.yaml", 1, 0, null, 1, 203, DEPTH));
        }
    }

    @Test
    void refusesDeepBlockNestingAtItsLine() {
        // given: mappings then sequences, 1,000 levels
        StringBuilder yaml = new StringBuilder("apiVersion: v1\n");
        for (int i = 0; i < 500; i++) {
            yaml.append(" ".repeat(i)).append("k:\n");
        }
        yaml.append("- ".repeat(500)).append("x\n");

        // when
        Problem problem = onlyProblem(yaml.toString(), "deep.yaml");

        // then: level 201 is the mapping under the key of line 201
        assertThat(problem).isEqualTo(new Problem("deep.yaml", 1, 0, null, 202, 201, DEPTH));
    }

    @Test
    void keepsTheDocumentsBeforeTheDeepOneAndCountsItInTheStream() {
        // given
        String yaml = CONFIG_MAP.formatted("fine") + "---\n# deep\nvalues: " + "{a: ".repeat(300) + "1" + "}".repeat(300) + "\n";

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "two.yaml"));

        // then
        assertThat(e).hasMessage("two.yaml, document 2, line 7, column 805:\n  " + DEPTH + "\nnothing was applied");
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        // given: 200 levels under an annotation-free ConfigMap field, refused only as unknown
        String yaml = CONFIG_MAP.formatted("a") + "x: " + "[".repeat(199) + "]".repeat(199) + "\n";

        // when
        Problem problem = onlyProblem(yaml, "ok.yaml");

        // then
        assertThat(problem.message()).isEqualTo("strict decoding error: unknown field \"x\"");
    }

    @Test
    void readsADocumentAtTheLimitOnASmallStack() throws InterruptedException {
        // given: 200 levels, under a field the readers walk, bind and then refuse; on half the usual 1 MiB stack
        String yaml = CONFIG_MAP.formatted("a") + "  annotations: {a: b}\nx: " + "[{a: ".repeat(99) + "[]" + "}]".repeat(99) + "\n";
        Problem[] problem = new Problem[1];
        Throwable[] failure = new Throwable[1];
        Thread reader = new Thread(null, () -> {
            try {
                problem[0] = onlyProblem(yaml, "small.yaml");
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack", 512 * 1024);

        // when
        reader.start();
        reader.join();

        // then
        assertThat(failure[0]).isNull();
        assertThat(problem[0]).isEqualTo(new Problem("small.yaml", 1, 0, "ConfigMap a", 6, 0, "strict decoding error: unknown field \"x\""));
    }

    @Test
    void refusesAnAliasThatExpandsPastTheDepthLimit() {
        // given: two anchors of 150 levels, one inside the other through an alias
        String yaml = "a: &a " + "[".repeat(150) + "]".repeat(150) + "\nb: " + "[".repeat(100) + "*a" + "]".repeat(100) + "\n";

        // when
        Problem problem = onlyProblem(yaml, "alias.yaml");

        // then
        assertThat(problem).isEqualTo(new Problem("alias.yaml", 1, 0, null, 2, 104, DEPTH));
    }

    @Test
    void refusesDepthWithoutBlowingUp() {
        String flow = "[".repeat(1_000_000);
        String block = "- ".repeat(500_000);
        assertTimeoutPreemptively(BLOW_UP, () -> {
            assertThat(onlyProblem(flow, "flow.yaml").message()).isEqualTo(DEPTH);
            assertThat(onlyProblem(block, "block.yaml").message()).isEqualTo(DEPTH);
        });
    }

    @Test
    void refusesTheBillionLaughsWithoutBlowingUp() {
        // given: 2^25 scalars in 24 lines, each list two aliases of the one before
        StringBuilder yaml = new StringBuilder("d0: &d0 [x, x]\n");
        for (int i = 1; i <= 24; i++) {
            yaml.append("d").append(i).append(": &d").append(i).append(" [*d").append(i - 1).append(", *d").append(i - 1).append("]\n");
        }

        // when
        Problem problem = assertTimeoutPreemptively(BLOW_UP, () -> onlyProblem(yaml.toString(), "lol.yaml"));

        // then: goyaml stops once aliases do over 99% of the work; here at d8's first alias
        assertThat(yaml.length()).isLessThan(2048);
        assertThat(problem).isEqualTo(new Problem("lol.yaml", 1, 0, null, 10, 10, "yaml: document contains excessive aliasing"));
    }

    @Test
    void keepsOrdinaryAliasesAndMergeKeys() {
        // given: one anchor used many times, over the old limit of 50 aliases
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: List\nitems:\n");
        yaml.append("  - {apiVersion: v1, kind: ConfigMap, metadata: {name: shared, labels: &labels {app: web, tier: front},"
                + " annotations: *labels}}\n");
        for (int i = 1; i < 61; i++) {
            yaml.append("  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c").append(i).append(", labels: *labels}}\n");
        }
        yaml.append("  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: base, labels: &base {a: b}}\n")
                .append("  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: merged, labels: {<<: *base, c: d}}\n");

        // when
        List<ManifestDocument> documents = Manifests.parse(yaml.toString(), "aliases.yaml");

        // then
        assertThat(documents).hasSize(63);
        assertThat(documents.get(0).object().getMetadata().getAnnotations()).containsExactly(
                org.assertj.core.api.Assertions.entry("app", "web"), org.assertj.core.api.Assertions.entry("tier", "front"));
        assertThat(documents.get(60).object().getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(documents.get(62).object().getMetadata().getLabels()).containsExactly(
                org.assertj.core.api.Assertions.entry("c", "d"), org.assertj.core.api.Assertions.entry("a", "b"));
    }

    @Test
    void refusesADocumentOverTheRequestLimitBeforeParsingIt() {
        // given: a fine document, then 20 MB in one value
        String yaml = CONFIG_MAP.formatted("small") + "---\n" + CONFIG_MAP.formatted("huge") + "data:\n  x: "
                + "a".repeat(20_000_000) + "\n";

        // when
        Problem problem = assertTimeoutPreemptively(BLOW_UP, () -> onlyProblem(yaml, "huge.yaml"));

        // then
        assertThat(problem).isEqualTo(new Problem("huge.yaml", 2, 0, null, 5, 0, "Request entity too large: limit is 3145728"
                + " (the document is 20000070 bytes; the API server takes at most 3 MiB per object: split it or make it smaller)"));
    }

    @Test
    void measuresTheLimitInUtf8BytesAndAcceptsADocumentJustUnder() {
        // given: the header, then a value of 2-byte characters around the limit
        String header = CONFIG_MAP.formatted("big") + "data:\n  x: ";
        int headerBytes = header.length();
        String under = header + "\u00e9".repeat((3_145_728 - headerBytes - 1) / 2) + "\n";
        String over = header + "\u00e9".repeat((3_145_728 - headerBytes - 1) / 2 + 1) + "\n";

        // when
        List<ManifestDocument> documents = Manifests.parse(under, "under.yaml");
        Problem problem = onlyProblem(over, "over.yaml");

        // then
        assertThat(documents).hasSize(1);
        assertThat(problem.document()).isEqualTo(1);
        assertThat(problem.message()).startsWith("Request entity too large: limit is 3145728 (the document is 3145729 bytes;");
    }

    @Test
    void refusesALargeFileNamingItWhenItIsOneDocument() throws IOException {
        // given
        Path file = temp.resolve("big.yaml");
        Files.writeString(file, "# generated\n" + CONFIG_MAP.formatted("big") + "data:\n  x: " + "a".repeat(4_000_000) + "\n");

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.load(file));

        // then
        assertThat(e).hasMessage(file + ", document 1, line 1:\n  Request entity too large: limit is 3145728"
                + " (the document is 4000077 bytes; the API server takes at most 3 MiB per object: split it or make it smaller)"
                + "\nnothing was applied");
    }

    @Test
    void refusesTextWithoutObjectsAsKubectlApplyDoes() {
        for (String yaml : List.of("", "\n\n", "# only a comment\n", "---\n", "---\n---\n# nothing\n...\n",
                "apiVersion: v1\nkind: List\nitems: []\n")) {
            // when
            ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "empty.yaml"));

            // then
            assertThat(e).as(yaml).hasMessage("error: no objects passed to apply: empty.yaml holds no object"
                    + " (it is empty, or only comments and ---)\nnothing was applied");
            assertThat(e.problems()).singleElement().extracting(Problem::source, Problem::document)
                    .containsExactly("empty.yaml", 0);
        }
    }

    @Test
    void refusesAFolderWhereEveryFileIsEmptyButNotOneWithAnEmptyFileAmongOthers() throws IOException {
        // given
        Path empty = temp.resolve("empty");
        Files.createDirectories(empty.resolve("sub"));
        Files.writeString(empty.resolve("a.yaml"), "");
        Files.writeString(empty.resolve("sub/b.yml"), "# nothing yet\n---\n");
        Path mixed = temp.resolve("mixed");
        Files.createDirectories(mixed);
        Files.writeString(mixed.resolve("a.yaml"), "");
        Files.writeString(mixed.resolve("b.yaml"), CONFIG_MAP.formatted("b"));

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.load(empty));
        List<ManifestDocument> documents = Manifests.load(mixed);

        // then
        assertThat(e).hasMessage("error: no objects passed to apply: " + empty + " holds 2 files, none with an object"
                + " (it is empty, or only comments and ---)\nnothing was applied");
        assertThat(documents).extracting(ManifestDocument::describe).containsExactly(mixed + "/b.yaml, document 1 (ConfigMap b), line 1");
    }

    @Test
    void keepsEmptyDocumentsBetweenObjects() {
        // when
        List<ManifestDocument> documents = Manifests.parse("---\n---\n" + CONFIG_MAP.formatted("a") + "---\n---\n"
                + CONFIG_MAP.formatted("b"), "gaps.yaml");

        // then
        assertThat(documents).extracting(ManifestDocument::index).containsExactly(2, 4);
    }

    @Test
    void refusesAYamlVersionKubectlDoesNotReadAtTheDirective() {
        for (String version : List.of("2.0", "1.2")) {
            // given
            String yaml = "# v\n%YAML " + version + "\n---\n" + CONFIG_MAP.formatted("a");

            // when
            Problem problem = onlyProblem(yaml, "v.yaml");

            // then
            assertThat(problem).isEqualTo(new Problem("v.yaml", 1, 0, null, 2, 1, "yaml: found incompatible YAML document"
                    + " (kubectl reads YAML 1.1: write %YAML 1.1, or leave the directive out)"));
        }
        assertThat(Manifests.parse("%YAML 1.1\n---\n" + CONFIG_MAP.formatted("a"), "v.yaml")).hasSize(1);
    }

    @Test
    void refusesControlCharactersAtTheirLineAndColumn() {
        // when
        Problem nul = onlyProblem(CONFIG_MAP.formatted("a\u0000b"), "nul.yaml");
        Problem bell = onlyProblem("# caf\u00e9 \ud83d\ude00\r\n" + CONFIG_MAP.formatted("ab\u0007"), "bell.yaml");

        // then
        assertThat(nul).isEqualTo(new Problem("nul.yaml", 1, 0, null, 4, 10, "yaml: control characters are not allowed"
                + " (found U+0000: remove it, or write it as an escape in a double-quoted string)"));
        assertThat(bell).extracting(Problem::line, Problem::column).containsExactly(5, 11);
    }

    @Test
    void refusesATabInIndentationInGoYamlsWords() {
        // when
        Problem problem = onlyProblem("apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n", "tab.yaml");

        // then
        assertThat(problem).isEqualTo(new Problem("tab.yaml", 1, 0, null, 4, 1, "yaml: found character that cannot start"
                + " any token (while scanning for the next token): a tab; YAML indents with spaces"));
    }

    @Test
    void refusesAnUnknownAnchorInGoYamlsWords() {
        // when
        Problem problem = onlyProblem("apiVersion: v1\nkind: ConfigMap\nmetadata: *meta\n", "anchor.yaml");

        // then
        assertThat(problem).isEqualTo(new Problem("anchor.yaml", 1, 0, null, 3, 11, "yaml: unknown anchor 'meta' referenced"));
    }

    @Test
    void refusesAKeyThatIsNotAScalarAtItsLineAndColumn() {
        // when
        Problem problem = onlyProblem("a: 1\n? [b]\n: 2\n", "key.yaml");

        // then
        assertThat(problem).isEqualTo(new Problem("key.yaml", 1, 0, null, 2, 3, "yaml: invalid map key: a key must be a scalar"));
    }

    @Test
    void givesEverySyntaxErrorALineAndColumn() {
        for (String yaml : List.of("a: [1, 2\n", "a: {b: 1\n", "a: 'x\n", "a: \"x\n", "- a\nb: 1\n", "a: b: c\n",
                "a: !!str &x &y 1\n", "%TAG ! !a\n%TAG ! !b\n---\na: 1\n", "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
                "a: |\n  x\n y\n", "? a\n? b\n- c\n", "a: @b\n", "a: `b\n", "[a, b]]\n", "a: 1\n...\nb\n---\n]\n",
                "a: \"\\q\"\n", "a:\n  - b\n  c: d\n", "a: [b,\n- c]\n", "a: 1\n? [b]\n: 2\n", "? &a [*a]\n: 1\n",
                "a: &x {b: *x}\n", "a:\n  <<: 5\n", "a: &x 1\nb: &y *x\n", "%YAML 1.1\n", "a: \u007f\n")) {
            // when: the syntax error is the last problem, after those of the documents before it
            ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "bad.yaml"));
            Problem problem = e.problems().get(e.problems().size() - 1);

            // then
            assertThat(problem.line()).as(yaml + " -> " + problem.message()).isPositive();
            assertThat(problem.column()).as(yaml + " -> " + problem.message()).isPositive();
            assertThat(problem.message()).as(yaml).startsWith("yaml: ");
        }
    }

    @Test
    void refusesBinaryFilesNamingTheFileAndThePlace() throws IOException {
        // given: a PNG header (not UTF-8), and a NUL in UTF-8 text on line 3
        Path png = temp.resolve("logo.yaml");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        Path nul = temp.resolve("nul.yaml");
        Files.write(nul, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"a\u0000\"}\n".getBytes(StandardCharsets.UTF_8));
        Path late = temp.resolve("late.yaml");
        Files.write(late, utf8(CONFIG_MAP.formatted("caf\u00e9") + "data:\n  x: "), new java.nio.file.OpenOption[0]);
        Files.write(late, new byte[] {(byte) 0xC3, '(', '\n'}, java.nio.file.StandardOpenOption.APPEND);

        // when
        ManifestException pngError = catchThrowableOfType(ManifestException.class, () -> Manifests.load(png));
        ManifestException nulError = catchThrowableOfType(ManifestException.class, () -> Manifests.load(nul));
        ManifestException lateError = catchThrowableOfType(ManifestException.class, () -> Manifests.load(late));

        // then
        assertThat(pngError).hasMessage(png + ", document 1, line 1, column 1:\n  yaml: invalid leading UTF-8 octet"
                + " (byte 0x89 at offset 0: the file is not UTF-8 text; save it as UTF-8, or check that it is the"
                + " manifest you meant)\nnothing was applied");
        assertThat(nulError).hasMessage(nul + ", document 1, line 3, column 20:\n  yaml: control characters are not allowed"
                + " (found U+0000: remove it, or write it as an escape in a double-quoted string)\nnothing was applied");
        assertThat(lateError).hasMessage(late + ", document 1, line 6, column 6:\n  yaml: invalid trailing UTF-8 octet"
                + " (byte 0x28 at offset 67: the file is not UTF-8 text; save it as UTF-8, or check that it is the"
                + " manifest you meant)\nnothing was applied");
    }

    @Test
    void namesTheDocumentOfABadByteAsGoYamlsReaderMeetsIt() throws IOException {
        // given: Latin-1 in the third document (the text before the first --- is only a comment, no document);
        // a control character before the first byte that is not UTF-8; a NUL in the second document of UTF-8 text
        Path third = temp.resolve("third.yaml");
        Files.write(third, ("# header\n---\n" + CONFIG_MAP.formatted("a") + "---\n" + CONFIG_MAP.formatted("b")
                + "--- \n" + CONFIG_MAP.formatted("c") + "data:\n  city: Z\u00fcrich\n").getBytes(StandardCharsets.ISO_8859_1));
        Path gzip = temp.resolve("gzip.yaml");
        Files.write(gzip, new byte[] {'a', ':', ' ', 0x1f, (byte) 0x8b, 8});
        Path nul = temp.resolve("nul.yaml");
        Files.write(nul, utf8(CONFIG_MAP.formatted("a") + "---\n" + CONFIG_MAP.formatted("b\u0000")), new java.nio.file.OpenOption[0]);

        // when
        ManifestException thirdError = catchThrowableOfType(ManifestException.class, () -> Manifests.load(third));
        ManifestException gzipError = catchThrowableOfType(ManifestException.class, () -> Manifests.load(gzip));
        ManifestException nulError = catchThrowableOfType(ManifestException.class, () -> Manifests.load(nul));

        // then
        assertThat(thirdError).hasMessage(third + ", document 3, line 18, column 10:\n  yaml: invalid leading UTF-8 octet"
                + " (byte 0xFC at offset 190: the file is not UTF-8 text; save it as UTF-8, or check that it is the"
                + " manifest you meant)\nnothing was applied");
        assertThat(gzipError).hasMessage(gzip + ", document 1, line 1, column 4:\n  yaml: control characters are not allowed"
                + " (found U+001F at offset 3; byte 0x8B at offset 4 is not UTF-8 either: the file is not UTF-8 text;"
                + " save it as UTF-8, or check that it is the manifest you meant)\nnothing was applied");
        assertThat(nulError.problems()).extracting(ManifestException.Problem::document, ManifestException.Problem::line)
                .containsExactly(tuple(2, 9));
    }

    @Test
    void shortensALongLabelValueInTheApiServersMessage() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            String value = "v".repeat(100_000);
            String yaml = CONFIG_MAP.formatted("long") + "  labels:\n    app: " + value + "\n";

            // when
            ManifestException e = catchThrowableOfType(ManifestException.class, () -> cluster.applyYaml(yaml));

            // then: the value's first 256 characters, then its length
            assertThat(e.getMessage()).startsWith("inline YAML, document 1 (ConfigMap long), line 5:\n"
                    + "  metadata.labels: Invalid value: \"" + "v".repeat(256) + "\"...(truncated, 100000 characters): ");
            assertThat(e.getMessage().length()).isLessThan(600);
        }
    }

    @Test
    void shortensLongNamesKeysAndKindsInTheReadersMessages() {
        // given
        String name = "n".repeat(300);
        String key = "k".repeat(1000);
        String yaml = CONFIG_MAP.formatted(name) + "  " + key + ": 1\n  " + key + ": 2\n---\napiVersion: v1\nkind: "
                + "K".repeat(257) + "\n";

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "long.yaml"));

        // then
        String shortName = "n".repeat(256) + "...(truncated, 300 characters)";
        String shortKey = "k".repeat(256) + "...(truncated, 1000 characters)";
        assertThat(e).hasMessage("long.yaml, document 1 (ConfigMap " + shortName + "), line 6:\n"
                + "  mapping key \"" + shortKey + "\" already defined at line 5\n"
                + "long.yaml, document 2 (" + "K".repeat(256) + "...(truncated, 257 characters)), line 9:\n"
                + "  no matches for kind \"" + "K".repeat(256) + "...(truncated, 257 characters)\" in version \"v1\"\n"
                + "nothing was applied");
    }

    @Test
    void showsAValueOfTheLimitWhole() {
        assertThat(FieldError.invalid("f", "x".repeat(256), "bad").toString()).isEqualTo("f: Invalid value: \"" + "x".repeat(256) + "\": bad");
        assertThat(FieldError.shorten("\ud83d\ude00".repeat(257))).isEqualTo("\ud83d\ude00".repeat(256) + "...(truncated, 257 characters)");
    }

    private static Problem onlyProblem(String yaml, String source) {
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, source));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
