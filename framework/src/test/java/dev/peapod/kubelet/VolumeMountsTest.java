package dev.peapod.kubelet;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Volumes on the node's disk, seen by the pod's containers through their mounts: an emptyDir is
 * shared by the pod's containers and outlives their restarts, a hostPath is shared by the pods of a
 * node, a read-only mount refuses writes, and pods reach each other by IP (issue #9).
 */
class VolumeMountsTest {

    private static String phase(FakeCluster cluster, String pod) {
        return cluster.pod(pod).getStatus().getPhase();
    }

    private static int exitCode(FakeCluster cluster, String pod, String container) {
        return cluster.pod(pod).getStatus().getContainerStatuses().stream().filter(s -> s.getName().equals(container))
                .findFirst().orElseThrow().getState().getTerminated().getExitCode();
    }

    @Test
    void anInitContainerWritesIntoAnEmptyDirThatTheAppContainerReads() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: shared}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: work, emptyDir: {}}]
                      initContainers:
                      - {name: writer, image: busybox, command: [sh, -c, "echo hello > /work/index.html"],
                         volumeMounts: [{name: work, mountPath: /work}]}
                      containers:
                      - {name: reader, image: busybox, command: [sh, -c, "grep -q hello /data/index.html && ! test -e /work"],
                         volumeMounts: [{name: work, mountPath: /data}]}
                    """);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(phase(cluster, "shared")).isEqualTo("Succeeded");
        }
    }

    @Test
    void withoutAVolumeAContainersFilesAreItsOwn() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: apart}
                    spec:
                      restartPolicy: Never
                      initContainers:
                      - {name: writer, image: busybox, command: [sh, -c, "echo hello > /tmp/index.html"]}
                      containers:
                      - {name: reader, image: busybox, command: [sh, -c, "cat /tmp/index.html"]}
                    """);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(phase(cluster, "apart")).isEqualTo("Failed");
            assertThat(exitCode(cluster, "apart", "reader")).isEqualTo(1);
        }
    }

    @Test
    void anEmptyDirOutlivesARestartWhileTheRootFileSystemDoesNot() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // the first run writes both files and fails; the second finds only the one in the volume
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: again}
                    spec:
                      restartPolicy: OnFailure
                      volumes: [{name: cache, emptyDir: {}}]
                      containers:
                      - name: app
                        image: busybox
                        volumeMounts: [{name: cache, mountPath: /cache}]
                        command: [sh, -c, "if [ -e /cache/seen ]; then test ! -e /tmp/seen; exit $?; fi; touch /cache/seen /tmp/seen; exit 1"]
                    """);
            cluster.advance(Duration.ofSeconds(30));

            assertThat(phase(cluster, "again")).isEqualTo("Succeeded");
            assertThat(cluster.pod("again").getStatus().getContainerStatuses().get(0).getRestartCount()).isEqualTo(1);
        }
    }

    @Test
    void aHostPathIsSharedByThePodsOfANodeAndNeverTheHosts() throws Exception {
        java.nio.file.Path hostFile = java.nio.file.Path.of("/tmp/peapod-hostpath-probe");
        java.nio.file.Files.deleteIfExists(hostFile);
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: first}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: host, hostPath: {path: /tmp}}]
                      containers:
                      - {name: c, image: busybox, command: [sh, -c, "echo from-first > /host/peapod-hostpath-probe"],
                         volumeMounts: [{name: host, mountPath: /host}]}
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: root}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: root, hostPath: {path: /}}]
                      containers:
                      - {name: c, image: busybox, command: [sh, -c, "sleep 1; grep -q from-first /node/tmp/peapod-hostpath-probe && rm -rf /node/tmp/peapod-hostpath-probe"],
                         volumeMounts: [{name: root, mountPath: /node}]}
                    """);
            cluster.advance(Duration.ofSeconds(5));

            assertThat(phase(cluster, "first")).isEqualTo("Succeeded");
            assertThat(phase(cluster, "root")).isEqualTo("Succeeded");
        }
        assertThat(hostFile).doesNotExist();
    }

    @Test
    void aReadOnlyMountRefusesWritesWithEROFS() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: ro}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: data, emptyDir: {}}]
                      containers:
                      - {name: c, image: busybox, command: [sh, -c, "touch /data/x 2>&1 | grep -q 'touch: /data/x: Read-only file system' && exit 7"],
                         volumeMounts: [{name: data, mountPath: /data, readOnly: true}]}
                    """);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(exitCode(cluster, "ro", "c")).isEqualTo(7);
        }
    }

    @Test
    void podsReachEachOtherByIpAndTheirOwnContainersOnLocalhost() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1", "node-2")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: server}
                    spec:
                      nodeName: node-1
                      containers:
                      - {name: web, image: example/web, ports: [{containerPort: 8080}]}
                    """);
            cluster.advance(Duration.ofSeconds(1));
            String ip = cluster.pod("server").getStatus().getPodIP();
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: client}
                    spec:
                      nodeName: node-2
                      restartPolicy: Never
                      containers:
                      - {name: c, image: busybox, command: [sh, -c, "wget -q -O /tmp/x http://%s:8080/ && ! wget -q -O /tmp/y http://localhost:8080/ && wget -q -O- http://info.cern.ch/ 2>&1 | grep -qx 'wget: bad address .info.cern.ch.'"]}
                    """.formatted(ip));
            cluster.advance(Duration.ofSeconds(1));

            assertThat(phase(cluster, "client")).isEqualTo("Succeeded");
        }
    }

    @Test
    void withShareProcessNamespaceTheContainersSeeEachOthersProcessesBehindPause() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // pause is PID 1, app PID 2, probe PID 3, ps PID 4 (a pipeline's or $(...)'s own processes are not listed); app is no PID 1, so SIGTERM from kill ends it (143)
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: shared-pids}
                    spec:
                      restartPolicy: Never
                      shareProcessNamespace: true
                      containers:
                      - {name: app, image: busybox, command: [sh, -c, "sleep 3600"]}
                      - {name: probe, image: busybox, command: [sh, -c, "sleep 1; ps ax > /tmp/ps; test $(wc -l < /tmp/ps) -eq 5 && grep -q '^    1 65535     0:00 /pause$' /tmp/ps && grep -q '^    2 root      0:00 sh -c sleep 3600$' /tmp/ps && kill 2 && sleep 3600"]}
                    """);
            cluster.advance(Duration.ofSeconds(5));

            assertThat(exitCode(cluster, "shared-pids", "app")).isEqualTo(143);
            assertThat(cluster.pod("shared-pids").getStatus().getContainerStatuses().get(1).getState().getRunning()).isNotNull();
        }
    }

    @Test
    void withoutSharingEachContainerIsPidOneOfItsOwnNamespace() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: own-pids}
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: app, image: busybox, command: [sh, -c, "sleep 3600"]}
                      - {name: probe, image: busybox, command: [sh, -c, "ps ax > /tmp/ps; test $(wc -l < /tmp/ps) -eq 3 && grep -q '^    1 root      0:00 sh -c ps ax' /tmp/ps && ! kill 2 2>/dev/null"]}
                    """);
            cluster.advance(Duration.ofSeconds(5));

            assertThat(exitCode(cluster, "own-pids", "probe")).isEqualTo(0);
        }
    }

    @Test
    void rmRfSlashWithTheNodesRootMountedWrecksOnlyTheSimulatedNode() throws Exception {
        java.nio.file.Path hostFile = java.nio.file.Files.createTempFile("peapod-host-", ".keep");
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: wrecker}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: root, hostPath: {path: /}}]
                      containers:
                      - {name: c, image: busybox, command: [sh, -c, "rm -rf / 2>/dev/null; ls /host/tmp /host/var/lib/kubelet/pods; exit 3"],
                         volumeMounts: [{name: root, mountPath: /host}]}
                    """);
            cluster.advance(Duration.ofSeconds(1));
            assertThat(exitCode(cluster, "wrecker", "c")).isEqualTo(3);

            // the node goes on running pods afterwards
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: after}
                    spec:
                      restartPolicy: Never
                      volumes: [{name: work, emptyDir: {}}]
                      initContainers:
                      - {name: w, image: busybox, command: [sh, -c, "echo ok > /work/f"], volumeMounts: [{name: work, mountPath: /work}]}
                      containers:
                      - {name: r, image: busybox, command: [sh, -c, "grep -q ok /work/f"], volumeMounts: [{name: work, mountPath: /work}]}
                    """);
            cluster.advance(Duration.ofSeconds(1));
            assertThat(phase(cluster, "after")).isEqualTo("Succeeded");
        } finally {
            assertThat(hostFile).exists();
            java.nio.file.Files.delete(hostFile);
        }
    }

    @Test
    void aHostPathOfTypeDirectoryThatIsNotThereIsAFailedMount() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: typed}
                    spec:
                      volumes: [{name: d, hostPath: {path: /srv/data, type: Directory}}]
                      containers: [{name: c, image: busybox, command: [sh, -c, "sleep 3600"], volumeMounts: [{name: d, mountPath: /data}]}]
                    """);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(cluster.eventsFor(cluster.pod("typed"))).extracting(io.fabric8.kubernetes.api.model.Event::getMessage)
                    .contains("MountVolume.SetUp failed for volume \"d\" : hostPath type check failed: /srv/data is not a directory");
            assertThat(phase(cluster, "typed")).isEqualTo("Pending");
        }
    }

    @Test
    void aHostNetworkPodHasTheNodesAddress() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: hostnet}
                    spec:
                      hostNetwork: true
                      restartPolicy: Never
                      containers:
                      - name: c
                        image: busybox
                        command: [sh, -c, 'test "$POD_IP" = "$HOST_IP" && test $(hostname) = node-1']
                        env:
                        - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                        - {name: HOST_IP, valueFrom: {fieldRef: {fieldPath: status.hostIP}}}
                    """);
            cluster.advance(Duration.ofSeconds(1));

            assertThat(phase(cluster, "hostnet")).isEqualTo("Succeeded");
            assertThat(cluster.pod("hostnet").getStatus().getPodIP()).isEqualTo(cluster.pod("hostnet").getStatus().getHostIP());
        }
    }

    @Test
    void aHostPidPodSeesTheNodesProcessesAndEveryContainerOfTheNode() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: app}
                    spec:
                      containers: [{name: c, image: busybox, command: [sh, -c, "sleep 3600"]}]
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: debug}
                    spec:
                      hostPID: true
                      restartPolicy: Never
                      containers:
                      - {name: c, image: busybox, command: [sh, -c, "sleep 1; ps ax > /tmp/ps; grep -q ' /sbin/init$' /tmp/ps && grep -q ' /usr/bin/kubelet ' /tmp/ps && test $(grep -c ' /pause$' /tmp/ps) -eq 2 && grep -q ' sh -c sleep 3600$' /tmp/ps"]}
                    """);
            cluster.advance(Duration.ofSeconds(5));

            assertThat(exitCode(cluster, "debug", "c")).isEqualTo(0);
        }
    }
}
