package dev.peapod.assertions;

/** A container's file holds other bytes than expected; both are shown, quoted, so whitespace shows. */
final class ShouldHaveFileContent extends PodFailure {

    private ShouldHaveFileContent(Subject subject, String path, String expected, String actual, String timeline) {
        super("Expecting file %s in %s to contain:%n  %s%nbut it contained:%n  %s", timeline, unquoted(path), unquoted(subject),
                expected, actual);
    }

    private ShouldHaveFileContent(String format, Subject subject, String path, String text, String actual, String timeline) {
        super(format, timeline, unquoted(path), unquoted(subject), text, actual);
    }

    /** The file does not hold {@code text} anywhere. */
    static ShouldHaveFileContent shouldIncludeText(Subject subject, String path, String text, String actual, String timeline) {
        return new ShouldHaveFileContent("Expecting file %s in %s to include:%n  %s%nbut it contained:%n  %s", subject, path, text,
                actual, timeline);
    }

    static ShouldHaveFileContent shouldHaveFileContent(Subject subject, String path, String expected, String actual, String timeline) {
        return new ShouldHaveFileContent(subject, path, expected, actual, timeline);
    }
}
