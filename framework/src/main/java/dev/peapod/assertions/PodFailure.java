package dev.peapod.assertions;

import org.assertj.core.error.BasicErrorMessageFactory;

import java.util.Arrays;

/**
 * The shape every pod failure shares: the factory's own sentence, then the pod's timeline in
 * virtual time, so a failure shows what happened before it and not only what was wrong. Given
 * {@link Evidence} with an instant and causes, the sentence is causal: {@code Expecting ... by
 * 00:00:35, but ...; its liveness probe failed at 00:00:30 (failureThreshold 3 not reached).}
 * Arguments are formatted by AssertJ: strings are quoted, {@link #unquoted} ones are not.
 */
abstract class PodFailure extends BasicErrorMessageFactory {

    PodFailure(String format, String timeline, Object... arguments) {
        this(format, Evidence.of(timeline), arguments);
    }

    PodFailure(String format, Evidence evidence, Object... arguments) {
        super(evidence.sentence(format) + "\nTimeline (virtual time):\n%s", with(arguments, unquotedString(evidence.timeline())));
    }

    /** Pod names, phases, reasons and our own phrases go in as they are. */
    static CharSequence unquoted(Object text) {
        return unquotedString(String.valueOf(text));
    }

    private static Object[] with(Object[] arguments, Object last) {
        Object[] all = Arrays.copyOf(arguments, arguments.length + 1);
        all[arguments.length] = last;
        return all;
    }
}
