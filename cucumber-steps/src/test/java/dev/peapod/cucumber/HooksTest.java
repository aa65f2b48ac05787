package dev.peapod.cucumber;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scenario's end: an unused script fails a passing scenario and never replaces a failure (issue #7 item 9). */
class HooksTest {
    private static final String UNUSED = "container scripts for [default/wbe] were never used: no pod of that name was ever "
            + "created (pods created: []). Check the pod name in cluster.container(pod, container).";

    @Test
    void anUnusedScriptFailsAScenarioThatPassed() {
        // given
        PeapodWorld world = worldWithTypo();
        List<String> log = new ArrayList<>();
        // when / then
        assertThatThrownBy(() -> Hooks.close(world, false, log::add))
                .isInstanceOf(dev.peapod.core.PeapodException.class).hasMessage(UNUSED);
        assertThat(log).isEmpty();
    }

    @Test
    void aFailedScenarioKeepsItsFailureAndLogsTheUnusedScript() {
        // given
        PeapodWorld world = worldWithTypo();
        List<String> log = new ArrayList<>();
        // when
        Hooks.close(world, true, log::add);
        // then
        assertThat(log).containsExactly("Also: " + UNUSED);
        assertThat(world.cluster().isClosed()).isTrue();
    }

    private static PeapodWorld worldWithTypo() {
        PeapodWorld world = new PeapodWorld();
        world.addNode(dev.peapod.NodeSpec.named("node-1"));
        world.cluster().container("wbe", "app").exitsWith(1);
        return world;
    }
}
