package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #15: the timeline as a picture, written for a local run (open the file in a browser; with
 * peapod-allure the same page is attached to every test of the report). Here a liveness probe kills
 * the container three times and the kubelet backs off: the app lane shows CrashLoopBackOff between runs,
 * and the assertions lane a tick at each instant the test checked the pod.
 */
@PeapodTest
class TimelinePictureExampleTest {

    @Test
    void writesTheStoryOfACrashLoopingPodAsAnHtmlPicture(FakeCluster cluster) throws Exception {
        // given: agnhost's liveness server answers 500 from the start of every run
        cluster.container("liveness-http", "app").httpReturns(8080, "/healthz", 500);
        cluster.applyResource("manifests/liveness-http.yaml");
        // when: five virtual minutes pass, the test checking the pod after the first
        cluster.advance(Duration.ofMinutes(1));
        assertThat(cluster).pod("liveness-http").isRunning(); // the phase: a crash-looping pod stays Running
        cluster.advance(Duration.ofMinutes(4));
        assertThat(cluster).pod("liveness-http").isRunning();
        Path picture = cluster.timeline().writeHtml(Path.of("target/timeline-pictures/liveness-http.html"));
        // then: one lane for the container, one for its liveness probe, the actions (kills, restarts) on their own
        String page = Files.readString(picture);
        assertThat(page).contains("data-lane=\"default/liveness-http/app\"", "data-lane=\"default/liveness-http/app/liveness\"",
                "data-lane=\"default/liveness-http/actions\"", "waiting since", "CrashLoopBackOff", "Liveness probe failed: HTTP probe failed with statuscode: 500");
        // then: the checks on their lane, at 00:01:00 and 00:05:00
        assertThat(page).contains("data-lane=\"default/liveness-http/assertions\"",
                "<rect class=\"assertion pass\" data-at=\"00:01:00\"", "<rect class=\"assertion pass\" data-at=\"00:05:00\"",
                "passed: pod default/liveness-http to have phase Running");
    }
}
