package dev.peapod.runtime.images;

import dev.peapod.core.BoundedMemo;

import dev.peapod.core.PeapodException;
import dev.peapod.runtime.Program;
import dev.peapod.runtime.shell.Network;
import org.apiguardian.api.API;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The image profiles a cluster knows: Peapod's built-in ones, then the users' (YAML files, Java SPI
 * through {@code dev.peapod.spi.ImageProfileProvider.loadAll}, programmatic). A later profile for the same name wins, so users replace built-ins. Immutable: each
 * {@code with...} method returns a new registry.
 *
 * <p>The runtime asks two things: {@link #lookup} (an image's entrypoint, cmd, env and files) and
 * {@link #program} (what a container's command line runs in it; empty means "not known here": fall
 * back to the default server, DESIGN §6). Wired, it reads:
 * <pre>{@code
 * ImageProfiles profiles = ImageProfiles.builtIn()
 *         .with(ImageProfileProvider.loadAll(classLoader))           // Java SPI
 *         .withYaml(Path.of("src/test/resources/image-profiles.yaml")); // a team's file
 * Optional<ImageProfile> image = profiles.lookup(spec.getImage());    // env and files to lay down
 * Optional<Program> program = profiles.program(spec.getImage(), spec.getCommand(), spec.getArgs(),
 *         podHostname, network);                                        // empty: the next rule
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ImageProfiles {
    private final List<ImageProfile> profiles;   // in registration order: later wins

    private ImageProfiles(List<ImageProfile> profiles) {
        this.profiles = List.copyOf(profiles);
    }

    /** Peapod's profiles: pause, busybox, alpine, debian, ubuntu, nginx, httpd and agnhost. */
    public static ImageProfiles builtIn() {
        return BUILT_IN;
    }

    /** Built once: profiles are immutable, and every cluster starts from them. */
    private static final ImageProfiles BUILT_IN = new ImageProfiles(BuiltInProfiles.all());

    /** No profile at all: every image is unknown. */
    public static ImageProfiles none() {
        return new ImageProfiles(List.of());
    }

    /** These profiles after the current ones (they win for the names they share). */
    public ImageProfiles with(ImageProfile... more) {
        return with(List.of(more));
    }

    /**
     * These profiles after the current ones (they win for the names they share); for the Java SPI:
     * {@code with(ImageProfileProvider.loadAll(classLoader))}.
     */
    public ImageProfiles with(List<ImageProfile> more) {
        List<ImageProfile> all = new ArrayList<>(profiles);
        all.addAll(more);
        return new ImageProfiles(all);
    }

    /**
     * The profiles of a YAML file, after the current ones. The format:
     * <pre>
     * profiles:
     *   - image: registry.example.com/team/api        # every tag; team/api:2 for one tag; or images: [a, b]
     *     entrypoint: ["/app/server"]                 # the image config's ENTRYPOINT
     *     cmd: ["--port=8080"]                        # and CMD
     *     env: {APP_ENV: test}
     *     shell: true                                 # the image has /bin/sh (default false)
     *     files:
     *       /etc/app/config.yaml: |
     *         mode: test
     *       /app/start.sh: {content: "#!/bin/sh\n", mode: "0755"}
     *     ports:
     *       - port: 8080
     *         http:
     *           /healthz: 200
     *           /ready: {status: 503, body: warming up}
     *       - port: 9090                              # no http: 200 on every path
     *     onSigterm: exit 0 after 5s                  # or "exit 143", or "ignore"; default "exit 0"
     * </pre>
     * The profile's program runs when the container's command line starts the image's own
     * executable (the entrypoint's, else the cmd's; every command line when neither is given): it
     * listens on the ports, answers the declared paths (404 elsewhere on a port with {@code http}),
     * succeeds exec commands (or runs them in Peapod's shell with {@code shell: true}) and treats
     * SIGTERM as {@code onSigterm} says. With {@code shell: true}, {@code sh}/{@code bash} command
     * lines run in Peapod's shell.
     *
     * @throws PeapodException naming the file and the field when the file cannot be read or is wrong; nothing is added then
     */
    public ImageProfiles withYaml(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PeapodException("cannot read image profiles from " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "; check the path, relative to " + Path.of("").toAbsolutePath(), e);
        }
        return withYaml(file.toString(), text);
    }

    /** The profiles of YAML text, after the current ones; {@code source} names it in errors. */
    public ImageProfiles withYaml(String source, String yaml) {
        return with(ProfileYaml.parse(source, yaml));
    }

    /** Every profile, in the order they were added. */
    public List<ImageProfile> all() {
        return profiles;
    }

    /**
     * The profile for an image reference in any form ({@code nginx}, {@code nginx:1.27},
     * {@code docker.io/library/nginx@sha256:...}, {@code registry.k8s.io/e2e-test-images/agnhost:2.53}):
     * a name with the same tag beats a name for every tag; among equals, the last added wins.
     */
    public Optional<ImageProfile> lookup(String image) {
        if (image == null) {
            return find(null); // refused as before (ImageReference.parse); a concurrent map takes no null key
        }
        return looked.get(image);
    }

    /**
     * The answers of {@link #lookup} so far, by image string: each container start asks (its env, files and
     * command line), and matching parses every profile's names and the image. The profiles never change,
     * so neither do the answers. Concurrent: the built-in registry is shared by every cluster in the JVM.
     * Bounded, for a JVM that runs clusters with ever new image names.
     */
    private final BoundedMemo<String, Optional<ImageProfile>> looked = new BoundedMemo<>(4096, this::find);

    private Optional<ImageProfile> find(String image) {
        ImageProfile best = null;
        int bestScore = 0;
        for (ImageProfile profile : profiles) {
            int score = profile.matches(image);
            if (score > 0 && score >= bestScore) {
                best = profile;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The program a container of {@code image} runs for its {@code command} and {@code args}: the
     * image's entrypoint and cmd applied ({@link ImageProfile#effectiveCommandLine}), then the
     * profile's programs. Empty when the image has no profile or its profile does not know the
     * program: the caller falls back to the default server.
     *
     * @param hostname what the program reports as its hostname: the pod's name
     * @param network  where {@code wget}/{@code curl} in the container's shell go
     * @throws dev.peapod.runtime.shell.ShellException when the command line is a {@code sh -c} script Peapod's shell cannot run
     */
    public Optional<Program> program(String image, List<String> command, List<String> args, String hostname, Network network) {
        Optional<ImageProfile> profile = lookup(image);
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        // an empty line (no command, no args, no entrypoint or cmd in the profile) still reaches the
        // profile's programs: a user's profile that does not say what the image runs runs its program
        List<String> line = profile.get().commandLine(command, args);
        return profile.get().programs().program(new Launch(image, line, hostname, network));
    }
}
