package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One phrasing for every workload: {@code the <kind> <name>}, the verbs the kinds share, and a clear error for a kind a verb is not for. */
class WorkloadStepsTest {
    private static final String WORKLOADS = """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: frontend}
            spec:
              replicas: 3
              selector: {matchLabels: {tier: frontend}}
              template:
                metadata: {labels: {tier: frontend}}
                spec: {containers: [{name: c, image: "nginx:1.25"}]}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: web}
            spec:
              serviceName: web
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: nginx, image: "nginx:1.25"}]}
            """;

    private static PeapodWorld world() {
        PeapodWorld world = new PeapodWorld();
        world.addNode(NodeSpec.named("node-1"));
        world.applyYaml(WORKLOADS);
        return world;
    }

    @Test
    void aNameIsBareOrQuotedAndMayNameItsNamespace() {
        assertThat(Workload.parse("deployment", "web")).isEqualTo(new Workload("deployment", null, "web"));
        assertThat(Workload.parse("deployment", "\"web\"")).isEqualTo(new Workload("deployment", null, "web"));
        assertThat(Workload.parse("job", "e2e/pi")).isEqualTo(new Workload("job", "e2e", "pi"));
        assertThat(Workload.parse("cronjob", "\"e2e/hello\"")).hasToString("cronjob e2e/hello");
        assertThat(Workload.parse("service", "web").type()).isEqualTo(io.fabric8.kubernetes.api.model.Service.class);
        assertThatThrownBy(() -> Workload.parse("job", "a/b/c")).isInstanceOf(PeapodException.class)
                .hasMessage("job \"a/b/c\" must be a name, or namespace/name as in \"e2e/web\"");
    }

    @Test
    void theParameterTypeNamesEveryKindAndOnlyThose() throws NoSuchMethodException {
        Method method = ParameterTypes.class.getMethod("workload", String.class, String.class);
        String regex = method.getAnnotation(io.cucumber.java.ParameterType.class).value();
        assertThat(regex).startsWith("(" + String.join("|", Workload.KINDS) + ") ");
        assertThat("deployment web-1.a").matches(regex);
        assertThat("statefulset \"Odd Name\"").matches(regex);
        assertThat("daemonset kube-system/node-agent").matches(regex);
        assertThat("pod web").doesNotMatch(regex);
        assertThat("deployment Web").doesNotMatch(regex);
    }

    @Test
    void theSharedVerbsWorkOnEachKindTheyAreFor() {
        try (PeapodWorld world = world()) {
            WorkloadSteps steps = new WorkloadSteps(world);
            Workload frontend = Workload.parse("replicaset", "frontend");
            Workload web = Workload.parse("statefulset", "\"web\"");
            assertThatCode(() -> {
                steps.reachesReadyReplicas(frontend, 3, Duration.ofSeconds(30));
                steps.reachesReadyReplicas(web, 2, Duration.ofMinutes(1));
                steps.hasAvailableReplicas(web, 2);
                steps.kubectlShows(frontend, "3 3 3");
                steps.kubectlShows(frontend, "3");
                steps.kubectlShows(web, "2/2");
                steps.scaled(frontend, 1);
                steps.hasReplicas(frontend, 1);
                steps.setImage("nginx", web, "nginx:1.26");
                steps.rolloutCompletesWithin(web, Duration.ofMinutes(2));
                steps.rolloutStatus(web, "partitioned roll out complete: 2 new pods have been updated...\n");
                steps.deleteWithCascade(frontend, "foreground");
                steps.noLongerExists(frontend);
                steps.delete(web);
                steps.noLongerExists(web);
            }).doesNotThrowAnyException();
        }
    }

