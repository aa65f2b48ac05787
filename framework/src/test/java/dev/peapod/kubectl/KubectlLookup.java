package dev.peapod.kubectl;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the kubectl the kubectl suite runs, in this order:
 * <ol>
 *   <li>the JUnit configuration parameter {@value #PARAMETER} (a path), then the environment variable
 *       {@value #VARIABLE}, which {@code .ci/run} exports: when one is set, it alone decides;</li>
 *   <li>Debian's kubernetes-client as {@code .ci/run} unpacks it, under {@code $XDG_CACHE_HOME} or
 *       {@code ~/.cache}: {@code peapod/kubernetes-client/usr/bin/kubectl}, so that a developer who ran the
 *       script once gets it without exporting anything;</li>
 *   <li>{@code kubectl} on {@code PATH}.</li>
 * </ol>
 * It only looks at files; {@link KubectlExtension} then runs the one found to learn its version.
 */
final class KubectlLookup {
    static final String PARAMETER = "peapod.kubectl";
    static final String VARIABLE = "PEAPOD_KUBECTL";
    static final Path CACHED = Path.of("peapod", "kubernetes-client", "usr", "bin", "kubectl");

    /** Where a kubectl was found and by which rule, or why none was. */
    sealed interface Outcome permits Found, Missing {}

    record Found(Path executable, String source) implements Outcome {}

    record Missing(String reason) implements Outcome {}

    private KubectlLookup() {}

    /**
     * @param parameter the JUnit configuration parameter {@value #PARAMETER}, if given
     * @param env the process environment (read: {@value #VARIABLE}, {@code XDG_CACHE_HOME}, {@code HOME}, {@code PATH})
     */
    static Outcome find(Optional<String> parameter, Map<String, String> env) {
        Optional<Outcome> explicit = parameter.filter(p -> !p.isBlank()).map(p -> explicit(PARAMETER, p))
                .or(() -> Optional.ofNullable(env.get(VARIABLE)).filter(p -> !p.isBlank()).map(p -> explicit(VARIABLE, p)));
        if (explicit.isPresent()) return explicit.get();
        List<String> looked = new ArrayList<>(1);
        Optional<Path> cache = cacheRoot(env).map(root -> root.resolve(CACHED));
        if (cache.isPresent()) {
            if (isExecutableFile(cache.get())) return new Found(cache.get(), "the .ci/run cache folder");
            looked.add(cache.get().toString());
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, "kubectl");
            if (isExecutableFile(candidate)) return new Found(candidate, "PATH");
        }
        String cached = looked.isEmpty() ? "" : "none at " + looked.get(0) + ", ";
        return new Missing("no kubectl: " + VARIABLE + " is not set, " + cached + "none on PATH (" + path + "); run "
                + ".ci/run once to unpack Debian's kubernetes-client, or set " + VARIABLE);
    }

    private static Outcome explicit(String name, String value) {
        Path path = Path.of(value);
        return isExecutableFile(path) ? new Found(path, name)
                : new Missing(name + "=" + value + " is not an executable file");
    }

    private static Optional<Path> cacheRoot(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Optional.of(Path.of(xdg));
        String home = env.get("HOME");
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, ".cache"));
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
