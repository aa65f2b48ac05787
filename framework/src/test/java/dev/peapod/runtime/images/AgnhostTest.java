package dev.peapod.runtime.images;

import dev.peapod.runtime.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.peapod.runtime.images.Images.program;
import static dev.peapod.runtime.images.Images.run;
import static org.assertj.core.api.Assertions.assertThat;

/** agnhost's subcommands as kubernetes' test/images/agnhost sources answer. */
class AgnhostTest {
    private static final String AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";

    private static FakeProcess agnhost(String... args) {
        return run(AGNHOST, null, List.of(args));
    }

    @Test
    void theDefaultCommandIsPauseWhichExitsTwoOnSigterm() {
        // given: CMD ["pause"] after ENTRYPOINT ["/agnhost"]
        FakeProcess pause = run(AGNHOST);

        // when
        pause.advance(Duration.ofMinutes(10)).sigterm();

        // then: pause.go signal.Notify(SIGTERM) -> os.Exit(2)
        assertThat(pause.log).containsExactly("out: Paused");
        assertThat(pause.exitCode).isEqualTo(2);
    }

    @Test
    void livenessIsHealthyForTenSecondsThenAnswers500() {
        FakeProcess liveness = agnhost("liveness");

        assertThat(liveness.listening).containsExactly(8080);
        assertThat(body(liveness.get(8080, "/healthz"))).isEqualTo("200 ok");
        liveness.advance(Duration.ofSeconds(10));
        assertThat(body(liveness.get(8080, "/healthz"))).isEqualTo("200 ok"); // duration.Seconds() > 10 only after 10 s
        liveness.advance(Duration.ofMillis(500));
        assertThat(body(liveness.get(8080, "/healthz"))).isEqualTo("500 error: 10.5");
        liveness.advance(Duration.ofMillis(500));
        assertThat(body(liveness.get(8080, "/healthz"))).isEqualTo("500 error: 11");
        liveness.advance(Duration.ofSeconds(79));
        assertThat(body(liveness.get(8080, "/started"))).isEqualTo("200 1m30s");
        assertThat(body(liveness.get(8080, "/nope"))).isEqualTo("404 404 page not found\n");
        assertThat(liveness.get(8080, "/slow-response").httpStatus()).isEqualTo(501);
        assertThat(liveness.log).isEmpty();
    }

    @Test
    void goServersExitTwoOnSigtermAsPidOne() {
        for (String subcommand : List.of("liveness", "netexec", "test-webserver", "grpc-health-checking")) {
            assertThat(agnhost(subcommand).sigterm().exitCode).as(subcommand).isEqualTo(2);
        }
    }

    @Test
    void netexecAnswersItsEndpoints() {
        // given
        FakeProcess netexec = agnhost("netexec", "--http-port=8080");

        // then
        assertThat(netexec.listening).containsExactly(8080);
        assertThat(netexec.log).containsExactly("err: 2026/12/04 08:58:39 Started HTTP server on port 8080",
                "err: 2026/12/04 08:58:39 Started UDP server on port  8081");
        assertThat(body(netexec.get(8080, "/hostname"))).isEqualTo("200 web-0");
        assertThat(body(netexec.get(8080, "/hostName"))).isEqualTo("200 web-0");
        assertThat(body(netexec.get(8080, "/echo?msg=hello%20world"))).isEqualTo("200 hello world");
        assertThat(body(netexec.get(8080, "/echo?msg=down&code=503"))).isEqualTo("503 down");
        assertThat(body(netexec.get(8080, "/echo?msg=x&code=abc"))).isEqualTo("200 argument 'code' must be an integer or empty, got \"abc\"\n");
        assertThat(body(netexec.get(8080, "/healthz"))).isEqualTo("200 ");
        assertThat(body(netexec.get(8080, "/dial?host=a&port=80&request=hostname")))
                .isEqualTo("501 peapod: agnhost netexec /dial is not simulated; script its answer in the test\n");
        assertThat(netexec.log).contains("err: 2026/12/04 08:58:39 GET /echo?msg=down&code=503", "err: 2026/12/04 08:58:39 GET /healthz");
    }

    @Test
    void netexecsRootAnswersTheTimeWithGosMonotonicReading() {
        FakeProcess netexec = agnhost("netexec").advance(Duration.ofMillis(5250));

        assertThat(body(netexec.get(8080, "/"))).isEqualTo("200 NOW: 2026-12-04 08:58:44.25 +0000 UTC m=+5.250000000");
        assertThat(body(netexec.get(8080, "/anything"))).isEqualTo("200 NOW: 2026-12-04 08:58:44.25 +0000 UTC m=+5.250000000");
    }

    @Test
    void netexecWithoutItsUdpServerIsNeverReady() {
        FakeProcess netexec = agnhost("netexec", "--http-port", "9000", "--udp-port=-1");

        assertThat(netexec.listening).containsExactly(9000);
        assertThat(netexec.log).containsExactly("err: 2026/12/04 08:58:39 Started HTTP server on port 9000");
        assertThat(netexec.get(9000, "/healthz").httpStatus()).isEqualTo(412);
    }

