package dev.peapod.assertions;

/** A file a container should have cannot be read: it is missing, a directory, or the container does not run. */
final class ShouldHaveFile extends PodFailure {

    private ShouldHaveFile(Subject subject, String path, String why, String timeline) {
        super("Expecting %s to have file %s, but: %s", timeline, unquoted(subject), unquoted(path), unquoted(why));
    }

    static ShouldHaveFile shouldHaveFile(Subject subject, String path, String why, String timeline) {
        return new ShouldHaveFile(subject, path, why, timeline);
    }
}
