package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The image steps: pull times, sizes, a node's images, and the nodes table's images column. */
class ImageStepsTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node-1
              containers:
              - {name: app, image: "registry.example.com/team/api:2"}
            """;

    @Test
    void aNodeWithNoImagesPullsInTheScriptedTimeAndListsTheImage() {
        try (PeapodWorld world = new PeapodWorld()) {
            // given
            world.addNode(NodeSpec.named("node-1"));
            ImageSteps steps = new ImageSteps(world);
            steps.nodeHasNoImages("node-1");
            steps.imageTakesToPull("registry.example.com/team/api:2", Duration.ofSeconds(7));
            steps.imageIsBytes("registry.example.com/team/api:2", 48_000_000);
            // when
            world.applyYaml(POD);
            world.cluster().advance(Duration.ofSeconds(30));
            // then
            assertThat(world.cluster().eventsFor(world.cluster().pod("web")).stream().filter(e -> e.getReason().equals("Pulled"))
                    .map(Event::getMessage)).containsExactly("Successfully pulled image \"registry.example.com/team/api:2\" in 7s "
                    + "(7s including waiting). Image size: 48000000 bytes.");
            steps.nodeListsImage("node-1", "registry.example.com/team/api:2", 48_000_000);
            assertThatThrownBy(() -> steps.nodeListsImage("node-1", "nginx:1.25", 1))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expecting node \"node-1\" to list image docker.io/library/nginx:1.25 of 1 bytes in status.images, "
                            + "but it lists [registry.example.com/team/api:2 (48000000 bytes)]");
        }
    }

    @Test
    void theNodesTableSaysANodesImagesAndTooLateIsRefused() {
        assertThat(ClusterSteps.node(Map.of("name", "a", "images", "nginx:1.25, busybox:1.36")).images())
                .containsExactly("nginx:1.25", "busybox:1.36");
        assertThat(ClusterSteps.node(Map.of("name", "a", "images", "none")).images()).isEmpty();
        assertThat(ClusterSteps.node(Map.of("name", "a")).images()).isNull();
        assertThatThrownBy(() -> ImageSteps.images("nginx:1.25,,busybox"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("images \"nginx:1.25,,busybox\" must be image references separated by commas, such as "
                        + "\"nginx:1.25, busybox:1.36\"; for a node with none, say \"node ... has no images\"");
        try (PeapodWorld world = new PeapodWorld()) {
            world.addNode(NodeSpec.named("node-1"));
            ImageSteps steps = new ImageSteps(world);
            assertThatThrownBy(() -> steps.nodeHasTheImages("node-2", "nginx"))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("there is no node \"node-2\" to give images to; the scenario declares [node-1]; declare the node "
                            + "first (\"Given a cluster with nodes:\")");
            world.cluster();
            assertThatThrownBy(() -> steps.nodeHasTheImages("node-1", "nginx"))
                    .isInstanceOf(PeapodException.class)
                    .hasMessageStartingWith("the images of node \"node-1\" come too late");
        }
    }
}
