package dev.peapod.allure;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Run only by {@link JunitStoryTest} through the launcher (the name keeps surefire away): a Peapod test with an {@code @AfterEach} fixture. */
@PeapodTest
class JunitStoryExample {
    @Test
    void aWebPodRuns(FakeCluster cluster) {
        cluster.apply(new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("nginx:1.25").endContainer().endSpec().build());
        cluster.advance(Duration.ofSeconds(30));
        assertThat(cluster.pod("web").getStatus().getPhase()).isEqualTo("Running");
    }

    @AfterEach
    void tidyUp() {
        // a fixture: allure-jupiter reports it as a tear-down of the test
    }
}
