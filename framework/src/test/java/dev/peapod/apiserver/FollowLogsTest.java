package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code pods/log?follow=true}: the lines so far, then each new one as the container writes it, as a
 * chunked text/plain response that ends when the container stops (the kubelet's ReadLogs with follow,
 * kuberuntime/logs/logs.go, v1.33).
 */
@Timeout(60)
class FollowLogsTest {
    /** Writes a line at 0, 10 and 20 s, then exits. */
    private static final String COUNTER = """
            apiVersion: v1
            kind: Pod
            metadata: {name: counter}
            spec:
              restartPolicy: Never
              containers:
              - name: c
                image: busybox
                command: [sh, -c, 'echo one; sleep 10; echo two; sleep 10; echo three']
            """;
    private static final String LOGS = "/api/v1/namespaces/default/pods/counter/log";

    private FakeCluster cluster;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        http = new Http(cluster);
        cluster.applyYaml(COUNTER);
        cluster.advance(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private HttpResponse<Stream<String>> follow(String query) {
        return Http.sendLines(HttpRequest.newBuilder(URI.create(http.url() + LOGS + "?follow=true" + query)).GET().build());
    }

    @Test
    void followSendsTheLinesSoFarThenEachNewLineAndEndsWhenTheContainerStops() {
        // given
        HttpResponse<Stream<String>> response = follow("");
        Iterator<String> lines = response.body().iterator();
        // then: the head and the line so far come before anything else is written
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(lines.next()).isEqualTo("one");
        // when: the container writes on, then exits
        cluster.advance(Duration.ofSeconds(10));
        assertThat(lines.next()).isEqualTo("two");
        cluster.advance(Duration.ofSeconds(10));
        // then
        assertThat(lines.next()).isEqualTo("three");
        assertThat(lines.hasNext()).as("the stream ends with the container").isFalse();
    }

    @Test
    void followKeepsTailLinesTimestampsAndTheByteLimit() {
        // given: two lines so far
        cluster.advance(Duration.ofSeconds(10));
        // when
        HttpResponse<Stream<String>> tail = follow("&tailLines=1&timestamps=true");
        Iterator<String> tailed = tail.body().iterator();
        List<String> limited;
        HttpResponse<Stream<String>> limit = follow("&limitBytes=10");
        cluster.advance(Duration.ofSeconds(10));
        limited = limit.body().toList();
        // then: the tail of the lines so far, each stamped, and the new ones
        assertThat(tailed.next()).isEqualTo("2025-01-01T00:00:10.000000000Z two");
        assertThat(tailed.next()).isEqualTo("2025-01-01T00:00:20.000000000Z three");
        assertThat(tailed.hasNext()).isFalse();
        // and: ten bytes of the whole stream, then its end
        assertThat(String.join("\n", limited)).isEqualTo("one\ntwo\nth");
    }

    @Test
    void followingAStoppedContainerSendsItsLinesAndEnds() {
        // given: the container has exited
        cluster.advance(Duration.ofSeconds(20));
        // when
        List<String> lines = follow("").body().toList();
        // then
        assertThat(lines).containsExactly("one", "two", "three");
    }

    @Test
    void followingThePreviousRunSendsItsLinesAndEndsWhileTheCurrentOneRuns() {
        // given: a container that failed once and runs again
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: retry}
                spec:
                  containers:
                  - {name: c, image: busybox, command: [sh, -c, 'echo attempt; sleep 5; exit 1']}
                """);
        cluster.advance(Duration.ofSeconds(20));
        // when
        List<String> lines = Http.lines(HttpRequest.newBuilder(URI.create(http.url()
                + "/api/v1/namespaces/default/pods/retry/log?follow=true&previous=true")).GET().build());
        // then
        assertThat(lines).containsExactly("attempt");
    }

    @Test
    void followWithSinceTimeSkipsTheOlderLines() {
        // when
        HttpResponse<Stream<String>> response = follow("&sinceTime=2025-01-01T00:00:01Z");
        cluster.advance(Duration.ofSeconds(20));
        // then
        assertThat(response.body().toList()).containsExactly("two", "three");
    }

    @Test
    void aFabric8LogWatchStreamsTheLinesUntilTheContainerStops() throws Exception {
        // given
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogWatch watch = cluster.client().pods().withName("counter").watchLog(out);
        await("the line so far").atMost(Duration.ofSeconds(20)).until(() -> text(out).equals("one\n"));
        // when
        cluster.advance(Duration.ofSeconds(10));
        await("the second line").atMost(Duration.ofSeconds(20)).until(() -> text(out).equals("one\ntwo\n"));
        cluster.advance(Duration.ofSeconds(10));
        // then: the stream closes by itself, without an error
        assertThat(watch.onClose().toCompletableFuture().get(20, TimeUnit.SECONDS)).isNull();
        assertThat(text(out)).isEqualTo("one\ntwo\nthree\n");
        watch.close();
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
