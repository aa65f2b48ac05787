package dev.peapod.kubelet;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ConfigMap, Secret and downward API volumes and the pod's network files, as the kubelet lays them out (issue #9). */
class VolumePayloadWiringTest {
    private static final String CONFIG = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: game-config}
            data:
              ui.properties: |
                color.good=purple
                color.bad=yellow
            """;

    private static String phase(FakeCluster cluster, String pod) {
        return cluster.pod(pod).getStatus().getPhase();
    }

    @Test
    void aConfigMapVolumeHoldsItsKeysBehindTheAtomicWritersLinks() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(CONFIG);
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: reader}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: config, configMap: {name: game-config}}]
                      containers:
                      - name: c
                        image: busybox
                        volumeMounts: [{name: config, mountPath: /etc/config}]
                        command: [sh, -c, "ls -la /etc/config/..data/ | grep -q '^drwxr-xr-x .* [.]$' && ls -la /etc/config > /tmp/ls; grep -qx 'color.bad=yellow' /etc/config/ui.properties && grep -q ' ui.properties -> ..data/ui.properties$' /tmp/ls && grep -q ' ..data -> ..2025_01_01_00_00_00.[0-9]*$' /tmp/ls && ! touch /etc/config/x"]
                    """);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(phase(cluster, "reader")).isEqualTo("Succeeded");
        }
    }

    @Test
    void aMissingConfigMapIsAFailedMountAtEachRetryUntilItExists() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: waits}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: config, configMap: {name: game-config}}]
                      containers:
                      - {name: c, image: busybox, command: [sh, -c, "grep -q purple /etc/config/ui.properties"],
                         volumeMounts: [{name: config, mountPath: /etc/config}]}
                    """);
            cluster.advance(Duration.ofSeconds(4));

            List<Event> mounts = cluster.eventsFor(cluster.pod("waits")).stream().filter(e -> e.getReason().equals("FailedMount")).toList();
            assertThat(mounts).hasSize(1); // one event, counted: tries at 0, 0.5, 1.5 and 3.5 s
            assertThat(mounts.get(0).getCount()).isEqualTo(4);
            assertThat(mounts.get(0).getMessage()).isEqualTo("MountVolume.SetUp failed for volume \"config\" : configmap \"game-config\" not found");
            assertThat(cluster.pod("waits").getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
                    .isEqualTo("ContainerCreating");
            assertThat(cluster.pod("waits").getStatus().getConditions()).filteredOn(c -> c.getType().equals("PodReadyToStartContainers"))
                    .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("False")); // no sandbox yet
            assertThat(cluster.pod("waits").getStatus().getPodIP()).isNull();

            cluster.applyYaml(CONFIG);
            cluster.advance(Duration.ofSeconds(5)); // the next try is at 7.5 s

            assertThat(phase(cluster, "waits")).isEqualTo("Succeeded");
        }
    }

    @Test
    void anUpdateReachesTheMountAtTheNextSyncButNeverASubPathMount() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(CONFIG);
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: watcher}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: config, configMap: {name: game-config}}]
                      containers:
                      - name: c
                        image: busybox
                        volumeMounts:
                        - {name: config, mountPath: /etc/config}
                        - {name: config, mountPath: /etc/ui.properties, subPath: ui.properties}
                        command: [sh, -c, "while grep -q purple /etc/config/ui.properties; do sleep 1; done; grep -q purple /etc/ui.properties && exit 42"]
                    """);
            cluster.advance(Duration.ofSeconds(10));
            cluster.applyYaml(CONFIG.replace("purple", "green"));
            cluster.advance(Duration.ofSeconds(45));
            assertThat(phase(cluster, "watcher")).isEqualTo("Running");

            cluster.advance(Duration.ofSeconds(20)); // the periodic sync, 60 s after the last one, writes the new payload

            assertThat(cluster.pod("watcher").getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode())
                    .isEqualTo(42);
        }
    }

    @Test
    void etcHostsIsTheKubeletsWithTheHostAliasesBlockAndHostnameIsThePods() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: hostaliases-pod}
                    spec:
                      restartPolicy: Never
                      hostAliases:
                      - {ip: "127.0.0.1", hostnames: [foo.local, bar.local]}
                      - {ip: "10.1.2.3", hostnames: [foo.remote, bar.remote]}
                      containers:
                      - name: cat-hosts
                        image: busybox
                        command: [sh, -c, "grep -qx '# Kubernetes-managed hosts file.' /etc/hosts && grep -qx \\"$(hostname -i 2>/dev/null || echo 10.244.1.2)\\t\\"hostaliases-pod /etc/hosts; grep -qx '127.0.0.1\\tfoo.local\\tbar.local' /etc/hosts && grep -qx '10.1.2.3\\tfoo.remote\\tbar.remote' /etc/hosts && test $(cat /etc/hostname) = hostaliases-pod && test $(hostname) = hostaliases-pod && grep -q 'search default.svc.cluster.local svc.cluster.local cluster.local' /etc/resolv.conf"]
                    """);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(phase(cluster, "hostaliases-pod")).isEqualTo("Succeeded");
        }
    }

    @Test
    void theServiceAccountTokenDirectoryHoldsTokenCaAndNamespaceUnlessAutomountIsOff() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: with-token}
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: c
                        image: busybox
                        command: [sh, -c, "cd /var/run/secrets/kubernetes.io/serviceaccount && ls > /tmp/ls && test $(wc -l < /tmp/ls) -eq 3 && grep -qx ca.crt /tmp/ls && grep -qx namespace /tmp/ls && grep -qx token /tmp/ls && test $(cat namespace) = default && grep -q 'BEGIN CERTIFICATE' ca.crt && test -s token"]
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: without-token}
                    spec:
                      restartPolicy: Never
                      automountServiceAccountToken: false
                      containers:
                      - {name: c, image: busybox, command: [sh, -c, "! test -e /var/run/secrets/kubernetes.io/serviceaccount"]}
                    """);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(cluster.pod("with-token").getSpec().getVolumes()).singleElement()
                    .satisfies(v -> assertThat(v.getName()).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}"));
            assertThat(phase(cluster, "with-token")).isEqualTo("Succeeded");
            assertThat(cluster.pod("without-token").getSpec().getVolumes()).isNullOrEmpty();
            assertThat(phase(cluster, "without-token")).isEqualTo("Succeeded");
        }
    }
}
