package dev.peapod.assertions;

import java.time.Duration;

/** A fluent wait ({@code becomesReady().within(...)}) used up its virtual time. */
final class ShouldBecomeWithin extends PodFailure {

    private ShouldBecomeWithin(Subject subject, String toBecome, String limit, String at, String actual, Evidence timeline) {
        super("Expecting %s %s within %s of virtual time, but at %s %s.", timeline, unquoted(subject),
                unquoted(toBecome), unquoted(limit), unquoted(at), unquoted(actual));
    }

    static ShouldBecomeWithin shouldBecomeWithin(Subject subject, String toBecome, Duration limit, String at,
                                                 String actual, Evidence timeline) {
        return new ShouldBecomeWithin(subject, toBecome, VirtualTime.length(limit), at, actual, timeline);
    }

    static ShouldBecomeWithin shouldBecomeWithin(Subject subject, String toBecome, Duration limit, String at,
                                                 String actual, String timeline) {
        return shouldBecomeWithin(subject, toBecome, limit, at, actual, Evidence.of(timeline));
    }
}
