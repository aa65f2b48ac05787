package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import dev.peapod.store.ApiException;
import dev.peapod.store.Evictions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * PodDisruptionBudgets (pkg/controller/disruption/disruption.go) and the Eviction API
 * (pkg/registry/core/pod/storage/eviction.go), v1.33.
 */
class DisruptionControllerTest {
    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 3
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: app, image: nginx:1.25}]
            """;
    static final String BARE_PODS = """
            apiVersion: v1
            kind: Pod
            metadata: {name: a, labels: {app: web}}
            spec: {containers: [{name: app, image: nginx:1.25}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b, labels: {app: web}}
            spec: {containers: [{name: app, image: nginx:1.25}]}
            """;

    private static String pdb(String budget) {
        return "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  "
                + budget + "\n";
    }

    private static PodDisruptionBudgetStatus status(FakeCluster cluster) {
        return cluster.context().store().require(PodDisruptionBudget.class, "default", "web").getStatus();
    }

    private static Evictions.Outcome evict(FakeCluster cluster, String pod) {
        return cluster.context().loop().exclusive("test", () -> cluster.context().store().evict("default", pod, null, null));
    }

    private static ApiException refusal(FakeCluster cluster, String pod) {
        try {
            evict(cluster, pod);
            return null;
        } catch (ApiException e) {
            return e;
        }
    }

    @Test
    void anIntegerMinAvailableCountsTheMatchedPods() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when
            cluster.applyYaml(DEPLOYMENT + "---\n" + pdb("minAvailable: 2"));
            cluster.settle();
            // then
            PodDisruptionBudgetStatus status = status(cluster);
            assertThat(status.getExpectedPods()).isEqualTo(3);
            assertThat(status.getDesiredHealthy()).isEqualTo(2);
            assertThat(status.getCurrentHealthy()).isEqualTo(3);
            assertThat(status.getDisruptionsAllowed()).isEqualTo(1);
            assertThat(status.getObservedGeneration()).isEqualTo(1L);
            assertThat(status.getDisruptedPods()).isNull();
            assertThat(status.getConditions()).extracting(Condition::getType, Condition::getStatus, Condition::getReason,
                    Condition::getMessage, Condition::getObservedGeneration, Condition::getLastTransitionTime)
                    .containsExactly(tuple("DisruptionAllowed", "True", "SufficientPods", "", 1L, "2025-01-01T00:00:00Z"));
        }
    }

    @Test
    void percentagesAreOfTheControllersScaleRoundedUp() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when: maxUnavailable 50% of the Deployment's 3 is 2 (1.5 rounded up)
            cluster.applyYaml(DEPLOYMENT + "---\n" + pdb("maxUnavailable: 50%"));
            cluster.settle();
            // then
            assertThat(status(cluster).getExpectedPods()).isEqualTo(3);
            assertThat(status(cluster).getDesiredHealthy()).isEqualTo(1);
            assertThat(status(cluster).getDisruptionsAllowed()).isEqualTo(2);
        }
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when: minAvailable 50% is 2
            cluster.applyYaml(DEPLOYMENT + "---\n" + pdb("minAvailable: 50%"));
            cluster.settle();
            // then
            assertThat(status(cluster).getExpectedPods()).isEqualTo(3);
            assertThat(status(cluster).getDesiredHealthy()).isEqualTo(2);
            assertThat(status(cluster).getDisruptionsAllowed()).isEqualTo(1);
        }
    }

    @Test
    void scaledValuesRoundUp() {
        assertThat(DisruptionController.scaled(new IntOrString("50%"), 3)).isEqualTo(2);
        assertThat(DisruptionController.scaled(new IntOrString("10%"), 3)).isEqualTo(1);
        assertThat(DisruptionController.scaled(new IntOrString("0%"), 3)).isZero();
        assertThat(DisruptionController.scaled(new IntOrString(4), 3)).isEqualTo(4);
    }

    @Test
    void anEvictionTakesOneDisruptionAndTheNextIsRefusedWith429() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given two bare pods and minAvailable 1: one disruption allowed
            cluster.applyYaml(BARE_PODS + "---\n" + pdb("minAvailable: 1"));
            cluster.settle();
            cluster.advance(Duration.ofSeconds(10));
            assertThat(status(cluster).getDisruptionsAllowed()).isEqualTo(1);
            // when both are evicted with the engine held, before the controller looks again
            ApiException refused = cluster.context().loop().exclusive("test", () -> {
                cluster.context().store().evict("default", "a", null, null);
                PodDisruptionBudgetStatus after = cluster.context().store().require(PodDisruptionBudget.class, "default", "web").getStatus();
                assertThat(after.getDisruptionsAllowed()).isZero();
                assertThat(after.getDisruptedPods()).isEqualTo(Map.of("a", "2025-01-01T00:00:10Z"));
                assertThat(after.getConditions()).extracting(Condition::getStatus, Condition::getReason, Condition::getLastTransitionTime)
                        .containsExactly(tuple("False", "InsufficientPods", "2025-01-01T00:00:10Z"));
                try {
                    cluster.context().store().evict("default", "b", null, null);
                    return null;
                } catch (ApiException e) {
                    return e;
                }
            });
            // then
            assertThat(refused.code()).isEqualTo(429);
            assertThat(refused.reason()).isEqualTo("TooManyRequests");
            assertThat(refused.getMessage()).isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
            assertThat(refused.statusCauses()).containsExactly(new ApiException.StatusCause("DisruptionBudget",
                    "The disruption budget web needs 1 healthy pods and has 2 currently", ""));
            Pod evicted = cluster.context().store().peek(Pod.class, "default", "a");
            assertThat(evicted == null || evicted.getMetadata().getDeletionTimestamp() != null).isTrue();
            assertThat(cluster.context().store().peek(Pod.class, "default", "b").getMetadata().getDeletionTimestamp()).isNull();
            // once the controller saw a go, one healthy pod is left for a budget of 1
            cluster.settle();
            assertThat(status(cluster).getCurrentHealthy()).isEqualTo(1);
            assertThat(status(cluster).getDisruptionsAllowed()).isZero();
            assertThat(refusal(cluster, "b").statusCauses()).extracting(ApiException.StatusCause::message)
                    .containsExactly("The disruption budget web needs 1 healthy pods and has 1 currently");
        }
    }

    @Test
    void anUnreadyPodMayGoWhileTheBudgetIsHealthy() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given a ready pod a, and b held unready by a readiness gate nobody opens; minAvailable 1
            cluster.applyYaml(BARE_PODS.replace("metadata: {name: b, labels: {app: web}}\nspec: {",
                    "metadata: {name: b, labels: {app: web}}\nspec: {readinessGates: [{conditionType: example.com/gate}], ")
                    + "---\n" + pdb("minAvailable: 1"));
            cluster.advance(Duration.ofSeconds(10));
            assertThat(status(cluster).getCurrentHealthy()).isEqualTo(1);
            assertThat(status(cluster).getDisruptionsAllowed()).isZero();
            // when / then: the unready pod goes (currentHealthy 1 >= desiredHealthy 1 > 0), the ready one may not
            assertThat(evict(cluster, "b")).isEqualTo(Evictions.Outcome.EVICTED);
            assertThat(status(cluster).getDisruptedPods()).isNull();
            assertThat(refusal(cluster, "a").code()).isEqualTo(429);
        }
    }

    @Test
    void aPodOfTwoBudgetsCannotBeEvicted() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(BARE_PODS + "---\n" + pdb("minAvailable: 0") + "---\n"
                    + pdb("minAvailable: 0").replace("name: web}", "name: web2}"));
            cluster.advance(Duration.ofSeconds(10));
            // when / then
            assertThat(evict(cluster, "a")).isEqualTo(Evictions.Outcome.MULTIPLE_BUDGETS);
            assertThat(cluster.context().store().peek(Pod.class, "default", "a").getMetadata().getDeletionTimestamp()).isNull();
        }
    }

    @Test
    void aPodWhoseControllerHasNoScaleFailsTheSync() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when
            cluster.applyYaml("""
                    apiVersion: apps/v1
                    kind: DaemonSet
                    metadata: {name: web}
                    spec:
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers: [{name: app, image: nginx:1.25}]
                    """ + "---\n" + pdb("maxUnavailable: 1"));
            cluster.advance(Duration.ofSeconds(10));
            // then (failSafe)
            assertThat(status(cluster).getDisruptionsAllowed()).isZero();
            assertThat(status(cluster).getConditions()).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                    .containsExactly(tuple("False", "SyncFailed", "daemonsets.apps does not implement the scale subresource"));
        }
    }

    @Test
    void aBudgetIsValidatedAsTheApiServerValidatesIt() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when / then (ValidatePodDisruptionBudgetSpec)
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.applyYaml(pdb("maxUnavailable: 120%\n  unhealthyPodEvictionPolicy: Never")))
                    .hasMessage("""
                            inline YAML, document 1 (PodDisruptionBudget web):
                              line 6: spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%
                              line 7: spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"
                            nothing was applied""");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.applyYaml(pdb("minAvailable: 2\n  maxUnavailable: 1")))
                    .hasMessageContaining("spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000000000), "
                            + "Selector:(*v1.LabelSelector)(0xc000000000), MaxUnavailable:(*intstr.IntOrString)(0xc000000000), "
                            + "UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set");
            assertThat(cluster.context().store().peek(PodDisruptionBudget.class, "default", "web")).isNull();
        }
    }

    @Test
    void theFacadeEvictsAsKubectlDrainDoes() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given a Deployment of 3 with minAvailable 2
            cluster.applyYaml(DEPLOYMENT + "---\n" + pdb("minAvailable: 2"));
            cluster.settle();
            java.util.List<String> pods = cluster.pods().stream().map(p -> p.getMetadata().getName()).toList();
            // when the first is evicted: its replacement starts at once, so the budget allows one again
            cluster.evictPod(pods.get(0));
            // then
            assertThat(cluster.context().store().peek(Pod.class, "default", pods.get(0))).isNull();
            assertThat(status(cluster).getDisruptionsAllowed()).isEqualTo(1);
            // when two more go with the engine held between them, the second is refused
            cluster.evictPod(pods.get(1));
            assertThat(status(cluster).getDisruptionsAllowed()).isEqualTo(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> cluster.context().loop().exclusive("drain", () -> {
                cluster.context().store().evict("default", pods.get(2), null, null);
                String next = cluster.pods().stream().map(p -> p.getMetadata().getName())
                        .filter(n -> !pods.contains(n)).findFirst().orElseThrow();
                return cluster.context().store().evict("default", next, null, null);
            })).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(429));
        }
    }
}
