package dev.peapod.runtime;

import dev.peapod.core.PeapodException;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CRI-shaped runtime of one node, driven directly on a loop of its own (no kubelet). */
class NodeRuntimeTest {
    private static final Instant T0 = VirtualClock.DEFAULT_START;
    private static final long SEED = 42;

    private final VirtualClock clock = new VirtualClock(T0);
    private final EventLoop loop = new EventLoop(clock);
    private final ImageRegistry registry = new ImageRegistry();
    private Overrides overrides = Overrides.NONE;
    private java.util.function.Supplier<Program> program = Program::wellBehavedServer;
    private final List<String> exits = new ArrayList<>();
    private final NodeRuntime runtime = new NodeRuntime("worker0", loop, new Random(SEED), registry,
            (ns, pod, c) -> overrides.forContainer(ns, pod, c), spec -> program.get());

    NodeRuntimeTest() {
        runtime.onContainerExit((sandbox, id, exit) -> exits.add(sandbox + " " + id.substring(0, 20) + " "
                + exit.exitCode() + " " + exit.reason() + " @" + Duration.between(T0, exit.at()).toSeconds()
                + " (reported @" + clock.elapsed().toSeconds() + ")"));
    }

    private static Container container(String name, int... ports) {
        ContainerBuilder builder = new ContainerBuilder().withName(name).withImage("nginx");
        for (int port : ports) {
            builder.addNewPort().withContainerPort(port).endPort();
        }
        return builder.build();
    }

    private String run(Sandbox sandbox, Container spec) {
        String id = runtime.createContainer(sandbox, spec, 1);
        runtime.startContainer(id);
        return id;
    }

    /** The test's own override layer, for programs and scripts the runtime cannot see otherwise. */
    private void answerExec(Response response) {
        overrides = (ns, pod, c) -> Optional.of(new Overrides.ScriptedContainer() {
            @Override
            public Optional<Response> answer(ProcessContext process, Endpoint request, Requester who) {
                return request.kind() == Endpoint.Kind.EXEC ? Optional.of(response) : Optional.empty();
            }

            @Override
            public Optional<PlannedExit> plannedExit(int startNumber) {
                return Optional.empty();
            }

            @Override
            public boolean onSigterm(ProcessContext process) {
                return false;
            }
        });
    }

    @Test
    void containerIdsAreDrawnFromTheSeededRandomInCreationOrder() {
        // given
        Random expected = new Random(SEED);
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        // when
        String first = runtime.createContainer(sandbox, container("app"), 1);
        String second = runtime.createContainer(sandbox, container("sidecar"), 1);
        // then
        assertThat(first).isEqualTo("containerd://" + String.format("%016x%016x%016x%016x",
                expected.nextLong(), expected.nextLong(), expected.nextLong(), expected.nextLong()));
        assertThat(second).isEqualTo("containerd://" + String.format("%016x%016x%016x%016x",
                expected.nextLong(), expected.nextLong(), expected.nextLong(), expected.nextLong()));
        assertThat(runtime.containerStatus(first).state()).isEqualTo(ContainerState.CREATED);
        assertThat(runtime.containerStatus(first).startedAt()).isNull();
    }

    @Test
    void theDefaultProgramExitsZeroAtOnceOnSigterm() {
        // given
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        String id = run(sandbox, container("app", 8080));
        loop.advance(ofSeconds(10));
        // when
        runtime.stopContainer(id, ofSeconds(30));
        assertThat(exits).isEmpty(); // reported once what is due now has run, as the timer it is
        loop.advance(ofSeconds(60));
        // then
        assertThat(exits).containsExactly("uid-1 " + id.substring(0, 20) + " 0 Completed @10 (reported @10)");
        ContainerStatus status = runtime.containerStatus(id);
        assertThat(status.state()).isEqualTo(ContainerState.EXITED);
        assertThat(status.startedAt()).isEqualTo(T0);
        assertThat(status.exit()).isEqualTo(new ContainerExit(T0.plusSeconds(10), 0, "Completed"));
    }

