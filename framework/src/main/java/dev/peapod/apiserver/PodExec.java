package dev.peapod.apiserver;

import dev.peapod.core.PeapodException;
import dev.peapod.runtime.ExecOutput;
import dev.peapod.store.ApiException;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.EventLoop;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code pods/exec} over a WebSocket with the {@code v4.channel.k8s.io} protocol, as Fabric8's
 * {@code exec(..)} speaks it: the API server's checks (pkg/registry/core/pod/strategy.go
 * streamLocation: the pod, its container, its node), the kubelet's (remotecommand NewOptions: at least
 * one of stdin, stdout and stderr; stderr dropped with a TTY; its findContainer: the container runs),
 * then the command runs in the simulated runtime, in virtual time. Frames start with their channel's
 * byte (wsstream's raw codec): an empty frame on the lowest output channel says the streams are ready
 * (remotecommand websocket.go), then stdout (1) and stderr (2), then the kubelet's Status on the error
 * channel (3; remotecommand exec.go ServeExec, with containerd's exit error text), then the close.
 *
 * <p>Not served, and refused with a 400 naming it: stdin (Peapod's commands read no input), other
 * protocols (kubectl v1.20 upgrades with SPDY, not WebSocket), an empty command. The command's output
 * is sent when it ends, not as it is written: the simulated runtime gives an exec's output whole.
 */
final class PodExec {
    static final String PROTOCOL = "v4.channel.k8s.io";
    private static final byte STDOUT = 1;
    private static final byte STDERR = 2;
    private static final byte ERROR = 3;

    private final ObjectStore store;
    private final EventLoop loop;
    private final PodExecSource source;
    private final Vertx vertx;

    PodExec(ObjectStore store, EventLoop loop, PodExecSource source, Vertx vertx) {
        this.store = store;
        this.loop = loop;
        this.source = source;
        this.vertx = vertx;
    }

    /** Whether the request is for a pod's exec subresource. */
    static boolean serves(RequestPath path) {
        return path.kind() == RequestPath.Kind.RESOURCE && path.resource() != null && path.resource().type() == Pod.class
                && path.name() != null && "exec".equals(path.subresource());
    }

    /** The options of an exec request, as the query gives them to PodExecOptions and the kubelet. */
    record Options(List<String> command, String container, boolean stdin, boolean stdout, boolean stderr, boolean tty) {
        static Options read(String uri) {
            Query query = Query.of(uri);
            boolean tty = query.flag("tty");
            return new Options(Query.all(uri, "command"), query.get("container"), query.flag("stdin"), query.flag("stdout"),
                    query.flag("stderr") && !tty, tty);
        }
    }

    /**
     * Serves the request: the checks, the start of the command (with the engine, on a worker), the
     * upgrade, the output. A refusal before the upgrade is an ordinary {@code Status} answer.
     */
    void serve(HttpServerRequest request, RequestPath path, Context context, java.util.function.Consumer<ApiException> refuse) {
        Options options;
        try {
            options = Options.read(request.uri());
        } catch (ApiException refused) {
            refuse.accept(refused);
            return;
        }
        request.pause(); // kept unread until the upgrade: Vert.x upgrades only a request it has not ended
        CompletableFuture<ExecOutput> output = new CompletableFuture<>();
        Runnable[] start = new Runnable[1];
        vertx.executeBlocking(() -> { // the checks, the kubelet's too, before the upgrade; nothing runs yet
            String container = check(path, options, request);
            loop.exclusive("exec in pods/" + path.name(), () -> {
                try {
                    start[0] = source.prepare(path.namespace(), path.name(), container, options.command(), output::complete);
                } catch (PeapodException refused) {
                    throw ApiException.badRequest(refused.getMessage());
                }
                return null;
            });
            return null;
        }, false).onComplete(checked -> {
            if (checked.failed()) {
                refuse.accept(checked.cause() instanceof ApiException refused ? refused
                        : ResourceDispatcher.internal(checked.cause() instanceof Exception e ? e : new PeapodException(String.valueOf(checked.cause()))));
                return;
            }
            request.toWebSocket().onSuccess(socket -> {
                // upgraded: the ready frame, then the command starts (the kubelet runs it once its streams are made)
                socket.writeBinaryMessage(frame(options.stdout() ? STDOUT : options.stderr() ? STDERR : ERROR, new byte[0]));
                output.thenAccept(done -> context.runOnContext(v -> finish(socket, options, done)));
                vertx.executeBlocking(() -> loop.exclusive("exec in pods/" + path.name(), () -> {
                    start[0].run();
                    return null;
                }), false).onFailure(failed -> context.runOnContext(v -> failed(socket, failed)));
            }).onFailure(failed -> refuse.accept(ResourceDispatcher.internal(
                    new PeapodException("the exec request could not be upgraded to a WebSocket: " + failed.getMessage()))));
        });
    }

    /** The container stopped between the checks and the start: ServeExec's InternalError Status, then the close. */
    private static void failed(ServerWebSocket socket, Throwable failed) {
        if (socket.isClosed()) {
            return;
        }
        String error = "error executing command in container: " + failed.getMessage();
        tools.jackson.databind.node.ObjectNode status = Json.MAPPER.createObjectNode();
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", "Internal error occurred: " + error);
        status.put("reason", "InternalError");
        status.putObject("details").putArray("causes").addObject().put("message", error);
        status.put("code", 500);
        socket.writeBinaryMessage(frame(ERROR, Json.string(status).getBytes(StandardCharsets.UTF_8)));
        socket.close((short) 1000);
    }

    /** The API server's and the kubelet's checks, in their order and words; the container's name. */
    private String check(RequestPath path, Options options, HttpServerRequest request) {
        Pod pod = store.get(Pod.class, path.namespace(), path.name()).orElseThrow(() -> ApiException.notFound("pods", path.name()));
        String container = PodSubresources.container(pod, options.container());
        if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
            throw ApiException.badRequest("pod " + path.name() + " does not have a host assigned");
        }
        if (!isUpgrade(request)) {
            throw ApiException.badRequest("Upgrade request required"); // the upgrade-aware proxy's answer to a plain request
        }
        List<String> offered = offered(request);
        if (!offered.contains(PROTOCOL)) { // wsstream's handshake
            throw ApiException.badRequest("requested protocol(s) are not supported: " + goList(offered) + "; supports [" + PROTOCOL
                    + "] (Peapod serves exec over WebSocket with " + PROTOCOL + " only: kubectl v1.20's SPDY is not served)");
        }
        if (!options.stdin() && !options.stdout() && !options.stderr()) {
            throw ApiException.badRequest("you must specify at least 1 of stdin, stdout, stderr");
        }
        if (options.stdin()) {
            throw ApiException.badRequest("stdin=true is not served by Peapod: its simulated commands read no input; "
                    + "exec without stdin, or put the input in the command (sh -c 'echo data | ...')");
        }
        if (options.command().isEmpty()) {
            throw ApiException.badRequest("exec needs a command: add command=... to the query (Peapod does not start a shell without one)");
        }
        return container;
    }

    private void finish(ServerWebSocket socket, Options options, ExecOutput done) {
        if (socket.isClosed()) {
            return;
        }
        byte[] out = done.stdout().getBytes(StandardCharsets.UTF_8);
        byte[] err = done.stderr().getBytes(StandardCharsets.UTF_8);
        if (options.tty()) { // one terminal: stderr reaches the client on stdout (the simulation keeps no interleaving)
            out = (done.stdout() + done.stderr()).getBytes(StandardCharsets.UTF_8);
            err = new byte[0];
        }
        if (options.stdout() && out.length > 0) {
            socket.writeBinaryMessage(frame(STDOUT, out));
        }
        if (options.stderr() && err.length > 0) {
            socket.writeBinaryMessage(frame(STDERR, err));
        }
        socket.writeBinaryMessage(frame(ERROR, status(options.command(), done.exitCode()).getBytes(StandardCharsets.UTF_8)));
        socket.close((short) 1000);
    }

    /** The kubelet's Status on the error channel: Success, or NonZeroExitCode with the exit code as a cause. */
    static String status(List<String> command, int exitCode) {
        tools.jackson.databind.node.ObjectNode status = Json.MAPPER.createObjectNode(); // metav1.Status's field order
        status.putObject("metadata");
        if (exitCode == 0) {
            status.put("status", "Success");
        } else {
            status.put("status", "Failure");
            status.put("message", "command terminated with non-zero exit code: error executing command " + goList(command)
                    + ", exit code " + exitCode);
            status.put("reason", "NonZeroExitCode");
            tools.jackson.databind.node.ObjectNode cause = status.putObject("details").putArray("causes").addObject();
            cause.put("reason", "ExitCode");
            cause.put("message", String.valueOf(exitCode));
        }
        return Json.string(status);
    }

    private static Buffer frame(byte channel, byte[] data) {
        byte[] bytes = Arrays.copyOf(new byte[] {channel}, data.length + 1);
        System.arraycopy(data, 0, bytes, 1, data.length);
        return Buffer.buffer(bytes);
    }

    private static boolean isUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket");
    }

    private static List<String> offered(HttpServerRequest request) {
        String header = request.getHeader("Sec-WebSocket-Protocol");
        return header == null ? List.of("") : Arrays.stream(header.split(",")).map(String::trim).toList();
    }

    /** Go's %v of a []string: {@code [sh -c exit 3]}. */
    private static String goList(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }
}
