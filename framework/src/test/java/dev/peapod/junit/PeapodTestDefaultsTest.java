package dev.peapod.junit;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static org.assertj.core.api.BDDAssertions.then;

/**
 * {@code @PeapodTest} with nothing said: one default node, the default seed, and a fresh cluster
 * per test that JUnit closes afterwards. The tests run in order so the second can look at the
 * first's cluster.
 */
@PeapodTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeapodTestDefaultsTest {
    private static FakeCluster firstTestsCluster;
    private FakeCluster fromBeforeEach;

    @BeforeEach
    void rememberTheCluster(FakeCluster cluster) {
        fromBeforeEach = cluster;
    }

    @Test
    @Order(1)
    void theClusterHasOneDefaultNodeNamedNode1AndTheDefaultSeed(FakeCluster cluster) {
        // given
        firstTestsCluster = cluster;
        // when
        Node node = cluster.node("node-1");
        // then
        then(cluster.nodes()).extracting(n -> n.getMetadata().getName()).containsExactly("node-1");
        then(cluster.spec().seed()).isEqualTo(ClusterSpec.DEFAULT_SEED);
        then(node.getStatus().getAllocatable()).containsEntry("cpu", new Quantity("4"))
                .containsEntry("memory", new Quantity("16Gi")).containsEntry("pods", new Quantity("110"));
        then(node.getSpec().getTaints()).isEmpty();
    }

    @Test
    @Order(2)
    void eachTestGetsAFreshClusterAndTheLastOneIsClosed(FakeCluster cluster) {
        // given the first test's cluster
        // when this test runs
        // then
        then(cluster).isNotSameAs(firstTestsCluster);
        then(firstTestsCluster.isClosed()).isTrue();
        then(cluster.isClosed()).isFalse();
        then(cluster.elapsed()).isZero();
        then(cluster.pods()).isEmpty();
    }

    @Test
    @Order(3)
    void beforeEachMethodsAndTheTestGetTheSameCluster(FakeCluster cluster) {
        // given / when: injected into @BeforeEach and here
        // then
        then(fromBeforeEach).isSameAs(cluster);
    }

    @Test
    @Order(4)
    void theInjectedClusterRunsPods(FakeCluster cluster) {
        // given
        cluster.apply(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("app").withImage("nginx").endContainer().endSpec()
                .build());
        // when / then
        assertThat(cluster).pod("web").isRunningOn("node-1").isReady().hasRestarted(0);
    }
}
