package dev.peapod.apiserver;

import dev.peapod.core.PeapodException;
import dev.peapod.runtime.ExecOutput;
import dev.peapod.store.ApiException;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.EventLoop;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code pods/exec} over a WebSocket, as Fabric8's {@code exec(..)} ({@code v4.channel.k8s.io}), a raw
 * client offering no subprotocol (v1 framing) and kubectl since v1.30 ({@code v5.channel.k8s.io}) speak
 * it ({@link ExecProtocol}): the API server's checks (pkg/registry/core/pod/strategy.go streamLocation:
 * the pod, its container, its node), the kubelet's (remotecommand NewOptions: at least one of stdin,
 * stdout and stderr; stderr dropped with a TTY; its findContainer: the container runs), then the command
 * runs in the simulated runtime, in virtual time. Frames start with their channel (wsstream's codecs):
 * an empty frame on the lowest output channel says the streams are ready (remotecommand websocket.go),
 * then stdout (1) and stderr (2), then the end on the error channel (3; remotecommand exec.go ServeExec,
 * with containerd's exit error text), then the close.
 *
 * <p>Not served, and refused with a 400 naming it: stdin (Peapod's commands read no input), SPDY
 * (kubectl before v1.30 upgrades with it), an empty command. A protocol neither the kubelet nor the
 * translator knows is refused with the handshake's 403, which upstream sends without a body and Peapod
 * with a {@code Status} saying why. The command's output is sent when it ends, not as it is written:
 * the simulated runtime gives an exec's output whole.
 */
final class PodExec {
    /** Fabric8's protocol. */
    static final String PROTOCOL = "v4.channel.k8s.io";

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
                ExecProtocol protocol = ExecProtocol.of(socket);
                protocol.write(socket, options.stdout() ? ExecProtocol.STDOUT : options.stderr() ? ExecProtocol.STDERR : ExecProtocol.ERROR,
                        new byte[0]);
                output.thenAccept(done -> context.runOnContext(v -> finish(socket, protocol, options, done)));
                vertx.executeBlocking(() -> loop.exclusive("exec in pods/" + path.name(), () -> {
                    start[0].run();
                    return null;
                }), false).onFailure(failed -> context.runOnContext(v -> failed(socket, protocol, failed)));
            }).onFailure(failed -> refuse.accept(ResourceDispatcher.internal(
                    new PeapodException("the exec request could not be upgraded to a WebSocket: " + failed.getMessage()))));
        });
    }

    /** The command could not start (the container stopped since the checks): ServeExec's InternalError, then the close. */
    private static void failed(ServerWebSocket socket, ExecProtocol protocol, Throwable failed) {
        if (socket.isClosed()) {
            return;
        }
        protocol.writeInternalError(socket, failed.getMessage());
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
        if (isSpdy(request)) {
            throw ApiException.badRequest("exec over SPDY (kubectl before v1.30) is not served by Peapod: use a WebSocket client "
                    + "(Fabric8's exec, kubectl v1.30 or later)");
        }
        if (ExecProtocol.negotiate(offered).isEmpty()) { // wsstream's handshake: a 403 with no body upstream
            throw ApiException.forbidden(ExecProtocol.unsupported(offered));
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

    private void finish(ServerWebSocket socket, ExecProtocol protocol, Options options, ExecOutput done) {
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
            protocol.write(socket, ExecProtocol.STDOUT, out);
        }
        if (options.stderr() && err.length > 0) {
            protocol.write(socket, ExecProtocol.STDERR, err);
        }
        protocol.writeExit(socket, options.command(), done.exitCode());
        socket.close((short) 1000);
    }

    private static boolean isUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && (upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket") || isSpdy(request));
    }

    private static boolean isSpdy(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).startsWith("spdy/");
    }

    private static List<String> offered(HttpServerRequest request) {
        String header = request.getHeader("Sec-WebSocket-Protocol");
        return header == null ? List.of("") : Arrays.stream(header.split(",")).map(String::trim).toList();
    }
}
