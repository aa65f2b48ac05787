package dev.peapod.admission;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DNS-1123 checks answer a valid name without the regex engine (issue #13); the answer must be
 * the regex's for every name, and a refusal still the regex path's words.
 */
class NamesTest {
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    @Test
    void theSubdomainCheckAgreesWithTheRegexOnEdgeCases() {
        for (String name : List.of("", "a", "0", "-", "a-", "-a", "a-b", "a--b", "a.b", "a..b", ".a", "a.", "a.-b", "a-.b",
                "web-1.18a2b3c4d5e6f708", "Web", "a_b", "a b", "é", "a.b.c", "1.2.3", "a\u0000b", "ab-c.d-e")) {
            // when
            boolean fast = Names.isDns1123Subdomain(name);
            // then
            assertThat(fast).as(name).isEqualTo(SUBDOMAIN.matcher(name).matches());
        }
    }

    @Test
    void validNamesHaveNoErrorsAndInvalidOnesKeepTheRegexWords() {
        // given
        String long64 = "a".repeat(64);
        // then
        assertThat(Names.dns1123Subdomain("web-1.18a2b3c4d5e6f708")).isEmpty();
        assertThat(Names.dns1123Label("web-1")).isEmpty();
        assertThat(Names.dns1123Label("a.b")).containsExactly("must not contain dots");
        assertThat(Names.dns1123Label(long64)).containsExactly("must be no more than 63 characters");
        assertThat(Names.dns1123Subdomain("a".repeat(254))).containsExactly("must be no more than 253 characters");
        assertThat(Names.dns1123Subdomain("Web")).singleElement().asString()
                .startsWith("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters");
    }
}