    @Test
    void netexecExitsWithTheCodeExitAsksFor() {
        // given
        FakeProcess now = agnhost("netexec");
        FakeProcess later = agnhost("netexec");

        // when
        Response dropped = now.get(8080, "/exit?code=3");
        Response answered = later.get(8080, "/exit?code=4&wait=2s&timeout=1s");
        now.advance(Duration.ofSeconds(1));
        later.advance(Duration.ofSeconds(3));

        // then: a zero timeout exits before answering; a graceful one answers, then exits
        assertThat(dropped.refused()).isTrue();
        assertThat(now.exitCode).isEqualTo(3);
        assertThat(now.exitedAfterSeconds()).isZero();
        assertThat(answered.httpStatus()).isEqualTo(200);
        assertThat(answered.delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(later.exitCode).isEqualTo(4);
        assertThat(later.exitedAfterSeconds()).isEqualTo(2);
        assertThat(later.log).endsWith("err: 2026/12/04 08:58:39 GET /exit?code=4&timeout=1s&wait=2s",
                "err: 2026/12/04 08:58:39 Will begin shutdown in 2s, allowing 1s for connections to close, then will exit with 4");
        assertThat(body(agnhost("netexec").get(8080, "/exit?wait=soon")))
                .isEqualTo("200 argument 'wait' must be a valid golang duration or empty, got \"soon\"\n");
    }

    @Test
    void netexecRunsShellCommandsAndAnswersGosJson() {
        FakeProcess netexec = agnhost("netexec");

        assertThat(body(netexec.get(8080, "/shell?cmd=echo%20hi"))).isEqualTo("200 {\"output\":\"hi\\n\"}");
        assertThat(body(netexec.get(8080, "/shell?shellCommand=exit%203"))).isEqualTo("200 {\"error\":\"exit status 3\"}");
        assertThat(body(netexec.get(8080, "/shell?cmd=echo%20'<a>%20%26'%3B%20exit%201")))
                .isEqualTo("200 {\"error\":\"exit status 1\",\"output\":\"\\u003ca\\u003e \\u0026\\n\"}");
        assertThat(netexec.log).contains("err: 2026/12/04 08:58:39 GET /shell?cmd=echo hi", "err: 2026/12/04 08:58:39 Output: map[output:hi", "err: ]");
    }

    @Test
    void livenessRedirectsAsGosHttpRedirect() {
        FakeProcess liveness = agnhost("liveness");

        assertThat(body(liveness.get(8080, "/redirect?loc=%2Fhealthz"))).isEqualTo("302 <a href=\"/healthz\">Found</a>.\n\n");
        assertThat(body(liveness.get(8080, "/redirect?loc=started"))).isEqualTo("302 <a href=\"/started\">Found</a>.\n\n");
        assertThat(body(liveness.get(8080, "/redirect?loc=/a/../b/"))).isEqualTo("302 <a href=\"/b/\">Found</a>.\n\n");
        assertThat(body(liveness.get(8080, "/redirect?loc=http://example.com/x"))).isEqualTo("302 <a href=\"http://example.com/x\">Found</a>.\n\n");
    }

    @Test
    void badFlagsPrintCobrasErrorAndExitZeroBecauseAgnhostIgnoresIt() {
        assertThat(agnhost("netexec", "--bogus=1").log).containsExactly("err: Error: unknown flag: --bogus");
        assertThat(agnhost("netexec", "--bogus=1").exitCode).isZero();
        assertThat(agnhost("netexec", "--http-port=http").log).containsExactly(
                "err: Error: invalid argument \"http\" for \"--http-port\" flag: strconv.ParseInt: parsing \"http\": invalid syntax");
        assertThat(agnhost("liveness", "extra").log).containsExactly("err: Error: accepts at most 0 arg(s), received 1");
        assertThat(agnhost("netexec", "--http-port").log).containsExactly("err: Error: flag needs an argument: --http-port");
        assertThat(agnhost("netexec", "--v=2").exitCode).isNull(); // klog's flags are accepted
    }

    @Test
    void testWebserverServesTheWholeFileSystem() {
        // given
        FakeProcess web = agnhost("test-webserver").write("/srv/a.txt", "a\n").mkdirs("/srv/d");

        // then
        assertThat(web.listening).containsExactly(80);
        assertThat(body(web.get(80, "/srv/a.txt"))).isEqualTo("200 a\n");
        assertThat(body(web.get(80, "/srv/"))).isEqualTo("200 <!doctype html>\n<meta name=\"viewport\" content=\"width=device-width\">\n<pre>\n"
                + "<a href=\"a.txt\">a.txt</a>\n<a href=\"d/\">d/</a>\n</pre>\n");
        assertThat(web.get(80, "/srv").httpStatus()).isEqualTo(301);
        assertThat(body(web.get(80, "/etc/alpine-release"))).isEqualTo("200 3.21.3\n");
        assertThat(body(web.get(80, "/nope"))).isEqualTo("404 404 page not found\n");
        assertThat(agnhost("test-webserver", "--port=8000").listening).containsExactly(8000);
    }

    @Test
    void serveHostnameAnswersThePodsHostnameAndWaitsAMinuteAfterSigterm() {
        // given
        FakeProcess serve = agnhost("serve-hostname");

        // when
        Response answer = serve.get(9376, "/");
        serve.advance(Duration.ofSeconds(1)).sigterm().advance(Duration.ofSeconds(30)).sigterm().advance(Duration.ofSeconds(40));

        // then: signal.Notify(SIGTERM), then time.Sleep(60 * time.Second) and main returns
        assertThat(body(answer)).isEqualTo("200 web-0");
        assertThat(serve.log).containsExactly("err: 2026/12/04 08:58:39 Serving on port 9376.",
                "err: 2026/12/04 08:58:40 Shutting down after receiving signal: terminated.",
                "err: 2026/12/04 08:58:40 Awaiting pod deletion.");
        assertThat(serve.exitCode).isZero();
        assertThat(serve.exitedAfterSeconds()).isEqualTo(61);
    }

    @Test
    void serveHostnameRefusesHttpWithTcpAndServesRawTcpWithoutHttp() {
        FakeProcess both = agnhost("serve-hostname", "--tcp");
        FakeProcess tcp = agnhost("serve-hostname", "--tcp", "--http=false", "--port", "9000");

        assertThat(both.log).containsExactly("err: 2026/12/04 08:58:39 Can't server TCP/UDP mode and HTTP mode at the same time");
        assertThat(both.exitCode).isEqualTo(1);
        assertThat(tcp.tcp(9000).refused()).isFalse();
        assertThat(tcp.get(9000, "/").hangs()).isTrue();
    }

    @Test
    void grpcHealthCheckingServesUntilItsDelayOrUntilMadeNotServing() {
        // given
        FakeProcess delayed = agnhost("grpc-health-checking", "--delay-unhealthy-sec=5");
        FakeProcess forced = agnhost("grpc-health-checking", "--service=app", "--port=6000", "--http-port=6001");

        // then
        assertThat(delayed.listening).containsExactly(5000, 8080);
        assertThat(delayed.log).containsExactly("err: 2026/12/04 08:58:39 Http server starting to listen on :8080",
                "err: 2026/12/04 08:58:39 gRPC server starting to listen on :5000");
        assertThat(delayed.grpc(5000, "").grpcStatus()).isEqualTo("SERVING");
        assertThat(delayed.advance(Duration.ofMillis(4999)).grpc(5000, "").grpcStatus()).isEqualTo("SERVING");
        assertThat(delayed.advance(Duration.ofMillis(1)).grpc(5000, "").grpcStatus()).isEqualTo("NOT_SERVING");
        assertThat(forced.grpc(6000, "").grpcStatus()).isEqualTo("NOT_FOUND");
        assertThat(forced.grpc(6000, "app").grpcStatus()).isEqualTo("SERVING");
        assertThat(body(forced.advance(Duration.ofSeconds(3)).get(6001, "/make-not-serving"))).isEqualTo("200 3s");
        assertThat(forced.grpc(6000, "app").grpcStatus()).isEqualTo("NOT_SERVING");
        assertThat(body(forced.get(6001, "/make-serving"))).isEqualTo("200 3s");
        assertThat(forced.grpc(6000, "app").grpcStatus()).isEqualTo("SERVING");
        assertThat(forced.grpc(6001, "app").hangs()).isTrue();
    }

    @Test
    void aPortHeldByAnotherContainerIsGosListenError() {
        FakeProcess netexec = new FakeProcess();
        netexec.takenByOthers.add(8080);

        netexec.start(program(AGNHOST, null, List.of("netexec")).orElseThrow());

        assertThat(netexec.log).containsExactly("err: 2026/12/04 08:58:39 listen tcp :8080: bind: address already in use");
        assertThat(netexec.exitCode).isEqualTo(1);
    }

    @Test
    void subcommandsPeapodDoesNotSimulateFallBack() {
        assertThat(program(AGNHOST, null, List.of("porter"))).isEmpty();
        assertThat(program(AGNHOST, List.of("/agnhost"), null)).isEmpty();
        assertThat(program(AGNHOST, List.of("/app/server"), null)).isEmpty();
        assertThat(program(AGNHOST, List.of("/agnhost-2", "pause"), null)).containsInstanceOf(AgnhostPause.class);
    }

    @Test
    void execCommandsRunInTheAlpineShell() {
        FakeProcess netexec = agnhost("netexec");

        assertThat(netexec.exec("cat", "/etc/alpine-release").output()).isEqualTo("3.21.3\n");
        assertThat(netexec.exec("sh", "-c", "exit 7").exitCode()).isEqualTo(7);
    }

    private static String body(Response response) {
        return response.httpStatus() + " " + response.output();
    }
}
