package dev.peapod.apiserver;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ListOptions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A component that fails while the engine settles an HTTP request's write (on the request's thread): the
 * request is answered as the API server would answer it (a controller's crash changes no API answer), and
 * the test's next verb throws the component's failure, so it never goes unseen.
 */
class FailureWhileServingTest {
    /** Fails when it sees a ConfigMap named "boom". */
    static final class Brittle implements Component {
        @Override
        public String name() {
            return "brittle";
        }

        @Override
        public void start(ClusterContext context) {
            context.store().watch(ConfigMap.class, ListOptions.all(), null, event -> {
                if (event.object().getMetadata().getName().equals("boom")) {
                    context.loop().post("brittle reacts", () -> {
                        throw new IllegalStateException("controller bug");
                    });
                }
            });
        }
    }

    @Test
    void theTestsNextVerbThrowsWhatFailedWhileARequestWasServed() {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1").component(new Brittle()))) {
            ConfigMap boom = new ConfigMapBuilder().withNewMetadata().withName("boom").endMetadata().build();
            // when: the write is stored and answered as the API server would; the settle after it fails
            ConfigMap created = cluster.client().configMaps().resource(boom).create();
            assertThat(created.getMetadata().getUid()).isNotBlank();
            // then: the test's next verb says what failed
            assertThatThrownBy(cluster::settle).isInstanceOf(PeapodException.class)
                    .hasMessage("FakeCluster.settle: the cluster failed while it settled a write of its HTTP API: controller bug")
                    .hasRootCauseInstanceOf(IllegalStateException.class);
            // once said, the cluster goes on
            cluster.settle();
            assertThat(cluster.context().store().get(ConfigMap.class, "default", "boom")).isPresent();
        }
    }
}
