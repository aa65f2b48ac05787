package dev.peapod.runtime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cases from third_party/forked/golang/expansion/expand_test.go. */
class ExpansionTest {
    private static final Map<String, String> VARS = Map.of("VAR_A", "A", "VAR_B", "B", "VAR_EMPTY", "");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "$(VAR_A)|A",
            "___$(VAR_B)___|___B___",
            "$(VAR_A)-$(VAR_A)|A-A",
            "$(VAR_EMPTY)x|x",
            "$(UNKNOWN)|$(UNKNOWN)",
            "$$(VAR_A)|$(VAR_A)",
            "$$|$",
            "$|$",
            "a$b|a$b",
            "$(VAR_A|$(VAR_A",
            "f000-$$VAR_A|f000-$VAR_A",
            "$(VAR_A)$$(VAR_B)|A$(VAR_B)"})
    void expandsLikeUpstream(String input, String expected) {
        assertThat(Expansion.expand(input, VARS)).isEqualTo(expected);
    }
}
