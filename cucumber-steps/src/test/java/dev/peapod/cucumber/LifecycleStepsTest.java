package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import dev.peapod.timeline.ContainerHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lifecycle and termination steps, on a namespaced pod ("e2e/web"): each scripting step changes
 * what the timeline shows, each check passes on what happened and fails on what did not. Timings are
 * upstream's (kuberuntime_container.go killContainer and executePreStopHook; reference §7).
 */
class LifecycleStepsTest {
    private static final PodName WEB = PodName.parse("e2e/web");
    private final PeapodWorld world = new PeapodWorld();
    private final LifecycleSteps steps = new LifecycleSteps(world);

    LifecycleStepsTest() {
        world.addNode(NodeSpec.named("node-1"));
        world.applyYaml("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: e2e}
                """);
    }

    @AfterEach
    void close() {
        world.close();
    }

    /** Pod e2e/web: container app of {@code image} with a preStop and a postStart hook, and an init container. */
    private void apply(String image, String command) {
        world.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: e2e}
                spec:
                  initContainers:
                  - {name: init, image: busybox:1.36, command: [sh, -c, 'sleep 2']}
                  containers:
                  - name: app
                    image: %s%s
                    lifecycle:
                      postStart: {exec: {command: [sh, -c, 'echo started > /tmp/started']}}
                      preStop: {exec: {command: [sh, -c, 'echo stopping']}}
                """.formatted(image, command.isEmpty() ? "" : "\n    command: " + command));
    }

    private void advanceTo(long seconds) {
        world.cluster().advanceTo(ofSeconds(seconds));
    }

    private ContainerHistory history() {
        return world.cluster().timeline().containerHistory("e2e", "web", "app");
    }

