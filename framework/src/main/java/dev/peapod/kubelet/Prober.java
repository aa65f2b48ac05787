package dev.peapod.kubelet;

import dev.peapod.runtime.Endpoint;
import dev.peapod.runtime.ExecSyncResponse;
import dev.peapod.runtime.NodeRuntime;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.SimProcess;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs one probe handler against a simulated process and reports it as the kubelet's probers do:
 * httpGet succeeds on 200–399 (pkg/probe/http/http.go DoHTTPProbe), tcpSocket on connect
 * (pkg/probe/tcp), exec on exit 0 with a timeout (pkg/probe/exec, remote_runtime.go ExecSync), gRPC
 * on SERVING (pkg/probe/grpc). Failure outputs are the texts the Unhealthy event carries.
 */
final class Prober {
    /** pkg/probe/exec/exec.go maxReadLength: the exec prober keeps this many bytes of output. */
    static final int MAX_EXEC_OUTPUT = 10 * 1024;

    private Prober() {
    }

    /**
     * One probe's handler resolved against its container: what does not change from one run to the next
     * (the handler kind, the port, the path, the request, the timeout, an exec probe's expanded
     * command), so a probe tick reads only this, the process and the pod IP. A probe worker resolves it
     * once per container spec ({@code spec}, by identity: an update may bring a new one).
     */
    static final class Handler {
        enum Kind { HTTP, TCP, EXEC, GRPC, NONE }

        final Container spec;
        final Kind kind;
        final Duration timeout;
        /** {@code timeout} in whole seconds, as the probe gives it: an answer's delay is compared without reading the Duration. */
        final long timeoutSeconds;
        /** The port; -1: a named port the container does not declare (the probe errors). */
        final int port;
        /** httpGet and tcpSocket's host; null: the pod IP. */
        final String host;
        final String scheme;
        final String path;
        /** What the process is asked; null for exec, whose request the runtime builds. */
        final Endpoint request;
        final java.util.List<String> command;
        final io.fabric8.kubernetes.api.model.IntOrString portAsWritten;
        final String containerName;

        private Handler(Container spec, Kind kind, Duration timeout, int port, String host, String scheme, String path,
                        Endpoint request, java.util.List<String> command, io.fabric8.kubernetes.api.model.IntOrString portAsWritten) {
            this.spec = spec;
            this.kind = kind;
            this.timeout = timeout;
            this.timeoutSeconds = timeout.getSeconds();
            this.port = port;
            this.host = host;
            this.scheme = scheme;
            this.path = path;
            this.request = request;
            this.command = command;
            this.portAsWritten = portAsWritten;
            this.containerName = spec.getName();
        }
    }

    /** Resolves a probe's handler against its container's spec (see {@link Handler}). */
    static Handler handler(Probe probe, Container container) {
        Duration timeout = Duration.ofSeconds(probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds());
        if (probe.getHttpGet() != null) {
            HTTPGetAction action = probe.getHttpGet();
            int port = Endpoint.port(action.getPort(), container);
            String host = action.getHost() == null || action.getHost().isEmpty() ? null : action.getHost();
            String scheme = action.getScheme() == null ? "http" : action.getScheme().toLowerCase(Locale.ROOT);
            String path = Endpoint.path(action.getPath());
            return new Handler(container, Handler.Kind.HTTP, timeout, port, host, scheme, path,
                    port < 0 ? null : Endpoint.http(port, path), null, action.getPort());
        }
        if (probe.getTcpSocket() != null) {
            int port = Endpoint.port(probe.getTcpSocket().getPort(), container);
            String host = probe.getTcpSocket().getHost() == null || probe.getTcpSocket().getHost().isEmpty()
                    ? null : probe.getTcpSocket().getHost();
            return new Handler(container, Handler.Kind.TCP, timeout, port, host, null, null,
                    port < 0 ? null : Endpoint.tcp(port), null, probe.getTcpSocket().getPort());
        }
        if (probe.getExec() != null) {
            // pkg/kubelet/container/helpers.go EnvVarsToMap: every env entry by its literal value, "" for a valueFrom one
            var command = ContainerEnv.expandCommandOnlyStatic(probe.getExec().getCommand(), container.getEnv());
            return new Handler(container, Handler.Kind.EXEC, timeout, 0, null, null, null, null, command, null);
        }
        if (probe.getGrpc() != null) {
            int port = probe.getGrpc().getPort();
            return new Handler(container, Handler.Kind.GRPC, timeout, port, null, null, null,
                    Endpoint.grpc(port, probe.getGrpc().getService()), null, null);
        }
        return new Handler(container, Handler.Kind.NONE, timeout, 0, null, null, null, null, null, null);
    }

    /** Runs a resolved handler: a success allocates nothing but, where it took time, its outcome. */
    static ProbeOutcome run(ProbeType type, Handler handler, NodeRuntime runtime, SimProcess process, String podIp) {
        return switch (handler.kind) {
            case HTTP -> handler.port < 0 ? unresolvedPort(handler.portAsWritten) : http(type, handler, process, podIp);
            case TCP -> handler.port < 0 ? unresolvedPort(handler.portAsWritten) : tcp(type, handler, process, podIp);
            case EXEC -> exec(type, handler, runtime, process);
            case GRPC -> grpc(type, handler, process, podIp);
            case NONE -> ProbeOutcome.error("missing probe handler for " + handler.containerName);
        };
    }

