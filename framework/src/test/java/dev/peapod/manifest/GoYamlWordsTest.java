package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Syntax errors in the words kubectl prints (goyaml.v2 scannerc.go, parserc.go, decode.go, resolve.go;
 * encoding/json for a file that starts with '{'), at Peapod's file, document, line and column.
 */
class GoYamlWordsTest {
    private static final String HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n";

    @Test
    void aValueAfterAValueIsAMappingValueNotAllowedInThisContext() {
        // when
        Problem problem = onlyProblem(HEAD + "  name: x: y\n");

        // then
        assertThat(problem).isEqualTo(new Problem("s.yaml", 1, 0, null, 4, 10,
                "yaml: mapping values are not allowed in this context"));
    }

    @Test
    void aLongerDedentOrAStrayEntryIsAKeyNotFound() {
        assertThat(onlyProblem(HEAD + "    name: x\n  labels: {}\n")).isEqualTo(new Problem("s.yaml", 1, 0, null, 5, 3,
                "yaml: did not find expected key (while parsing a block mapping at line 1, column 1)"));
        assertThat(onlyProblem(HEAD + "  name: x\n  - item\n")).isEqualTo(new Problem("s.yaml", 1, 0, null, 5, 3,
                "yaml: did not find expected key (while parsing a block mapping at line 4, column 3)"));
    }

    @Test
    void aSequenceThatStopsShortIsADashNotFound() {
        assertThat(onlyProblem("- a\n- b\nc: d\n").message())
                .startsWith("yaml: did not find expected '-' indicator (while parsing a block collection");
    }

    @Test
    void unclosedFlowCollectionsWantACommaOrTheirEnd() {
        assertThat(onlyProblem(HEAD + "  name: x\nspec: [a, b\n").message())
                .isEqualTo("yaml: did not find expected ',' or ']' (while parsing a flow sequence at line 5, column 7)");
        assertThat(onlyProblem(HEAD + "  name: x\nspec: {a: b\n").message())
                .isEqualTo("yaml: did not find expected ',' or '}' (while parsing a flow mapping at line 5, column 7)");
    }

    @Test
    void anAnchorWithoutANameWantsALetterOrDigit() {
        assertThat(onlyProblem(HEAD + "  name: & x\n")).isEqualTo(new Problem("s.yaml", 1, 0, null, 4, 10,
                "yaml: did not find expected alphabetic or numeric character (while scanning an anchor at line 4, column 9)"));
    }

    @Test
    void aBlockScalarWithAWrongIndicatorWantsACommentOrLineBreak() {
        assertThat(onlyProblem(HEAD + "  name: x\ndata:\n  a: |x\n    text\n").message())
                .isEqualTo("yaml: did not find expected comment or line break (while scanning a block scalar at line 6, column 6)");
        assertThat(onlyProblem(HEAD + "  name: x\ndata:\n  a: |0\n    text\n").message())
                .startsWith("yaml: found an indentation indicator equal to 0 (while scanning a block scalar");
    }

    @Test
    void aDirectiveAfterContentWantsADocumentStart() {
        assertThat(onlyProblem(HEAD + "  name: x\n%YAML 1.1\n")).isEqualTo(new Problem("s.yaml", 1, 0, null, 5, 1,
                "yaml: did not find expected <document start>: end the document with a '...' line before the"
                        + " directive and start the next with '---', or remove the directive"));
    }

    @Test
    void aRecursiveAliasNamesItsAnchor() {
        assertThat(onlyProblem(HEAD + "  name: x\nextra: &x {a: *x}\n").message())
                .isEqualTo("yaml: anchor 'x' value contains itself");
    }

    @Test
    void anExplicitTagMustMatchTheText() {
        assertThat(onlyProblem(HEAD + "  name: x\ndata:\n  a: !!int foo\n"))
                .isEqualTo(new Problem("s.yaml", 1, 0, "ConfigMap x", 6, 6, "yaml: cannot decode !!str `foo` as a !!int"));
        assertThat(onlyProblem(HEAD + "  name: x\ndata:\n  a: !!bool 5\n").message())
                .isEqualTo("yaml: cannot decode !!int `5` as a !!bool");
        assertThat(onlyProblem(HEAD + "  name: x\ndata:\n  a: !!null x\n").message())
                .isEqualTo("yaml: cannot decode !!str `x` as a !!null");
    }

