package dev.peapod.manifest;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A manifest without {@code metadata.name}. {@code kubectl apply} GETs the object by name first and
 * stops client-side (client-go rest/request.go: {@code resource name may not be empty}), so it cannot
 * create from a generateName; Peapod's apply also serves as {@code kubectl create}
 * ({@link Manifests#applyObject}): a generateName is created, each time, and an object with neither is
 * refused in the API server's words (apimachinery pkg/api/validation/objectmeta.go, ValidateObjectMeta),
 * which name what to write. See bad-input/README.md.
 */
class ManifestNamesTest {
    @TempDir
    Path temp;

    @Test
    void aGenerateNameIsCreatedEachTimeItIsApplied() throws IOException {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1")))) {
            // given: what was the corpus's missing-fields/generate-name-only.yaml
            Path file = temp.resolve("generate-name-only.yaml");
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      generateName: web-
                    spec:
                      containers:
                        - name: app
                          image: nginx
                    """);

            // when
            List<Applied> first = cluster.apply(file);
            List<Applied> second = cluster.apply(file);

            // then
            assertThat(first).extracting(Applied::action).containsExactly(Applied.Action.CREATED);
            assertThat(second).extracting(Applied::action).containsExactly(Applied.Action.CREATED);
            assertThat(cluster.pods()).extracting(pod -> pod.getMetadata().getName())
                    .hasSize(2).allMatch(name -> name.matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}")).doesNotHaveDuplicates();
            assertThat(cluster.context().store().list(Pod.class)).hasSize(2);
        }
    }

    @Test
    void anObjectWithNeitherNameNorGenerateNameIsRefusedInTheApiServersWords() throws IOException {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1")))) {
            // given
            Path file = temp.resolve("no-name.yaml");
            Files.writeString(file, """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      labels: {a: b}
                    """);

            // when
            ManifestException e = catchThrowableOfType(ManifestException.class, () -> cluster.apply(file));

            // then
            assertThat(e).hasMessage(file + ", document 1 (ConfigMap), line 3:\n"
                    + "  metadata.name: Required value: name or generateName is required\nnothing was applied");
            assertThat(cluster.context().store().list(ConfigMap.class)).isEmpty();
        }
    }
}
