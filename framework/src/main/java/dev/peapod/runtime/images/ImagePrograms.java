package dev.peapod.runtime.images;

import dev.peapod.runtime.Program;
import org.apiguardian.api.API;

import java.util.Optional;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Which {@link Program} a command line starts in an image. Empty when the image does not know the
 * program: the caller then falls back to the next behaviour rule (DESIGN §6: the default server).
 * Called on the cluster's event loop, once per container start; each call returns a new program.
 */
@API(status = EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface ImagePrograms {
    Optional<Program> program(Launch launch);

    /** An image that knows no program of its own. */
    static ImagePrograms none() {
        return launch -> Optional.empty();
    }

    /** This image's programs, then {@code other}'s for what this one does not know. */
    default ImagePrograms orElse(ImagePrograms other) {
        return launch -> {
            Optional<Program> mine = program(launch);
            return mine.isPresent() ? mine : other.program(launch);
        };
    }
}