    @Test
    void aDeletionWithAGracePeriodSendsSigtermAfterTheScriptedPreStopAndSigkillAfterTheGrace() {
        // given: a process that ignores SIGTERM; its preStop is scripted to take 5 s. (A scripted container runs the
        // well-behaved server behind its script, so the SIGTERM handling is scripted too.)
        apply("busybox:1.36", "[sh, -c, 'while true; do sleep 1; done']");
        steps.preStopTakes("app", WEB, ofSeconds(5));
        new BehaviourSteps(world).ignoresSigterm("app", WEB);
        advanceTo(10);
        // when: deleted with 20 s of grace at 10 s: preStop 10..15, SIGTERM at 15, SIGKILL at 10 + 20 = 30
        steps.deletedWithGrace(WEB, 20);
        advanceTo(60);
        // then
        assertThatCode(() -> {
            steps.receivedSigtermAt("app", WEB, new Duration[] {ofSeconds(15)});
            steps.receivedSigkillAt("app", WEB, new Duration[] {ofSeconds(30)});
            steps.wasKilledAfterTheGracePeriod("app", WEB);
            steps.preStopRanBeforeSigterm("app", WEB);
        }).doesNotThrowAnyException();
        assertThatThrownBy(() -> steps.receivedSigtermAt("app", WEB, new Duration[] {ofSeconds(10)}))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod e2e/web to have received SIGTERM at 00:00:10,"
                        + " but it received SIGTERM at 00:00:15.\n");
        assertThatThrownBy(() -> steps.preStopFailed("app", WEB))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod e2e/web to have had its preStop hook fail, but its"
                        + " preStop hook ran at 00:00:10 and never failed.\n");
    }

    @Test
    void aScriptedPreStopFailureIsAFailedHookAndStoppingGoesOn() {
        // given: the default server exits 0 at once on SIGTERM
        apply("example/web:1", "");
        steps.preStopFails("app", WEB);
        advanceTo(10);
        // when
        steps.deletedWithGrace(WEB, 30);
        advanceTo(20);
        // then: FailedPreStopHook, then SIGTERM at once (kuberuntime_container.go executePreStopHook)
        assertThatCode(() -> {
            steps.preStopFailed("app", WEB);
            steps.receivedSigtermAt("app", WEB, new Duration[] {ofSeconds(10)});
        }).doesNotThrowAnyException();
        assertThatThrownBy(() -> steps.wasKilledAfterTheGracePeriod("app", WEB))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod e2e/web to have been killed after the grace period"
                        + " (SIGKILL, exit code 137), but its last run exited with code 0 (Completed) at 00:00:10 and it never"
                        + " got SIGKILL.\n");
    }

    @Test
    void aScriptedPostStartFailureIsAFailedHook() {
        // given
        apply("example/web:1", "");
        steps.postStartFails("app", WEB);
        // when
        advanceTo(5);
        // then: the init container ran 0..2; app's hook failed at 2, on the run and on its restart at once, and each
        // kill ran the preStop hook before SIGTERM (kuberuntime_container.go startContainer, killContainer)
        assertThatCode(() -> {
            steps.postStartFailed("app", WEB);
            steps.preStopRanBeforeSigterm("app", WEB);
            steps.receivedSigtermAt("app", WEB, new Duration[] {ofSeconds(2), ofSeconds(2)}); // the run and its restart
        }).doesNotThrowAnyException();
        assertThatThrownBy(() -> steps.preStopFailed("app", WEB))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod e2e/web to have had its preStop hook fail, but its"
                        + " preStop hook ran at 00:00:02 and 00:00:02, and never failed.\n");
    }

    @Test
    void aPostStartThatTakesFiveSecondsHoldsTheContainerBackFromRunning() {
        // given
        apply("example/web:1", "");
        steps.postStartTakes("app", WEB, ofSeconds(5));
        // when: the init container ends at 2, app starts and its hook runs until 7
        advanceTo(6);
        // then
        assertThatThrownBy(() -> world.pod(WEB).container("app").isRunning()).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> steps.postStartFailed("app", WEB))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod e2e/web to have had its postStart hook fail, but"
                        + " its postStart hook ran at 00:00:02 and never failed.\n");
        advanceTo(7);
        assertThatCode(() -> world.pod(WEB).container("app").isRunning()).doesNotThrowAnyException();
    }

    @Test
    void aScriptedShutdownTakesItsTimeAfterSigterm() {
        // given
        apply("example/web:1", "");
        steps.shutsDownIn("app", WEB, ofSeconds(8));
        advanceTo(10);
        // when
        steps.deletedWithGrace(WEB, 30);
        advanceTo(60);
        // then: SIGTERM at 10, exit 0 at 18
        assertThat(history().sigtermAt()).containsExactly(ofSeconds(10));
        assertThat(history().runs()).singleElement().satisfies(run -> {
            assertThat(run.exit().orElseThrow().at()).isEqualTo(ofSeconds(18));
            assertThat(run.exit().orElseThrow().exitCode()).isZero();
        });
    }

    @Test
    void aProcessThatDiesOnSigtermExitsWith143() {
        // given
        apply("example/web:1", "");
        steps.diesOnSigterm("app", WEB);
        advanceTo(10);
        // when
        steps.deletedWithGrace(WEB, 30);
        advanceTo(20);
        // then: 128 + 15 (reference §3.5)
        assertThat(history().runs()).singleElement()
                .satisfies(run -> assertThat(run.exit().orElseThrow().exitCode()).isEqualTo(143));
    }

    @Test
    void anExitOnOneStartLeavesTheOtherStartsRunning() {
        // given: only the first run exits, with 3 after 5 s; the restart runs on (first restart at once)
        apply("example/web:1", "");
        steps.exitsOnStart("app", WEB, 3, ofSeconds(5), 1);
        // when
        advanceTo(60);
        // then: app started at 2 (after init), exited at 7, restarted at once
        assertThat(history().exitedAt()).containsExactly(ofSeconds(7));
        assertThat(history().restartedAt()).containsExactly(ofSeconds(7));
        assertThatCode(() -> world.pod(WEB).container("app").hasRestarted(1).hasLastTerminationState(3, "Error"))
                .doesNotThrowAnyException();
    }

    @Test
    void anInitContainerRanBeforeTheAppContainer() {
        // given
        apply("example/web:1", "");
        // when
        advanceTo(5);
        // then
        assertThatCode(() -> steps.ranBefore("init", WEB, "app")).doesNotThrowAnyException();
        assertThatThrownBy(() -> steps.ranBefore("app", WEB, "init"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod e2e/web to have run to its end before container"
                        + " \"init\" started, but its first run has not ended.\n");
    }

    @Test
    void aGracePeriodOfZeroIsOneAsKubectlMakesItAndForceDeleteRemovesThePodAtOnce() {
        // given: the app ignores SIGTERM (a busybox shell as PID 1)
        apply("busybox:1.36", "[sh, -c, 'while true; do sleep 1; done']");
        advanceTo(10);
        // when: kubectl delete pod --grace-period=0 (no --force) is --grace-period=1
        steps.deletedWithGrace(WEB, 0);
        // then: still there, Terminating, with a 1 s deletion grace period
        assertThat(world.cluster().pod("e2e", "web").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(1L);
        // when: now forced
        new ClusterSteps(world).iForceDeletePod(WEB);
        // then: the object is gone at once
        assertThat(world.cluster().findPod("e2e", "web")).isEmpty();
    }

    @Test
    void hookSuccessAndAPodThatNoLongerExists() {
        apply("busybox:1.36", "[sh, -c, 'sleep 3600']");
        advanceTo(10);
        steps.postStartSucceeded("app", WEB);
        assertThatThrownBy(() -> steps.preStopSucceeded("app", WEB)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have had its preStop hook succeed, but its preStop hook never ran");
        assertThatThrownBy(() -> steps.noLongerExists(WEB)).isInstanceOf(AssertionError.class)
                .hasMessage("Expecting pod e2e/web to be gone from the API, but it is still there (phase Running, not being deleted)");
        steps.deletedWithGrace(WEB, 5);
        advanceTo(60);
        steps.preStopSucceeded("app", WEB);
        steps.noLongerExists(WEB);
    }
}
