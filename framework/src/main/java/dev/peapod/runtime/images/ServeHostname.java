package dev.peapod.runtime.images;

import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.Signal;
import dev.peapod.runtime.shell.ShellProgram;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code agnhost serve-hostname} (kubernetes: test/images/agnhost/serve-hostname/serve_hostname.go):
 * answers the pod's hostname on {@code --port} (9376), over HTTP by default, or raw over TCP with
 * {@code --tcp --http=false}. It handles SIGTERM: it logs, waits 60 s "awaiting pod deletion", then
 * returns from main with 0 (a grace period under 60 s ends it with SIGKILL first). UDP is not simulated.
 */
final class ServeHostname extends GoServer {
    private final String hostname;
    private final int port;
    private final boolean http;
    private boolean terminating;

    /** {@code http} or {@code tcp}: listens on {@code port}; neither (UDP only): no TCP port. */
    ServeHostname(int port, boolean http, boolean tcp, String hostname, ShellProgram shell) {
        super(http || tcp ? Set.of(port) : Set.of(), shell);
        this.port = port;
        this.http = http;
        this.hostname = hostname;
    }

    static CobraFlags flags(List<String> args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("tcp", "false");
        defaults.put("udp", "false");
        defaults.put("http", "true");
        defaults.put("close", "false");
        defaults.put("port", "9376");
        return CobraFlags.parse(args, defaults, Set.of("port"), Set.of("tcp", "udp", "http", "close"));
    }

    @Override
    void started(ProcessContext process) {
        log(process, "Serving on port " + port + ".");
    }

    @Override
    Response http(ProcessContext process, int port, String target) {
        if (!http) {
            return Response.hanging(); // raw TCP: the hostname and a close, no HTTP answer
        }
        return Http.ok(hostname); // fmt.Fprintf(w, "%s", hostname) for every path
    }

    @Override
    public void onSignal(ProcessContext process, Signal signal) {
        if (terminating) {
            return; // the channel holds one signal; later ones are caught by Notify and dropped
        }
        terminating = true;
        log(process, "Shutting down after receiving signal: terminated.");
        log(process, "Awaiting pod deletion.");
        process.exitAfter(Duration.ofSeconds(60), 0);
    }
}
