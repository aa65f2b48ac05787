package dev.peapod.runtime.images;

import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What an image is, as far as a simulated container needs it: the names it answers to, its config's
 * entrypoint, default command (cmd) and environment, the files it brings, how its main process treats
 * SIGTERM, and which programs its command lines start.
 *
 * <p>A name without a tag ({@code nginx}, {@code registry.k8s.io/e2e-test-images/agnhost}) matches
 * the repository with any tag or digest; a name with a tag ({@code myorg/app:2}) matches only that
 * tag. Names are compared fully qualified, so {@code nginx}, {@code library/nginx} and
 * {@code docker.io/library/nginx} are one repository.
 *
 * <p>Immutable: each {@code with...} method returns a new profile.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ImageProfile(List<String> names, List<String> entrypoint, List<String> cmd, Map<String, String> env,
                           Map<String, ImageFile> files, OnSigterm onSigterm, ImagePrograms programs,
                           dev.peapod.runtime.Signal stopSignal) {
    public ImageProfile {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("an image profile needs at least one image name");
        }
        names.forEach(ImageReference::parse);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        files = Collections.unmodifiableMap(new TreeMap<>(files));
        files.keySet().forEach(path -> {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("an image file's path must be absolute, got \"" + path + "\"");
            }
        });
        Objects.requireNonNull(onSigterm, "onSigterm");
        Objects.requireNonNull(programs, "programs");
        Objects.requireNonNull(stopSignal, "stopSignal");
    }

    /** A profile whose image stops with SIGTERM (no STOPSIGNAL in its config). */
    public ImageProfile(List<String> names, List<String> entrypoint, List<String> cmd, Map<String, String> env,
                        Map<String, ImageFile> files, OnSigterm onSigterm, ImagePrograms programs) {
        this(names, entrypoint, cmd, env, files, onSigterm, programs, dev.peapod.runtime.Signal.SIGTERM);
    }

    /**
     * A profile for {@code image} (and its other names) with no entrypoint, cmd, env or files, whose
     * process exits 0 on SIGTERM and that knows no program: add what the image has with the
     * {@code with...} methods.
     */
    public static ImageProfile of(String image, String... otherNames) {
        List<String> names = new ArrayList<>();
        names.add(image);
        names.addAll(List.of(otherNames));
        return new ImageProfile(names, List.of(), List.of(), Map.of(), Map.of(), OnSigterm.exit(0), ImagePrograms.none());
    }

    public ImageProfile withEntrypoint(String... entrypoint) {
        return new ImageProfile(names, List.of(entrypoint), cmd, env, files, onSigterm, programs, stopSignal);
    }

    public ImageProfile withCmd(String... cmd) {
        return new ImageProfile(names, entrypoint, List.of(cmd), env, files, onSigterm, programs, stopSignal);
    }

    /** One more variable of the image's config ({@code PATH=...}); a name given twice keeps the last value. */
    public ImageProfile withEnv(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(env);
        more.put(name, value);
        return new ImageProfile(names, entrypoint, cmd, more, files, onSigterm, programs, stopSignal);
    }

    public ImageProfile withFile(String path, ImageFile file) {
        Map<String, ImageFile> more = new TreeMap<>(files);
        more.put(path, file);
        return new ImageProfile(names, entrypoint, cmd, env, more, onSigterm, programs, stopSignal);
    }

    public ImageProfile withOnSigterm(OnSigterm onSigterm) {
        return new ImageProfile(names, entrypoint, cmd, env, files, onSigterm, programs, stopSignal);
    }

    /**
     * The image config's STOPSIGNAL (docker-nginx: SIGQUIT, httpd: SIGWINCH): what the runtime sends
     * when it stops the container, in place of SIGTERM.
     */
    public ImageProfile withStopSignal(dev.peapod.runtime.Signal stopSignal) {
        return new ImageProfile(names, entrypoint, cmd, env, files, onSigterm, programs, stopSignal);
    }

    public ImageProfile withPrograms(ImagePrograms programs) {
        return new ImageProfile(names, entrypoint, cmd, env, files, onSigterm, programs, stopSignal);
    }

    /**
     * How well this profile matches {@code image}: 2 for a name with the same tag, 1 for a name that
     * stands for every tag of the repository, 0 for none.
     */
    public int matches(String image) {
        int best = 0;
        for (String name : names) {
            best = Math.max(best, ImageReference.match(name, image));
        }
        return best;
    }

    /** The command line a container of this image runs: {@link #effectiveCommandLine(ImageProfile, List, List)}. */
    public List<String> commandLine(List<String> command, List<String> args) {
        return effectiveCommandLine(this, command, args);
    }

    /**
     * The command line the runtime starts for a container's {@code command} and {@code args} on an
     * image, by Docker's ENTRYPOINT/CMD rules as containerd's CRI applies them (containerd:
     * internal/cri/opts/spec_opts.go WithProcessArgs, "migrated from moby/daemon/commit.go";
     * the kubelet passes command and args through, pkg/kubelet/kuberuntime/kuberuntime_container.go
     * generateContainerConfig):
     * <ul>
     *   <li>neither: the image's entrypoint, then its cmd;</li>
     *   <li>args only: the image's entrypoint, then args (the cmd is dropped);</li>
     *   <li>command only: command alone (the entrypoint and the cmd are dropped);</li>
     *   <li>both: command, then args.</li>
     * </ul>
     * An empty list (a container with an empty command line), as in protobuf, is no list: it does
     * not override. An entrypoint of one empty string ({@code ENTRYPOINT [""]}) counts as none.
     * The result is empty when nothing is left, where containerd fails the container with
     * "no command specified".
     *
     * @param profile the image's profile, or null when the image's config is unknown (no entrypoint, no cmd)
     */
    public static List<String> effectiveCommandLine(ImageProfile profile, List<String> command, List<String> args) {
        List<String> entrypoint = profile == null ? List.of() : profile.entrypoint();
        List<String> cmd = profile == null ? List.of() : profile.cmd();
        List<String> finalCommand = command == null ? List.of() : command;
        List<String> finalArgs = args == null ? List.of() : args;
        if (finalCommand.isEmpty()) {
            if (finalArgs.isEmpty()) {
                finalArgs = cmd;
            }
            if (!(entrypoint.size() == 1 && entrypoint.get(0).isEmpty())) {
                finalCommand = entrypoint;
            }
        }
        List<String> line = new ArrayList<>(finalCommand);
        line.addAll(finalArgs);
        return List.copyOf(line);
    }
}
