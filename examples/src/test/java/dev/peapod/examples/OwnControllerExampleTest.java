package dev.peapod.examples;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodCluster;
import dev.peapod.junit.PeapodTest;
import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ListOptions;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team's own controller running in the fake cluster on the virtual clock (the {@link Component}
 * plug point): it deletes finished pods a minute after they finish, as a TTL-after-finished
 * controller would do for Jobs.
 */
@PeapodTest
class OwnControllerExampleTest {

    /** Deletes Succeeded and Failed pods {@code ttl} after it first sees them finished. */
    static final class FinishedPodReaper implements Component {
        private final Duration ttl;

        FinishedPodReaper(Duration ttl) {
            this.ttl = ttl;
        }

        @Override
        public String name() {
            return "finished-pod-reaper";
        }

        @Override
        public void start(ClusterContext context) {
            WorkQueue<String> queue = new WorkQueue<>(context.loop(), name(),
                    name -> context.store().delete(Pod.class, "default", name));
            context.store().watch(Pod.class, ListOptions.all().withFields("status.phase=Failed"), null,
                    event -> queue.addAfter(event.object().getMetadata().getName(), ttl));
        }
    }

    @PeapodCluster
    static ClusterSpec cluster() {
        return ClusterSpec.empty().node("node-1").component(new FinishedPodReaper(Duration.ofMinutes(1)));
    }

    @Test
    void deletesAFailedPodAMinuteAfterItFailed(FakeCluster cluster) {
        // given: run-once has restartPolicy Never; its task exits 1 after 1 s, and the pod fails then
        cluster.container("run-once", "task").exitsWith(1).after(Duration.ofSeconds(1));
        cluster.applyResource("manifests/batch-once.yaml");
        cluster.advanceTo(Duration.ofSeconds(1));
        assertThat(cluster.pod("run-once").getStatus().getPhase()).isEqualTo("Failed");
        // when
        cluster.advanceTo(Duration.ofSeconds(60));
        // then
        assertThat(cluster.findPod("default", "run-once")).isPresent();
        cluster.advanceTo(Duration.ofSeconds(61));
        assertThat(cluster.findPod("default", "run-once")).isEmpty();
        assertThat(cluster.findPod("default", "retry-on-failure")).isPresent();
    }
}