    @Test
    void aProgramThatIgnoresSigtermIsKilledAtTheTimeoutWith137() {
        // given
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        program = NodeRuntimeTest::ignoringSigterm; // a shell as PID 1: no handler installed
        String id = run(sandbox, container("app"));
        // when
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(29));
        assertThat(exits).isEmpty();
        loop.advance(ofSeconds(1));
        // then
        assertThat(exits).containsExactly("uid-1 " + id.substring(0, 20) + " 137 Error @30 (reported @30)");
    }

    @Test
    void aShutdownShorterThanTheTimeoutEndsTheProcessWithItsCode() {
        // given: needs 3 s to shut down, timeout 30 s
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        program = () -> shutsDownIn(ofSeconds(3), 0);
        String id = run(sandbox, container("app"));
        // when
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(60));
        // then
        assertThat(exits).containsExactly("uid-1 " + id.substring(0, 20) + " 0 Completed @3 (reported @3)");
    }

    @Test
    void aShutdownEndingExactlyAtTheTimeoutLosesToSigkill() {
        // given
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        program = () -> shutsDownIn(ofSeconds(5), 0);
        String id = run(sandbox, container("app"));
        // when
        runtime.stopContainer(id, ofSeconds(5));
        loop.advance(ofSeconds(60));
        // then
        assertThat(exits).containsExactly("uid-1 " + id.substring(0, 20) + " 137 Error @5 (reported @5)");
    }

    @Test
    void anExitTheProgramPlannedBeforeTheSignalWinsWhenEarlier() {
        // given: exits 1 at 20 s by itself, ignores SIGTERM
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        program = () -> exitsAfter(ofSeconds(20), 1);
        String id = run(sandbox, container("app"));
        loop.advance(ofSeconds(10));
        // when
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(60));
        // then
        assertThat(exits).containsExactly("uid-1 " + id.substring(0, 20) + " 1 Error @20 (reported @20)");
    }

    @Test
    void anOomKillPlannedByTheOverrideLayerEndsWith137AndReasonOomKilled() {
        // given
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        overrides = (ns, pod, c) -> Optional.of(new Layer(Optional.of(new PlannedExit(ofSeconds(7), 1, true)), null));
        // when
        String id = run(sandbox, container("app"));
        loop.advance(ofSeconds(60));
        // then
        assertThat(exits).containsExactly("uid-1 " + id.substring(0, 20) + " 137 OOMKilled @7 (reported @7)");
    }

    @Test
    void theExitIsReportedOnceAndStoppingAnExitedContainerDoesNothing() {
        // given
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        String id = run(sandbox, container("app"));
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(1));
        // when
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(60));
        // then
        assertThat(exits).hasSize(1);
    }

    @Test
    void containersOfAPodShareOnePortSpace() {
        // given
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        String app = run(sandbox, container("app", 8080));
        // when: a second container wants the same port, and another one of its own
        String sidecar = run(sandbox, container("sidecar", 8080, 9090));
        // then: the first to listen holds it (EADDRINUSE for the second in a real pod)
        assertThat(sandbox.listener(8080)).contains(app);
        assertThat(sandbox.listener(9090)).contains(sidecar);
        assertThat(sandbox.ports()).containsExactly(8080, 9090);
        assertThat(sandbox.ip()).isEqualTo("10.244.1.2");
        assertThat(sandbox.volumes()).isEmpty();
        assertThat(sandbox.containers()).containsExactly(app, sidecar);
        // and an exit frees the ports
        runtime.stopContainer(app, ofSeconds(30));
        loop.settle();
        assertThat(sandbox.listener(8080)).isEmpty();
    }

    @Test
    void theDefaultProgramAnswersOnItsPortsAndRefusesOthers() {
        // given
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        SimProcess process = runtime.container(run(sandbox, container("app", 8080)));
        // when / then
        assertThat(process.respond(Endpoint.http(8080, "/healthz"), Requester.ANYONE)).isEqualTo(Response.ok());
        assertThat(process.respond(Endpoint.tcp(9090), Requester.ANYONE)).isEqualTo(Response.refusing());
        assertThat(process.respond(Endpoint.grpc(8080, ""), Requester.ANYONE).grpcStatus()).isEqualTo("SERVING");
    }

    @Test
    void execSyncRunsTheProgramsCommandAndTimesOut() {
        // given
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        String id = run(sandbox, container("app"));
        // then: the default program succeeds every command at once
        assertThat(runtime.execSync(id, List.of("cat", "/tmp/healthy"), ofSeconds(1)))
                .isEqualTo(new ExecSyncResponse(0, "", Duration.ZERO, false));
        // a command that never finishes, or finishes at the timeout or later, times out after the timeout
        answerExec(Response.hanging());
        assertThat(runtime.execSync(id, List.of("sleep", "inf"), ofSeconds(1)))
                .isEqualTo(new ExecSyncResponse(-1, "", ofSeconds(1), true));
        answerExec(Response.exec(0, "late").delayed(ofSeconds(1)));
        assertThat(runtime.execSync(id, List.of("slow"), ofSeconds(1)).timedOut()).isTrue();
        // one that finishes in time gives its code, output and duration
        answerExec(Response.exec(1, "nope").delayed(ofMillis(500)));
        assertThat(runtime.execSync(id, List.of("check"), ofSeconds(1)))
                .isEqualTo(new ExecSyncResponse(1, "nope", ofMillis(500), false));
    }

    @Test
    void execSyncNeedsARunningContainer() {
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        String id = runtime.createContainer(sandbox, container("app"), 1);
        assertThatThrownBy(() -> runtime.execSync(id, List.of("true"), ofSeconds(1)))
                .isInstanceOf(PeapodException.class)
                .hasMessage("container " + id + " is not running: exec needs a running container");
    }

    @Test
    void aProgramRunsOnTheClockWithItsOwnFilesAndLogs() throws IOException {
        // given: writes /tmp/healthy at start, removes it after 30 s and exits 3 after 40 s
        program = () -> new Program() {
            @Override
            public void onStart(ProcessContext process) {
                try {
                    Files.createDirectories(process.files().path("/tmp"));
                    Files.writeString(process.files().path("/tmp/healthy"), "ok");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                process.stdout("started " + process.spec().getName() + " run " + process.startNumber());
                process.scheduleAfter(ofSeconds(30), () -> {
                    try {
                        Files.delete(process.files().path("/tmp/healthy"));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    process.stderr("removed /tmp/healthy");
                });
                process.exitAfter(ofSeconds(40), 3);
            }

            @Override
            public ExecResult onExec(ProcessContext process, List<String> command) {
                boolean present = Files.exists(process.files().path(command.get(1)));
                return present ? ExecResult.of(0, "ok") : ExecResult.of(1, "cat: can't open '" + command.get(1)
                        + "': No such file or directory");
            }
        };
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        String id = run(sandbox, container("app"));
        // when / then
        assertThat(runtime.execSync(id, List.of("cat", "/tmp/healthy"), ofSeconds(1)).exitCode()).isZero();
        loop.advance(ofSeconds(30));
        assertThat(runtime.execSync(id, List.of("cat", "/tmp/healthy"), ofSeconds(1)))
                .isEqualTo(new ExecSyncResponse(1, "cat: can't open '/tmp/healthy': No such file or directory", Duration.ZERO, false));
        loop.advance(ofSeconds(10));
        assertThat(exits).containsExactly("uid-1 " + id.substring(0, 20) + " 3 Error @40 (reported @40)");
        assertThat(runtime.logs(id)).containsExactly(
                new LogLine(T0, LogLine.Stream.STDOUT, "started app run 1"),
                new LogLine(T0.plusSeconds(30), LogLine.Stream.STDERR, "removed /tmp/healthy"));
        assertThat(Files.exists(FileSystems.getDefault().getPath("/tmp/healthy"))).isFalse(); // never the host's files
    }

    @Test
    void workAProgramScheduledIsSkippedOnceItHasExited() {
        // given
        List<String> ran = new ArrayList<>();
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        program = () -> new Program() {
            @Override
            public void onStart(ProcessContext process) {
                process.scheduleAfter(ofSeconds(10), () -> ran.add("tick"));
            }
        };
        String id = run(sandbox, container("app"));
        // when
        runtime.stopContainer(id, ofSeconds(30));
        loop.advance(ofSeconds(60));
        // then
        assertThat(ran).isEmpty();
    }

    @Test
    void pullsTakeTheRegistrysTimeAndUnpullableImagesFailAtOnce() {
        // given
        registry.pullsTake(ofSeconds(5));
        registry.imageCannotBePulled("nginx:nope", null);
        List<String> results = new ArrayList<>();
        // when
        runtime.pullImage("nginx", r -> results.add(r.image() + " " + r.error() + " " + r.took() + " @" + clock.elapsed().toSeconds()));
        runtime.pullImage("nginx:nope", r -> results.add(r.image() + " " + r.error() + " " + r.took() + " @" + clock.elapsed().toSeconds()));
        // then
        assertThat(results).containsExactly("docker.io/library/nginx:nope rpc error: code = NotFound desc = failed to pull and unpack"
                + " image \"docker.io/library/nginx:nope\": failed to resolve reference \"docker.io/library/nginx:nope\":"
                + " docker.io/library/nginx:nope: not found PT0S @0");
        assertThat(runtime.imagePresent("docker.io/library/nginx:latest")).isFalse();
        loop.advance(ofSeconds(5));
        assertThat(results).element(1).isEqualTo("docker.io/library/nginx:latest null PT5S @5");
        assertThat(runtime.imagePresent("nginx")).isTrue();
        assertThat(runtime.imagePresent("nginx:nope")).isFalse();
    }

    @Test
    void aPullWithNoDurationCompletesAtOnce() {
        List<PullResult> results = new ArrayList<>();
        runtime.pullImage("busybox:1.36", results::add);
        assertThat(results).containsExactly(new PullResult("docker.io/library/busybox:1.36", null, Duration.ZERO, 2_217_006L));
    }

    @Test
    void aPullTakesTheImagesOwnTimeAndReportsItsSize() {
        // given: nginx takes 5 s of its own, everything else the cluster-wide 2 s; app:1 is 1234 bytes
        registry.pullsTake(ofSeconds(2));
        registry.pullTakes("nginx:1.27", ofSeconds(5));
        registry.size("me/app:1", 1234);
        List<PullResult> results = new ArrayList<>();
        // when
        runtime.pullImage("nginx:1.27", results::add);
        runtime.pullImage("me/app:1", results::add);
        runtime.pullImage("debian", results::add);
        loop.advance(ofSeconds(5));
        // then: containerd pulls side by side; nginx:1.27 has its built-in size, debian none
        assertThat(results).containsExactly(
                new PullResult("docker.io/me/app:1", null, ofSeconds(2), 1234),
                new PullResult("docker.io/library/debian:latest", null, ofSeconds(2), 0),
                new PullResult("docker.io/library/nginx:1.27", null, ofSeconds(5), 68_857_691L));
    }

    @Test
    void aNodeListsItsDeclaredAndPulledImagesLargestFirst() {
        // given
        registry.size("me/small:1", 10);
        registry.size("me/tie:1", 500);
        registry.size("me/tie:2", 500);
        runtime.declareImages(List.of("busybox:1.36", "me/small:1", "me/tie:1", "me/tie:2"));
        // when
        runtime.pullImage("nginx:1.27", r -> { });
        // then: by size, equal sizes by image id, highest first (sliceutils.ByImageSize)
        assertThat(runtime.declaresImages()).isTrue();
        assertThat(runtime.images()).extracting(i -> i.names().get(1) + " " + i.sizeBytes()).containsExactly(
                "docker.io/library/nginx:1.27 68857691",
                "docker.io/library/busybox:1.36 2217006",
                "docker.io/me/tie:1 500",
                "docker.io/me/tie:2 500",
                "docker.io/me/small:1 10");
        assertThat(Images.digestReference("me/tie:1")).isGreaterThan(Images.digestReference("me/tie:2"));
        assertThat(runtime.images().get(0).names().get(0)).matches("docker\\.io/library/nginx@sha256:[0-9a-f]{64}");
        assertThat(runtime.imagePresent("me/small:1")).isTrue();
        assertThat(runtime.imagePresent("me/small:2")).isFalse();
    }

    @Test
    void aNodeThatDeclaresNoImagesListsNone() {
        runtime.pullImage("nginx:1.27", r -> { });
        assertThat(runtime.declaresImages()).isFalse();
        assertThat(runtime.images()).isEmpty();
    }

    @Test
    void stoppingASandboxKillsItsContainersAtOnce() {
        // given
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        program = NodeRuntimeTest::ignoringSigterm;
        String id = run(sandbox, container("app"));
        // when
        runtime.stopPodSandbox("uid-1");
        loop.settle();
        // then
        assertThat(exits).containsExactly("uid-1 " + id.substring(0, 20) + " 137 Error @0 (reported @0)");
        assertThat(sandbox.state()).isEqualTo(Sandbox.State.NOTREADY);
    }

    @Test
    void removingASandboxEndsItsProcessesWithoutReports() {
        // given
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        program = () -> exitsAfter(ofSeconds(20), 1);
        String id = run(sandbox, container("app"));
        long before = loop.eventsRun();
        // when
        runtime.removePodSandbox("uid-1");
        loop.advance(ofSeconds(60));
        // then: no report, and no timer left running
        assertThat(exits).isEmpty();
        assertThat(loop.eventsRun()).isEqualTo(before);
        assertThat(runtime.sandbox("uid-1")).isEmpty();
        assertThatThrownBy(() -> runtime.containerStatus(id)).hasMessage("no container " + id + " on node worker0");
    }

    @Test
    void onlyTheLastDeadRunOfAContainerIsKept() {
        // given
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        List<String> ids = new ArrayList<>();
        for (int start = 1; start <= 3; start++) {
            String id = runtime.createContainer(sandbox, container("app"), start);
            runtime.startContainer(id);
            runtime.stopContainer(id, ofSeconds(30));
            loop.settle();
            ids.add(id);
        }
        // when
        String fourth = runtime.createContainer(sandbox, container("app"), 4);
        // then (kuberuntime_gc.go, MaxPerPodContainer 1)
        assertThat(sandbox.containers()).containsExactly(ids.get(2), fourth);
        assertThat(runtime.containerStatus(fourth).startNumber()).isEqualTo(4);
    }

    @Test
    void aContainerStartsOnlyOnce() {
        Sandbox sandbox = runtime.runPodSandbox("uid-1", "default", "web", "10.244.1.2");
        String id = run(sandbox, container("app"));
        assertThatThrownBy(() -> runtime.startContainer(id))
                .hasMessage("container " + id + " is RUNNING, not CREATED: it cannot be started again");
    }

    // ---------------------------------------------------------------- test programs and layers

    private static Program ignoringSigterm() {
        return new Program() {
            @Override
            public void onSignal(ProcessContext process, Signal signal) {
                // no handler: SIGTERM does nothing to PID 1
            }
        };
    }

    private static Program shutsDownIn(Duration shutdown, int code) {
        return new Program() {
            @Override
            public void onSignal(ProcessContext process, Signal signal) {
                process.exitAfter(shutdown, code);
            }
        };
    }

    private static Program exitsAfter(Duration running, int code) {
        return new Program() {
            @Override
            public void onStart(ProcessContext process) {
                process.exitAfter(running, code);
            }

            @Override
            public void onSignal(ProcessContext process, Signal signal) {
                // ignores SIGTERM
            }
        };
    }

    /** Plans an exit and answers nothing: the override layer a script would be. */
    private record Layer(Optional<PlannedExit> exit, java.util.function.Consumer<ProcessContext> onTerm)
            implements Overrides.ScriptedContainer {
        @Override
        public Optional<Response> answer(ProcessContext process, Endpoint request, Requester who) {
            return Optional.empty();
        }

        @Override
        public Optional<PlannedExit> plannedExit(int startNumber) {
            return exit;
        }

        @Override
        public boolean onSigterm(ProcessContext process) {
            return false;
        }
    }
}
