package dev.peapod.apiserver;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

/**
 * Where a watch's events go: one JSON object per line of a chunked response, or one per WebSocket
 * text frame. Every call hands its work to the connection's Vert.x context and returns at once, so
 * the engine thread that delivers an event never waits for a client; the context keeps the order.
 */
interface WatchSink {
    /** Sends one event's JSON. */
    void send(String json);

    /** Begins the response (a 200 and its headers) once the watch is open, before any event comes. */
    void begin();

    /** Ends the stream normally (a timeout, an ERROR event, the server closing). */
    void end();

    /** Runs {@code closed} once the client has gone or the stream ended. */
    void onClose(Runnable closed);

    /** Whether a response was begun: before that, a refusal can still be a plain Status response. */
    boolean started();

    static WatchSink chunked(HttpServerResponse response, Context context) {
        return new WatchSink() {
            private volatile boolean started;

            @Override
            public void send(String json) {
                started = true;
                context.runOnContext(v -> {
                    if (response.ended() || response.closed()) {
                        return;
                    }
                    if (!response.headWritten()) {
                        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
                    }
                    response.write(Buffer.buffer(json + "\n"));
                });
            }

            @Override
            public void begin() {
                started = true;
                context.runOnContext(v -> {
                    if (!response.ended() && !response.closed() && !response.headWritten()) {
                        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
                        response.writeHead();
                    }
                });
            }

            @Override
            public void end() {
                started = true;
                context.runOnContext(v -> {
                    if (response.ended() || response.closed()) {
                        return;
                    }
                    if (!response.headWritten()) {
                        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
                    }
                    response.end();
                });
            }

            @Override
            public void onClose(Runnable closed) {
                context.runOnContext(v -> {
                    response.closeHandler(x -> closed.run());
                    response.endHandler(x -> closed.run());
                    if (response.closed() || response.ended()) {
                        closed.run();
                    }
                });
            }

            @Override
            public boolean started() {
                return started;
            }
        };
    }

    static WatchSink webSocket(ServerWebSocket socket, Context context) {
        return new WatchSink() {
            @Override
            public void send(String json) {
                context.runOnContext(v -> {
                    if (!socket.isClosed()) {
                        socket.writeTextMessage(json);
                    }
                });
            }

            @Override
            public void begin() {
                // the upgrade's 101 was the beginning
            }

            @Override
            public void end() {
                context.runOnContext(v -> {
                    if (!socket.isClosed()) {
                        socket.close();
                    }
                });
            }

            @Override
            public void onClose(Runnable closed) {
                context.runOnContext(v -> {
                    socket.closeHandler(x -> closed.run());
                    if (socket.isClosed()) {
                        closed.run();
                    }
                });
            }

            @Override
            public boolean started() {
                return true;
            }
        };
    }
}
