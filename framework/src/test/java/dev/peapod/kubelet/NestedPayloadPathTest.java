package dev.peapod.kubelet;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configMap volume whose items put one path inside another's file ({@code x} and {@code x/y}): the
 * API accepts it, and the atomic writer fails half-way (os.MkdirAll finds the file {@code x}), so the
 * mount fails at its own pod, a FailedMount tried again, while the node's disk stays readable for the
 * other pods (review 12: a node disk's queued write failed in whatever read the disk next).
 */
class NestedPayloadPathTest {
    @Test
    void aPathInsideAnotherKeysFileFailsTheMountOfItsOwnPod() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cm}
                data: {a: A, b: B}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  volumes: [{name: config, configMap: {name: cm, items: [{key: a, path: x}, {key: b, path: x/y}]}}]
                  containers:
                  - {name: app, image: example/web:1.25, volumeMounts: [{name: config, mountPath: /etc/config}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: other}
                spec:
                  containers: [{name: c, image: busybox, command: [sleep, "3600"]}]
                """);
            cluster.advance(Duration.ofMinutes(2));

            assertThat(cluster.pod("web").getStatus().getPhase()).isEqualTo("Pending");
            assertThat(cluster.inContainer("other", "c").exec("ls", "/tmp").exitCode()).isZero();
            List<Event> failed = cluster.events().stream().filter(e -> "FailedMount".equals(e.getReason())).toList();
            String uid = cluster.pod("web").getMetadata().getUid();
            // each try writes a new timestamped directory (named at the write, a random suffix), so no two messages are equal
            assertThat(failed).extracting(Event::getFirstTimestamp).containsExactly("2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z",
                    "2025-01-01T00:00:01Z", "2025-01-01T00:00:03Z", "2025-01-01T00:00:07Z", "2025-01-01T00:00:15Z",
                    "2025-01-01T00:00:31Z", "2025-01-01T00:01:03Z");
            assertThat(failed.get(0).getMessage()).isEqualTo("MountVolume.SetUp failed for volume \"config\" : mkdir /var/lib/kubelet/pods/"
                    + uid + "/volumes/kubernetes.io~configmap/config/..2025_01_01_00_00_00.855696760/x: not a directory");
            assertThat(failed).allSatisfy(e -> assertThat(e.getMessage()).endsWith("/x: not a directory"));
        }
    }
}
