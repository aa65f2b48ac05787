package dev.peapod.behaviour;

import dev.peapod.runtime.ContainerExit;
import dev.peapod.runtime.Endpoint;
import dev.peapod.runtime.ImageRegistry;
import dev.peapod.runtime.NodeRuntime;
import dev.peapod.runtime.Requester;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.Sandbox;
import dev.peapod.runtime.SimProcess;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test's script in front of the default program, on a node runtime: the stop semantics the
 * kubelet's termination specs rely on (SIGTERM, then SIGKILL at the timeout; an earlier planned
 * exit wins), and answers that fall through to the program when the script says nothing.
 */
class ScriptedRuntimeTest {
    private static final Instant T0 = VirtualClock.DEFAULT_START;

    private final VirtualClock clock = new VirtualClock(T0);
    private final EventLoop loop = new EventLoop(clock);
    private final Behaviours behaviours = new Behaviours(T0);
    private final NodeRuntime runtime = new NodeRuntime("worker0", loop, new Random(1), new ImageRegistry(), behaviours);
    private final List<ContainerExit> exits = new ArrayList<>();
    private final Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
    private final ContainerBehaviour app = behaviours.script("default", "web", "app", null);

    ScriptedRuntimeTest() {
        runtime.onContainerExit((podUid, id, exit) -> exits.add(exit));
    }

    private static Container container() {
        return new ContainerBuilder().withName("app").withImage("example/web").addNewPort().withContainerPort(8080).endPort().build();
    }

    private String start() {
        String id = runtime.createContainer(sandbox, container(), 1);
        runtime.startContainer(id);
        return id;
    }

    @Test
    void ignoresSigtermIsKilledWith137AtTheTimeout() {
        // given
        app.ignoresSigterm();
        String id = start();
        loop.advance(ofSeconds(5));
        // when
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(120));
        // then
        assertThat(exits).containsExactly(new ContainerExit(T0.plusSeconds(35), 137, "Error"));
    }

    @Test
    void shutsDownInThreeSecondsWithATimeoutOf30ExitsZeroAfterThreeSeconds() {
        // given
        app.shutsDownIn(ofSeconds(3));
        String id = start();
        // when
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(120));
        // then
        assertThat(exits).containsExactly(new ContainerExit(T0.plusSeconds(3), 0, "Completed"));
    }

    @Test
    void aShutdownLongerThanTheTimeoutIsKilled() {
        // given
        app.shutsDownIn(ofSeconds(40));
        String id = start();
        // when
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(120));
        // then
        assertThat(exits).containsExactly(new ContainerExit(T0.plusSeconds(30), 137, "Error"));
    }

    @Test
    void diesOnSigtermExits143AtOnce() {
        // given
        app.diesOnSigterm();
        String id = start();
        loop.advance(ofSeconds(7));
        // when
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(120));
        // then
        assertThat(exits).containsExactly(new ContainerExit(T0.plusSeconds(7), 143, "Error"));
    }

    @Test
    void aPlannedExitEarlierThanTheSignalsEndWins() {
        // given
        app.exitsWith(1).after(ofSeconds(20));
        app.ignoresSigterm();
        String id = start();
        loop.advance(ofSeconds(10));
        // when
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(120));
        // then
        assertThat(exits).containsExactly(new ContainerExit(T0.plusSeconds(20), 1, "Error"));
    }

    @Test
    void aPlannedExitAtTheSameInstantAsTheShutdownLosesToIt() {
        // given: exits 1 at 13 s; SIGTERM at 10 s with a 3 s shutdown also ends it at 13 s
        app.exitsWith(1).after(ofSeconds(13));
        app.shutsDownIn(ofSeconds(3));
        String id = start();
        loop.advance(ofSeconds(10));
        // when
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(120));
        // then
        assertThat(exits).containsExactly(new ContainerExit(T0.plusSeconds(13), 0, "Completed"));
    }

    @Test
    void exitPlansApplyToTheirStartsAndOomKillsAre137() {
        // given
        app.exitsWith(0).after(ofSeconds(4)).onStarts(1);
        app.exitsWith(2).after(ofSeconds(6)).oomKilled().onStarts(2);
        // when
        runtime.startContainer(runtime.createContainer(sandbox, container(), 1));
        loop.advance(ofSeconds(10));
        runtime.startContainer(runtime.createContainer(sandbox, container(), 2));
        loop.advance(ofSeconds(10));
        runtime.startContainer(runtime.createContainer(sandbox, container(), 3));
        loop.advance(ofSeconds(100));
        // then: the third start has no plan and runs on
        assertThat(exits).containsExactly(new ContainerExit(T0.plusSeconds(4), 0, "Completed"),
                new ContainerExit(T0.plusSeconds(16), 137, "OOMKilled"));
    }

    @Test
    void whatTheScriptDoesNotSayTheProgramAnswers() {
        // given
        app.httpReturns(8080, "/healthz", 500);
        SimProcess process = runtime.container(start());
        // when / then
        assertThat(process.respond(Endpoint.http(8080, "/healthz"), Requester.LIVENESS_PROBE)).isEqualTo(Response.http(500));
        assertThat(process.respond(Endpoint.http(8080, "/ready"), Requester.READINESS_PROBE)).isEqualTo(Response.ok());
        assertThat(process.respond(Endpoint.tcp(9999), Requester.ANYONE)).isEqualTo(Response.refusing());
        assertThat(runtime.execSync(process.id(), List.of("true"), ofSeconds(1)).exitCode()).isZero();
        // and SIGTERM, which the script does not mention, ends it as the program does: 0 at once
        runtime.stopContainer(process.id(), ofSeconds(30));
        loop.settle();
        assertThat(exits).containsExactly(new ContainerExit(T0, 0, "Completed"));
    }

    @Test
    void aScriptWrittenWhileTheContainerRunsAppliesAtOnce() {
        // given
        String id = runtime.createContainer(sandbox, new ContainerBuilder().withName("late").withImage("example/web")
                .addNewPort().withContainerPort(9090).endPort().build(), 1);
        runtime.startContainer(id);
        SimProcess process = runtime.container(id);
        assertThat(process.respond(Endpoint.http(9090, "/"), Requester.ANYONE)).isEqualTo(Response.ok());
        // when
        behaviours.script("default", "web", "late", null).httpReturns(9090, "/", 503).nextTimes(1);
        // then
        assertThat(process.respond(Endpoint.http(9090, "/"), Requester.ANYONE)).isEqualTo(Response.http(503));
        assertThat(process.respond(Endpoint.http(9090, "/"), Requester.ANYONE)).isEqualTo(Response.ok());
    }

    @Test
    void listensAfterRefusesUntilThenButExecStillRuns() {
        // given
        app.listensAfter(ofSeconds(30));
        SimProcess process = runtime.container(start());
        // when / then
        assertThat(process.respond(Endpoint.http(8080, "/"), Requester.ANYONE)).isEqualTo(Response.refusing());
        assertThat(runtime.execSync(process.id(), List.of("true"), ofSeconds(1)).exitCode()).isZero();
        loop.advance(Duration.ofSeconds(30));
        assertThat(process.respond(Endpoint.http(8080, "/"), Requester.ANYONE)).isEqualTo(Response.ok());
    }
}
