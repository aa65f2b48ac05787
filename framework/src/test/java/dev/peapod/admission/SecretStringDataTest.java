package dev.peapod.admission;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API server never stores {@code stringData}: the v1 conversion (Convert_v1_Secret_To_core_Secret) writes each
 * value over {@code data}, base64-encoded, so a Secret read back, through the façade or the HTTP API, has data alone.
 */
class SecretStringDataTest {

    @Test
    void stringDataIsWrittenOverDataAndNotStored() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given: data a=1, and stringData that overwrites a and adds b
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: creds}
                    data: {a: MQ==, c: Mw==}
                    stringData: {a: "x", b: "hello world"}
                    """);
            // then
            Secret stored = cluster.context().store().get(Secret.class, "default", "creds").orElseThrow();
            assertThat(stored.getStringData()).isNull();
            assertThat(stored.getData()).containsExactly(Map.entry("a", "eA=="), Map.entry("b", "aGVsbG8gd29ybGQ="),
                    Map.entry("c", "Mw=="));
            // and over HTTP too, as kubectl get secret -o yaml shows it
            Secret read = cluster.client().secrets().withName("creds").get();
            assertThat(read.getStringData()).isNullOrEmpty();   // Fabric8 reads an absent map as an empty one
            assertThat(read.getData()).containsEntry("b", "aGVsbG8gd29ybGQ=");
        }
    }
}
