package dev.peapod.behaviour;

import dev.peapod.core.PeapodException;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour registry's bookkeeping: the messages that catch a script that tests nothing. */
class BehavioursTest {
    private final Behaviours behaviours = new Behaviours(VirtualClock.DEFAULT_START);

    private static Pod pod(String namespace, String name, String... containers) {
        PodBuilder builder = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().withNewSpec().endSpec();
        for (String c : containers) {
            builder.editSpec().addNewContainer().withName(c).withImage("nginx").endContainer().endSpec();
        }
        return builder.build();
    }

    @Test
    void theSameContainerHasOneScript() {
        assertThat(behaviours.script("default", "web", "app", null)).isSameAs(behaviours.script("default", "web", "app", null));
        assertThat(behaviours.forContainer("default", "web", "app")).isPresent();
        assertThat(behaviours.forContainer("default", "web", "other")).isEmpty();
    }

    @Test
    void aScriptForAContainerTheStoredPodLacksIsRefused() {
        assertThatThrownBy(() -> behaviours.script("default", "web", "ap", pod("default", "web", "app", "sidecar")))
                .isInstanceOf(PeapodException.class)
                .hasMessage("pod default/web has no container \"ap\" to script; its containers are [app, sidecar]");
    }

    @Test
    void aPodLackingAScriptedContainerIsRefusedBeforeItIsApplied() {
        // given
        behaviours.script("e2e", "web", "app", null);
        behaviours.script("e2e", "web", "ap", null);
        // when / then
        behaviours.checkScripts(pod("default", "web", "other")); // another namespace: not this script
        assertThatThrownBy(() -> behaviours.checkScripts(pod("e2e", "web", "app")))
                .isInstanceOf(PeapodException.class)
                .hasMessage("container \"ap\" of pod e2e/web was scripted, but the pod has no such container; its containers are [app]."
                        + " Nothing was applied.");
    }

    @Test
    void scriptsForPodsThatNeverExistedAreReported() {
        // given
        behaviours.script("default", "wbe", "app", null);
        behaviours.script("e2e", "db", "pg", null);
        behaviours.script("default", "web", "app", null);
        behaviours.podSeen("default", "web");
        behaviours.podSeen("e2e", "cache");
        // when / then
        assertThat(behaviours.unusedScripts()).contains("container scripts for [default/wbe, e2e/db] were never used: no pod of"
                + " that name was ever created (pods created: [web, e2e/cache]). Check the pod name in cluster.container(pod, container).");
    }

    @Test
    void noReportWhenEveryScriptedPodExisted() {
        behaviours.script("default", "web", "app", null);
        behaviours.podSeen("default", "web");
        assertThat(behaviours.unusedScripts()).isEmpty();
    }
}
