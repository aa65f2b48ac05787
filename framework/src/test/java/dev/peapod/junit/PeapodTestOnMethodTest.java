package dev.peapod.junit;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.BDDAssertions.then;

/** {@code @PeapodTest} on a method only: the extension serves that method alone. */
class PeapodTestOnMethodTest {

    @Test
    @PeapodTest
    void aMethodAnnotationAloneGivesTheDefaultCluster(FakeCluster cluster) {
        then(cluster.nodes()).extracting(n -> n.getMetadata().getName()).containsExactly("node-1");
    }

    @Test
    @PeapodTest(nodes = {@PeapodNode(name = "a"), @PeapodNode(name = "b")})
    void aMethodAnnotationWithNodesGivesThoseNodes(FakeCluster cluster) {
        then(cluster.nodes()).extracting(n -> n.getMetadata().getName()).containsExactly("a", "b");
    }
}
