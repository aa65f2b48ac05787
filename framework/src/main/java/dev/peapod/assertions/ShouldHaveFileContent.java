package dev.peapod.assertions;

/** A container's file holds other bytes than expected; both are shown, quoted, so whitespace shows. */
final class ShouldHaveFileContent extends PodFailure {

    private ShouldHaveFileContent(Subject subject, String path, String expected, String actual, String timeline) {
        super("Expecting file %s in %s to contain:%n  %s%nbut it contained:%n  %s", timeline, unquoted(path), unquoted(subject),
                expected, actual);
    }

    static ShouldHaveFileContent shouldHaveFileContent(Subject subject, String path, String expected, String actual, String timeline) {
        return new ShouldHaveFileContent(subject, path, expected, actual, timeline);
    }
}
