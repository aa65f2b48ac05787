package dev.peapod.badinput;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs too large to commit: long strings, large documents, deep nesting and alias bombs, written
 * at run time. Their expected messages and upstream sources are listed in {@code bad-input/README.md}.
 */
final class GeneratedInputs {
    private GeneratedInputs() {
    }

    static List<Corpus.Input> all() {
        List<Corpus.Input> inputs = new ArrayList<>();
        longStrings(inputs);
        large(inputs);
        deepNesting(inputs);
        aliasBombs(inputs);
        return inputs;
    }

    private static void add(List<Corpus.Input> inputs, String id, String text, String expect, int document, String field) {
        inputs.add(new Corpus.Input(id, null, text.getBytes(StandardCharsets.UTF_8), expect, document, field));
    }

    private static String configMap(String name, String data) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n" + data;
    }

    private static void longStrings(List<Corpus.Input> inputs) {
        String x100k = "x".repeat(100_000);
        // apimachinery/pkg/util/validation/validation.go IsValidLabelValue: LabelValueMaxLength 63
        add(inputs, "long-strings/label-value-100k.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: long\n  labels:\n    app: " + x100k
                        + "\nspec:\n  containers:\n    - name: app\n      image: nginx\n",
                "must be no more than 63 characters", 1, "metadata.labels");
        // IsDNS1123Subdomain: DNS1123SubdomainMaxLength 253
        add(inputs, "long-strings/configmap-name-300.yaml", configMap("a".repeat(300), "  k: v\n"),
                "must be no more than 253 characters", 1, "metadata.name");
        // IsQualifiedName: the name part of a label key is at most 63 characters
        add(inputs, "long-strings/label-key-100k.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\n  labels:\n    " + "k".repeat(100_000) + ": v\n",
                // goyaml.v2 scannerc.go, yaml_simple_key_is_valid: a plain key is at most 1024 characters; this one
                // is not required (its column is not the mapping's indent), so the ':' after it is refused
                "mapping values are not allowed in this context", 1, null);
        // ValidateDNS1123Label for a container name: DNS1123LabelMaxLength 63
        add(inputs, "long-strings/container-name-100k.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: long\nspec:\n  containers:\n    - name: " + "c".repeat(100_000)
                        + "\n      image: nginx\n",
                "must be no more than 63 characters", 1, "spec.containers[0].name");
        // apimachinery ValidateAnnotationsSize: TotalAnnotationSizeLimitB 256 KiB
        add(inputs, "long-strings/annotations-300k.yaml",
                configMap("big-notes", "  k: v\n").replace("  name: big-notes\n",
                        "  name: big-notes\n  annotations:\n    note: " + "n".repeat(300_000) + "\n"),
                "may not be more than 262144 bytes", 1, "metadata.annotations");
        // a 100,000-character image name is accepted by validation only if it parses; in a Service
        // selector the value is a label value
        add(inputs, "long-strings/service-selector-100k.yaml",
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: long\nspec:\n  selector:\n    app: " + x100k
                        + "\n  ports:\n    - port: 80\n",
                "must be no more than 63 characters", 1, "spec.selector");
    }

    private static void large(List<Corpus.Input> inputs) {
        // pkg/apis/core/validation ValidateConfigMap / ValidateSecret: total data over core.MaxSecretSize (1 MiB)
        String mb = "v".repeat(1_100_000);
        add(inputs, "large/configmap-1.1mib.yaml", configMap("big", "  blob: " + mb + "\n"),
                "may not be more than 1048576 bytes", 1, "data");
        add(inputs, "large/secret-1.1mib.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\nstringData:\n  blob: " + mb + "\n",
                "may not be more than 1048576 bytes", 1, "data");
        // apiserver: a request body over 3 MiB (DefaultMaxRequestSizeBytes 3145728) is refused whole
        String body = "v".repeat(4 * 1024 * 1024);
        add(inputs, "large/configmap-4mib.yaml", configMap("huge", "  blob: " + body + "\n"),
                "Request entity too large: limit is 3145728", 1, null);
        add(inputs, "large/configmap-20mib.yaml", configMap("huge", "  blob: " + "v".repeat(20 * 1024 * 1024) + "\n"),
                "Request entity too large: limit is 3145728", 1, null);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            many.append("  key-").append(i).append(": ").append("v".repeat(30)).append('\n');
        }
        add(inputs, "large/configmap-40000-keys.yaml", configMap("wide", many.toString()),
                "may not be more than 1048576 bytes", 1, "data");
        // the bad document last, after a valid one: nothing of the file may be stored
        add(inputs, "large/second-document-1.1mib.yaml",
                configMap("fine", "  k: v\n") + "---\n" + configMap("big", "  blob: " + mb + "\n"),
                "may not be more than 1048576 bytes", 2, "data");
    }

    /** Peapod's depth limit (YamlLimits), lower than go-yaml's 10000. */
    private static final String PEAPOD_DEPTH = "yaml: exceeded max depth of 200";

    private static void deepNesting(List<Corpus.Input> inputs) {
        // kubectl reads up to 10000 levels and then fails ConfigMap.data's type (json: cannot unmarshal
        // object into Go struct field ConfigMap.data of type string); Peapod stops at 200 levels, a
        // departure stated in YamlLimits (no Kubernetes object nests that deep), with its own message
        add(inputs, "deep-nesting/flow-maps-800.yaml",
                configMap("deep", "  k: " + "{a: ".repeat(800) + "1" + "}".repeat(800) + "\n"),
                PEAPOD_DEPTH, 1, null);
        add(inputs, "deep-nesting/flow-seqs-800.yaml",
                configMap("deep", "  k: " + "[".repeat(800) + "1" + "]".repeat(800) + "\n"),
                PEAPOD_DEPTH, 1, null);
        StringBuilder block = new StringBuilder("  k:\n");
        for (int i = 0; i < 800; i++) {
            block.append("  ".repeat(i + 2)).append("a:\n");
        }
        block.append("  ".repeat(802)).append("b: 1\n");
        add(inputs, "deep-nesting/block-maps-800.yaml", configMap("deep", block.toString()),
                PEAPOD_DEPTH, 1, null);
        // go-yaml scannerc.go: max_flow_level 10000, "exceeded max depth of 10000"; Peapod stops sooner
        add(inputs, "deep-nesting/flow-maps-10000.yaml",
                configMap("deep", "  k: " + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n"),
                PEAPOD_DEPTH, 1, null);
        add(inputs, "deep-nesting/flow-seqs-10000.yaml",
                configMap("deep", "  k: " + "[".repeat(10_000) + "1" + "]".repeat(10_000) + "\n"),
                PEAPOD_DEPTH, 1, null);
        add(inputs, "deep-nesting/unclosed-seqs-100000.yaml", configMap("deep", "  k: " + "[".repeat(100_000) + "\n"),
                PEAPOD_DEPTH, 1, null);
        add(inputs, "deep-nesting/second-document-10000.yaml",
                configMap("fine", "  k: v\n") + "---\n"
                        + configMap("deep", "  k: " + "[".repeat(10_000) + "1" + "]".repeat(10_000) + "\n"),
                PEAPOD_DEPTH, 2, null);
    }

    private static void aliasBombs(List<Corpus.Input> inputs) {
        // go-yaml decode.go (CVE-2019-11253): allowedAliasRatio, "document contains excessive aliasing"
        StringBuilder doubling = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\nx:\n  d0: &d0 [lol, lol]\n");
        for (int i = 1; i <= 24; i++) {
            doubling.append("  d").append(i).append(": &d").append(i).append(" [*d").append(i - 1)
                    .append(", *d").append(i - 1).append("]\n");
        }
        add(inputs, "alias-bombs/doubling-24.yaml", doubling.toString(), "document contains excessive aliasing", 1, null);
        StringBuilder laughs = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\nx:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        String previous = "a";
        for (char c = 'b'; c <= 'i'; c++) {
            laughs.append("  ").append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                laughs.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            laughs.append("]\n");
            previous = String.valueOf(c);
        }
        add(inputs, "alias-bombs/billion-laughs.yaml", laughs.toString(), "document contains excessive aliasing", 1, null);
        StringBuilder maps = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\nx:\n  m0: &m0 {a: lol, b: lol}\n");
        for (int i = 1; i <= 24; i++) {
            maps.append("  m").append(i).append(": &m").append(i).append(" {a: *m").append(i - 1)
                    .append(", b: *m").append(i - 1).append("}\n");
        }
        add(inputs, "alias-bombs/doubling-maps-24.yaml", maps.toString(), "document contains excessive aliasing", 1, null);
        // the bomb in a valid field (data values are strings, but annotations... ) after a valid document
        add(inputs, "alias-bombs/second-document.yaml", configMap("fine", "  k: v\n") + "---\n" + doubling,
                "document contains excessive aliasing", 2, null);
        StringBuilder wide = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\nx:\n  a: &a [");
        for (int i = 0; i < 2000; i++) {
            wide.append(i == 0 ? "" : ",").append("{a: b}");
        }
        wide.append("]\n  b: [");
        for (int i = 0; i < 2000; i++) {
            wide.append(i == 0 ? "" : ",").append("*a");
        }
        wide.append("]\n");
        add(inputs, "alias-bombs/wide-2000x2000.yaml", wide.toString(), "document contains excessive aliasing", 1, null);
    }
}
