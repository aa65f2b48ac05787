package dev.peapod.behaviour;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Only what the test scripted is checked against a pod's containers: running a container scripts nothing. */
class ScriptBookkeepingTest {
    @Test
    void aPodNameCanComeBackWithOtherContainersWhenNoneWasScripted() {
        // given: web ran with container "a" and was deleted
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers: [{name: a, image: "nginx:1.25"}]
                """);
        cluster.deletePod("web");
        cluster.advance(Duration.ofMinutes(1));
        assertThat(cluster.pods()).isEmpty();
        // when: the same name comes back with container "b"
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers: [{name: b, image: "nginx:1.25"}]
                """);
        // then
        assertThat(cluster.pod("web").getSpec().getContainers().get(0).getName()).isEqualTo("b");
        cluster.close();
    }

    @Test
    void aScriptedContainerIsStillCheckedWhenThePodNameComesBack() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers: [{name: a, image: "nginx:1.25"}]
                """);
        cluster.container("web", "a").exitsWith(1).after(Duration.ofSeconds(5));
        cluster.deletePod("web");
        cluster.advance(Duration.ofMinutes(1));
        // when / then
        assertThatThrownBy(() -> cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers: [{name: b, image: "nginx:1.25"}]
                """))
                .isInstanceOf(PeapodException.class)
                .hasMessage("container \"a\" of pod default/web was scripted, but the pod has no such container; "
                        + "its containers are [b]. Nothing was applied.");
    }
}
