package dev.peapod.allure;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterStoryTest {
    @Test
    void tellsThePodsEventsAndTimelineOfACluster() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().withNodeName("node-1")
                .addNewContainer().withName("app").withImage("nginx:1.25").endContainer().endSpec().build());
        // when
        cluster.advance(Duration.ofSeconds(30));
        // then
        assertThat(ClusterStory.pods(cluster)).isEqualTo("""
                NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
                web    1/1     Running   0          30s   10.244.1.2   node-1   <none>           <none>
                """.stripTrailing() + "\n");
        assertThat(ClusterStory.events(cluster).lines()).containsExactly(
                "2025-01-01T00:00:00Z  Normal   Pulled            pod/web  Container image \"nginx:1.25\" already present on machine",
                "2025-01-01T00:00:00Z  Normal   Created           pod/web  Created container: app",
                "2025-01-01T00:00:00Z  Normal   Started           pod/web  Started container app");
        assertThat(ClusterStory.timeline(cluster)).contains("00:00:00  container app started  [default/web]");
        assertThat(ClusterStory.picture(cluster))
                .startsWith("<!DOCTYPE html>")
                .contains("<summary>no node on the timeline (bound by spec.nodeName, or not scheduled) — 1 pod</summary>") // no Scheduled entry
                .contains("data-lane=\"default/web/app\"")
                .contains("<title>running since 00:00:00</title>");
    }

    @Test
    void thePictureOfAFailedTestShowsWhereItsCheckFailed() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().withNodeName("node-1")
                .addNewContainer().withName("app").withImage("nginx:1.25").endContainer().endSpec().build());
        cluster.advance(Duration.ofSeconds(30));
        // when: the check fails; the attachments are made afterwards, as the extension and the Cucumber hook make them
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> dev.peapod.assertions.PeapodAssertions.assertThat(cluster).pod("web").hasRestarted(1));
        // then: the failure is on the picture, its first sentence as the tooltip; the text timeline is the cluster's story alone
        assertThat(failure).isInstanceOf(AssertionError.class);
        assertThat(ClusterStory.picture(cluster))
                .contains("<rect class=\"assertion fail\" data-at=\"00:00:30\"")
                .contains("<title>00:00:30  FAILED: Expecting container &quot;app&quot; of pod default/web to have restarted 1 time by"
                        + " 00:00:30, but it restarted 0 times.</title>");
        assertThat(ClusterStory.timeline(cluster)).doesNotContain("restarted 1 time");
    }

    @Test
    void saysSoWhenNothingHappened() {
        FakeCluster cluster = FakeCluster.withNodes();
        assertThat(ClusterStory.pods(cluster)).isEqualTo("No resources found");
        assertThat(ClusterStory.events(cluster)).isEqualTo("No events");
        assertThat(ClusterStory.timeline(cluster)).isEqualTo("Nothing happened");
    }

    @Test
    void isInstalledAsAReportAttachment() {
        assertThat(dev.peapod.spi.ReportAttachment.installed()).hasAtLeastOneElementOfType(AllureReportAttachment.class);
    }
}