    @Test
    void anExplicitTagThatMatchesIsAccepted() {
        // given: an integer is a fine !!float; quoted text with a tag is resolved as plain text is
        String yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  priority: !!int \"5\"\n"
                + "  terminationGracePeriodSeconds: !!float 30\n  containers:\n    - name: a\n      image: nginx\n";

        // when / then
        assertThat(Manifests.parse(yaml, "ok.yaml")).hasSize(1);
    }

    @Test
    void aPlainKeyOverTheLookaheadIsAMappingValueNotAllowed() {
        assertThat(onlyProblem(HEAD + "  name: x\n  labels:\n    " + "k".repeat(2000) + ": v\n"))
                .isEqualTo(new Problem("s.yaml", 1, 0, null, 6, 2005, "yaml: mapping values are not allowed in this context"));
    }

    @Test
    void jsonThatYamlCannotReadEitherGetsEncodingJsonsWords() {
        assertThat(onlyProblem("{\"apiVersion\": \"v1\", \"metadata\": {\"name\": \"x\",, }}\n", "j.json"))
                .isEqualTo(new Problem("j.json", 1, 0, null, 1, 47,
                        "json: offset 47: invalid character ',' looking for beginning of object key string"));
        assertThat(onlyProblem("{\"apiVersion\": \"v1\",\n \"metadata\": {\"name\": \"x\"}\n", "j.json"))
                .isEqualTo(new Problem("j.json", 1, 0, null, 2, 27,
                        "unexpected EOF (the object that starts at line 1, column 1 is not closed)"));
        assertThat(onlyProblem("{\"kind\": \"Pod\", \"spec\": [1 2}\n", "j.json").message())
                .isEqualTo("json: offset 28: invalid character '2' after array element");
        assertThat(onlyProblem("{\"kind\": \"Pod\" \"spec\": 1}}\n", "j.json").message())
                .isEqualTo("json: offset 16: invalid character '\"' after object key:value pair");
        assertThat(onlyProblem("{\"kind\": tru, \"a\": [}\n", "j.json").message())
                .isEqualTo("json: offset 13: invalid character ',' in literal true (expecting 'e')");
        assertThat(onlyProblem("{\"kind\": \"Po\n", "j.json").message())
                .isEqualTo("json: offset 13: invalid character '\\n' in string literal");
        assertThat(onlyProblem("{\"kind\": \"Po", "j.json").message())
                .isEqualTo("unexpected EOF (the string that starts at line 1, column 10 is not closed)");
    }

    @Test
    void jsonThatYamlReadsIsAcceptedAsKubectlDoes() {
        // given: a trailing comma is no JSON, but a YAML flow mapping; kubectl v1.33 falls back to YAML
        String json = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\",}}\n";

        // when / then
        assertThat(Manifests.parse(json, "ok.json")).hasSize(1);
    }

    @Test
    void aDeepJsonArrayIsScannedWithoutRecursion() {
        // given: 100,000 open arrays (YAML refuses them at its depth limit before JSON is asked; here JSON alone)
        String deep = "{\"a\": " + "[".repeat(100_000) + "\n";

        // when
        Optional<Problem> problem = JsonSyntax.firstError("d.json", deep);

        // then
        assertThat(problem).contains(new Problem("d.json", 1, 0, null, 1, 100_007,
                "unexpected EOF (the array that starts at line 1, column 100006 is not closed)"));
        assertThat(JsonSyntax.firstError("d.json", "{\"a\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}")).isEmpty();
        assertThat(JsonSyntax.firstError("y.yaml", "a: {")).isEmpty();
    }

    private static Problem onlyProblem(String yaml) {
        return onlyProblem(yaml, "s.yaml");
    }

    private static Problem onlyProblem(String yaml, String source) {
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, source));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }
}
