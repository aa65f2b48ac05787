package dev.peapod.kubelet;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** client-go flowcontrol.Backoff as the kubelet configures it (k8s.io/client-go/util/flowcontrol/backoff_test.go). */
class BackoffTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void crashLoopDoublesFromTenSecondsToTheFiveMinuteCap() {
        // given
        Backoff backoff = Backoff.crashLoop();
        // when / then: 10, 20, 40, 80, 160, 300, 300 s
        long[] expected = {10, 20, 40, 80, 160, 300, 300};
        for (int i = 0; i < expected.length; i++) {
            backoff.next("app", at(i), at(i));
            assertThat(backoff.get("app")).isEqualTo(Duration.ofSeconds(expected[i]));
        }
        assertThat(backoff.get("other")).isZero();
    }

    @Test
    void crashLoopIsInBackOffSinceTheExitUntilTheBackOffHasPassed() {
        // given: a restart decided at 0 s for an exit at 0 s
        Backoff backoff = Backoff.crashLoop();
        backoff.next("app", at(0), at(0));
        // when / then: an exit at 5 s waits until 15 s
        assertThat(backoff.isInBackOffSince("app", at(5), at(14))).isTrue();
        assertThat(backoff.isInBackOffSince("app", at(5), at(15))).isFalse();
    }

    @Test
    void crashLoopEntryExpiresWhenTheExitComesMoreThanSixHundredSecondsAfterTheLastUpdate() {
        // given: the back-off grown to 40 s, last updated at 20 s
        Backoff backoff = Backoff.crashLoop();
        backoff.next("app", at(0), at(0));
        backoff.next("app", at(10), at(10));
        backoff.next("app", at(20), at(20));
        // when / then: an exit at 620 s is still in back-off, one at 621 s starts again at 10 s (errata A-6)
        assertThat(backoff.isInBackOffSince("app", at(620), at(621))).isTrue();
        assertThat(backoff.isInBackOffSince("app", at(621), at(622))).isFalse();
        backoff.next("app", at(621), at(621));
        assertThat(backoff.get("app")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void imagePullIsInBackOffSinceTheLastUpdateAndExpiresAfterTwiceTheCap() {
        // given: failed pulls at 0 and 10 s: 10 then 20 s
        Backoff backoff = Backoff.imagePull();
        backoff.next("nginx", at(0), at(0));
        backoff.next("nginx", at(10), at(10));
        // when / then
        assertThat(backoff.isInBackOffSinceUpdate("nginx", at(29))).isTrue();
        assertThat(backoff.isInBackOffSinceUpdate("nginx", at(30))).isFalse();
        backoff.next("nginx", at(611), at(611)); // 601 s after the last update: more than 2 x 300 s
        assertThat(backoff.get("nginx")).isEqualTo(Duration.ofSeconds(10));
    }
}
