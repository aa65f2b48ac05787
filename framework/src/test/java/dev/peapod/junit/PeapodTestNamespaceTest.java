package dev.peapod.junit;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.BDDAssertions.then;

/** {@code @PeapodTest(namespace)}: the class's namespace, replaced by a method's. */
@PeapodTest(namespace = "e2e")
class PeapodTestNamespaceTest {

    @Test
    void theClassNamespaceIsTheClustersAndExists(FakeCluster cluster) {
        then(cluster.namespace()).isEqualTo("e2e");
        then(cluster.context().store().get(io.fabric8.kubernetes.api.model.Namespace.class, null, "e2e")).isPresent();
    }

    @Test
    @PeapodTest(namespace = "staging")
    void aMethodNamespaceReplacesTheClasss(FakeCluster cluster) {
        then(cluster.namespace()).isEqualTo("staging");
    }

    @Test
    @PeapodTest(seed = 7)
    void aMethodAnnotationWithoutNamespaceKeepsTheClasss(FakeCluster cluster) {
        then(cluster.namespace()).isEqualTo("e2e");
    }
}
