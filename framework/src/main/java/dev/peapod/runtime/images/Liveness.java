package dev.peapod.runtime.images;

import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.shell.ShellProgram;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;

/**
 * {@code agnhost liveness} (kubernetes: test/images/agnhost/liveness/server.go): on :8080,
 * {@code /healthz} answers 200 "ok" while the process has run 10 s or less, then 500
 * "error: &lt;seconds&gt;"; {@code /started} answers the time since start; {@code /redirect?loc=} a 302.
 * The slow and disconnecting endpoints are not simulated (501, said in the body); other paths are Go's 404.
 */
final class Liveness extends GoServer {
    private static final Set<String> NOT_SIMULATED = Set.of("/sleep-headers", "/disconnect-headers", "/sleep-body",
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
            case "/redirect":
                return redirect(Http.query(target).getOrDefault("loc", ""));
            default:
                if (NOT_SIMULATED.contains(path)) {
                    return Http.reply(501, "peapod: agnhost liveness " + path + " is not simulated; script its answer in the test\n");
                }
                return Http.reply(404, Http.GO_NOT_FOUND);
        }
    }

    /**
     * http.Redirect(w, r, loc, 302) for a GET: a relative location is resolved against "/" (the
     * handler's directory) and cleaned; the body links to it (go: src/net/http/server.go Redirect).
     */
    static Response redirect(String location) {
        String url = location;
        if (!url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !url.startsWith("//")) {
            boolean trailing = url.endsWith("/");
            url = clean("/" + url);
            if (trailing && !url.endsWith("/")) {
                url += "/";
            }
        }
        String escaped = url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
        return Http.reply(302, "<a href=\"" + escaped + "\">Found</a>.\n\n");
    }

    /** Go's path.Clean for a rooted path: no empty, "." or ".." elements. */
    private static String clean(String path) {
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
