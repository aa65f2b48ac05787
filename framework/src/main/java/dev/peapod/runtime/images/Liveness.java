package dev.peapod.runtime.images;

import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.shell.ShellProgram;

import java.time.Duration;
import java.util.Set;

/**
 * {@code agnhost liveness} (kubernetes: test/images/agnhost/liveness/server.go): on :8080,
 * {@code /healthz} answers 200 "ok" while the process has run 10 s or less, then 500
 * "error: &lt;seconds&gt;"; {@code /started} answers the time since start. The slow and disconnecting
 * endpoints are not simulated (501, said in the body); other paths are Go's 404.
 */
final class Liveness extends GoServer {
    private static final Set<String> NOT_SIMULATED = Set.of("/redirect", "/sleep-headers", "/disconnect-headers", "/sleep-body",
            "/disconnect-body", "/slow-response");

    Liveness(ShellProgram shell) {
        super(Set.of(8080), shell);
    }

    @Override
    Response http(ProcessContext process, int port, String target) {
        String path = Http.path(target);
        Duration running = Duration.between(process.startedAt(), process.now());
        switch (path) {
            case "/started":
                return Http.ok(GoFormat.duration(running));
            case "/healthz":
                double seconds = running.toNanos() / 1e9;
                return seconds > 10 ? Http.reply(500, "error: " + GoFormat.float64(seconds)) : Http.ok("ok");
            default:
                if (NOT_SIMULATED.contains(path)) {
                    return Http.reply(501, "peapod: agnhost liveness " + path + " is not simulated; script its answer in the test\n");
                }
                return Http.reply(404, Http.GO_NOT_FOUND);
        }
    }
}
