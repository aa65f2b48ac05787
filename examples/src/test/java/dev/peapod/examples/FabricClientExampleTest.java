package dev.peapod.examples;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.RealTime;
import dev.peapod.junit.PeapodCluster;
import dev.peapod.junit.PeapodTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster over HTTP, as an operator or a tool sees it (issue #14): {@code cluster.client()} is a Fabric8
 * {@link KubernetesClient} on the fake cluster's API server, while Peapod's scheduler, controllers and kubelets
 * do their part behind it. The test's thread may call the client directly; virtual time still moves only when
 * the test says so, unless {@code cluster.runInRealTime(..)} runs it with the wall clock.
 */
@PeapodTest
class FabricClientExampleTest {

    @PeapodCluster
    static ClusterSpec cluster() {
        return ClusterSpec.empty().node("node-1").node("node-2");
    }

    private static Deployment web() {
        return Serialization.unmarshal(FabricClientExampleTest.class.getResourceAsStream("/manifests/rolling-update.yaml"),
                Deployment.class);
    }

    @Test
    void aDeploymentCreatedThroughTheClientRunsItsPods(FakeCluster cluster) {
        KubernetesClient client = cluster.client();
        // when: created through the HTTP API, then a minute of virtual time
        client.apps().deployments().resource(web()).create();
        cluster.advance(Duration.ofMinutes(1));
        // then: the Deployment controller, the scheduler and the kubelets did their part
        Deployment stored = client.apps().deployments().withName("web").get();
        assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(4);
        List<Pod> running = client.pods().withLabel("app", "web").withField("status.phase", "Running").list().getItems();
        assertThat(running).hasSize(4);
        assertThat(client.pods().withField("spec.nodeName", "node-1").list().getItems())
                .allSatisfy(pod -> assertThat(pod.getSpec().getNodeName()).isEqualTo("node-1"));
    }

    @Test
    void execRunsACommandInTheSimulatedContainer(FakeCluster cluster) throws Exception {
        KubernetesClient client = cluster.client();
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: shell}
                spec:
                  containers:
                  - {name: app, image: busybox, command: [sh, -c, 'echo ready > /tmp/state; sleep 3600']}
                """);
        cluster.advance(Duration.ofSeconds(5));
        // when: kubectl exec's Fabric8 twin; the command runs in the simulated busybox, on its files, never on this machine
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (io.fabric8.kubernetes.client.dsl.ExecWatch exec = client.pods().withName("shell").writingOutput(out)
                .exec("sh", "-c", "cat /tmp/state; exit 3")) {
            // then: the exit code, from the kubelet's Status
            assertThat(exec.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(java.nio.charset.StandardCharsets.UTF_8).equals("ready\n"));
    }

    @Test
    void anInformerSeesTheKubeletsStatusUpdatesInOrder(FakeCluster cluster) {
        KubernetesClient client = cluster.client();
        List<String> seen = new CopyOnWriteArrayList<>();
        SharedIndexInformer<Pod> informer = client.pods().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                seen.add("added " + pod.getStatus().getPhase());
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                seen.add(after.getStatus().getPhase() + " ready=" + ready(after));
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                seen.add("deleted");
            }
        });
        try {
            // when: a pod applied on the test's thread, then time passes in steps while the informer listens
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web}
                    spec:
                      containers:
                      - name: app
                        image: nginx:1.25
                        readinessProbe:
                          httpGet: {path: /, port: 80}
                          periodSeconds: 5
                    """);
            for (int second = 0; second < 10; second++) {
                cluster.advance(Duration.ofSeconds(1));
            }
            // then: what the informer heard, in order (it hears over real HTTP, so wait for it in real time)
            await().atMost(10, TimeUnit.SECONDS).until(() -> seen.contains("Running ready=true"));
            assertThat(seen.get(0)).isEqualTo("added Pending");
            assertThat(seen.indexOf("Running ready=false")).isLessThan(seen.indexOf("Running ready=true"));
        } finally {
            informer.close();
        }
    }

    @Test
    void anOperatorOnItsOwnThreadScalesADeploymentWhileTimeRunsWithTheWallClock(FakeCluster cluster) {
        KubernetesClient client = cluster.client();
        client.apps().deployments().resource(web()).create();
        // an operator in plain Fabric8 informers: a ConfigMap labelled app=scaler says how many replicas "web" has
        SharedIndexInformer<ConfigMap> operator = client.configMaps().withLabel("app", "scaler").inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap map) {
                reconcile(map);
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap after) {
                reconcile(after);
            }

            @Override
            public void onDelete(ConfigMap map, boolean unknownFinalState) {
            }

            private void reconcile(ConfigMap map) {
                client.apps().deployments().withName("web").scale(Integer.parseInt(map.getData().get("replicas")));
            }
        });
        try (RealTime clock = cluster.runInRealTime(60)) {
            // when
            client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("web-scale")
                    .addToLabels("app", "scaler").endMetadata().addToData("replicas", "6").build()).create();
            // then: the operator scaled it, and Peapod's controllers and kubelets made six ready pods
            await().atMost(30, TimeUnit.SECONDS).until(() -> {
                Integer ready = client.apps().deployments().withName("web").get().getStatus().getReadyReplicas();
                return ready != null && ready == 6;
            });
        } finally {
            operator.close();
        }
        assertThat(cluster.deployment("web").get().getSpec().getReplicas()).isEqualTo(6);
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }
}
