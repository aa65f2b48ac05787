package dev.peapod.kubelet;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kubelet's files of a pod are written to the node's disk when something first reads it
 * (issue #13: dev.peapod.runtime.NodeDisk#later). Nothing a reader sees may differ from files
 * written at once: their times, the writer's links, later updates.
 */
class LazyNodeDiskTest {
    private static final String CONFIG = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: game-config}
            data: {color: COLOR}
            """;
    private static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              volumes: [{name: config, configMap: {name: game-config}}]
              containers:
              - name: app
                image: example/web:1.25    # the well-behaved server: it reads no file
                volumeMounts: [{name: config, mountPath: /etc/config}]
            """;
    private static final String LISTER = """
            apiVersion: v1
            kind: Pod
            metadata: {name: lister}
            spec:
              volumes: [{name: pods, hostPath: {path: /var/lib/kubelet/pods}}]
              containers:
              - {name: c, image: busybox, command: [sleep, "3600"], volumeMounts: [{name: pods, mountPath: /pods}]}
            """;

    @Test
    void filesFirstReadTenMinutesAfterTheKubeletWroteThemShowTheInstantTheyWereWritten() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given: a pod whose files nobody reads for ten minutes
            cluster.applyYaml(CONFIG.replace("COLOR", "purple"));
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofMinutes(10));
            String uid = cluster.pod("web").getMetadata().getUid();
            // when: a pod of the same node lists them
            cluster.applyYaml(LISTER);
            cluster.advance(Duration.ofSeconds(2));
            var pods = cluster.inContainer("lister", "c").exec("ls", "-l", "/pods");
            var files = cluster.inContainer("lister", "c").exec("ls", "-l", "/pods/" + uid);
            var containers = cluster.inContainer("lister", "c").exec("ls", "-l", "/pods/" + uid + "/containers");
            var volumes = cluster.inContainer("lister", "c").exec("ls", "-l", "/pods/" + uid + "/volumes");
            var volume = cluster.inContainer("lister", "c").exec("ls", "-la", "/pods/" + uid + "/volumes/kubernetes.io~configmap/config");
            // then: as they were written, at 00:00 (the listing pod's own directory is of 00:10), with upstream's modes:
            // the pod's directory, its volumes/ and containers/<name> are os.MkdirAll(..., 0750) (kubelet.go
            // makePodDataDirs, kubelet_pods.go GenerateRunContainerOptions), a plugin's directory 0755 (the emptyDir
            // a configMap volume wraps: os.MkdirAll(dir, 0777) under umask 022), the volume's own 0777
            assertThat(pods.stdout()).isEqualTo("total 0\n"
                    + "drwxr-x---    2 root     root          4096 Jan  1 00:00 " + uid + "\n"
                    + "drwxr-x---    2 root     root          4096 Jan  1 00:10 " + cluster.pod("lister").getMetadata().getUid() + "\n");
            assertThat(files.stdout()).isEqualTo("""
                    total 12
                    drwxr-x---    2 root     root          4096 Jan  1 00:00 containers
                    -rw-r--r--    1 root     root             4 Jan  1 00:00 etc-hostname
                    -rw-r--r--    1 root     root           198 Jan  1 00:00 etc-hosts
                    -rw-r--r--    1 root     root           103 Jan  1 00:00 etc-resolv.conf
                    drwxr-x---    2 root     root          4096 Jan  1 00:00 volumes
                    """);
            assertThat(containers.stdout()).isEqualTo("""
                    total 0
                    drwxr-x---    2 root     root          4096 Jan  1 00:00 app
                    """);
            assertThat(volumes.stdout()).isEqualTo("""
                    total 0
                    drwxr-xr-x    2 root     root          4096 Jan  1 00:00 kubernetes.io~configmap
                    drwxr-xr-x    2 root     root          4096 Jan  1 00:00 kubernetes.io~projected
                    """);
            assertThat(volume.stdout()).isEqualTo("""
                    total 0
                    drwxrwxrwx    2 root     root          4096 Jan  1 00:00 .
                    drwxr-xr-x    2 root     root          4096 Jan  1 00:00 ..
                    drwxr-xr-x    2 root     root          4096 Jan  1 00:00 ..2025_01_01_00_00_00.855696760
                    lrwxrwxrwx    1 root     root            31 Jan  1 00:00 ..data -> ..2025_01_01_00_00_00.855696760
                    lrwxrwxrwx    1 root     root            12 Jan  1 00:00 color -> ..data/color
                    """);
            assertThat(cluster.inContainer("web", "app").file("/etc/config/color")).isEqualTo("purple");
        }
    }

    @Test
    void aConfigMapUpdateReachesAVolumeWrittenLaterAndOneAlreadyRead() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given: the volume written, never read, and its ConfigMap updated
            cluster.applyYaml(CONFIG.replace("COLOR", "purple"));
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofMinutes(5));
            cluster.applyYaml(CONFIG.replace("COLOR", "yellow"));
            cluster.advance(Duration.ofMinutes(2)); // a kubelet sync period
            // then: the update is there
            assertThat(cluster.inContainer("web", "app").file("/etc/config/color")).isEqualTo("yellow");
            // and when it changes again after it was read
            cluster.applyYaml(CONFIG.replace("COLOR", "green"));
            cluster.advance(Duration.ofMinutes(2));
            // then
            assertThat(cluster.inContainer("web", "app").file("/etc/config/color")).isEqualTo("green");
            cluster.applyYaml(LISTER);
            cluster.advance(Duration.ofSeconds(2));
            String uid = cluster.pod("web").getMetadata().getUid();
            var volume = cluster.inContainer("lister", "c").exec("ls", "-la", "/pods/" + uid + "/volumes/kubernetes.io~configmap/config");
            // the writer's second rewrite, at 00:08: its directory is named after that write (atomic_writer.go
            // newTimestampDir: time.Now().UTC()), and the earlier directories are gone (Write removes the old one)
            assertThat(volume.stdout()).isEqualTo("""
                    total 0
                    drwxrwxrwx    2 root     root          4096 Jan  1 00:08 .
                    drwxr-xr-x    2 root     root          4096 Jan  1 00:00 ..
                    drwxr-xr-x    2 root     root          4096 Jan  1 00:08 ..2025_01_01_00_08_00.1002226359
                    lrwxrwxrwx    1 root     root            32 Jan  1 00:08 ..data -> ..2025_01_01_00_08_00.1002226359
                    lrwxrwxrwx    1 root     root            12 Jan  1 00:00 color -> ..data/color
                    """);
        }
    }
}
