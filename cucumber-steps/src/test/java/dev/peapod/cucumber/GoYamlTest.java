package dev.peapod.cucumber;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.BDDAssertions.then;

/**
 * kubectl v1.20.2's {@code -o yaml} and {@code -o json} of tricky values: each expected text is what Debian's kubectl
 * v1.20.2 printed for a pod with these annotations, served by Peapod (goyaml.v2's quoting, ordering and folding).
 */
class GoYamlTest {
    private static Map<String, Object> annotations() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("long", "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu vvvv");
        a.put("sp", "a \nb");
        a.put("tr", "x ");
        a.put("num", "123");
        a.put("yes", "yes");
        a.put("brace", "{}");
        a.put("html", "<b>&");
        a.put("lead", "- x");
        a.put("multi", "l1\nl2\n");
        a.put("multi2", "l1\nl2\n\n");
        a.put("colon", "a: b");
        a.put("ind", "  indented\nx");
        a.put("tab", "a\tb");
        a.put("key10", "k");
        a.put("key2", "k");
        a.put("keyA", "k");
        a.put("key-0", "k");
        a.put("key.a", "k");
        a.put("key-b", "k");
        a.put("float", "1.5");
        a.put("e", "1e3");
        a.put("nul", "null");
        a.put("tilde", "~");
        a.put("yy", "y");
        a.put("date", "2020-01-01");
        a.put("oct", "0o17");
        a.put("hex", "0x1F");
        a.put("under", "1_000");
        a.put("uni", "héllo ✓");
        a.put("ctrl", "a\u0001b");
        a.put("star", "*x");
        a.put("hash", "a #b");
        a.put("q", "'q'");
        a.put("dq", "\"dq\"");
        return a;
    }

    @Test
    void yamlQuotesOrdersAndFoldsAsGoyamlDoes() {
        // given
        Map<String, Object> object = Map.of("metadata", Map.of("annotations", annotations(), "generation", 1),
                "spec", Map.of("containers", List.of(Map.of("name", "app", "ports", List.of(Map.of("containerPort", 80)))),
                        "securityContext", Map.of(), "list", List.of()));
        // when
        String yaml = GoYaml.marshal(object);
        // then
        then(yaml).isEqualTo("""
                metadata:
                  annotations:
                    brace: '{}'
                    colon: 'a: b'
                    ctrl: "a\\x01b"
                    date: "2020-01-01"
                    dq: '"dq"'
                    e: "1e3"
                    float: "1.5"
                    hash: 'a #b'
                    hex: "0x1F"
                    html: <b>&
                    ind: |2-
                        indented
                      x
                    key-0: k
                    key-b: k
                    key.a: k
                    key2: k
                    key10: k
                    keyA: k
                    lead: '- x'
                    long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo
                      pppp qqqq rrrr ssss tttt uuuu vvvv
                    multi: |
                      l1
                      l2
                    multi2: |+
                      l1
                      l2

                    nul: "null"
                    num: "123"
                    oct: "0o17"
                    q: '''q'''
                    sp: "a \\nb"
                    star: '*x'
                    tab: "a\\tb"
                    tilde: "~"
                    tr: 'x '
                    under: "1_000"
                    uni: héllo ✓
                    "yes": "yes"
                    yy: "y"
                  generation: 1
                spec:
                  containers:
                  - name: app
                    ports:
                    - containerPort: 80
                  list: []
                  securityContext: {}
                """);
    }

    @Test
    void lineBreaksOtherThanNewlineAndALeadingBomAreWrittenAsGoyamlWritesThem() {
        // given: what kubectl v1.20.2 printed for kubectl create configmap x --from-literal=... --dry-run=client -o yaml
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bom", "\uFEFFx");
        data.put("cr", "a\rb");
        data.put("ls", "a\u2028b");
        data.put("ls2", "a\u2028\u2028b");
        data.put("ps", "aaa\u2029");
        // when
        String yaml = GoYaml.marshal(Map.of("data", data));
        // then: a line separator ends the line for the emitter, which indents what follows without a newline;
        // is_bom looks at the text's start, so every character after a leading BOM is escaped
        then(yaml).isEqualTo("data:\n"
                + "  bom: \"\\uFEFF\\x78\"\n"
                + "  cr: \"a\\rb\"\n"
                + "  ls: 'a\u2028    b'\n"
                + "  ls2: 'a\u2028\u2028    b'\n"
                + "  ps: 'aaa\u2029'\n");
    }

    @Test
    void jsonIsIndentedByFourWithKeysSortedAndHtmlEscaped() {
        // given
        Map<String, Object> object = Map.of("metadata", Map.of("annotations", Map.of("html", "<b>&", "key10", "k", "key2", "k",
                "ctrl", "a\u0001b")), "items", List.of(), "spec", Map.of("list", List.of(1, Map.of())));
        // when
        String json = GoJsonIndented.marshal(object);
        // then
        then(json).isEqualTo("""
                {
                    "items": [],
                    "metadata": {
                        "annotations": {
                            "ctrl": "a\\u0001b",
                            "html": "\\u003cb\\u003e\\u0026",
                            "key10": "k",
                            "key2": "k"
                        }
                    },
                    "spec": {
                        "list": [
                            1,
                            {}
                        ]
                    }
                }
                """);
    }

    @Test
    void numbersAsGoyamlReadsGosJsonBack() {
        then(GoYaml.number(420)).isEqualTo("420");
        then(GoYaml.number(1.5)).isEqualTo("1.5");
        then(GoYaml.number(2.0)).isEqualTo("2");
        then(GoYaml.number(1234567.5)).isEqualTo("1.2345675e+06");
        then(GoYaml.number(0.00001)).isEqualTo("1e-05");
    }
}
