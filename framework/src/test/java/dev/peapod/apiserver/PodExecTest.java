package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * pods/exec over a WebSocket with v4.channel.k8s.io, as Fabric8's exec speaks it (v1.33: strategy.go
 * streamLocation; the kubelet's remotecommand NewOptions, websocket.go and exec.go ServeExec;
 * containerd's exit error), the command run by the simulated runtime in virtual time.
 */
@org.junit.jupiter.api.Timeout(120)
class PodExecTest {
    private static final String SHELL = """
            apiVersion: v1
            kind: Pod
            metadata: {name: shell}
            spec:
              containers:
              - {name: c, image: busybox, command: [sh, -c, 'echo started > /tmp/state; sleep 3600']}
            """;
    private static final String PAIR = """
            apiVersion: v1
            kind: Pod
            metadata: {name: pair}
            spec:
              containers:
              - {name: a, image: busybox, command: [sh, -c, 'sleep 3600']}
              - {name: b, image: busybox, command: [sh, -c, 'sleep 3600']}
            """;
    private static final String EXEC = "/api/v1/namespaces/default/pods/shell/exec";

    private FakeCluster cluster;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        http = new Http(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void fabric8sExecRunsTheCommandInTheContainerAndHearsItsExitCode() throws Exception {
        // given
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // when
        try (ExecWatch watch = cluster.client().pods().withName("shell").writingOutput(out).writingError(err)
                .exec("sh", "-c", "cat /tmp/state; echo oops >&2; exit 3")) {
            // then
            assertThat(watch.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("started\n");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");
        });
    }

    @Test
    void theFramesAreTheKubeletsReadyFrameOutputStatusAndClose() {
        // given
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        // when
        Frames frames = Frames.open(http, EXEC + "?command=sh&command=-c&command=echo%20hi;%20echo%20no%20%3E%262;%20exit%202"
                + "&stdout=true&stderr=true");
        // then
        await().atMost(Duration.ofSeconds(10)).until(frames::closed);
        assertThat(frames.list()).containsExactly(
                "1:",
                "1:hi\n",
                "2:no\n",
                "3:{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: "
                        + "error executing command [sh -c echo hi; echo no >&2; exit 2], exit code 2\",\"reason\":\"NonZeroExitCode\","
                        + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"2\"}]}}");
        assertThat(frames.closeCode()).isEqualTo(1000);
    }

    @Test
    void noSubprotocolIsTheKubeletsV1FramingWhoseErrorChannelCarriesTheMessageAlone() {
        // given
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        // when: a client that offers no subprotocol (websocket.go's "" entry; httpstream.go v1WriteStatusFunc)
        Frames failing = Frames.offering(http, EXEC + "?command=sh&command=-c&command=echo%20hi;%20exit%202&stdout=true");
        Frames succeeding = Frames.offering(http, EXEC + "?command=echo&command=ok&stdout=true");
        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> failing.closed() && succeeding.closed());
        assertThat(failing.subprotocol()).isEmpty();
        assertThat(failing.list()).containsExactly("1:", "1:hi\n",
                "3:command terminated with non-zero exit code: error executing command [sh -c echo hi; exit 2], exit code 2");
        assertThat(failing.closeCode()).isEqualTo(1000);
        assertThat(succeeding.list()).containsExactly("1:", "1:ok\n"); // v1 writes nothing on success
    }

