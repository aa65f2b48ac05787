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
import java.time.Instant;
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

    static ProbeOutcome run(ProbeType type, Probe probe, Container container, NodeRuntime runtime, SimProcess process,
                            String podIp, Instant now) {
        Duration timeout = Duration.ofSeconds(probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds());
        if (probe.getHttpGet() != null) {
            return http(type, probe.getHttpGet(), container, process, podIp, timeout, now);
        }
        if (probe.getTcpSocket() != null) {
            int port = Endpoint.port(probe.getTcpSocket().getPort(), container);
            if (port < 0) {
                return unresolvedPort(probe.getTcpSocket().getPort());
            }
            String host = probe.getTcpSocket().getHost() == null || probe.getTcpSocket().getHost().isEmpty()
                    ? podIp : probe.getTcpSocket().getHost();
            return tcp(type, host, port, process, timeout, now);
        }
        if (probe.getExec() != null) {
            return exec(type, probe, container, runtime, process, timeout);
        }
        if (probe.getGrpc() != null) {
            return grpc(type, probe, process, podIp, timeout, now);
        }
        return ProbeOutcome.error("missing probe handler for " + container.getName());
    }

    private static ProbeOutcome http(ProbeType type, HTTPGetAction action, Container container, SimProcess process,
                                     String podIp, Duration timeout, Instant now) {
        int port = Endpoint.port(action.getPort(), container);
        if (port < 0) {
            return unresolvedPort(action.getPort());
        }
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        String scheme = action.getScheme() == null ? "http" : action.getScheme().toLowerCase(Locale.ROOT);
        String path = Endpoint.path(action.getPath());
        Response response = process.respond(Endpoint.http(port, path), type.requester);
        int status = response.httpStatus();
        if (!response.refused() && !response.hangs() && response.delay().compareTo(timeout) < 0 && status >= 200 && status < 400) {
            return ProbeOutcome.success("", response.delay()); // the common answer: no URL to spell out
        }
        String url = scheme + "://" + host + ":" + port + path;
        if (response.refused()) {
            return ProbeOutcome.failure("Get \"" + url + "\": dial tcp " + host + ":" + port + ": connect: connection refused", Duration.ZERO);
        }
        if (response.hangs() || response.delay().compareTo(timeout) >= 0) {
            return ProbeOutcome.failure("Get \"" + url + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", timeout);
        }
        return ProbeOutcome.failure("HTTP probe failed with statuscode: " + status, response.delay());
    }

    private static ProbeOutcome tcp(ProbeType type, String host, int port, SimProcess process, Duration timeout, Instant now) {
        Response response = process.respond(Endpoint.tcp(port), type.requester);
        if (response.refused()) {
            return ProbeOutcome.failure("dial tcp " + host + ":" + port + ": connect: connection refused", Duration.ZERO);
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
    private static ProbeOutcome exec(ProbeType type, Probe probe, Container container, NodeRuntime runtime, SimProcess process,
                                     Duration timeout) {
        // pkg/kubelet/container/helpers.go EnvVarsToMap: every env entry by its literal value, "" for a valueFrom one
        var command = ContainerEnv.expandCommandOnlyStatic(probe.getExec().getCommand(), container.getEnv());
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

    private static ProbeOutcome grpc(ProbeType type, Probe probe, SimProcess process, String podIp, Duration timeout, Instant now) {
        int port = probe.getGrpc().getPort();
        Response response = process.respond(Endpoint.grpc(port, probe.getGrpc().getService()), type.requester);
        String address = podIp + ":" + port;
        if (response.refused() || response.hangs()) {
            // pkg/probe/grpc/grpc.go: the dial is blocking and ends at the timeout
            return ProbeOutcome.failure("timeout: failed to connect service \"" + address + "\" within "
                    + GoDuration.format(timeout) + ": context deadline exceeded", timeout);
        }
        if (!"SERVING".equals(response.grpcStatus())) {
            return ProbeOutcome.failure("service unhealthy (responded with \"" + response.grpcStatus() + "\")", Duration.ZERO);
        }
        return ProbeOutcome.success("", Duration.ZERO);
    }
}
