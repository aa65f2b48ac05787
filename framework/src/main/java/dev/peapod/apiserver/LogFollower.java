package dev.peapod.apiserver;

import dev.peapod.runtime.LogLine;

import java.nio.charset.StandardCharsets;

/**
 * One {@code pods/log?follow=true} stream: the lines so far, then each new line the container writes,
 * to a chunked {@code text/plain} response, as the kubelet's log reader copies a container's log
 * while it runs (kuberuntime logs.go ReadLogs with follow). New lines come on the engine's thread and
 * are handed over without waiting; a client that reads nothing has the stream ended once its backlog
 * is full ({@link Backlog}: the lines so far do not count). {@code limitBytes} counts the whole
 * stream, which ends when it is reached (the kubelet's LimitedWriter).
 */
final class LogFollower {
    private final WatchSink sink;
    private final boolean timestamps;
    private Long remaining;         // bytes the client may still be sent; null: no limit
    private boolean begun;          // the lines so far were sent: what comes now is new
    private boolean endWhenBegun;   // the run ended before the lines so far were sent
    private volatile boolean ended;
    private volatile Runnable stop = () -> { };

    LogFollower(WatchSink sink, PodSubresources.LogOptions options) {
        this.sink = sink;
        this.timestamps = options.timestamps();
        this.remaining = options.limitBytes();
    }

    /** Sends the lines so far (rendered) and remembers how to stop hearing new ones. Engine thread. */
    void begin(String sofar, Runnable stop) {
        this.stop = stop;
        sink.begin();
        begun = true;
        write(sofar);
        sink.backlog().goLive();
        if (endWhenBegun) {
            end();
        }
    }

    /** A new line of the container. Engine thread. */
    void line(LogLine line) {
        if (begun && !ended) {
            write(PodSubresources.render(line, timestamps));
        }
    }

    /** The container stopped: the stream ends. Engine thread. */
    void end() {
        if (!begun) {
            endWhenBegun = true;
            return;
        }
        if (!ended) {
            ended = true;
            sink.end();
        }
    }

    /** The client went away or the stream ended: stop hearing new lines. Any thread. */
    void stop() {
        ended = true;
        stop.run();
    }

    private void write(String text) {
        if (text.isEmpty() || ended) {
            return;
        }
        String sent = PodSubresources.limited(text, remaining);
        if (remaining != null) {
            remaining -= sent.getBytes(StandardCharsets.UTF_8).length;
        }
        if (!sink.send(sent)) {
            end(); // the client read nothing of its backlog: as a watch, the stream ends
            return;
        }
        if (remaining != null && remaining <= 0) {
            end();
        }
    }
}
