package dev.peapod.assertions;

import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * The message of a {@link WaitTimeoutError}: which wait, how long and when, then what still did not
 * hold. A pod condition adds the pod's state and timeline; an assertion adds its last failure,
 * which carries the timeline itself when it came from a {@link PodAssert}.
 */
final class WaitTimedOut extends BasicErrorMessageFactory {
    private static final String HEAD = "Wait \"%s\" timed out after %s of virtual time (%s to %s)";

    private WaitTimedOut(String format, Object... arguments) {
        super(format, arguments);
    }

    /** A condition from {@link Conditions}: it knows its pod. */
    static WaitTimedOut waitTimedOut(WaitSettings wait, String from, String to, Subject subject, String toBe,
                                     String actual, String timeline) {
        return new WaitTimedOut(HEAD + ": expecting %s %s, but %s.\nTimeline (virtual time):\n%s", unquotedString(wait.alias()),
                length(wait), unquotedString(from), unquotedString(to), unquotedString(subject.toString()),
                unquotedString(toBe), unquotedString(actual), unquotedString(timeline));
    }

    /** Any other condition: all there is to say is that it stayed false. */
    static WaitTimedOut waitTimedOut(WaitSettings wait, String from, String to) {
        return new WaitTimedOut(HEAD + ": the condition was still false.", unquotedString(wait.alias()), length(wait),
                unquotedString(from), unquotedString(to));
    }

    /** {@code untilAsserted}: the last failure's own message follows. */
    static WaitTimedOut waitTimedOut(WaitSettings wait, String from, String to, AssertionError lastFailure) {
        return new WaitTimedOut(HEAD + "; the last check failed with:\n%s", unquotedString(wait.alias()), length(wait),
                unquotedString(from), unquotedString(to), unquotedString(String.valueOf(lastFailure.getMessage())));
    }

    private static CharSequence length(WaitSettings wait) {
        return unquotedString(VirtualTime.length(wait.atMost()));
    }
}
