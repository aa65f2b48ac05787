package dev.peapod.runtime.images;

import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.shell.ShellProgram;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code agnhost grpc-health-checking} (kubernetes: test/images/agnhost/grpc-health-checking/grpc-health-checking.go):
 * the gRPC health service on {@code --port} (5000) answers SERVING for the configured
 * {@code --service} (default "") until {@code --delay-unhealthy-sec} (negative: never) has passed,
 * NOT_SERVING after, or as soon as {@code /make-not-serving} was called on {@code --http-port}
 * (8080) (until {@code /make-serving}); another service name is the NotFound error "unknown service",
 * given here as the status NOT_FOUND.
 */
final class GrpcHealthChecking extends GoServer {
    private final int grpcPort;
    private final int httpPort;
    private final int delayUnhealthySec;
    private final String service;
    private Boolean forceUnhealthy;   // null until /make-serving or /make-not-serving

    GrpcHealthChecking(CobraFlags flags, ShellProgram shell) {
        super(Set.of(flags.integer("port"), flags.integer("http-port")), shell);
        this.grpcPort = flags.integer("port");
        this.httpPort = flags.integer("http-port");
        this.delayUnhealthySec = flags.integer("delay-unhealthy-sec");
        this.service = flags.string("service");
    }

    static CobraFlags flags(List<String> args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("port", "5000");
        defaults.put("http-port", "8080");
        defaults.put("delay-unhealthy-sec", "-1");
        defaults.put("service", "");
        return CobraFlags.parse(args, defaults, Set.of("port", "http-port", "delay-unhealthy-sec"), Set.of());
    }

    @Override
    void started(ProcessContext process) {
        log(process, "Http server starting to listen on :" + httpPort);
        log(process, "gRPC server starting to listen on :" + grpcPort);
    }

    @Override
    Response http(ProcessContext process, int port, String target) {
        if (port != httpPort) {
            return Response.hanging(); // an HTTP/1 request to the gRPC server gets no HTTP answer
        }
        String since = GoFormat.duration(Duration.between(process.startedAt(), process.now()));
        switch (Http.path(target)) {
            case "/make-not-serving":
                log(process, "Mark as unhealthy");
                forceUnhealthy = true;
                return Http.ok(since);
            case "/make-serving":
                log(process, "Mark as healthy");
                forceUnhealthy = false;
                return Http.ok(since);
            default:
                return Http.reply(404, Http.GO_NOT_FOUND);
        }
    }

    @Override
    Response grpc(ProcessContext process, int port, String requested) {
        if (port != grpcPort) {
            return Response.hanging();
        }
        if (!requested.equals(service)) {
            return Response.grpc("NOT_FOUND");
        }
        double seconds = Duration.between(process.startedAt(), process.now()).toNanos() / 1e9;
        boolean unhealthy = Boolean.TRUE.equals(forceUnhealthy) || (delayUnhealthySec >= 0 && seconds >= delayUnhealthySec);
        return Response.grpc(unhealthy ? "NOT_SERVING" : "SERVING");
    }
}
