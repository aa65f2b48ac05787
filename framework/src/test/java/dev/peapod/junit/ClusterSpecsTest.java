package dev.peapod.junit;

import dev.peapod.ClusterSpec;
import dev.peapod.NodeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.BDDAssertions.then;

/**
 * How a test's annotations become its cluster spec, and the errors a bad declaration gets. The
 * fixtures are nested classes, which Surefire does not run as tests.
 */
class ClusterSpecsTest {

    @Test
    void aLabelWithoutAnEqualsSignIsRejectedNamingTheNode() {
        assertThatThrownBy(() -> ClusterSpecs.of(BadLabel.class, null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@PeapodNode(name = \"node-1\"): label \"disktype\" must look like key=value");
    }

    @Test
    void aTaintWithAnUnknownEffectIsRejectedNamingTheNode() {
        assertThatThrownBy(() -> ClusterSpecs.of(BadTaint.class, null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@PeapodNode(name = \"node-1\"): taint \"dedicated=gpu:NoScheduling\" must look like"
                        + " key=value:Effect or key:Effect, with Effect NoSchedule, PreferNoSchedule or NoExecute");
    }

    @Test
    void nodeAttributesAreCheckedAsTheApiServerChecksANodeNamingTheAttribute() {
        String quantityFormat = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
        assertThatThrownBy(() -> ClusterSpecs.of(BadCpu.class, null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@PeapodNode(name = \"gpu-1\"), cpu = \"abc\": status.allocatable.cpu: Invalid value: \"abc\": "
                        + quantityFormat);
        assertThatThrownBy(() -> ClusterSpecs.of(BadMemory.class, null))
                .hasMessage("@PeapodNode(name = \"node-1\"), memory = \"lots\": status.allocatable.memory: Invalid value:"
                        + " \"lots\": " + quantityFormat);
        assertThatThrownBy(() -> ClusterSpecs.of(NegativePods.class, null))
                .hasMessage("@PeapodNode(name = \"node-1\"), pods = -5: status.allocatable.pods: Invalid value: \"-5\": must"
                        + " be greater than or equal to 0");
        assertThatThrownBy(() -> ClusterSpecs.of(BadName.class, null))
                .hasMessageStartingWith("@PeapodNode(name = \"Node_1\"), name: metadata.name: Invalid value: \"Node_1\": a"
                        + " lowercase RFC 1123 subdomain must consist of");
        assertThatThrownBy(() -> ClusterSpecs.of(BadLabelValue.class, null))
                .hasMessageStartingWith("@PeapodNode(name = \"node-1\"), labels = \"disktype=s s d\": metadata.labels:"
                        + " Invalid value: \"s s d\": a valid label must be");
        assertThatThrownBy(() -> ClusterSpecs.of(BadTaintKey.class, null))
                .hasMessageStartingWith("@PeapodNode(name = \"node-1\"), taints = \"bad key!=gpu:NoSchedule\":"
                        + " spec.taints[0].key: Invalid value: \"bad key!\": name part must consist of");
    }

    @Test
    void aNodeHasEveryImageUnlessItsAnnotationListsThem() {
        var nodes = ClusterSpecs.of(Images.class, null).nodes();
        org.assertj.core.api.Assertions.assertThat(nodes.get(0).images()).isNull();
        org.assertj.core.api.Assertions.assertThat(nodes.get(1).images()).containsExactly("nginx:1.25", "busybox:1.36");
        org.assertj.core.api.Assertions.assertThat(nodes.get(2).images()).isEmpty();
    }

    @PeapodTest(nodes = {@PeapodNode(name = "every"), @PeapodNode(name = "two", images = {"nginx:1.25", "busybox:1.36"}),
            @PeapodNode(name = "none", images = {})})
    static class Images {
    }

    @Test
    void twoNodesOfOneNameAreRejected() {
        assertThatThrownBy(() -> ClusterSpecs.of(DuplicateNodes.class, null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@PeapodTest: node names must be unique, but were [node-1, node-1]");
    }

    @Test
    void aClusterDeclaredBothWaysIsRejected() {
        assertThatThrownBy(() -> ClusterSpecs.of(DeclaredTwice.class, null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(DeclaredTwice.class.getName() + " declares its cluster twice, with @PeapodTest(nodes/seed/imageProfiles)"
                        + " and with @PeapodCluster method spec(): keep one");
    }

    @Test
    void aClusterMethodMustBeStaticParameterlessAndReturnAClusterSpec() {
        assertThatThrownBy(() -> ClusterSpecs.of(NotStatic.class, null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@PeapodCluster method " + NotStatic.class.getName() + ".spec() must be static: the cluster"
                        + " starts before each test, from the class");
        assertThatThrownBy(() -> ClusterSpecs.of(WithParameter.class, null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@PeapodCluster method " + WithParameter.class.getName() + ".spec() must take no parameters");
        assertThatThrownBy(() -> ClusterSpecs.of(WrongType.class, null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@PeapodCluster method " + WrongType.class.getName() + ".spec() must return ClusterSpec, but"
                        + " returns NodeSpec");
        assertThatThrownBy(() -> ClusterSpecs.of(TwoMethods.class, null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(TwoMethods.class.getName() + " has 2 @PeapodCluster methods [a(), b()]: keep one");
    }

    @Test
    void aClusterMethodThatReturnsNullOrThrowsIsReported() {
        assertThatThrownBy(() -> ClusterSpecs.of(ReturnsNull.class, null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@PeapodCluster method " + ReturnsNull.class.getName() + ".spec() returned null; return a"
                        + " ClusterSpec, e.g. ClusterSpec.empty().node(\"node-1\")");
        assertThatThrownBy(() -> ClusterSpecs.of(Throws.class, null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@PeapodCluster method " + Throws.class.getName() + ".spec() failed:"
                        + " java.lang.IllegalStateException: no cluster today")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aComposedAnnotationCarryingPeapodTestIsRead() {
        // given
        ClusterSpec spec = ClusterSpecs.of(Composed.class, null);
        // then
        then(spec.nodes()).extracting(NodeSpec::name).containsExactly("edge-1");
    }

    @Test
    void aNestedClassUsesItsEnclosingClassesCluster() {
        // given
        ClusterSpec spec = ClusterSpecs.of(WithCluster.Inner.class, null);
        // then
        then(spec.nodes()).extracting(NodeSpec::name).containsExactly("from-method");
    }

    @Test
    void aMethodAnnotationOverridesTheClassOne() throws NoSuchMethodException {
        // given
        Method method = Overridden.class.getDeclaredMethod("test");
        // when
        ClusterSpec spec = ClusterSpecs.of(Overridden.class, method);
        // then
        then(spec.nodes()).extracting(NodeSpec::name).containsExactly("m-1");
        then(spec.seed()).isEqualTo(5L);
    }

    @Test
    void aMethodCanSetTheDefaultSeedOverAClassSeed() throws NoSuchMethodException {
        // when
        ClusterSpec spec = ClusterSpecs.of(Overridden.class, Overridden.class.getDeclaredMethod("seeded"));
        // then
        then(spec.seed()).isEqualTo(42L);
    }

    // ---------------------------------------------------------------- fixtures

    @PeapodTest(nodes = @PeapodNode(name = "node-1", labels = "disktype"))
    static class BadLabel {
    }

    @PeapodTest(nodes = @PeapodNode(name = "gpu-1", cpu = "abc"))
    static class BadCpu {
    }

    @PeapodTest(nodes = @PeapodNode(name = "node-1", memory = "lots"))
    static class BadMemory {
    }

    @PeapodTest(nodes = @PeapodNode(name = "node-1", pods = -5))
    static class NegativePods {
    }

    @PeapodTest(nodes = @PeapodNode(name = "Node_1"))
    static class BadName {
    }

    @PeapodTest(nodes = @PeapodNode(name = "node-1", labels = "disktype=s s d"))
    static class BadLabelValue {
    }

    @PeapodTest(nodes = @PeapodNode(name = "node-1", taints = "bad key!=gpu:NoSchedule"))
    static class BadTaintKey {
    }

    @PeapodTest(nodes = @PeapodNode(name = "node-1", taints = "dedicated=gpu:NoScheduling"))
    static class BadTaint {
    }

    @PeapodTest(nodes = {@PeapodNode(name = "node-1"), @PeapodNode(name = "node-1")})
    static class DuplicateNodes {
    }

    @PeapodTest(nodes = @PeapodNode(name = "node-1"))
    static class DeclaredTwice {
        @PeapodCluster
        static ClusterSpec spec() {
            return ClusterSpec.empty();
        }
    }

    @PeapodTest
    static class NotStatic {
        @PeapodCluster
        ClusterSpec spec() {
            return ClusterSpec.empty();
        }
    }

    @PeapodTest
    static class WithParameter {
        @PeapodCluster
        static ClusterSpec spec(String name) {
            return ClusterSpec.empty();
        }
    }

    @PeapodTest
    static class WrongType {
        @PeapodCluster
        static NodeSpec spec() {
            return NodeSpec.named("node-1");
        }
    }

    @PeapodTest
    static class TwoMethods {
        @PeapodCluster
        static ClusterSpec b() {
            return ClusterSpec.empty();
        }

        @PeapodCluster
        static ClusterSpec a() {
            return ClusterSpec.empty();
        }
    }

    @PeapodTest
    static class ReturnsNull {
        @PeapodCluster
        static ClusterSpec spec() {
            return null;
        }
    }

    @PeapodTest
    static class Throws {
        @PeapodCluster
        static ClusterSpec spec() {
            throw new IllegalStateException("no cluster today");
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @PeapodTest(nodes = @PeapodNode(name = "edge-1"))
    @interface EdgeCluster {
    }

    @EdgeCluster
    static class Composed {
    }

    @PeapodTest
    static class WithCluster {
        @PeapodCluster
        static ClusterSpec spec() {
            return ClusterSpec.empty().node("from-method");
        }

        class Inner {
        }
    }

    @PeapodTest(seed = 5, nodes = @PeapodNode(name = "c-1"))
    static class Overridden {
        @PeapodTest(nodes = @PeapodNode(name = "m-1"))
        void test() {
        }

        @PeapodTest(seed = 42)
        void seeded() {
        }
    }
}
