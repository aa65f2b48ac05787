package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A step names a workload's pod as kubectl logs/exec do: {@code pod "deployment/api"}, its first pod by name. */
class PodOfWorkloadTest {
    private static final String API = """
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
                  - name: api
                    image: example/api:1
                    ports: [{containerPort: 8080}]
                    readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}
            """;

    @Test
    void aDeploymentsPodIsItsFirstByNameAndScriptingItTouchesThatPodAlone() {
        try (PeapodWorld world = new PeapodWorld()) {
            world.addNode(NodeSpec.named("node-1"));
            world.applyYaml(API);
            ParameterTypes types = new ParameterTypes(world);
            List<String> names = world.cluster().deployment("api").pods().stream().map(p -> p.getMetadata().getName()).sorted().toList();
            // when
            PodName first = types.pod("deployment/api");
            world.container(first, "api").httpReturns(8080, "/ready", 503);
            world.cluster().advance(java.time.Duration.ofSeconds(30));
            // then
            assertThat(first).isEqualTo(new PodName(null, names.get(0)));
            assertThat(types.pod("deploy/api")).isEqualTo(first);
            assertThat(types.pod("deployments/api")).isEqualTo(first);
            assertThat(types.pod("deployment.apps/api")).isEqualTo(first);
            assertThat(types.pod("deployments.apps/api")).isEqualTo(first);
            assertThat(types.pod("default/deployment/api")).isEqualTo(new PodName("default", names.get(0)));
            assertThat(types.pod("rs/" + names.get(0).substring(0, names.get(0).lastIndexOf('-')))).isEqualTo(first);
            assertThat(types.pod("replicasets.apps/" + names.get(0).substring(0, names.get(0).lastIndexOf('-')))).isEqualTo(first);
            assertThat(world.cluster().deployment("api").get().getStatus().getReadyReplicas()).isEqualTo(2);
            assertThat(world.currentPod(first).getStatus().getConditions().stream()
                    .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow().getStatus()).isEqualTo("False");
            // a plain namespace/name is still a pod
            assertThat(types.pod("team/api-1")).isEqualTo(new PodName("team", "api-1"));
        }
    }

    @Test
    void aWorkloadWithoutAPodSaysSo() {
        try (PeapodWorld world = new PeapodWorld()) {
            world.addNode(NodeSpec.named("node-1"));
            world.applyYaml(API.replace("replicas: 3", "replicas: 0"));
            ParameterTypes types = new ParameterTypes(world);
            assertThatThrownBy(() -> types.pod("deployment/api")).isInstanceOf(PeapodException.class)
                    .hasMessage("pod \"deployment/api\": deployment default/api has no pod that is not being deleted now");
        }
    }

    @Test
    void aWorkloadsPodIsFirstSeenWhenAStepFirstNamesItSoStillOnTheSameNodeComparesWithThat() {
        try (PeapodWorld world = new PeapodWorld()) {
            world.addNode(NodeSpec.named("node-1"));
            world.applyYaml(API.replace("replicas: 3", "replicas: 1"));
            ParameterTypes types = new ParameterTypes(world);
            PodSteps steps = new PodSteps(world);
            world.cluster().advance(java.time.Duration.ofSeconds(5));
            // when: named for the first time in the step itself, at 00:00:05
            // then: there is nothing to compare with, and the advice is a step, not Java
            assertThatThrownBy(() -> steps.podIsStillOnTheSameNode(types.pod("deployment/api")))
                    .isInstanceOf(PeapodException.class)
                    .hasMessageStartingWith("isStillOnTheSameNode() proves nothing about pod default/api-")
                    .hasMessageEndingWith(": nothing has happened to the pod since the scenario first saw it at 00:00:05. Name the pod "
                            + "in a step before the behaviour under test, e.g. And pod \"" + types.pod("deployment/api")
                            + "\" is ready, and this step compares with that sighting.");
            // when: named before the container restarts (a script makes it exit), checked after
            PodName api = types.pod("deployment/api");
            world.container(api, "api").exitsWith(1).after(java.time.Duration.ofSeconds(10));
            world.cluster().advance(java.time.Duration.ofSeconds(30));
            // then
            assertThat(world.currentPod(api).getStatus().getContainerStatuses().get(0).getRestartCount()).isPositive();
            steps.podIsStillOnTheSameNode(api);
        }
    }
}
