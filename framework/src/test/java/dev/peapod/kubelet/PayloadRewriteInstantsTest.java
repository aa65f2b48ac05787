package dev.peapod.kubelet;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a change of what a payload volume is made of reaches the volume: at the first sync a sync period
 * (60 s) after the volume was last written, here the resync at 03:00 after a change at 02:30. A steady
 * pod's resyncs before it write nothing and look nothing up (PodVolumes#settled), so these pin that a
 * ConfigMap or Secret written, created or deleted, or a label changed, still reaches the volume then.
 * The atomic writer names its directory by the write's instant, so {@code ..data} tells when it wrote.
 */
class PayloadRewriteInstantsTest {
    private static final String OBJECTS = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: game-config}
            data: {color: purple}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: creds}
            stringData: {user: admin}
            """;
    private static final String READER = """
            apiVersion: v1
            kind: Pod
            metadata: {name: reader, labels: {tier: web}}
            spec:
              volumes:
              - {name: config, configMap: {name: game-config}}
              - {name: creds, secret: {secretName: creds}}
              - {name: later, configMap: {name: later-config, optional: true}}
              - name: labels
                downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
              containers:
              - name: c
                image: busybox
                command: [sleep, "3600"]
                volumeMounts:
                - {name: config, mountPath: /etc/config}
                - {name: creds, mountPath: /etc/creds}
                - {name: later, mountPath: /etc/later}
                - {name: labels, mountPath: /etc/labels}
            """;

    /** The instant the writer last wrote the volume mounted at {@code path}, as its {@code ..data} link names it. */
    private static String writtenAt(FakeCluster cluster, String path) {
        String listing = cluster.inContainer("reader", "c").exec("ls", "-la", path).stdout();
        java.util.regex.Matcher link = java.util.regex.Pattern.compile(" \\.\\.data -> \\.\\.(\\d{4}(_\\d\\d){5})\\.").matcher(listing);
        assertThat(link.find()).as(listing).isTrue();
        return link.group(1);
    }

    private static FakeCluster steadyReader() {
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml(OBJECTS);
        cluster.applyYaml(READER);
        cluster.advance(Duration.ofSeconds(150)); // resyncs at 01:00 and 02:00 find nothing changed
        assertThat(writtenAt(cluster, "/etc/config")).isEqualTo("2025_01_01_00_00_00");
        return cluster;
    }

    @Test
    void aConfigMapUpdateReachesTheVolumeAtTheNextRewriteNotBefore() {
        try (FakeCluster cluster = steadyReader()) {
            cluster.applyYaml(OBJECTS.replace("purple", "green"));
            cluster.advance(Duration.ofSeconds(29));
            assertThat(cluster.inContainer("reader", "c").exec("cat", "/etc/config/color").stdout()).isEqualTo("purple");

            cluster.advance(Duration.ofSeconds(2));

            assertThat(writtenAt(cluster, "/etc/config")).isEqualTo("2025_01_01_00_03_00");
            assertThat(cluster.inContainer("reader", "c").exec("cat", "/etc/config/color").stdout()).isEqualTo("green");
            assertThat(writtenAt(cluster, "/etc/creds")).isEqualTo("2025_01_01_00_00_00"); // unchanged: not written again
        }
    }

    @Test
    void aSecretUpdateReachesTheVolumeAtTheNextRewrite() {
        try (FakeCluster cluster = steadyReader()) {
            cluster.applyYaml(OBJECTS.replace("admin", "root"));
            cluster.advance(Duration.ofSeconds(31));

            assertThat(writtenAt(cluster, "/etc/creds")).isEqualTo("2025_01_01_00_03_00");
            assertThat(cluster.inContainer("reader", "c").exec("cat", "/etc/creds/user").stdout()).isEqualTo("root");
        }
    }

    @Test
    void anOptionalConfigMapCreatedThenDeletedReachesTheVolumeAtEachNextRewrite() {
        try (FakeCluster cluster = steadyReader()) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: later-config}
                    data: {mode: fast}
                    """);
            cluster.advance(Duration.ofSeconds(31));
            assertThat(cluster.inContainer("reader", "c").exec("cat", "/etc/later/mode").stdout()).isEqualTo("fast");

            cluster.delete(io.fabric8.kubernetes.api.model.ConfigMap.class, "later-config");
            cluster.advance(Duration.ofSeconds(58));
            assertThat(cluster.inContainer("reader", "c").exec("cat", "/etc/later/mode").stdout()).isEqualTo("fast");
            cluster.advance(Duration.ofSeconds(2));

            assertThat(writtenAt(cluster, "/etc/later")).isEqualTo("2025_01_01_00_04_00");
            assertThat(cluster.inContainer("reader", "c").exec("ls", "/etc/later").stdout()).isEmpty();
        }
    }

    @Test
    void aLabelChangeReachesTheDownwardApiVolumeAtTheNextRewrite() {
        try (FakeCluster cluster = steadyReader()) {
            // the update syncs the pod at once, a sync period before the rewrite is due: the next comes at 03:30
            cluster.applyYaml(READER.replace("tier: web", "tier: db"));
            cluster.advance(Duration.ofSeconds(59));
            assertThat(cluster.inContainer("reader", "c").exec("cat", "/etc/labels/labels").stdout()).isEqualTo("tier=\"web\"");

            cluster.advance(Duration.ofSeconds(2));

            assertThat(writtenAt(cluster, "/etc/labels")).isEqualTo("2025_01_01_00_03_30");
            assertThat(cluster.inContainer("reader", "c").exec("cat", "/etc/labels/labels").stdout()).isEqualTo("tier=\"db\"");
        }
    }
}
