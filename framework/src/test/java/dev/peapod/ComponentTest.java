package dev.peapod;

import dev.peapod.core.PeapodException;
import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ListOptions;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComponentTest {

    /**
     * A tiny controller: a pod annotated {@code expire-after-seconds} gets the annotation
     * {@code expired-at} that many seconds after the controller first saw it.
     */
    static final class ExpiryController implements Component {
        final List<String> nodesAtStart = new ArrayList<>();
        ClusterContext context;
        private WorkQueue<String> queue;

        @Override
        public String name() {
            return "expiry-controller";
        }

        @Override
        public void start(ClusterContext context) {
            this.context = context;
            context.store().list(Node.class).forEach(n -> nodesAtStart.add(n.getMetadata().getName()));
            queue = new WorkQueue<>(context.loop(), name(), this::expire);
            context.store().watch(Pod.class, ListOptions.all(), null, this::onPod);
        }

        private void onPod(WatchEvent<Pod> event) {
            Map<String, String> annotations = event.object().getMetadata().getAnnotations();
            if (event.type() == WatchEvent.Type.ADDED && annotations != null && annotations.containsKey("expire-after-seconds")) {
                queue.addAfter(event.object().getMetadata().getName(),
                        Duration.ofSeconds(Long.parseLong(annotations.get("expire-after-seconds"))));
            }
        }

        private void expire(String name) {
            context.store().edit(Pod.class, "default", name, pod -> {
                Map<String, String> annotations = new LinkedHashMap<>(pod.getMetadata().getAnnotations());
                annotations.put("expired-at", context.clock().elapsed().toString());
                pod.getMetadata().setAnnotations(annotations);
            });
        }
    }

    @Test
    void aUserComponentWatchesPodsAndActsOnTheVirtualClock() {
        // given
        ExpiryController controller = new ExpiryController();
        try (FakeCluster cluster = ClusterSpec.empty().node("worker0").component(controller).start()) {
            cluster.advance(Duration.ofSeconds(5));
            // when
            cluster.apply(new PodBuilder().withNewMetadata().withName("web").addToAnnotations("expire-after-seconds", "30")
                    .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer()
                    .endSpec().build());
            cluster.advanceTo(Duration.ofSeconds(34));
            // then
            assertThat(cluster.pod("web").getMetadata().getAnnotations()).doesNotContainKey("expired-at");
            cluster.advanceTo(Duration.ofSeconds(35));
            assertThat(cluster.pod("web").getMetadata().getAnnotations()).containsEntry("expired-at", "PT35S");
            assertThat(controller.context).isSameAs(cluster.context());
        }
    }

    @Test
    void componentsStartAfterTheSchedulerAndTheKubeletsInTheOrderTheyWereAdded() {
        // given
        List<String> started = new ArrayList<>();
        ExpiryController controller = new ExpiryController();
        // when
        try (FakeCluster cluster = ClusterSpec.empty().node("worker0").node("worker1")
                .component(controller).component(named("second", started)).components(List.of(named("third", started)))
                .start()) {
            // then
            assertThat(controller.nodesAtStart).containsExactly("worker0", "worker1");
            assertThat(started).containsExactly("second", "third");
        }
    }

    @Test
    void componentNamesAreUniqueInASpec() {
        assertThatThrownBy(() -> ClusterSpec.empty().component(named("twin", new ArrayList<>())).component(named("twin", new ArrayList<>())))
                .isInstanceOf(PeapodException.class)
                .hasMessage("component names must be unique, but were [twin, twin]");
    }

    @Test
    void aComponentCannotTakeTheNameOfABuiltInOne() {
        // given
        ClusterSpec spec = ClusterSpec.empty().component(named("default-scheduler", new ArrayList<>()));
        // when / then
        assertThatThrownBy(spec::start)
                .isInstanceOf(PeapodException.class)
                .hasMessageStartingWith("the cluster already runs a component named \"default-scheduler\" (dev.peapod.scheduler.Scheduler); give ");
    }

    @Test
    void installedFindsNoComponentsOnThisClassPath() {
        assertThat(Component.installed()).isEmpty();
    }

    private static Component named(String name, List<String> started) {
        return new Component() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start(ClusterContext context) {
                started.add(name);
            }
        };
    }
}
