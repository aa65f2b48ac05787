package dev.peapod.apiserver;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A WebSocket subprotocol {@code pods/exec} is served with (v1.33), and how it frames. The kubelet
 * accepts none, {@code channel.k8s.io} and {@code base64.channel.k8s.io} (the v1 error channel: the
 * failure's message as plain text, nothing on success) and their {@code v4.} forms (a JSON
 * {@code Status}, success too) (k8s.io/kubelet pkg/cri/streaming/remotecommand websocket.go and
 * httpstream.go, v1WriteStatusFunc and v4WriteStatusFunc). A request that offers
 * {@code v5.channel.k8s.io} is served by the API server's stream translator instead, v5 only
 * (k8s.io/apiserver pkg/util/proxy websocket.go), which runs the command through SPDY and so words a
 * non-zero exit as client-go's decoder returned it to it (streamtranslator.go codeExitToStatusError).
 * The base64 codecs send text frames, {@code '0' + channel} then the data in base64 (wsstream conn.go).
 */
enum ExecProtocol {
    NONE("", false, false),
    CHANNEL("channel.k8s.io", false, false),
    BASE64_CHANNEL("base64.channel.k8s.io", true, false),
    V4("v4.channel.k8s.io", false, true),
    V4_BASE64("v4.base64.channel.k8s.io", true, true),
    V5("v5.channel.k8s.io", false, true);

    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    static final byte ERROR = 3;

    private final String wire;
    private final boolean base64;
    private final boolean jsonStatus;

    ExecProtocol(String wire, boolean base64, boolean jsonStatus) {
        this.wire = wire;
        this.base64 = base64;
        this.jsonStatus = jsonStatus;
    }

    /** The names the server lists for the WebSocket handshake (the empty one is a request that offers none). */
    static List<String> subprotocols() {
        return Arrays.stream(values()).filter(p -> p != NONE).map(p -> p.wire).toList();
    }

    /**
     * The protocol upstream serves an offer with: v5 when offered at all (the translator), else the first
     * offered the kubelet knows (wsstream's handshake; an empty offer is {@code [""]}), or none.
     */
    static Optional<ExecProtocol> negotiate(List<String> offered) {
        if (offered.contains(V5.wire)) {
            return Optional.of(V5);
        }
        for (String protocol : offered) {
            for (ExecProtocol known : values()) {
                if (known != V5 && known.wire.equals(protocol)) {
                    return Optional.of(known);
                }
            }
        }
        return Optional.empty();
    }

    /** The kubelet's refusal, as wsstream's handshake words it: {@code supports [ channel.k8s.io ...]} (Go's %v of the list). */
    static String unsupported(List<String> offered) {
        List<String> kubelet = Arrays.stream(values()).filter(p -> p != V5).map(p -> p.wire).toList();
        return "requested protocol(s) are not supported: [" + String.join(" ", offered) + "]; supports ["
                + String.join(" ", kubelet) + "]";
    }

    /** The protocol the handshake agreed on (Vert.x picks the first offered it lists, as wsstream does). */
    static ExecProtocol of(ServerWebSocket socket) {
        String chosen = socket.subProtocol() == null ? "" : socket.subProtocol();
        return Arrays.stream(values()).filter(p -> p.wire.equals(chosen)).findFirst().orElse(NONE);
    }

    /** One message on one channel. */
    void write(ServerWebSocket socket, byte channel, byte[] data) {
        if (base64) {
            socket.writeTextMessage((char) ('0' + channel) + Base64.getEncoder().encodeToString(data));
        } else {
            byte[] bytes = new byte[data.length + 1];
            bytes[0] = channel;
            System.arraycopy(data, 0, bytes, 1, data.length);
            socket.writeBinaryMessage(Buffer.buffer(bytes));
        }
    }

    /**
     * The end of a command on the error channel: a JSON {@code Status} (Success too), or for v1 the
     * failure's message alone and nothing on success.
     */
    void writeExit(ServerWebSocket socket, List<String> command, int exitCode) {
        if (!jsonStatus) {
            if (exitCode != 0) {
                write(socket, ERROR, nonZeroExit(command, exitCode).getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        tools.jackson.databind.node.ObjectNode status = Json.MAPPER.createObjectNode(); // metav1.Status's field order
        status.putObject("metadata");
        if (exitCode == 0) {
            status.put("status", "Success");
        } else {
            status.put("status", "Failure");
            status.put("message", nonZeroExit(command, exitCode));
            status.put("reason", "NonZeroExitCode");
            tools.jackson.databind.node.ObjectNode cause = status.putObject("details").putArray("causes").addObject();
            cause.put("reason", "ExitCode");
            cause.put("message", String.valueOf(exitCode));
        }
        write(socket, ERROR, Json.string(status).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An exec that failed without an exit code (the runtime could not start it): the kubelet's
     * InternalError ({@code error executing command in container: ...}); the translator wraps it once more.
     */
    void writeInternalError(ServerWebSocket socket, String error) {
        String kubelet = "Internal error occurred: error executing command in container: " + error;
        if (!jsonStatus) {
            write(socket, ERROR, kubelet.getBytes(StandardCharsets.UTF_8));
            return;
        }
        String cause = this == V5 ? kubelet : "error executing command in container: " + error;
        tools.jackson.databind.node.ObjectNode status = Json.MAPPER.createObjectNode();
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", "Internal error occurred: " + cause);
        status.put("reason", "InternalError");
        status.putObject("details").putArray("causes").addObject().put("message", cause);
        status.put("code", 500);
        write(socket, ERROR, Json.string(status).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * ServeExec's message, with containerd's exit error ({@code error executing command [sh -c exit 3], exit
     * code 3}); through the translator, client-go's ({@code command terminated with exit code 3}).
     */
    private String nonZeroExit(List<String> command, int exitCode) {
        String error = this == V5 ? "command terminated with exit code " + exitCode
                : "error executing command [" + String.join(" ", command) + "], exit code " + exitCode;
        return "command terminated with non-zero exit code: " + error;
    }
}
