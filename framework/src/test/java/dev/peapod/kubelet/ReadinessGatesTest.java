package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ready with {@code spec.readinessGates}: pkg/kubelet/status/generate.go GeneratePodReadyCondition
 * (reference §5), and status.NeedToReconcilePodReadiness (status_manager.go), by which a status-only
 * change of the pod makes kubelet.HandlePodReconcile sync it.
 */
class ReadinessGatesTest {
    private static final String GATE = "example.com/feature-1";
    private static final String OTHER_GATE = "example.com/feature-2";

    private final Scenario s = new Scenario();

    private static String describe(PodCondition c) {
        return c.getType() + "=" + c.getStatus() + (c.getReason() == null ? "" : " " + c.getReason())
                + (c.getMessage() == null ? "" : " \"" + c.getMessage() + "\"") + " @" + c.getLastTransitionTime();
    }

    /** A pod with one app container and the given gates; app fails its readiness probe until 45 s if asked. */
    private void applyPod(boolean readyAt45, String... gates) {
        if (readyAt45) {
            s.cluster.container("web", "app").httpReturns(80, "/ready", 500).until(Duration.ofSeconds(45));
        }
        StringBuilder yaml = new StringBuilder("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  readinessGates:
                """);
        for (String gate : gates) {
            yaml.append("  - {conditionType: \"").append(gate).append("\"}\n");
        }
        yaml.append("  containers:\n");
        yaml.append(readyAt45
                ? "  - {name: app, image: \"nginx:1.25\", readinessProbe: {httpGet: {path: /ready, port: 80}}}\n"
                : "  - {name: app, image: \"nginx:1.25\"}\n");
        s.apply(yaml.toString());
    }

    /** What a controller does through the status subresource. */
    private void setGate(String type, String status) {
        s.cluster.editPod("web").setCondition(type, status);
    }

    @Test
    void aGateWithNoConditionKeepsTheReadyPodNotReady() {
        // given
        applyPod(false, GATE);
        // when
        s.at(30);
        // then: containers are ready, the pod is not; the text is generate.go's, with %q around the type
        assertThat(describe(s.condition("web", "ContainersReady"))).isEqualTo("ContainersReady=True @2025-01-01T00:00:00Z");
        PodCondition ready = s.condition("web", "Ready");
        assertThat(describe(ready)).startsWith("Ready=False ReadinessGatesNotReady ").endsWith(" @2025-01-01T00:00:00Z");
        assertThat(ready.getMessage())
                .isEqualTo("corresponding condition of pod readiness gate \"example.com/feature-1\" does not exist.");
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("web"), s.cluster.now()).ready()).isEqualTo("1/1");
    }

    @Test
    void whileContainersAreNotReadyReadyCopiesContainersReady() {
        // given
        applyPod(true, GATE);
        // when
        s.at(30);
        // then: the gates are not looked at
        assertThat(describe(s.condition("web", "Ready")))
                .isEqualTo("Ready=False ContainersNotReady \"containers with unready status: [app]\" @2025-01-01T00:00:00Z");
    }

    @Test
    void aGateThatIsFalseAndOneThatIsMissingAreBothListedInSpecOrder() {
        // given: feature-2 is False, feature-1 has no condition; app becomes ready at 50 s
        applyPod(true, GATE, OTHER_GATE);
        s.at(20);
        setGate(OTHER_GATE, "False");
        // when
        s.at(60);
        // then: Ready stays False (ContainersNotReady, then ReadinessGatesNotReady), so its time does not move;
        // the status is printed with %v: False
        assertThat(describe(s.condition("web", "ContainersReady"))).isEqualTo("ContainersReady=True @2025-01-01T00:00:50Z");
        PodCondition ready = s.condition("web", "Ready");
        assertThat(describe(ready)).startsWith("Ready=False ReadinessGatesNotReady ").endsWith(" @2025-01-01T00:00:00Z");
        assertThat(ready.getMessage()).isEqualTo(
                "corresponding condition of pod readiness gate \"example.com/feature-1\" does not exist., "
                + "the status of pod readiness gate \"example.com/feature-2\" is not \"True\", but False");
        // and the controller's condition is kept in front of the kubelet's
        assertThat(s.pod("web").getStatus().getConditions()).extracting(PodCondition::getType).containsExactly(
                OTHER_GATE, "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
    }

    @Test
    void aGateThatIsTrueBeforeTheContainersAreReadyLetsReadyTurnTrueWithThem() {
        // given: the gate turns True at 20 s, while Ready copies ContainersReady (nothing to reconcile upstream)
        applyPod(true, GATE);
        s.at(20);
        setGate(GATE, "True");
        // when: the readiness probe succeeds at 50 s
        s.at(60);
        // then: Ready flips with the sync that the probe result causes
        assertThat(describe(s.condition("web", "Ready"))).isEqualTo("Ready=True @2025-01-01T00:00:50Z");
        assertThat(describe(s.condition("web", "ContainersReady"))).isEqualTo("ContainersReady=True @2025-01-01T00:00:50Z");
    }

    @Test
    void aGateThatLeavesTrueMakesReadyFalseAgain() {
        // given
        applyPod(true, GATE);
        s.at(20);
        setGate(GATE, "True");
        s.at(60);
        // when
        setGate(GATE, "Unknown");
        s.at(200);
        // then: a status other than True is printed as it is
        assertThat(s.condition("web", "Ready").getMessage())
                .isEqualTo("the status of pod readiness gate \"example.com/feature-1\" is not \"True\", but Unknown");
        assertThat(s.condition("web", "Ready").getReason()).isEqualTo("ReadinessGatesNotReady");
    }

    /**
     * Upstream the status-only update is a RECONCILE (config.go checkAndUpdatePod); HandlePodReconcile sees
     * NeedToReconcilePodReadiness and dispatches a SyncPodSync at once, so Ready flips when the gate does.
     * Needs PodWorker.update to sync when {@link PodStatusGenerator#needToReconcilePodReadiness} is true.
     */
    @Test
    void aGateThatTurnsTrueAfterTheContainersAreReadyMakesReadyTrueAtOnce() {
        // given: containers ready at 0 s, Ready False for the missing gate
        applyPod(false, GATE);
        s.at(30);
        // when
        setGate(GATE, "True");
        s.at(31);
        // then
        assertThat(describe(s.condition("web", "Ready"))).isEqualTo("Ready=True @2025-01-01T00:00:30Z");
    }

    // ---------------------------------------------------------------- NeedToReconcilePodReadiness

    private static Pod apiPod(String readyStatus, String readyMessage, String gateStatus) {
        Pod pod = Serialization.unmarshal("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  readinessGates: [{conditionType: "example.com/feature-1"}]
                  containers: [{name: app, image: "nginx:1.25"}]
                status:
                  phase: Running
                  conditions: []
                """, Pod.class);
        if (gateStatus != null) {
            pod.getStatus().getConditions().add(new PodConditionBuilder().withType(GATE).withStatus(gateStatus).build());
        }
        if (readyStatus != null) {
            pod.getStatus().getConditions().add(new PodConditionBuilder().withType("Ready").withStatus(readyStatus)
                    .withMessage(readyMessage).build());
        }
        pod.getStatus().getContainerStatuses().add(new ContainerStatusBuilder().withName("app").withReady(true).build());
        return pod;
    }

    @Test
    void aPodNeedsReconcilingWhenItsReadyConditionNoLongerMatchesItsGates() {
        String missing = "corresponding condition of pod readiness gate \"example.com/feature-1\" does not exist.";
        // the controller set the gate True; the kubelet's Ready still says it is missing
        assertThat(PodStatusGenerator.needToReconcilePodReadiness(apiPod("False", missing, "True"))).isTrue();
        // the kubelet's own write: Ready matches
        assertThat(PodStatusGenerator.needToReconcilePodReadiness(apiPod("False", missing, null))).isFalse();
        assertThat(PodStatusGenerator.needToReconcilePodReadiness(apiPod("True", null, "True"))).isFalse();
        // same status, other message: the gate went from missing to False
        assertThat(PodStatusGenerator.needToReconcilePodReadiness(apiPod("False", missing, "False"))).isTrue();
        // no Ready condition yet: nothing to reconcile
        assertThat(PodStatusGenerator.needToReconcilePodReadiness(apiPod(null, null, "True"))).isFalse();
        // no gates: never
        Pod noGates = apiPod("False", missing, "True");
        noGates.getSpec().setReadinessGates(null);
        assertThat(PodStatusGenerator.needToReconcilePodReadiness(noGates)).isFalse();
    }
}
