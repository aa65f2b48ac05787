package dev.peapod.runtime.images;

import dev.peapod.runtime.Program;
import dev.peapod.runtime.shell.Network;

import java.util.List;
import java.util.Optional;

/** Starts a built-in image's program on a fake process, as the runtime will. */
final class Images {
    static final ImageProfiles BUILT_IN = ImageProfiles.builtIn();
    static final String POD = "web-0";

    private Images() {
    }

    static Optional<Program> program(String image, List<String> command, List<String> args) {
        return BUILT_IN.program(image, command, args, POD, Network.none());
    }

    /** The image's files laid down and its program started for {@code command} and {@code args}. */
    static FakeProcess run(String image, List<String> command, List<String> args) {
        Program program = program(image, command, args).orElseThrow(() -> new AssertionError("no program for " + image));
        return new FakeProcess().withImage(BUILT_IN.lookup(image).orElseThrow()).start(program);
    }

    static FakeProcess run(String image) {
        return run(image, null, null);
    }
}
