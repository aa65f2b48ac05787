package dev.peapod.controllers;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** daemon_controller.go NodeShouldRunDaemonPod and daemonset_util.go, driven directly. */
class DaemonSetPredicatesTest {

    @Test
    void anUntoleratedNoScheduleTaintStopsNewPodsButKeepsARunningOne() {
        // daemon pods continue running on a node whose only untolerated taints are NoSchedule
        assertThat(DaemonSetPredicates.nodeShouldRunDaemonPod(node("NoSchedule"), daemonSet()))
                .isEqualTo(new DaemonSetPredicates.Fit(false, true));
        assertThat(DaemonSetPredicates.nodeShouldRunDaemonPod(node("NoExecute"), daemonSet()))
                .isEqualTo(new DaemonSetPredicates.Fit(false, false));
        assertThat(DaemonSetPredicates.nodeShouldRunDaemonPod(node("PreferNoSchedule"), daemonSet()))
                .isEqualTo(new DaemonSetPredicates.Fit(true, true));
    }

    @Test
    void aUserTolerationOfTheSameTaintIsReplacedInPlaceAndHostNetworkAddsNetworkUnavailable() {
        PodSpec spec = new PodSpec();
        spec.setHostNetwork(true);
        spec.setTolerations(new ArrayList<>(List.of(
                new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("agents").withEffect("NoSchedule").build(),
                new TolerationBuilder().withKey("node.kubernetes.io/not-ready").withOperator("Exists").withEffect("NoExecute")
                        .withTolerationSeconds(300L).build())));
        DaemonSetPredicates.addOrUpdateDaemonPodTolerations(spec);
        assertThat(spec.getTolerations()).extracting("key", "effect", "tolerationSeconds").containsExactly(
                tuple("dedicated", "NoSchedule", null),
                tuple("node.kubernetes.io/not-ready", "NoExecute", null),
                tuple("node.kubernetes.io/unreachable", "NoExecute", null),
                tuple("node.kubernetes.io/disk-pressure", "NoSchedule", null),
                tuple("node.kubernetes.io/memory-pressure", "NoSchedule", null),
                tuple("node.kubernetes.io/pid-pressure", "NoSchedule", null),
                tuple("node.kubernetes.io/unschedulable", "NoSchedule", null),
                tuple("node.kubernetes.io/network-unavailable", "NoSchedule", null));
    }

    @Test
    void safeEncodeMapsDigitsAsUpstreamsAlphabet() {
        // k8s.io/apimachinery/pkg/util/rand SafeEncodeString: alphanums[c % 27]
        assertThat(DaemonSetHistory.safeEncode("0123456789")).isEqualTo("456789bcdf");
    }

    @Test
    void theHashChangesWithTheTemplateAndTheCollisionCount() {
        DaemonSet ds = daemonSet();
        String first = DaemonSetHistory.computeHash(ds.getSpec().getTemplate(), null);
        assertThat(first).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
        assertThat(DaemonSetHistory.computeHash(ds.getSpec().getTemplate(), null)).isEqualTo(first);
        assertThat(DaemonSetHistory.computeHash(ds.getSpec().getTemplate(), 1)).isNotEqualTo(first);
        ds.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.26");
        assertThat(DaemonSetHistory.computeHash(ds.getSpec().getTemplate(), null)).isNotEqualTo(first);
    }

    private static Node node(String effect) {
        return new NodeBuilder().withNewMetadata().withName("worker0").endMetadata()
                .withNewSpec().addNewTaint().withKey("dedicated").withValue("db").withEffect(effect).endTaint().endSpec().build();
    }

    private static DaemonSet daemonSet() {
        return new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "agent").endMetadata()
                .withNewSpec().addNewContainer().withName("agent").withImage("nginx:1.25").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
