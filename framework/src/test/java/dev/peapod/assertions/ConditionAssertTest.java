package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ConditionAssert}: one pod condition, field by field. */
class ConditionAssertTest {

    @Test
    void conditionChecksReasonMessageAndTransitionTimeOfAPodThatTurnedUnready() {
        // given: readiness fails from 30 s after start; ticks every 10 s
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/ready", 503).fromStart(ofSeconds(30));
        cluster.apply(Scenarios.webWithReadiness("node-1"));
        // when: failures at 30, 40 and 50 s reach failureThreshold 3 (reference §2.4)
        cluster.advance(ofSeconds(60));
        // then: kubernetes: pkg/kubelet/status/generate.go, GeneratePodReadyCondition
        assertThatCode(() -> assertThat(cluster).pod("web").condition("Ready")
                .hasStatus("False").hasReason("ContainersNotReady")
                .hasMessage("containers with unready status: [app]").hasMessageContaining("unready")
                .transitionedAt(ofSeconds(50))
                .pod().isRunning()).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(cluster).pod("web").condition("Ready").transitionedAt(ofSeconds(40)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/web to have condition Ready last transitioned at 00:00:40, but"
                        + " it has Ready=False since 00:00:50 (ContainersNotReady: containers with unready status: [app]).\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").condition("Ready").hasMessage("containers with unready status: [log]"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/web to have condition Ready with the message \"containers with"
                        + " unready status: [log]\", but it has Ready=False since 00:00:50 (ContainersNotReady: containers"
                        + " with unready status: [app]).\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").condition("Ready").hasReason("PodCompleted"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/web to have condition Ready with reason PodCompleted by 00:01:00, but"
                        + " it has Ready=False since 00:00:50 (ContainersNotReady: containers with unready status: [app]); container"
                        + " app's readiness probe failed at 00:00:30, 00:00:40, 00:00:50 and 00:01:00 (4 in a row, failureThreshold 3"
                        + " reached at 00:00:50: it is not ready).\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").condition("DisruptionTarget").hasStatus("True"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting pod default/web to have condition DisruptionTarget=True by 00:01:00, but it has no"
                        + " DisruptionTarget condition (its conditions: PodReadyToStartContainers=True, Initialized=True,"
                        + " Ready=False, ContainersReady=False, PodScheduled=True).\n");
        assertThatThrownBy(() -> assertThat(cluster).pod("web").condition("Ready").hasStatus("false"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("status must be True, False or Unknown, but was \"false\"");
    }
}
