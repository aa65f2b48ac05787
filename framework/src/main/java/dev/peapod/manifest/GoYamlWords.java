package dev.peapod.manifest;

import java.util.List;

/**
 * snakeyaml-engine's syntax problems in goyaml.v2's words, as kubectl prints them (kubectl turns YAML into
 * JSON with sigs.k8s.io/yaml, which parses with goyaml.v2: gopkg.in/yaml.v2 scannerc.go and parserc.go, as
 * vendored in sigs.k8s.io/yaml/goyaml.v2). Both parsers descend from libyaml and give up at the same
 * places; only the words differ. A problem not in the table keeps snakeyaml-engine's words.
 */
final class GoYamlWords {
    /**
     * A snakeyaml-engine problem (the start of its text) in a context ({@code null}: any), and goyaml's
     * words for it.
     */
    private record Words(String snakeyaml, String context, String goyaml) {
        boolean matches(String problem, String where) {
            return problem.startsWith(snakeyaml) && (context == null || context.equals(where));
        }
    }

    private static final List<Words> TABLE = List.of(
            // scannerc.go, yaml_parser_fetch_value / fetch_block_entry / fetch_key
            new Words("mapping values are not allowed here", null, "mapping values are not allowed in this context"),
            new Words("sequence entries are not allowed here", null,
                    "block sequence entries are not allowed in this context"),
            new Words("mapping keys are not allowed here", null, "mapping keys are not allowed in this context"),
            // scannerc.go, yaml_parser_scan_anchor (an anchor or an alias without a name)
            new Words("unexpected character found", "while scanning an anchor",
                    "did not find expected alphabetic or numeric character"),
            new Words("unexpected character found", "while scanning an alias",
                    "did not find expected alphabetic or numeric character"),
            new Words("expected alphabetic or numeric character", "while scanning an anchor",
                    "did not find expected alphabetic or numeric character"),
            new Words("expected alphabetic or numeric character", "while scanning an alias",
                    "did not find expected alphabetic or numeric character"),
            // scannerc.go, yaml_parser_scan_block_scalar: goyaml reads a wrong indicator as text after the header
            new Words("expected chomping or indentation indicators", "while scanning a block scalar",
                    "did not find expected comment or line break"),
            new Words("expected a comment or a line break", null, "did not find expected comment or line break"),
            new Words("expected indentation indicator in the range 1-9, but found 0", "while scanning a block scalar",
                    "found an indentation indicator equal to 0"),
            // scannerc.go, yaml_parser_scan_flow_scalar
            new Words("found unexpected document separator", null, "found unexpected document indicator"),
            // parserc.go, yaml_parser_parse_block_mapping_key / parse_block_sequence_entry
            new Words("expected <block end>", "while parsing a block mapping", "did not find expected key"),
            new Words("expected <block end>", "while parsing a block collection", "did not find expected '-' indicator"),
            // parserc.go, yaml_parser_parse_flow_sequence_entry / parse_flow_mapping_key
            new Words("expected ',' or ']'", null, "did not find expected ',' or ']'"),
            new Words("expected ',' or '}'", null, "did not find expected ',' or '}'"),
            // parserc.go, yaml_parser_parse_node
            new Words("expected the node content", null, "did not find expected node content"),
            // parserc.go, yaml_parser_parse_document_start: goyaml reads the directive and then wants a '---';
            // snakeyaml-engine refuses the directive itself
            new Words("expected '<document start>'", null, "did not find expected <document start>"),
            new Words("expected '<document end>' before directives", null, "did not find expected <document start>"));

    private GoYamlWords() {
    }

    /** goyaml's words for a snakeyaml-engine problem raised in a context (either may be null). */
    static String of(String problem, String context) {
        for (Words words : TABLE) {
            if (words.matches(problem, context)) {
                return words.goyaml();
            }
        }
        return problem;
    }
}
