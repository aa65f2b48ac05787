package dev.peapod.apiserver;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

/**
 * Where a watch's events go: one JSON object per line of a chunked response, or one per WebSocket
 * text frame. Every call hands its work to the connection's Vert.x context and returns at once, so
 * the engine thread that delivers an event never waits for a client; the context keeps the order.
 * What is handed over and not yet written to the socket is counted in the watch's {@link Backlog}:
 * past its limit {@link #send} refuses, and the watch is to be closed.
 */
interface WatchSink {
    /**
     * Sends one event's JSON; false, sending nothing, when the client has not read enough of what it
     * was sent (the backlog's limit): the caller closes the watch.
     */
    boolean send(String json);

    /** What this watch has been sent and not yet written. */
    Backlog backlog();

    /** Begins the response (a 200 and its headers) once the watch is open, before any event comes. */
    void begin();

    /** Ends the stream normally (a timeout, an ERROR event, the server closing). */
    void end();

    /** Runs {@code closed} once the client has gone or the stream ended. */
    void onClose(Runnable closed);

    /** Whether a response was begun: before that, a refusal can still be a plain Status response. */
    boolean started();

    static WatchSink chunked(HttpServerResponse response, Context context, Backlog backlog) {
        return chunked(response, context, backlog, "application/json", "\n");
    }

    /** A chunked response of {@code contentType}, with {@code separator} after each piece sent. */
    static WatchSink chunked(HttpServerResponse response, Context context, Backlog backlog, String contentType, String separator) {
        return new WatchSink() {
            private volatile boolean started;

            @Override
            public boolean send(String json) {
                started = true;
                Buffer line = Buffer.buffer(json + separator);
                Backlog.Ticket ticket = backlog.take(line.length());
                if (ticket == null) {
                    return false;
                }
                context.runOnContext(v -> {
                    if (response.ended() || response.closed()) {
                        ticket.written();
                        return;
                    }
                    if (!response.headWritten()) {
                        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", contentType);
                    }
                    // completes once the bytes are in the socket (or the connection is gone)
                    response.write(line).onComplete(done -> ticket.written());
                });
                return true;
            }

            @Override
            public Backlog backlog() {
                return backlog;
            }

            @Override
            public void begin() {
                started = true;
                context.runOnContext(v -> {
                    if (!response.ended() && !response.closed() && !response.headWritten()) {
                        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", contentType);
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
                        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", contentType);
                    }
                    response.end();
                });
            }

            @Override
            public void onClose(Runnable closed) {
                context.runOnContext(v -> {
                    if (response.closed() || response.ended()) {
                        closed.run(); // ended before anyone asked (a stopped container's log): no handler may be set now
                        return;
                    }
                    response.closeHandler(x -> closed.run());
                    response.endHandler(x -> closed.run());
                });
            }

            @Override
            public boolean started() {
                return started;
            }
        };
    }

    static WatchSink webSocket(ServerWebSocket socket, Context context, Backlog backlog) {
        return new WatchSink() {
            @Override
            public boolean send(String json) {
                Buffer text = Buffer.buffer(json);
                Backlog.Ticket ticket = backlog.take(text.length());
                if (ticket == null) {
                    return false;
                }
                context.runOnContext(v -> {
                    if (socket.isClosed()) {
                        ticket.written();
                        return;
                    }
                    socket.writeTextMessage(json).onComplete(done -> ticket.written());
                });
                return true;
            }

            @Override
            public Backlog backlog() {
                return backlog;
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
