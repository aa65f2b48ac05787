package dev.peapod.apiserver;

import dev.peapod.core.PeapodException;
import dev.peapod.spi.ClusterContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The HTTP face of a running cluster (DESIGN §3, issue #14): discovery, CRUD and watches over plain
 * HTTP on 127.0.0.1, on a port the OS picks, or over HTTPS with a self-signed certificate
 * ({@link #startHttps}). The façade starts it on first use and closes it with
 * the cluster.
 *
 * <p><b>Transport</b> (the lead's decision, session 12): Fabric8's {@code MockWebServer} cannot stream
 * a response ({@code MockResponse} holds a whole body, so {@code kubectl get -w} and HTTP watches
 * cannot be served) and it keeps every request in an unbounded queue. So Peapod runs its own Vert.x 5
 * {@code HttpServer} (Vert.x comes with Fabric8's client) and keeps the mock web server's model as its
 * request and response types: a Peapod {@code Dispatcher} turns a {@code RecordedRequest} into a
 * {@code MockResponse} for every plain request, on a Vert.x worker thread since it may wait for the
 * engine; WebSocket upgrades and chunked watches are streamed by Peapod's handler. No request is kept
 * once answered.
 */
@API(status = INTERNAL, since = "0.1")
public final class ApiServer implements AutoCloseable {
    /** The watch cache's defaultBookmarkFrequency. */
    static final Duration BOOKMARK_INTERVAL = Duration.ofMinutes(1);
    private static final long STARTUP_SECONDS = 30;

    private final Vertx vertx;
    private final HttpServer server;
    private final WatchStreamer watches;
    /** The certificate it serves HTTPS with; null: plain HTTP. */
    private final SelfSignedTls tls;

    private ApiServer(Vertx vertx, HttpServer server, WatchStreamer watches, SelfSignedTls tls) {
        this.vertx = vertx;
        this.server = server;
        this.watches = watches;
        this.tls = tls;
    }

    /** How many watches are open for clients now (for tests: a client that goes closes its store watch). */
    int openWatches() {
        return watches.open();
    }

    /** The largest backlog any watch had, in bytes (for tests: a client that does not read costs at most the limit). */
    long peakWatchBacklog() {
        return watches.peakBacklog();
    }

    /** How many watches were closed because their clients did not read. */
    int watchesClosedUnresponsive() {
        return watches.closedUnresponsive();
    }

    /** Starts serving the cluster's store; returns once the port is bound. */
    public static ApiServer start(ClusterContext cluster) {
        return start(cluster, PodLogSource.NONE);
    }

    /** Starts serving the cluster's store, with its containers' logs read from {@code logs}; returns once the port is bound. */
    public static ApiServer start(ClusterContext cluster, PodLogSource logs) {
        return start(cluster, logs, BOOKMARK_INTERVAL);
    }

    static ApiServer start(ClusterContext cluster, Duration bookmarkInterval) {
        return start(cluster, PodLogSource.NONE, bookmarkInterval);
    }

    static ApiServer start(ClusterContext cluster, PodLogSource logs, Duration bookmarkInterval) {
        return start(cluster, logs, bookmarkInterval, Backlog.DEFAULT_LIMIT);
    }

    /** With each watch's backlog bounded at {@code backlogLimit} bytes (see {@link Backlog}). */
    static ApiServer start(ClusterContext cluster, PodLogSource logs, Duration bookmarkInterval, long backlogLimit) {
        return start(cluster, logs, PodExecSource.NONE, bookmarkInterval, backlogLimit, null);
    }

    /** Starts serving the cluster's store, its containers' logs from {@code logs} and their exec from {@code execs}. */
    public static ApiServer start(ClusterContext cluster, PodLogSource logs, PodExecSource execs) {
        return start(cluster, logs, execs, BOOKMARK_INTERVAL, Backlog.DEFAULT_LIMIT, null);
    }

    /**
     * Starts serving over HTTPS with a self-signed certificate made now (see {@link SelfSignedTls}); its
     * clients trust {@link #caCertificatePem()}. Returns once the port is bound.
     */
    public static ApiServer startHttps(ClusterContext cluster, PodLogSource logs) {
        return startHttps(cluster, logs, PodExecSource.NONE);
    }

    /** As {@link #startHttps(ClusterContext, PodLogSource)}, with the containers' exec from {@code execs}. */
    public static ApiServer startHttps(ClusterContext cluster, PodLogSource logs, PodExecSource execs) {
        return start(cluster, logs, execs, BOOKMARK_INTERVAL, Backlog.DEFAULT_LIMIT, SelfSignedTls.create());
    }

    private static ApiServer start(ClusterContext cluster, PodLogSource logs, PodExecSource execs, Duration bookmarkInterval,
                                   long backlogLimit, SelfSignedTls tls) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(8)
                // a worker may wait for the cluster's thread as long as a test keeps it busy: not a blocked thread
                .setMaxWorkerExecuteTime(Long.MAX_VALUE).setMaxWorkerExecuteTimeUnit(TimeUnit.NANOSECONDS)
                .setBlockedThreadCheckInterval(TimeUnit.HOURS.toMillis(1)));
        try {
            String[] address = new String[1];
            PodSubresources pods = new PodSubresources(cluster.store(), cluster.loop(), cluster.clock(), logs);
            ResourceDispatcher dispatcher = new ResourceDispatcher(cluster.store(), cluster.loop(), cluster.clock(), () -> address[0], pods);
            WatchStreamer watches = new WatchStreamer(cluster.store(), cluster.loop(), cluster.clock(), vertx, bookmarkInterval, backlogLimit);
            PodExec exec = new PodExec(cluster.store(), cluster.loop(), execs, vertx);
            HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0).setWebSocketSubProtocols(ExecProtocol.subprotocols());
            if (tls != null) {
                options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(tls.certificatePem())).setKeyValue(Buffer.buffer(tls.privateKeyPem())));
            }
            HttpServer server = await(vertx.createHttpServer(options)
                    .requestHandler(new HttpFront(vertx, dispatcher, watches, pods, exec)).listen());
            address[0] = "127.0.0.1:" + server.actualPort();
            return new ApiServer(vertx, server, watches, tls);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}, or {@code https://} when it serves HTTPS. */
    public String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port();
    }

    /** The PEM of the certificate a client must trust for HTTPS (the server's own, self-signed); empty for plain HTTP. */
    public java.util.Optional<String> caCertificatePem() {
        return java.util.Optional.ofNullable(tls).map(SelfSignedTls::certificatePem);
    }

    public int port() {
        return server.actualPort();
    }

    /** Stops listening, ends every open watch and stops Vert.x's threads. */
    @Override
    public void close() {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(STARTUP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeapodException("interrupted while starting or stopping the cluster's HTTP server", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PeapodException("the cluster's HTTP server could not start or stop: " + e, e);
        }
    }
}
