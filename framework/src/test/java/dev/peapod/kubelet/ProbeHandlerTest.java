package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The four handlers and their failure texts (pkg/probe/http, tcp, exec, grpc; errata A-10). */
class ProbeHandlerTest {
    private final Scenario s = new Scenario();

    private void readiness(String handler) {
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1.25
                    ports: [{name: http, containerPort: 8080}]
                    readinessProbe:
                      %s
                """.formatted(handler));
        s.at(0);
    }

    private List<String> unhealthy() {
        return s.events("web", "Unhealthy").stream().map(Event::getMessage).toList();
    }

    @ParameterizedTest(name = "HTTP {0} is ready: {1}")
    @CsvSource({"199, false", "200, true", "302, true", "399, true", "400, false", "503, false"})
    void httpGetSucceedsFrom200To399(int status, boolean ready) {
        // given
        s.cluster.container("web", "app").httpReturns(8080, "/ready", status);
        // when
        readiness("httpGet: {path: /ready, port: 8080}");
        // then
        assertThat(s.container("web", "app").getReady()).isEqualTo(ready);
        assertThat(unhealthy()).isEqualTo(ready ? List.of() : List.of("Readiness probe failed: HTTP probe failed with statuscode: " + status));
    }

    @Test
    void httpGetOnANamedPortUsesTheContainersPort() {
        // given
        s.cluster.container("web", "app").httpReturns(8080, "/ready", 500);
        // when
        readiness("httpGet: {path: /ready, port: http}");
        // then
        assertThat(unhealthy()).containsExactly("Readiness probe failed: HTTP probe failed with statuscode: 500");
    }

    @Test
    void httpGetBeforeTheAppListensIsAFailureWithGosUrlError() {
        // given: the app opens its ports 30 s after it starts
        s.cluster.container("web", "app").listensAfter(java.time.Duration.ofSeconds(30));
        // when
        readiness("httpGet: {path: /ready, port: 9999}");
        // then
        assertThat(unhealthy()).containsExactly("Readiness probe failed: Get \"http://10.244.1.2:9999/ready\": "
                + "dial tcp 10.244.1.2:9999: connect: connection refused");
    }

    @Test
    void httpGetThatNeverAnswersTimesOutAfterTimeoutSeconds() {
        // given
        s.cluster.container("web", "app").hangs(8080);
        // when
        readiness("httpGet: {path: /ready, port: 8080, scheme: HTTPS}\n      timeoutSeconds: 3");
        s.at(3);
        // then
        assertThat(unhealthy()).containsExactly("Readiness probe failed: Get \"https://10.244.1.2:8080/ready\": "
                + "context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        assertThat(s.events("web", "Unhealthy").get(0).getFirstTimestamp()).isEqualTo("2025-01-01T00:00:03Z");
    }

    @Test
    void tcpSocketFailsWithTheDialError() {
        // given
        s.cluster.container("web", "app").tcpRefuses(8080);
        // when
        readiness("tcpSocket: {port: 8080}");
        // then
        assertThat(unhealthy()).containsExactly("Readiness probe failed: dial tcp 10.244.1.2:8080: connect: connection refused");
    }

    @Test
    void execFailsWithTheCommandsOutput() {
        // given
        s.cluster.container("web", "app").execFails(List.of("cat", "/tmp/ready"), "cat: can't open '/tmp/ready': No such file or directory");
        // when
        readiness("exec: {command: [cat, /tmp/ready]}");
        // then
        assertThat(unhealthy()).containsExactly("Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory");
    }

    @Test
    void execOutputIsCutAfter10KiBAsTheExecProberReadsIt() {
        // given: 10,000 ASCII characters, then 300 two-byte ones (10,600 bytes in UTF-8)
        String output = "a".repeat(10_000) + "é".repeat(300);
        s.cluster.container("web", "app").execFails(List.of("cat", "/tmp/ready"), output);
        // when
        readiness("exec: {command: [cat, /tmp/ready]}");
        // then: pkg/probe/exec/exec.go maxReadLength, 10,240 bytes: 120 of the two-byte characters fit
        assertThat(unhealthy()).containsExactly("Readiness probe failed: " + "a".repeat(10_000) + "é".repeat(120));
    }

    @Test
    void execOutputLimitCountsUtf8BytesWhereverTheFirstNonAsciiCharacterIs() {
        assertThat(Prober.limited("a".repeat(10_240))).isEqualTo("a".repeat(10_240));
        assertThat(Prober.limited("a".repeat(20_000))).isEqualTo("a".repeat(10_240));
        assertThat(Prober.limited("a".repeat(10_240) + "é")).isEqualTo("a".repeat(10_240));
        assertThat(Prober.limited("é".repeat(5_120))).isEqualTo("é".repeat(5_120));
        assertThat(Prober.limited("é".repeat(5_121))).isEqualTo("é".repeat(5_120));
        assertThat(Prober.limited("€".repeat(3_414))).isEqualTo("€".repeat(3_413) + "\uFFFD");
        assertThat(Prober.limited("a".repeat(10_239) + "\uD83D\uDE00")).isEqualTo("a".repeat(10_239) + "\uFFFD");
        assertThat(Prober.limited("b".repeat(3_413) + "é".repeat(3_413) + "c".repeat(10))).isEqualTo("b".repeat(3_413) + "é".repeat(3_413) + "c");
    }

    @Test
    void grpcSucceedsOnServingAndFailsOnAnyOtherStatus() {
        // given
        s.cluster.container("web", "app").grpcReturns(9090, "NOT_SERVING");
        // when
        readiness("grpc: {port: 9090}");
        // then
        assertThat(s.container("web", "app").getReady()).isFalse();
        assertThat(unhealthy()).containsExactly("Readiness probe failed: service unhealthy (responded with \"NOT_SERVING\")");
    }

    @Test
    void grpcOnAServingPortIsReady() {
        // when: a well-behaved server listens on its probes' ports
        readiness("grpc: {port: 9090}");
        // then
        assertThat(s.container("web", "app").getReady()).isTrue();
    }

    @Test
    void tcpSocketOnlyDialsSoAnAppThatNeverAnswersIsHealthy() {
        // given: pkg/probe/tcp/tcp.go returns Success once the connection is made
        s.cluster.container("web", "app").hangs(8080);
        // when
        readiness("tcpSocket: {port: 8080}");
        // then
        assertThat(s.container("web", "app").getReady()).isTrue();
    }

    @Test
    void aNamedPortTheContainerDoesNotDeclareIsAProberErrorThatIsNotCounted() {
        // when: pkg/probe/util.go ResolveContainerPort falls back to strconv.Atoi, which fails
        readiness("tcpSocket: {port: web}");
        s.at(60);
        // then: errored probes are reported and thrown away (prober.go, errata A-1)
        assertThat(s.container("web", "app").getReady()).isFalse();
        assertThat(s.events("web", "Unhealthy")).singleElement().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo(
                    "Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing \"web\": invalid syntax");
            assertThat(e.getType()).isEqualTo("Warning");
        });
    }

    @Test
    void execCommandsExpandTheContainersLiteralEnvValues() {
        // given: runProbe expands $(VAR) from env entries with a literal value only (errata A-9)
        s.cluster.container("web", "app").execFails(List.of("cat", "/data/ready", "$(UNSET)"), "not ready");
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1.25
                    env: [{name: DIR, value: /data}]
                    readinessProbe:
                      exec: {command: [cat, "$(DIR)/ready", "$(UNSET)"]}
                """);
        // when
        s.at(0);
        // then: the app saw the expanded command
        assertThat(unhealthy()).containsExactly("Readiness probe failed: not ready");
    }

    @Test
    void aProbePathWithoutItsLeadingSlashIsTheSamePath() {
        // given: the prober requests "/ready" for path "ready"; scripts match either spelling
        var pod = s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1.25
                    readinessProbe: {httpGet: {path: ready, port: 8080}}
                """);
        var spec = pod.getSpec().getContainers().get(0);
        // when
        s.cluster.container("web", "app").probeFails(dev.peapod.runtime.Requester.READINESS_PROBE, spec.getReadinessProbe(), spec);
        s.at(10);
        // then
        assertThat(unhealthy()).containsExactly("Readiness probe failed: HTTP probe failed with statuscode: 500");
    }
}
