package dev.peapod;

import dev.peapod.manifest.AppliedManifest;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the report shows as "the manifests as applied": each object as stored at its apply, with its file. */
class AppliedManifestsTest {
    @Test
    void keepsEachAppliedObjectAsStoredThenWithItsSource() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
                """;
        // when: applied from YAML, again unchanged, then a ConfigMap built in Java
        cluster.applyYaml(yaml);
        cluster.applyYaml(yaml);
        cluster.apply(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().addToData("a", "b").build());
        // then: the unchanged apply is not repeated; the pod is as the API server stored it (defaulted, admitted)
        assertThat(cluster.appliedManifests()).extracting(AppliedManifest::source, m -> m.object().getKind() + "/" + m.object().getMetadata().getName())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("inline YAML", "Pod/web"),
                        org.assertj.core.groups.Tuple.tuple(null, "ConfigMap/settings"));
        Pod pod = (Pod) cluster.appliedManifests().get(0).object();
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(pod.getSpec().getContainers().get(0).getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("default");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending"); // as stored at the apply, before the kubelet ran it
    }
}
