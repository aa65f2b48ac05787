package dev.peapod.apiserver.patch;

import org.junit.jupiter.api.Test;

import static dev.peapod.apiserver.patch.Json.json;
import static dev.peapod.apiserver.patch.Json.raw;
import static org.assertj.core.api.Assertions.assertThat;

/** Go's encoding/json words (scanner.go, decode.go) and fmt's %v, which upstream's patch errors carry. */
class GoJsonTest {

    @Test
    void validJsonHasNoSyntaxError() {
        assertThat(GoJson.syntaxError(raw(" {\"a\": [1, -2.5e+3, true, false, null, \"\\u00e9\\n\"]} "))).isEmpty();
    }

    @Test
    void syntaxErrorsReadAsGosScanner() {
        // given / when / then: each input with the text Go's json.Unmarshal returns for it
        assertThat(GoJson.syntaxError(raw(""))).hasValue("unexpected end of JSON input");
        assertThat(GoJson.syntaxError(raw("{"))).hasValue("unexpected end of JSON input");
        assertThat(GoJson.syntaxError(raw("{\"a\":\"b"))).hasValue("unexpected end of JSON input");
        assertThat(GoJson.syntaxError(raw("not json"))).hasValue("invalid character 'o' in literal null (expecting 'u')");
        assertThat(GoJson.syntaxError(raw("tru"))).hasValue("invalid character ' ' in literal true (expecting 'e')");
        assertThat(GoJson.syntaxError(raw("hello"))).hasValue("invalid character 'h' looking for beginning of value");
        assertThat(GoJson.syntaxError(raw("{\"a\" 1}"))).hasValue("invalid character '1' after object key");
        assertThat(GoJson.syntaxError(raw("{\"a\":1 \"b\":2}")))
                .hasValue("invalid character '\"' after object key:value pair");
        assertThat(GoJson.syntaxError(raw("{\"a\":1,}")))
                .hasValue("invalid character '}' looking for beginning of object key string");
        assertThat(GoJson.syntaxError(raw("{'a':1}")))
                .hasValue("invalid character '\\'' looking for beginning of object key string");
        assertThat(GoJson.syntaxError(raw("[1,]"))).hasValue("invalid character ']' looking for beginning of value");
        assertThat(GoJson.syntaxError(raw("[1 2]"))).hasValue("invalid character '2' after array element");
        assertThat(GoJson.syntaxError(raw("{} x"))).hasValue("invalid character 'x' after top-level value");
        assertThat(GoJson.syntaxError(raw("01"))).hasValue("invalid character '1' after top-level value");
        assertThat(GoJson.syntaxError(raw("-"))).hasValue("invalid character ' ' in numeric literal");
        assertThat(GoJson.syntaxError(raw("-x"))).hasValue("invalid character 'x' in numeric literal");
        assertThat(GoJson.syntaxError(raw("1.x"))).hasValue("invalid character 'x' after decimal point in numeric literal");
        assertThat(GoJson.syntaxError(raw("1e+"))).hasValue("invalid character ' ' in exponent of numeric literal");
        assertThat(GoJson.syntaxError(raw("\"a\tb\""))).hasValue("invalid character '\\t' in string literal");
        assertThat(GoJson.syntaxError(raw("\"\\x\""))).hasValue("invalid character 'x' in string escape code");
        assertThat(GoJson.syntaxError(raw("\"\\u12g4\"")))
                .hasValue("invalid character 'g' in \\u hexadecimal character escape");
    }

    @Test
    void theEndOfTheInputIsASpaceSteppedThroughTheScanner() {
        // scanner.eof: inside a string the space is fine and the input ended; in an escape it is the wrong character
        assertThat(GoJson.syntaxError(raw("[1, {\"a\": [true"))).hasValue("unexpected end of JSON input");
        assertThat(GoJson.syntaxError(raw("{\"a\":"))).hasValue("unexpected end of JSON input");
        assertThat(GoJson.syntaxError(raw("\"\\"))).hasValue("invalid character ' ' in string escape code");
        assertThat(GoJson.syntaxError(raw("\"\\u12"))).hasValue("invalid character ' ' in \\u hexadecimal character escape");
        assertThat(GoJson.syntaxError(raw("1."))).hasValue("invalid character ' ' after decimal point in numeric literal");
    }

    @Test
    void aByteIsQuotedAsTheRuneOfItsValue() {
        // quoteChar(c byte): strconv.Quote(string(c)) reads the byte as a code point: é's first byte 0xc3 is 'Ã'
        assertThat(GoJson.syntaxError("é".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .hasValue("invalid character 'Ã' looking for beginning of value");
        assertThat(GoJson.syntaxError(new byte[] {(byte) 0x85})).hasValue("invalid character '\\u0085' looking for beginning of value");
        assertThat(GoJson.syntaxError(new byte[] {0x01})).hasValue("invalid character '\\x01' looking for beginning of value");
    }

    @Test
    void nestingPast10000LevelsIsRefusedAsGoRefusesIt() {
        // scanner.go maxNestingDepth: the 10,001st open bracket is the error; no depth overflows Java's stack
        String deepest = "[".repeat(10_000) + "]".repeat(10_000);
        assertThat(GoJson.syntaxError(raw(deepest))).isEmpty();
        assertThat(GoJson.syntaxError(raw("[".repeat(10_001) + "]".repeat(10_001))))
                .hasValue("invalid character '[' exceeded max depth");
        assertThat(GoJson.syntaxError(raw("{\"a\":".repeat(10_000) + "{" + "}".repeat(10_001))))
                .hasValue("invalid character '{' exceeded max depth");
        assertThat(GoJson.syntaxError(raw("[".repeat(1_000_000)))).hasValue("invalid character '[' exceeded max depth");
    }

    @Test
    void valuesPrintAsFmtPrintsThem() {
        assertThat(GoJson.format(json("{'name':'app','image':'nginx','ports':[{'containerPort':80}],'x':null}")))
                .isEqualTo("map[image:nginx name:app ports:[map[containerPort:80]] x:<nil>]");
        assertThat(GoJson.format(json("[1.5, 2, true, 1e21, 0.00001, 0.0001, 100000.0, 1234567.0, -2.5e-7]")))
                .isEqualTo("[1.5 2 true 1e+21 1e-05 0.0001 100000 1.234567e+06 -2.5e-07]");
    }

    @Test
    void typesAreTheDecodedGoTypes() {
        assertThat(GoJson.type(json("{}"))).isEqualTo("map[string]interface {}");
        assertThat(GoJson.type(json("[]"))).isEqualTo("[]interface {}");
        assertThat(GoJson.type(json("1"))).isEqualTo("int64");
        assertThat(GoJson.type(json("1.0"))).isEqualTo("float64");
        assertThat(GoJson.type(json("'a'"))).isEqualTo("string");
        assertThat(GoJson.type(json("null"))).isEqualTo("%!s(<nil>)");
    }
}