    private static ProbeOutcome http(ProbeType type, Handler handler, SimProcess process, String podIp) {
        Duration timeout = handler.timeout;
        Response response = process.respond(handler.request, type.requester);
        int status = response.httpStatus();
        // delay < timeout, the timeout being whole seconds: the delay's whole seconds are fewer
        if (!response.refused() && !response.hangs() && response.delay().getSeconds() < handler.timeoutSeconds
                && status >= 200 && status < 400) {
            return ProbeOutcome.success("", response.delay()); // the common answer: no URL to spell out
        }
        String host = handler.host == null ? podIp : handler.host;
        int port = handler.port;
        String url = handler.scheme + "://" + host + ":" + port + handler.path;
        if (response.refused()) {
            return ProbeOutcome.failure("Get \"" + url + "\": dial tcp " + host + ":" + port + ": connect: connection refused", Duration.ZERO);
        }
        if (response.hangs() || response.delay().compareTo(timeout) >= 0) {
            return ProbeOutcome.failure("Get \"" + url + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", timeout);
        }
        return ProbeOutcome.failure("HTTP probe failed with statuscode: " + status, response.delay());
    }

    private static ProbeOutcome tcp(ProbeType type, Handler handler, SimProcess process, String podIp) {
        Response response = process.respond(handler.request, type.requester);
        if (response.refused()) {
            String host = handler.host == null ? podIp : handler.host;
            return ProbeOutcome.failure("dial tcp " + host + ":" + handler.port + ": connect: connection refused", Duration.ZERO);
        }
        // pkg/probe/tcp/tcp.go only dials: an app that accepts and never answers is healthy to it
        return ProbeOutcome.success("", Duration.ZERO);
    }

    /**
     * pkg/probe/util.go ResolveContainerPort: a name the container does not declare, and that is no
     * number either, is an error; errored probes are reported and not counted.
     */
    private static ProbeOutcome unresolvedPort(io.fabric8.kubernetes.api.model.IntOrString port) {
        return ProbeOutcome.error("strconv.Atoi: parsing \"" + port.getStrVal() + "\": invalid syntax");
    }

    /**
     * The command is expanded with the container's literal env values only, as runProbe's
     * ExpandContainerCommandOnlyStatic does (errata A-9): a valueFrom variable is empty; envFrom and service variables are not seen.
     */
    private static ProbeOutcome exec(ProbeType type, Handler handler, NodeRuntime runtime, SimProcess process) {
        var command = handler.command; // expanded with the literal env values once (Handler)
        Duration timeout = handler.timeout;
        ExecSyncResponse response = runtime.execSync(process.id(), command, timeout, type.requester);
        if (response.timedOut()) {
            // remote_runtime.go ExecSync: DeadlineExceeded becomes a timeout error whose text is the output
            return ProbeOutcome.failure("command \"" + String.join(" ", command) + "\" timed out", timeout);
        }
        String output = limited(response.output());
        return response.exitCode() == 0 ? ProbeOutcome.success(output, response.took())
                : ProbeOutcome.failure(output, response.took());
    }

    /**
     * pkg/probe/exec/exec.go: the prober keeps at most maxReadLength (10 KiB) of the command's combined
     * output (ioutils.LimitWriter; prober.go's execInContainer only logs the short write), so a probe
     * that cats a growing file carries its first 10,240 bytes. A character cut in two decodes as U+FFFD
     * where Go keeps the raw bytes.
     */
    static String limited(String output) {
        if (output.length() <= MAX_EXEC_OUTPUT / 3) {
            return output; // at most 3 UTF-8 bytes per UTF-16 char: short enough without encoding
        }
        int ascii = 0; // where the first 10 KiB are ASCII, bytes are chars: no encoding either
        while (ascii < Math.min(output.length(), MAX_EXEC_OUTPUT) && output.charAt(ascii) < 0x80) {
            ascii++;
        }
        if (ascii == Math.min(output.length(), MAX_EXEC_OUTPUT)) {
            return output.length() <= MAX_EXEC_OUTPUT ? output : output.substring(0, MAX_EXEC_OUTPUT);
        }
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_EXEC_OUTPUT ? output : new String(bytes, 0, MAX_EXEC_OUTPUT, StandardCharsets.UTF_8);
    }

    private static ProbeOutcome grpc(ProbeType type, Handler handler, SimProcess process, String podIp) {
        int port = handler.port;
        Duration timeout = handler.timeout;
        Response response = process.respond(handler.request, type.requester);
        if (response.refused() || response.hangs()) {
            // pkg/probe/grpc/grpc.go: the dial is blocking and ends at the timeout
            String address = podIp + ":" + port;
            return ProbeOutcome.failure("timeout: failed to connect service \"" + address + "\" within "
                    + GoDuration.format(timeout) + ": context deadline exceeded", timeout);
        }
        if (!"SERVING".equals(response.grpcStatus())) {
            return ProbeOutcome.failure("service unhealthy (responded with \"" + response.grpcStatus() + "\")", Duration.ZERO);
        }
        return ProbeOutcome.success("", Duration.ZERO);
    }
}