    @Test
    void aDeploymentAndAStatefulSetHaveReplicasAsAReplicaSetHas() {
        try (PeapodWorld world = world()) {
            // maxSurge 25% of 3 rounds up to 1, maxUnavailable rounds down to 0: a rollout runs 4 pods for a while
            world.applyYaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: api}
                    spec:
                      replicas: 3
                      selector: {matchLabels: {app: api}}
                      template:
                        metadata: {labels: {app: api}}
                        spec:
                          containers:
                          - name: c
                            image: "nginx:1.25"
                            readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 10, periodSeconds: 5}
                    """);
            WorkloadSteps steps = new WorkloadSteps(world);
            Workload api = Workload.parse("deployment", "api");
            Workload web = Workload.parse("statefulset", "web");
            assertThatCode(() -> {
                steps.reachesAvailableReplicas(api, 3, Duration.ofMinutes(1));
                steps.hasReplicas(api, 3);
                steps.setImage("c", api, "nginx:1.26");
                steps.reachesReplicas(api, 4, Duration.ofSeconds(1));
                steps.rolloutCompletesWithin(api, Duration.ofMinutes(2));
                steps.hasReplicas(api, 3);
                steps.reachesReplicas(web, 2, Duration.ofMinutes(1));
                steps.hasReplicas(web, 2);
            }).doesNotThrowAnyException();
            assertThatThrownBy(() -> steps.hasReplicas(api, 5)).isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expecting deployment default/api to have 5 replicas, but at ");
            assertThatThrownBy(() -> steps.hasReplicas(web, 3)).isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expecting statefulset default/web to have 3 replicas within 0s, but it did not.");
        }
    }

    @Test
    void aKindWithoutStatusReplicasIsRefusedWithWhatToWriteInstead() {
        try (PeapodWorld world = world()) {
            WorkloadSteps steps = new WorkloadSteps(world);
            assertThatThrownBy(() -> steps.hasReplicas(Workload.parse("daemonset", "agent"), 2)).isInstanceOf(PeapodException.class)
                    .hasMessage("\"has N replicas\" reads status.replicas, which only a deployment, a replicaset and a statefulset "
                            + "have; daemonset agent has none: for a daemonset, write \"the daemonset agent has N ready pods\"");
            assertThatThrownBy(() -> steps.reachesReplicas(Workload.parse("job", "pi"), 1, Duration.ofMinutes(1)))
                    .hasMessage("\"has N replicas\" reads status.replicas, which only a deployment, a replicaset and a statefulset "
                            + "have; job pi has none: for a job, write \"kubectl shows job pi as \"Complete 3/3\"\"");
        }
    }

    @Test
    void kubectlShowsSaysWhatKubectlShowsInstead() {
        try (PeapodWorld world = world()) {
            world.cluster().advance(Duration.ofMinutes(1));
            assertThatThrownBy(() -> new WorkloadSteps(world).kubectlShows(Workload.parse("statefulset", "web"), "3/3"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expecting kubectl get statefulset web (namespace default) to show \"3/3\" after NAME, but it shows \"2/2\" (ready)");
        }
    }

    @Test
    void aVerbGivenAKindItIsNotForSaysWhichKindsItIsFor() {
        try (PeapodWorld world = world()) {
            WorkloadSteps steps = new WorkloadSteps(world);
            assertThatThrownBy(() -> steps.scaled(Workload.parse("daemonset", "agent"), 2)).isInstanceOf(PeapodException.class)
                    .hasMessage("\"is scaled to N replicas\" is for a deployment or a replicaset or a statefulset, not for daemonset agent; "
                            + "write the step with one of those kinds");
            assertThatThrownBy(() -> new DeploymentSteps(world).paused(Workload.parse("statefulset", "web")))
                    .hasMessage("\"is paused\" is for a deployment, not for statefulset web; name a deployment in it");
            assertThatThrownBy(() -> steps.rolloutCompletes(Workload.parse("statefulset", "web")))
                    .hasMessage("the rollout of statefulset web has no progress deadline to wait for, as a deployment's; give a limit: "
                            + "\"the rollout of statefulset web completes within 5 minutes\"");
        }
    }

    @Test
    void aWorkloadStillThereFailsNoLongerExistsWithItsDeletionState() {
        try (PeapodWorld world = world()) {
            assertThatThrownBy(() -> new WorkloadSteps(world).noLongerExists(Workload.parse("statefulset", "web")))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expecting statefulset default/web to no longer exist, but it does");
        }
    }

    @Test
    void everyKindHasItsEvents() {
        try (PeapodWorld world = world()) {
            WorkloadSteps steps = new WorkloadSteps(world);
            Workload frontend = Workload.parse("replicaset", "frontend");
            String pod = world.cluster().replicaSet("frontend").pods().get(0).getMetadata().getName();
            assertThatCode(() -> {
                steps.hasEvent(frontend, "SuccessfulCreate");
                steps.hasEventWithMessage(frontend, "SuccessfulCreate", "Created pod: " + pod);
                steps.hasNoEvent(frontend, "SuccessfulDelete");
            }).doesNotThrowAnyException();
            assertThatThrownBy(() -> steps.hasEvent(Workload.parse("statefulset", "web"), "RecreatingFailedPod"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expecting statefulset default/web to have an event RecreatingFailedPod, but it has none.\n"
                            + "Its events, oldest first:\n  SuccessfulCreate: create Pod web-0 in StatefulSet web successful\n"
                            + "  SuccessfulCreate: create Pod web-1 in StatefulSet web successful");
        }
    }
}
