package dev.peapod.kubelet;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The kubelet gives each container the environment it builds, and holds it back when a source is missing (issue #9). */
class ContainerEnvWiringTest {

    @Test
    void dependentVariablesAndArgsAreExpandedAsTheKubeletDoes() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // UNCHANGED_REFERENCE names PROTOCOL before it is declared, so it stays literal; $$ escapes, in env and in args
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: envars}
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: c
                        image: busybox
                        command: [sh, -c]
                        args: ['test "$UNCHANGED_REFERENCE" = "\\$$(PROTOCOL)://172.17.0.1:80" && test "$SERVICE_ADDRESS" = https://172.17.0.1:80 && test "$ESCAPED_REFERENCE" = "\\$$(PROTOCOL)://172.17.0.1:80" && test "$(SERVICE_PORT)" = 80']
                        env:
                        - {name: SERVICE_PORT, value: "80"}
                        - {name: SERVICE_IP, value: "172.17.0.1"}
                        - {name: UNCHANGED_REFERENCE, value: "$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"}
                        - {name: PROTOCOL, value: "https"}
                        - {name: SERVICE_ADDRESS, value: "$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"}
                        - {name: ESCAPED_REFERENCE, value: "$$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"}
                    """);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(cluster.pod("envars").getStatus().getPhase()).isEqualTo("Succeeded");
        }
    }

    @Test
    void aMissingConfigMapHoldsTheContainerInCreateContainerConfigErrorUntilItExists() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: needs-config}
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: c
                        image: busybox
                        command: [sh, -c, 'test "$COLOR" = purple && test "$POD" = needs-config']
                        env:
                        - name: COLOR
                          valueFrom: {configMapKeyRef: {name: game, key: color}}
                        - name: POD
                          valueFrom: {fieldRef: {fieldPath: metadata.name}}
                    """);
            // the reason cache shows at the next sync, after the pod worker's 10 s back-off, as ErrImagePull does
            cluster.advance(Duration.ofSeconds(11));

            ContainerStateWaiting waiting = cluster.pod("needs-config").getStatus().getContainerStatuses().get(0).getState().getWaiting();
            assertThat(waiting.getReason()).isEqualTo("CreateContainerConfigError");
            assertThat(waiting.getMessage()).isEqualTo("configmap \"game\" not found");
            assertThat(cluster.eventsFor(cluster.pod("needs-config"))).extracting(Event::getReason, Event::getMessage)
                    .contains(org.assertj.core.groups.Tuple.tuple("Failed", "Error: configmap \"game\" not found"));

            cluster.applyYaml("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: game}
                    data: {color: purple}
                    """);
            cluster.advance(Duration.ofSeconds(15));

            assertThat(cluster.pod("needs-config").getStatus().getPhase()).isEqualTo("Succeeded");
        }
    }

    @Test
    void everyContainerNamesTheKubernetesServiceAndTheServicesOfItsNamespace() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: redis-primary}
                    spec:
                      clusterIP: 10.96.100.7
                      ports: [{name: redis, port: 6379}]
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: env}
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: c
                        image: busybox
                        command: [sh, -c, 'test "$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT:$KUBERNETES_PORT" = 10.96.0.1:443:tcp://10.96.0.1:443 && test "$REDIS_PRIMARY_SERVICE_HOST:$REDIS_PRIMARY_SERVICE_PORT_REDIS:$REDIS_PRIMARY_PORT_6379_TCP_ADDR" = 10.96.100.7:6379:10.96.100.7']
                    """);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(cluster.pod("env").getStatus().getPhase()).isEqualTo("Succeeded");
        }
    }
}
