package dev.peapod.cucumber;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code {instants}}: the seconds a step lists, e.g. "restarted at 18, 36, 54 and 92 seconds". */
class InstantsParameterTest {
    private final ParameterTypes types = new ParameterTypes(new PeapodWorld());

    @Test
    void oneTwoOrManyInstantsReadAsSecondsSinceTheClusterStarted() {
        assertThat(types.instants("50")).containsExactly(ofSeconds(50));
        assertThat(types.instants("50 and 100")).containsExactly(ofSeconds(50), ofSeconds(100));
        assertThat(types.instants("0, 18, 36 and 92")).containsExactly(ofSeconds(0), ofSeconds(18), ofSeconds(36), ofSeconds(92));
    }

    @Test
    void durationsTooLongForTheClockAreRefusedNamingWhatTheStepSaid() {
        assertThatThrownBy(() -> types.duration("99999999999999999999", "hours"))
                .isInstanceOf(dev.peapod.core.PeapodException.class)
                .hasMessage("duration \"99999999999999999999 hours\" must be at most 365250 days (a thousand years of virtual time)");
        assertThatThrownBy(() -> types.duration("9000000", "hours"))
                .hasMessage("duration \"9000000 hours\" must be at most 365250 days (a thousand years of virtual time),"
                        + " but was 9000000h");
        assertThatThrownBy(() -> types.instants("5 and 99999999999999999999"))
                .hasMessage("duration \"99999999999999999999 seconds\" must be at most 365250 days (a thousand years of"
                        + " virtual time)");
        assertThat(types.duration("90", "s")).isEqualTo(ofSeconds(90));
    }

    @Test
    void theStepTextMatchesWithTheSecondsUnitSingularOrPlural() throws NoSuchMethodException {
        // given
        String regex = ParameterTypes.class.getMethod("instants", String.class)
                .getAnnotation(io.cucumber.java.ParameterType.class).value();
        // when / then
        assertThat(Pattern.compile(regex).matcher("1 second").matches()).isTrue();
        assertThat(Pattern.compile(regex).matcher("18, 36, 54 and 92 seconds").matches()).isTrue();
        assertThat(Pattern.compile(regex).matcher("18 and 36 minutes").matches()).isFalse();
    }
}
