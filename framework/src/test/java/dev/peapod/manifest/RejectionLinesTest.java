package dev.peapod.manifest;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A refusal is placed at the line of the field it is about, not at the document's first line. */
class RejectionLinesTest {

    @Test
    void aMissingNamespaceIsAtMetadataNamespace() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.applyYaml("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: settings
                      namespace: staging
                    data: {a: b}
                    """)).hasMessage("inline YAML, document 1 (ConfigMap settings), line 5:\n  namespaces \"staging\" not found\n"
                    + "nothing was applied");
        }
    }

    @Test
    void aConfigMapTooLargeIsAtItsData() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.applyYaml("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: settings
                    data:
                      a: %s
                    """.formatted("x".repeat(1024 * 1024 + 1)))).hasMessage("inline YAML, document 1 (ConfigMap settings), line 5:\n"
                    + "  []: Too long: may not be more than 1048576 bytes\nnothing was applied");
        }
    }

    @Test
    void aMissingNamespaceOfAListItemIsAtItsField() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.applyYaml("""
                    apiVersion: v1
                    kind: List
                    items:
                    - apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: a, namespace: nowhere}
                    """)).hasMessage("inline YAML, document 1, item 1 (ConfigMap a), line 6:\n  namespaces \"nowhere\" not found\n"
                    + "nothing was applied");
        }
    }

    @Test
    void aBinaryConfigMapTooLargeIsAtItsBinaryData() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.applyYaml("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: settings}
                    binaryData:
                      a: %s
                    """.formatted("QUFB".repeat(350_000)))).hasMessage("inline YAML, document 1 (ConfigMap settings), line 4:\n"
                    + "  []: Too long: may not be more than 1048576 bytes\nnothing was applied");
        }
    }

    @Test
    void aSecretKeyOnlyInStringDataIsAtStringData() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.applyYaml("""
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: settings}
                    stringData:
                      ok: fine
                      bad key!: value
                    """)).hasMessageStartingWith("inline YAML, document 1 (Secret settings), line 6:\n"
                    + "  data[bad key!]: Invalid value: \"bad key!\"");
        }
    }

    @Test
    void aSecretTooLargeIsAtItsData() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.applyYaml("""
                    apiVersion: v1
                    kind: Secret
                    metadata:
                      name: settings
                    stringData:
                      a: %s
                    """.formatted("x".repeat(1024 * 1024 + 1)))).hasMessage("inline YAML, document 1 (Secret settings), line 5:\n"
                    + "  data: Too long: may not be more than 1048576 bytes\nnothing was applied");
        }
    }
}
