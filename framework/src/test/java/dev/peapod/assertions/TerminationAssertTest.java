package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The termination and lifecycle-hook checks of {@link ContainerAssert}: signals, the grace period, hook
 * failures and the order of init containers, each passing and failing with its exact message. The
 * timings are upstream's (kuberuntime_container.go killContainer, executePreStopHook; reference §7).
 */
class TerminationAssertTest {

    /** Pod web, one container app: a well-behaved server (exits 0 on SIGTERM) with a preStop that sleeps 5 s. */
    private static FakeCluster preStopSleepingFiveSecondsDeletedAtTen() {
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1.25
                    lifecycle:
                      preStop: {sleep: {seconds: 5}}
                """);
        cluster.advance(ofSeconds(10));
        cluster.delete(Pod.class, "default", "web", ofSeconds(30));
        cluster.advance(ofSeconds(20));
        return cluster;
    }

    /** Pod web, one container app: a busybox shell as PID 1, which ignores SIGTERM; deleted at 10 s with 30 s of grace. */
    private static FakeCluster shellIgnoringSigtermDeletedAtTen(String preStop) {
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: ["sh", "-c", "while true; do sleep 1; done"]
                """ + preStop);
        cluster.advance(ofSeconds(10));
        cluster.delete(Pod.class, "default", "web", ofSeconds(30));
        cluster.advance(ofSeconds(60));
        return cluster;
    }

    @Test
    void theSignalsAreCheckedAtTheirInstantsEvenAfterThePodHasLeftTheStore() {
        // given: SIGTERM comes when the 5 s preStop returns; the container exits 0 at once and the pod goes
        FakeCluster cluster = preStopSleepingFiveSecondsDeletedAtTen();
        org.assertj.core.api.Assertions.assertThat(cluster.findPod("default", "web")).isEmpty();
        // then
        assertThatCode(() -> assertThat(cluster).pod("web").container("app")
                .receivedSigtermAt(ofSeconds(15))
                .preStopHookRanBeforeSigterm()
                .exitedAt(ofSeconds(15))).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").receivedSigtermAt(ofSeconds(10)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have received SIGTERM at 00:00:10,"
                        + " but it received SIGTERM at 00:00:15.\nTimeline (virtual time):\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").receivedSigkillAt(ofSeconds(40)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have received SIGKILL at 00:00:40,"
                        + " but it never received SIGKILL.\nTimeline (virtual time):\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").wasKilledAfterTheGracePeriod())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have been killed after the grace"
                        + " period (SIGKILL, exit code 137), but its last run exited with code 0 (Completed) at 00:00:15 and it"
                        + " never got SIGKILL.\nTimeline (virtual time):\n");
    }

    @Test
    void aPodThatNeverExistedIsStillReportedAsMissing() {
        // given
        FakeCluster cluster = preStopSleepingFiveSecondsDeletedAtTen();
        // then: neither the store nor the timeline knows "wbe"; the history says so and names the pods it knows
        assertThatThrownBy(() -> assertThat(cluster).pod("wbe").container("app").receivedSigtermAt(ofSeconds(15)))
                .isInstanceOf(dev.peapod.core.PeapodException.class)
                .hasMessage("the timeline has nothing about pod default/wbe: check its name and namespace; pods on the"
                        + " timeline: [default/web]");
        // and a container the deleted pod never had: the pod is gone, so the check cannot list its containers
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("ap").receivedSigtermAt(ofSeconds(15)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/web to exist");
    }

    @Test
    void aHookThatSucceededIsNotAFailedHook() {
        // given
        FakeCluster cluster = preStopSleepingFiveSecondsDeletedAtTen();
        // then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").preStopHookFailed())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have had its preStop hook fail,"
                        + " but its preStop hook ran at 00:00:10 and never failed.\nTimeline (virtual time):\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").postStartHookFailed())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have had its postStart hook fail,"
                        + " but its postStart hook never ran.\nTimeline (virtual time):\n");
    }

    @Test
    void aShellAsPidOneIsKilledAfterTheGracePeriod() {
        // given: SIGTERM at 10, ignored; SIGKILL at 10 + 30 (kuberuntime_container.go killContainer, StopContainer)
        FakeCluster cluster = shellIgnoringSigtermDeletedAtTen("");
        // then
        assertThatCode(() -> assertThat(cluster).pod("web").container("app")
                .receivedSigtermAt(ofSeconds(10))
                .receivedSigkillAt(ofSeconds(40))
                .wasKilledAfterTheGracePeriod()).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").preStopHookRanBeforeSigterm())
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        Expecting container "app" of pod default/web to have run its preStop hook before SIGTERM, but its \
                        preStop hook never ran (SIGTERM at 00:00:10).
                        Timeline (virtual time):
                          00:00:00  Pulled: Container image "busybox:1.36" already present on machine
                          00:00:00  Created: Created container: app
                          00:00:00  Started: Started container app
                          00:00:00  container app started
                          00:00:00  pod phase Running
                          00:00:00  pod ready
                          00:00:10  Killing: Stopping container app
                          00:00:40  container app exited with code 137 (Error)
                          00:00:40  pod phase Failed
                          00:00:40  pod not ready (PodFailed)
                          00:01:10  (now)""");
    }

    @Test
    void aPreStopThatOverrunsTheGracePeriodRanBeforeSigtermAndFailed() {
        // given: the kubelet waits 30 s for the hook, then SIGTERM with the 2 s minimum: SIGKILL at 42; the hook's exec
        // dies with its container (kuberuntime_container.go executePreStopHook, minimumGracePeriodInSeconds)
        FakeCluster cluster = shellIgnoringSigtermDeletedAtTen("""
                    lifecycle:
                      preStop:
                        exec: {command: ["sh", "-c", "sleep 40"]}
                """);
        // then
        assertThatCode(() -> assertThat(cluster).pod("web").container("app")
                .preStopHookRanBeforeSigterm()
                .receivedSigtermAt(ofSeconds(40))
                .receivedSigkillAt(ofSeconds(42))
                .wasKilledAfterTheGracePeriod()
                .preStopHookFailed()).doesNotThrowAnyException();
    }

    @Test
    void aFailingPostStartHookIsAFailedHook() {
        // given: the hook fails on the first start only; the container is killed and restarted at once
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").postStart().fails().onStarts(1);
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - name: app
                    image: example/web:1.25
                    lifecycle:
                      postStart: {exec: {command: ["sh", "-c", "echo hi > /tmp/x"]}}
                """);
        cluster.advance(ofSeconds(10));
        // then: killed (FailedPostStartHook) with the pod's 30 s of grace; the server exits 0 on SIGTERM at once,
        // and the first restart comes at once (kuberuntime_container.go startContainer, kuberuntime_manager.go doBackOff)
        assertThatCode(() -> assertThat(cluster).pod("web").container("app")
                .postStartHookFailed()
                .receivedSigtermAt(ofSeconds(0))
                .hasRestarted(1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").wasKilledAfterTheGracePeriod())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have been killed after the grace"
                        + " period (SIGKILL, exit code 137), but its last run has not ended.\n");
    }

    @Test
    void anInitContainerRanBeforeTheAppContainer() {
        // given: init runs 3 s, then app starts
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  initContainers:
                  - {name: init, image: busybox:1.36, command: ["sh", "-c", "sleep 3"]}
                  containers:
                  - {name: app, image: example/web:1.25}
                """);
        cluster.advance(ofSeconds(10));
        // then
        assertThatCode(() -> assertThat(cluster).pod("web").container("init").ranBefore("app"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").ranBefore("init"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have run to its end before"
                        + " container \"init\" started, but its first run has not ended.\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("init").ranBefore("ap"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/web to have a container \"ap\", but its containers are"
                        + " [\"init\", \"app\"].\n");
    }

    @Test
    void anInitContainerThatStartedTooEarlyIsNamedWithBothInstants() {
        // given: a sidecar (restartPolicy Always) never ends, and app starts beside it at once (reference §6.2)
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  initContainers:
                  - {name: init, image: busybox:1.36, command: ["sh", "-c", "sleep 3"]}
                  - {name: proxy, image: example/web:1.25, restartPolicy: Always}
                  containers:
                  - {name: app, image: busybox:1.36, command: ["sh", "-c", "sleep 2"]}
                """);
        cluster.advance(ofSeconds(10));
        // then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").ranBefore("init"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have run to its end before"
                        + " container \"init\" started, but it ended at 00:00:05 and \"init\" started at 00:00:00.\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("proxy").ranBefore("app"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"proxy\" of pod default/web to have run to its end before"
                        + " container \"app\" started, but its first run has not ended.\n");
    }

    @Test
    void aContainerThatNeverRanOrWasNeverStoppedSaysSo() {
        // given: the second init container crash-loops, so app never starts (reference §6.1)
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  initContainers:
                  - {name: init, image: busybox:1.36, command: ["sh", "-c", "exit 1"]}
                  containers:
                  - {name: app, image: example/web:1.25}
                """);
        cluster.advance(ofSeconds(30));
        // then
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").ranBefore("init"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have run to its end before"
                        + " container \"init\" started, but it never ran.\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("init").preStopHookRanBeforeSigterm())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"init\" of pod default/web to have run its preStop hook before"
                        + " SIGTERM, but it never got SIGTERM.\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").wasKilledAfterTheGracePeriod())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting container \"app\" of pod default/web to have been killed after the grace"
                        + " period (SIGKILL, exit code 137), but it never ran.\n");
    }
}
