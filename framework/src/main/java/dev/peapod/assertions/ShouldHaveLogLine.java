package dev.peapod.assertions;

import java.util.List;

/** No line of a container's current log is the expected one; the log is shown as it is, or why there is none. */
final class ShouldHaveLogLine extends PodFailure {

    private ShouldHaveLogLine(Subject subject, String line, String actual, String timeline) {
        super("Expecting the log of %s to have the line:%n  %s%nbut %s", timeline, unquoted(subject), line, unquoted(actual));
    }

    static ShouldHaveLogLine shouldHaveLogLine(Subject subject, String line, List<String> lines, String timeline) {
        return new ShouldHaveLogLine(subject, line, lines.isEmpty() ? "it was empty." : "its lines were:\n" + indent(lines), timeline);
    }

    /** The log cannot be read: {@code why} is kubectl's error. */
    static ShouldHaveLogLine shouldHaveLogLine(Subject subject, String line, String why, String timeline) {
        return new ShouldHaveLogLine(subject, line, "there is none: " + why, timeline);
    }

    private static String indent(List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append("  ").append(line).append('\n');
        }
        return text.toString().stripTrailing();
    }
}
