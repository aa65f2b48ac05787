package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.timeline.Fact;
import dev.peapod.timeline.TimelineEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.BDDAssertions.then;

/**
 * Every check on a pod of a cluster is put on the pod's timeline (a {@link Fact.Asserted}), passed or
 * failed, so the picture draws an assertions lane; the text views leave the checks out.
 */
class AssertionsOnThePictureTest {

    @Test
    void aPassedAndAFailedCheckAreOnTheTimelineAtTheirInstants() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(15));
        assertThat(cluster).pod("web").isReady();
        cluster.advance(ofSeconds(30));
        // when
        catchThrowable(() -> assertThat(cluster).pod("web").hasRestarted(1));
        // then
        List<TimelineEntry> checks = cluster.timeline().forPod("default", "web", Fact.Asserted.class);
        then(checks).extracting(e -> TimelineEntry.clock(e.sinceStart())).containsExactly("00:00:15", "00:00:45");
        then(checks).extracting(TimelineEntry::fact).containsExactly(
                new Fact.Asserted("", "pod default/web to be ready", true, ""),
                new Fact.Asserted("app", "container \"app\" of pod default/web to have restarted 1 time", false,
                        "Expecting container \"app\" of pod default/web to have restarted 1 time by 00:00:45, but it restarted"
                                + " 0 times; its liveness probe failed at 00:00:30 and 00:00:40 (failureThreshold 3 not reached)."));
    }

    @Test
    void thePictureDrawsTheChecksOnAnAssertionsLaneAndTheTextLeavesThemOut() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        cluster.advance(ofSeconds(15));
        String before = cluster.timeline().describe("default", "web");
        // when
        assertThat(cluster).pod("web").isReady();
        catchThrowable(() -> assertThat(cluster).pod("web").hasPhase("Succeeded"));
        // then
        String page = cluster.timeline().html();
        then(page).contains("<g class=\"lane\" data-lane=\"default/web/assertions\">")
                .contains("<rect class=\"assertion pass\" data-at=\"00:00:15\"")
                .contains("<title>00:00:15  passed: pod default/web to be ready</title>")
                .contains("<rect class=\"assertion fail\" data-at=\"00:00:15\"")
                .contains("<title>00:00:15  FAILED: Expecting pod default/web to have phase Succeeded by 00:00:15, but it has"
                        + " phase Running.</title>");
        then(cluster.timeline().describe("default", "web")).isEqualTo(before);
        then(cluster.timeline().toString()).doesNotContain("assertion");
    }

    @Test
    void aFailedCheckOnAMistypedNameDoesNotMakeAHistoryOfIt() {
        // given: the check fails, and puts its failure on the timeline under the name it was given
        FakeCluster cluster = Scenarios.failingLiveness();
        catchThrowable(() -> assertThat(cluster).pod("wbe").hasRestarted(0));
        // when
        Throwable thrown = catchThrowable(() -> cluster.timeline().containerHistory("default", "wbe", "app"));
        // then: still refused, as for a name the timeline never heard of
        then(thrown).isInstanceOf(dev.peapod.core.PeapodException.class)
                .hasMessageStartingWith("the timeline has nothing about pod default/wbe: check its name and namespace");
    }

    @Test
    void aWaitsTriesAreNotDrawnOnlyItsOutcome() {
        // given
        FakeCluster cluster = Scenarios.failingLiveness();
        // when: checked at every instant for 60 s, it passes at 00:00:50
        cluster.await("one restart").atMost(ofSeconds(60)).untilAsserted(() -> assertThat(cluster).pod("web").hasRestarted(1));
        assertThat(cluster).pod("web").restarts(1).within(ofSeconds(10));
        // then
        then(cluster.timeline().forPod("default", "web", Fact.Asserted.class)).extracting(TimelineEntry::fact).containsExactly(
                new Fact.Asserted("app", "container \"app\" of pod default/web to have restarted 1 time", true, ""));
    }
}
