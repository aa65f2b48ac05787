package dev.peapod.assertions;

import java.util.List;

/**
 * What a pod failure says besides its own sentence: the virtual instant the check was made at, the
 * cause chain read from the timeline ({@link Causes}), and the pod's timeline. The instant and the
 * causes go into the first sentence, {@code Expecting ... by 00:00:35, but ...; cause; cause.}, so a
 * reader has the explanation before the timeline.
 *
 * @param by       the instant the check was made at, {@code 00:00:35}; empty for a Pod object (it has no clock)
 * @param causes   the clauses of the cause chain, oldest first; empty when the timeline explains nothing
 * @param timeline the pod's timeline, indented, for the lines after the sentence
 */
record Evidence(String by, List<String> causes, String timeline) {

    Evidence {
        by = by == null ? "" : by;
        causes = List.copyOf(causes);
    }

    /** A timeline alone: the sentence is the factory's own. */
    static Evidence of(String timeline) {
        return new Evidence("", List.of(), timeline);
    }

    /** The same evidence without the instant: for a wait, whose sentence says its own ({@code but at 00:00:35 ...}). */
    Evidence withoutInstant() {
        return new Evidence("", causes, timeline);
    }

    /** The factory's sentence with the instant after the expectation and the causes before its full stop. */
    String sentence(String format) {
        String sentence = format;
        if (!by.isEmpty()) {
            int but = sentence.indexOf(", but ");
            if (but >= 0) {
                sentence = sentence.substring(0, but) + " by " + escape(by) + sentence.substring(but);
            }
        }
        if (!causes.isEmpty() && sentence.endsWith(".")) {
            List<String> clauses = causes.stream().map(c -> c.endsWith(".") ? c.substring(0, c.length() - 1) : c).toList();
            sentence = sentence.substring(0, sentence.length() - 1) + "; " + escape(String.join("; ", clauses)) + ".";
        }
        return sentence;
    }

    /** The words go into a format string. */
    private static String escape(String text) {
        return text.replace("%", "%%");
    }
}
