package dev.peapod.apiserver;

import dev.peapod.core.PeapodException;
import dev.peapod.store.ApiException;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Adapts Vert.x to Fabric8's mock web server model, as mockwebserver's HttpServerRequestHandler does,
 * with what Peapod needs beside it: a plain request becomes a {@link RecordedRequest}, the
 * {@link Dispatcher} answers it with a {@link MockResponse} on a worker thread (it may wait for the
 * engine), and the answer is written back; a watch (chunked, or a WebSocket upgrade) is handed to the
 * {@link WatchStreamer}. Nothing is kept per request once it is answered. A body over the API server's
 * 3 MiB limit is refused with its 413.
 */
final class HttpFront implements Handler<HttpServerRequest> {
    /** apiserver's MaxRequestBodyBytes: 3 MiB. */
    static final int MAX_BODY = 3 * 1024 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private final Vertx vertx;
    private final Dispatcher dispatcher;
    private final WatchStreamer watches;
    private final PodSubresources pods;
    private final PodExec execs;

    HttpFront(Vertx vertx, Dispatcher dispatcher, WatchStreamer watches, PodSubresources pods, PodExec execs) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.watches = watches;
        this.pods = pods;
        this.execs = execs;
    }

    @Override
    public void handle(HttpServerRequest request) {
        Context context = vertx.getOrCreateContext();
        Optional<RequestPath> exec = execOf(request);
        if (exec.isPresent()) {
            execs.serve(request, exec.get(), context, refused -> {
                request.resume();
                send(request.response(), Statuses.response(refused));
            });
            return;
        }
        Optional<WatchStreamer.Request> watch;
        Optional<RequestPath> follow;
        try {
            watch = watchOf(request);
            follow = watch.isPresent() ? Optional.empty() : followOf(request);
        } catch (ApiException refused) {
            request.resume();
            send(request.response(), Statuses.response(refused));
            return;
        }
        if (watch.isPresent() && isWebSocketUpgrade(request)) {
            // upgraded at once, before the request is read (see mockwebserver's HttpServerRequestHandler)
            request.toWebSocket().onSuccess(socket -> {
                WatchSink sink = WatchSink.webSocket(socket, context, watches.backlog());
                vertx.executeBlocking(() -> {
                    watches.open(watch.get(), sink);
                    return null;
                }, false).onFailure(failed -> {
                    sink.send(WatchStreamer.eventJson("ERROR", Statuses.of(refusal(failed))));
                    sink.end();
                });
            }).onFailure(failed -> {
                if (!request.response().headWritten()) {
                    send(request.response(), Statuses.response(ResourceDispatcher.internal(new PeapodException(failed.getMessage()))));
                }
            });
            return;
        }
        readBody(request, body -> {
            if (body == null) {
                send(request.response(), Statuses.response(new ApiException(413, "RequestEntityTooLarge",
                        "Request entity too large: limit is " + MAX_BODY, List.of())));
            } else if (watch.isPresent()) {
                WatchSink sink = WatchSink.chunked(request.response(), context, watches.backlog());
                vertx.executeBlocking(() -> {
                    watches.open(watch.get(), sink);
                    return null;
                }, false).onFailure(failed -> {
                    if (!sink.started()) {
                        send(request.response(), Statuses.response(refusal(failed)));
                    } else {
                        sink.send(WatchStreamer.eventJson("ERROR", Statuses.of(refusal(failed))));
                        sink.end();
                    }
                });
            } else if (follow.isPresent()) {
                followLog(request, follow.get(), context);
            } else {
                plain(request, body);
            }
        });
    }

    /** {@code pods/log?follow=true}: streamed as a chunked text/plain response until the container stops. */
    private void followLog(HttpServerRequest request, RequestPath path, Context context) {
        WatchSink sink = WatchSink.chunked(request.response(), context, watches.backlog(), "text/plain", "");
        vertx.executeBlocking(() -> {
            pods.follow(path, Query.of(request.uri()), sink);
            return null;
        }, false).onFailure(failed -> {
            if (!sink.started()) {
                send(request.response(), Statuses.response(refusal(failed)));
            } else {
                sink.end(); // a failure after the head: the stream just ends, as a broken kubelet connection does
            }
        });
    }

    /** The pod whose log a request follows, if it does: GET pods/{name}/log with {@code follow=true}. */
    private static Optional<RequestPath> followOf(HttpServerRequest request) {
        if (request.method() != io.vertx.core.http.HttpMethod.GET) {
            return Optional.empty();
        }
        Optional<RequestPath> path = RequestPath.parse(request.uri());
        if (path.isEmpty() || path.get().kind() != RequestPath.Kind.RESOURCE || !PodSubresources.serves(path.get())
                || !"log".equals(path.get().subresource())) {
            return Optional.empty();
        }
        return Query.of(request.uri()).flag("follow") ? path : Optional.empty();
    }

    private void plain(HttpServerRequest request, byte[] body) {
        String method = request.method().name().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            send(request.response(), Statuses.methodNotAllowed());
            return;
        }
        RecordedRequest recorded = new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), request.uri(),
                Headers.builder().addAll(request.headers()).build(), new io.fabric8.mockwebserver.http.Buffer(body));
        if (readsOnly(request)) { // store reads need no engine: answered here, without two hops to a worker and back
            MockResponse answer;
            try {
                answer = dispatcher.dispatch(recorded);
            } catch (RuntimeException failed) {
                answer = Statuses.response(refusal(failed));
            }
            send(request.response(), answer);
            return;
        }
        vertx.executeBlocking(() -> dispatcher.dispatch(recorded), false)
                .onSuccess(response -> send(request.response(), response))
                .onFailure(failed -> send(request.response(), Statuses.response(refusal(failed))));
    }

    /**
     * A GET that reads the store and nothing else (an object, a list, discovery; not a pod's log, which
     * takes the engine to read the runtime): it never waits, so it may run on the event loop.
     */
    private boolean readsOnly(HttpServerRequest request) {
        if (request.method() != io.vertx.core.http.HttpMethod.GET) {
            return false;
        }
        try {
            return watches.route(request.uri()).map(path -> path.subresource() == null
                    || path.subresource().equals("status") || path.subresource().equals("scale")).orElse(true);
        } catch (RuntimeException notAPath) {
            return true; // answered with the router's refusal, which reads nothing
        }
    }

    private static ApiException refusal(Throwable failed) {
        return failed instanceof ApiException refused ? refused
                : ResourceDispatcher.internal(failed instanceof Exception e ? e : new PeapodException(String.valueOf(failed)));
    }

    /** The pod whose exec subresource a GET or POST asks for, if any (kubectl and Fabric8 upgrade either). */
    private Optional<RequestPath> execOf(HttpServerRequest request) {
        if (request.method() != io.vertx.core.http.HttpMethod.GET && request.method() != io.vertx.core.http.HttpMethod.POST) {
            return Optional.empty();
        }
        try {
            return watches.route(request.uri()).filter(PodExec::serves);
        } catch (ApiException notAPath) {
            return Optional.empty();
        }
    }

    /** The watch a request asks for, if any: GET on a collection with {@code watch=true}, or a watch path. */
    private Optional<WatchStreamer.Request> watchOf(HttpServerRequest request) {
        if (request.method() != io.vertx.core.http.HttpMethod.GET) {
            return Optional.empty();
        }
        Optional<RequestPath> path = watches.route(request.uri());
        if (path.isEmpty() || path.get().kind() != RequestPath.Kind.RESOURCE || !path.get().isCollection()) {
            return Optional.empty();
        }
        Query query = Query.of(request.uri());
        if (!path.get().watchPath() && !query.flag("watch")) {
            return Optional.empty();
        }
        Transform transform = Transform.of(MediaTypes.SERVED.negotiate(request.getHeader("Accept")), query);
        return Optional.of(WatchStreamer.request(path.get(), query, transform));
    }

    /** The whole body, or null once it passes {@link #MAX_BODY}. */
    private static void readBody(HttpServerRequest request, Handler<byte[]> done) {
        String length = request.getHeader("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY) {
                    request.resume();
                    done.handle(null);
                    return;
                }
            } catch (NumberFormatException e) {
                // Vert.x's codec refuses a bad Content-Length before this runs
            }
        }
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        request.handler(chunk -> {
            if (!tooLarge[0]) {
                if (body.length() + chunk.length() > MAX_BODY) {
                    tooLarge[0] = true;
                } else {
                    body.appendBuffer(chunk);
                }
            }
        });
        request.endHandler(v -> done.handle(tooLarge[0] ? null : body.getBytes()));
        request.resume();
    }

    private static void send(HttpServerResponse response, MockResponse answer) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(answer.code());
        answer.getHeaders().toMultimap().forEach((key, values) -> response.headers().add(key, values));
        byte[] bytes = answer.getBody() == null ? new byte[0] : answer.getBody().getBytes();
        response.end(Buffer.buffer(bytes));
    }

    private static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }
}
