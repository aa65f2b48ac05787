package dev.peapod.behaviour;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.runtime.Endpoint;
import dev.peapod.runtime.Requester;
import dev.peapod.runtime.Response;
import dev.peapod.time.EngineLock;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What one container's application does over virtual time. Without a script a container is a
 * well-behaved server: it listens at once on its declared ports and its probes' ports, answers
 * HTTP 200, succeeds every exec command, runs until stopped and exits 0 at once on SIGTERM
 * (DESIGN §6). Each method below changes one part of that; the same script answers probes,
 * hooks and clients alike. What the script does not say is left to the container's program.
 * A script may be written before or after its pod is applied: an exit scripted while the container
 * runs is armed on the running process, and one whose instant has already passed fails the
 * cluster's next step with a message saying so (never silence); a {@link #listensAfter} the running
 * process has already outlived is refused when written. Ports are 1 to 65535, HTTP statuses 100 to
 * 599 and gRPC statuses the health service's four, refused when written otherwise.
 *
 * <pre>{@code
 * cluster.container("web", "app").httpReturns(8080, "/healthz", 500).fromStart(ofSeconds(30));
 * cluster.container("web", "app").exitsWith(1).after(ofSeconds(5));
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ContainerBehaviour {
    /**
     * grpc.health.v1.HealthCheckResponse.ServingStatus (grpc/health/v1/health.proto), in its order;
     * the kubelet's gRPC prober (pkg/probe/grpc/grpc.go) succeeds on SERVING alone.
     */
    static final List<String> GRPC_STATUSES = List.of("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN");

    final List<Rule> rules = new ArrayList<>();
    final List<ExitPlan> exits = new ArrayList<>();
    final List<HookScript> hooks = new ArrayList<>();
    Duration listensAfter = Duration.ZERO;
    /** Null: exits at once on SIGTERM with {@link #sigtermExitCode}; otherwise needs this long. */
    Duration shutdownTakes = Duration.ZERO;
    boolean ignoresSigterm;
    int sigtermExitCode;
    /** Whether the script says anything about SIGTERM; if not, the program handles it. */
    boolean signalScripted;
    /** Tells the cluster the exit plans changed, so a running process takes them (set by {@link Behaviours}). */
    Runnable exitsChanged = () -> { };
    /**
     * The cluster's check that a new {@code listensAfter} (old value, new value) can still take effect
     * on a running process, run before the change (set by {@link Behaviours}).
     */
    java.util.function.BiConsumer<Duration, Duration> listensChanging = (before, after) -> { };
    /** The cluster's check that it is open and on its thread, before each change (set by {@link Behaviours}). */
    EngineLock.Guard guard = EngineLock.Guard.none();

    /** An HTTP path on a port answers with this status (100 to 599). */
    public Rule httpReturns(int port, String path, int status) {
        port(port, "httpReturns(port, path, status)");
        Checks.notNull(path, "path");
        if (status < 100 || status > 599) {
            // net/http's WriteHeader refuses codes below 100; 1xx-5xx are the classes RFC 9110 defines
            throw new PeapodException("httpReturns(port, path, status): status must be 100 to 599, as an HTTP status code "
                    + "(the kubelet's prober counts 200 to 399 as success), but was " + status);
        }
        return add(new Rule(Endpoint.http(port, path), Response.http(status)));
    }

    /** An HTTP path answers 200 only after {@code delay}: slower than the probe timeout is a timeout. */
    public Rule httpRespondsAfter(int port, String path, Duration delay) {
        port(port, "httpRespondsAfter(port, path, delay)");
        Checks.notNull(path, "path");
        Checks.duration(delay, "httpRespondsAfter(port, path, delay): delay");
        return add(new Rule(Endpoint.http(port, path), Response.ok().delayed(delay)));
    }

    /** Connections to the port are refused (HTTP and gRPC on it too). */
    public Rule tcpRefuses(int port) {
        port(port, "tcpRefuses(port)");
        return add(new Rule(Endpoint.tcp(port), Response.refusing()));
    }

    /** Connections to the port are accepted (even a port the container does not declare). */
    public Rule tcpAccepts(int port) {
        port(port, "tcpAccepts(port)");
        return add(new Rule(Endpoint.tcp(port), Response.ok()));
    }

    /** Connections to the port are accepted but never answered: every request times out. */
    public Rule hangs(int port) {
        port(port, "hangs(port)");
        return add(new Rule(Endpoint.tcp(port), Response.hanging()));
    }

    /** An exec command exits with this code and prints this output. */
    public Rule execExits(List<String> command, int exitCode, String output) {
        Checks.elementsNotNull(command, "command");
        return add(new Rule(Endpoint.exec(command), Response.exec(exitCode, output == null ? "" : output)));
    }

    /** An exec command fails (exit 1) with this output, e.g. {@code cat: can't open '/tmp/healthy': No such file or directory}. */
    public Rule execFails(List<String> command, String output) {
        return execExits(command, 1, output);
    }

    /** An exec command succeeds (exit 0) with no output. */
    public Rule execSucceeds(List<String> command) {
        return execExits(command, 0, "");
    }

    /** An exec command never finishes: the probe times out. */
    public Rule execHangs(List<String> command) {
        Checks.elementsNotNull(command, "command");
        return add(new Rule(Endpoint.exec(command), Response.hanging()));
    }

    /** The gRPC health service on a port answers with this status: SERVING, NOT_SERVING, UNKNOWN or SERVICE_UNKNOWN. */
    public Rule grpcReturns(int port, String status) {
        port(port, "grpcReturns(port, status)");
        Checks.notNull(status, "status");
        if (!GRPC_STATUSES.contains(status)) {
            throw new PeapodException("grpcReturns(port, status): status must be one of " + GRPC_STATUSES.stream()
                    .map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(", "))
                    + " (grpc.health.v1.HealthCheckResponse.ServingStatus, upper case), but was \"" + status + "\"");
        }
        return add(new Rule(Endpoint.grpc(port, null), Response.grpc(status)));
    }

    /**
     * Makes whatever this probe checks fail, for the probe's own requests only: its HTTP path
     * answers 500, its TCP port refuses, its command exits 1, its gRPC service is NOT_SERVING.
     * Narrow it as any rule, e.g. {@code .nextTimes(3)}.
     */
    public Rule probeFails(Requester probeType, Probe probe, Container container) {
        Checks.notNull(probeType, "probeType");
        Checks.notNull(probe, "probe");
        Checks.notNull(container, "container");
        Rule rule;
        if (probe.getHttpGet() != null) {
            rule = httpReturns(probePort(probe.getHttpGet().getPort(), container), path(probe.getHttpGet().getPath()), 500);
        } else if (probe.getTcpSocket() != null) {
            rule = tcpRefuses(probePort(probe.getTcpSocket().getPort(), container));
        } else if (probe.getExec() != null) {
            rule = execFails(probe.getExec().getCommand(), "");
        } else if (probe.getGrpc() != null) {
            rule = grpcReturns(probe.getGrpc().getPort(), "NOT_SERVING");
        } else {
            throw new PeapodException("the probe has no handler to fail");
        }
        return rule.forRequester(probeType);
    }

    /** The process exits by itself with this code (0 is Completed, others Error). */
    public ExitPlan exitsWith(int exitCode) {
        if (exitCode < 0 || exitCode > 255) {
            // a Linux exit status is one byte; containerd reports what waitpid gives (0-255)
            throw new PeapodException("exitsWith(exitCode): exitCode must be 0 to 255, as a process exit status, but was " + exitCode);
        }
        try (EngineLock.Held held = guard.enter("ContainerBehaviour.exitsWith")) {
            ExitPlan plan = new ExitPlan(exitCode, () -> exitsChanged.run(), guard, exits::remove);
            exits.add(plan);
            exitsChanged.run();
            return plan;
        }
    }

    /**
     * The process opens its ports only this long after each start; until then connections are refused.
     * Scripted while the container runs, it takes effect on that run if the run has not yet reached
     * the later of the old and the new instant (the ports refuse until start + startup); otherwise the
     * running process listens already, the script could change nothing before a restart, and it is
     * refused with a message saying so.
     */
    public ContainerBehaviour listensAfter(Duration startup) {
        Checks.duration(startup, "listensAfter(startup): startup");
        try (EngineLock.Held held = guard.enter("ContainerBehaviour.listensAfter")) {
            listensChanging.accept(this.listensAfter, startup);
            this.listensAfter = startup;
            return this;
        }
    }

    /** The process ignores SIGTERM, as a shell running as PID 1 does: SIGKILL ends it (137). */
    public ContainerBehaviour ignoresSigterm() {
        try (EngineLock.Held held = guard.enter("ContainerBehaviour.ignoresSigterm")) {
            this.ignoresSigterm = true;
            this.signalScripted = true;
            return this;
        }
    }

    /** The process needs this long to shut down after SIGTERM, then exits 0 (137 if SIGKILL comes first). */
    public ContainerBehaviour shutsDownIn(Duration shutdown) {
        Checks.duration(shutdown, "shutsDownIn(shutdown): shutdown");
        try (EngineLock.Held held = guard.enter("ContainerBehaviour.shutsDownIn")) {
            this.shutdownTakes = shutdown;
            this.signalScripted = true;
            return this;
        }
    }

    /** The process has no SIGTERM handler and dies of the signal: exit code 143. */
    public ContainerBehaviour diesOnSigterm() {
        try (EngineLock.Held held = guard.enter("ContainerBehaviour.diesOnSigterm")) {
            this.sigtermExitCode = 143;
            this.signalScripted = true;
            return this;
        }
    }

    /**
     * Scripts the container's postStart hook: how long it takes and whether it fails. The container
     * is not Running until the hook completes; a failure kills it (FailedPostStartHook) and the restart
     * policy applies. The pod must declare a postStart hook for the script to matter.
     */
    public HookScript postStart() {
        return hook(dev.peapod.runtime.HookAnswer.Hook.POST_START);
    }

    /**
     * Scripts the container's preStop hook: how long it takes and whether it fails. The kubelet waits
     * for it at most the grace period, then sends SIGTERM with what is left (never under 2 s).
     */
    public HookScript preStop() {
        return hook(dev.peapod.runtime.HookAnswer.Hook.PRE_STOP);
    }

    private HookScript hook(dev.peapod.runtime.HookAnswer.Hook hook) {
        try (EngineLock.Held held = guard.enter("ContainerBehaviour." + (hook == dev.peapod.runtime.HookAnswer.Hook.POST_START ? "postStart" : "preStop"))) {
            HookScript script = new HookScript(hook, guard);
            hooks.add(script);
            return script;
        }
    }

    /** The probe's port as a number, or a clear error when it names no port of the container. */
    private static int probePort(IntOrString port, Container container) {
        int number = port(port, container);
        if (number < 1) {
            throw new PeapodException("probeFails(probeType, probe, container): the probe's port " + (port == null ? "null"
                    : port.getValue()) + " is neither a port number nor the name of one of container \""
                    + container.getName() + "\"'s ports, so there is nothing to fail");
        }
        return number;
    }

    /** A TCP port a probe or client can reach: 1 to 65535 (IsValidPortNum, as a probe's port must be). */
    private static void port(int port, String call) {
        if (port < 1 || port > 65535) {
            throw new PeapodException(call + ": port must be 1 to 65535, as a TCP port, but was " + port);
        }
    }

    private Rule add(Rule rule) {
        try (EngineLock.Held held = guard.enter("ContainerBehaviour")) {
            rule.guard = guard;
            rules.add(rule);
            return rule;
        }
    }

    /** A probe port: a number, or the name of one of the container's ports; -1 when neither. */
    public static int port(IntOrString port, Container container) {
        return Endpoint.port(port, container);
    }

    /** An httpGet path as the prober requests it: "/" when empty, always with a leading slash. */
    public static String path(String path) {
        return Endpoint.path(path);
    }
}