    @Test
    void theBase64ProtocolsSendTextFramesWithTheChannelAsADigit() {
        // given
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        // when (wsstream conn.go base64Codec: '0' + channel, then the data in base64)
        Frames v1 = Frames.offering(http, EXEC + "?command=sh&command=-c&command=echo%20hi;%20exit%202&stdout=true", "base64.channel.k8s.io");
        Frames v4 = Frames.offering(http, EXEC + "?command=echo&command=ok&stdout=true", "v4.base64.channel.k8s.io");
        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> v1.closed() && v4.closed());
        assertThat(v1.subprotocol()).isEqualTo("base64.channel.k8s.io");
        assertThat(v1.list()).containsExactly("1:", "1:hi\n",
                "3:command terminated with non-zero exit code: error executing command [sh -c echo hi; exit 2], exit code 2");
        assertThat(v4.list()).containsExactly("1:", "1:ok\n", "3:{\"metadata\":{},\"status\":\"Success\"}");
    }

    @Test
    void v5IsTheApiServersStreamTranslatorWhoseExitMessageIsClientGos() {
        // given
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        // when: kubectl since v1.30 offers v5.channel.k8s.io (apiserver util/proxy websocket.go, streamtranslator.go)
        Frames frames = Frames.offering(http, EXEC + "?command=sh&command=-c&command=echo%20no%20%3E%262;%20exit%203&stderr=true",
                "v5.channel.k8s.io");
        // then
        await().atMost(Duration.ofSeconds(10)).until(frames::closed);
        assertThat(frames.subprotocol()).isEqualTo("v5.channel.k8s.io");
        assertThat(frames.list()).containsExactly("2:", "2:no\n",
                "3:{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: "
                        + "command terminated with exit code 3\",\"reason\":\"NonZeroExitCode\","
                        + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}");
    }

    @Test
    void aBinaryTheContainerLacksIsTheKubeletsInternalErrorWithContainerdsWords() {
        // given
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        // when: runc's exec.LookPath fails, containerd's exec does not start (container_execsync.go, streaming.go),
        // and the kubelet's ServeExec answers an InternalError (exec.go)
        Frames missing = Frames.open(http, EXEC + "?command=nosuchbinary&command=-x&stdout=true&stderr=true");
        Frames path = Frames.offering(http, EXEC + "?command=/opt/tool&stdout=true");
        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> missing.closed() && path.closed());
        // (the exec id is containerd's 32 random bytes in hex, drawn from the cluster's random)
        String error = "error executing command in container: failed to exec in container: failed to start exec \\\"<id>\\\": "
                + "OCI runtime exec failed: exec failed: unable to start container process: exec: \\\"nosuchbinary\\\": "
                + "executable file not found in $PATH: unknown";
        assertThat(missing.list()).extracting(frame -> frame.replaceAll("[0-9a-f]{64}", "<id>")).containsExactly("1:",
                "3:{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: " + error + "\","
                        + "\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"" + error + "\"}]},\"code\":500}");
        assertThat(path.list()).extracting(frame -> frame.replaceAll("[0-9a-f]{64}", "<id>")).containsExactly("1:",
                "3:Internal error occurred: error executing command in container: failed to exec in container: "
                        + "failed to start exec \"<id>\": OCI runtime exec failed: exec failed: unable to start container process: "
                        + "exec: \"/opt/tool\": stat /opt/tool: no such file or directory: unknown");
    }

    @Test
    void fabric8HearsTheInternalErrorWithoutAnExitCode() throws Exception {
        // given
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        CompletableFuture<io.fabric8.kubernetes.api.model.Status> heard = new CompletableFuture<>();
        // when
        try (ExecWatch watch = cluster.client().pods().withName("shell").writingOutput(new ByteArrayOutputStream())
                .usingListener(new io.fabric8.kubernetes.client.dsl.ExecListener() {
                    @Override
                    public void onExit(int code, io.fabric8.kubernetes.api.model.Status status) {
                        heard.complete(status);
                    }

                    @Override
                    public void onClose(int code, String reason) {
                    }
                }).exec("kubectl", "version")) {
            // then
            assertThat(watch.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(-1);
        }
        assertThat(heard.get(30, TimeUnit.SECONDS).getReason()).isEqualTo("InternalError");
        assertThat(heard.get().getMessage()).startsWith("Internal error occurred: error executing command in container: "
                + "failed to exec in container: failed to start exec \"").endsWith("\": OCI runtime exec failed: exec failed: "
                + "unable to start container process: exec: \"kubectl\": executable file not found in $PATH: unknown");
    }

    @Test
    void spdyIsRefusedSayingSo() throws IOException {
        // given
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        // when: kubectl before v1.30 upgrades to SPDY/3.1
        String answer = send("POST " + EXEC + "?command=ls&stdout=true HTTP/1.1\r\nUpgrade: SPDY/3.1\r\nConnection: Upgrade\r\n"
                + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nContent-Length: 0\r\n");
        // then
        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"message\":\"exec over SPDY (kubectl before v1.30) is not served by "
                + "Peapod: use a WebSocket client (Fabric8's exec, kubectl v1.30 or later)\"");
    }

    @Test
    void aSuccessIsTheKubeletsSuccessStatusAndATtySendsStderrOnStdout() {
        // given
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        // when
        Frames frames = Frames.open(http, EXEC + "?command=sh&command=-c&command=echo%20out;%20echo%20err%20%3E%262"
                + "&stdout=true&stderr=true&tty=true");
        // then
        await().atMost(Duration.ofSeconds(10)).until(frames::closed);
        assertThat(frames.list()).containsExactly("1:", "1:out\nerr\n", "3:{\"metadata\":{},\"status\":\"Success\"}");
    }

    @Test
    void aCommandThatTakesVirtualTimeEndsWhenTheClockGetsThere() {
        // given
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        Frames frames = Frames.open(http, EXEC + "?command=sh&command=-c&command=sleep%205;%20echo%20late&stdout=true");
        await().atMost(Duration.ofSeconds(10)).until(() -> !frames.list().isEmpty());
        // when
        cluster.advance(Duration.ofSeconds(4));
        // then: the command's sleep has not ended, so nothing but the ready frame can have been sent
        assertThat(frames.list()).containsExactly("1:");
        cluster.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(frames::closed);
        assertThat(frames.list()).containsExactly("1:", "1:late\n", "3:{\"metadata\":{},\"status\":\"Success\"}");
    }

    @Test
    void refusalsBeforeTheUpgradeAreUpstreams() throws IOException {
        // given
        cluster.applyYaml(PAIR);
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        // when / then
        assertThat(upgrade("/api/v1/namespaces/default/pods/nope/exec?command=ls&stdout=true", PodExec.PROTOCOL))
                .startsWith("HTTP/1.1 404").contains("\"message\":\"pods \\\"nope\\\" not found\"");
        assertThat(upgrade("/api/v1/namespaces/default/pods/pair/exec?command=ls&stdout=true", PodExec.PROTOCOL))
                .startsWith("HTTP/1.1 400").contains("\"message\":\"a container name must be specified for pod pair, choose one of: [a b]\"");
        assertThat(upgrade("/api/v1/namespaces/default/pods/pair/exec?command=ls&stdout=true&container=x", PodExec.PROTOCOL))
                .startsWith("HTTP/1.1 400").contains("\"message\":\"container x is not valid for pod pair\"");
        assertThat(upgrade(EXEC + "?command=ls", PodExec.PROTOCOL))
                .startsWith("HTTP/1.1 400").contains("\"message\":\"you must specify at least 1 of stdin, stdout, stderr\"");
        // wsstream's handshake refuses with a 403 (upstream's has no body)
        assertThat(upgrade(EXEC + "?command=ls&stdout=true", "v1.channel.k8s.io, v3.channel.k8s.io"))
                .startsWith("HTTP/1.1 403").contains("\"message\":\"requested protocol(s) are not supported: [v1.channel.k8s.io "
                        + "v3.channel.k8s.io]; supports [ channel.k8s.io base64.channel.k8s.io v4.channel.k8s.io v4.base64.channel.k8s.io]\"");
        assertThat(upgrade(EXEC + "?command=cat&stdin=true&stdout=true", PodExec.PROTOCOL))
                .startsWith("HTTP/1.1 400").contains("stdin=true is not served by Peapod");
        HttpResponse<String> plain = http.get(EXEC + "?command=ls&stdout=true");
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).contains("\"message\":\"Upgrade request required\"");
        assertThat(http.send("DELETE", EXEC, null, null).statusCode()).isEqualTo(405);
    }

    @Test
    void aContainerThatDoesNotRunIsNotFoundAsTheKubeletSaysAndAPodWithoutANodeHasNoHost() throws IOException {
        // given: a container that has exited, and a pod no node can take
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: done}
                spec:
                  restartPolicy: Never
                  containers:
                  - {name: c, image: busybox, command: [sh, -c, 'exit 0']}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: stuck}
                spec:
                  nodeSelector: {disk: ssd}
                  containers:
                  - {name: c, image: busybox, command: [sh, -c, 'sleep 3600']}
                """);
        cluster.advance(Duration.ofSeconds(5));
        // when / then
        assertThat(upgrade("/api/v1/namespaces/default/pods/done/exec?command=ls&stdout=true", PodExec.PROTOCOL))
                .startsWith("HTTP/1.1 400").contains("\"message\":\"container not found (\\\"c\\\")\"");
        assertThat(upgrade("/api/v1/namespaces/default/pods/stuck/exec?command=ls&stdout=true", PodExec.PROTOCOL))
                .startsWith("HTTP/1.1 400").contains("\"message\":\"pod stuck does not have a host assigned\"");
    }

    @Test
    void nothingRunsBeforeTheUpgradeSucceeds() throws IOException {
        // given
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        // when: an upgrade the WebSocket handshake refuses (a POST)
        String answer = upgrade("POST", EXEC + "?command=sh&command=-c&command=echo%20ran%20%3E%20/tmp/post&stdout=true", PodExec.PROTOCOL);
        cluster.advance(Duration.ofSeconds(1));
        // then: refused, and the command never ran
        assertThat(answer).doesNotStartWith("HTTP/1.1 101");
        assertThat(cluster.inContainer("shell", "c").exec("cat", "/tmp/post").exitCode()).isEqualTo(1);
    }

    @Test
    void aCommandStillRunningWhenItsContainerIsKilledEndsWith137() {
        // given
        cluster.applyYaml(SHELL);
        cluster.advance(Duration.ofSeconds(5));
        Frames frames = Frames.open(http, EXEC + "?command=sleep&command=100&stdout=true");
        await().atMost(Duration.ofSeconds(10)).until(() -> !frames.list().isEmpty());
        // when: the pod goes at once, its container killed
        cluster.delete(io.fabric8.kubernetes.api.model.Pod.class, "shell", Duration.ZERO);
        cluster.advance(Duration.ofSeconds(5));
        // then
        await().atMost(Duration.ofSeconds(10)).until(frames::closed);
        assertThat(frames.list()).containsExactly("1:", "3:{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated "
                + "with non-zero exit code: error executing command [sleep 100], exit code 137\",\"reason\":\"NonZeroExitCode\","
                + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"137\"}]}}");
    }

    /** A WebSocket upgrade sent by hand (java.net.http may not set Upgrade), answered before any upgrade: the status line to the body. */
    private String upgrade(String path, String protocol) throws IOException {
        return upgrade("GET", path, protocol);
    }

    private String upgrade(String method, String path, String protocol) throws IOException {
        return send(method + " " + path + " HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + protocol + "\r\n");
    }

    /** A request head (without Host and the blank line) sent by hand; the answer's status line to the end of its body. */
    private String send(String head) throws IOException {
        URI url = URI.create(http.url());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Host: " + url.getAuthority() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            int length = -1;
            while (!answer.toString().contains("\r\n\r\n")) {
                answer.append((char) in.read());
            }
            for (String line : answer.toString().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            answer.append(new String(in.readNBytes(Math.max(length, 0)), StandardCharsets.UTF_8));
            return answer.toString();
        }
    }

    /** The frames of one exec WebSocket, each as "channel:text". */
    private static final class Frames implements WebSocket.Listener {
        private final List<String> frames = Collections.synchronizedList(new ArrayList<>());
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final StringBuilder text = new StringBuilder();
        private WebSocket socket;

        static Frames open(Http http, String path) {
            return offering(http, path, PodExec.PROTOCOL);
        }

        /** With the subprotocols offered, none at all when empty. */
        static Frames offering(Http http, String path, String... protocols) {
            Frames frames = new Frames();
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
            if (protocols.length > 0) {
                builder.subprotocols(protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length));
            }
            frames.socket = builder.buildAsync(URI.create(http.url().replace("http://", "ws://") + path), frames)
                    .orTimeout(20, TimeUnit.SECONDS).join();
            return frames;
        }

        /** A text frame (the base64 codecs) as "channel:decoded text". */
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                frames.add(frame.charAt(0) + ":" + new String(java.util.Base64.getDecoder().decode(frame.substring(1)), StandardCharsets.UTF_8));
            }
            webSocket.request(1);
            return null;
        }

        String subprotocol() {
            return socket.getSubprotocol();
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                byte[] frame = partial.toByteArray();
                partial.reset();
                frames.add(frame[0] + ":" + new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        List<String> list() {
            synchronized (frames) {
                return List.copyOf(frames);
            }
        }

        boolean closed() {
            return closed.isDone();
        }

        int closeCode() {
            return closed.orTimeout(20, TimeUnit.SECONDS).join();
        }
    }
}
