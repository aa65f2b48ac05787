package dev.peapod.admission;

import dev.peapod.store.ApiException;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RuntimeClass admission plugin of v1.33 (plugin/pkg/admission/runtimeclass/admission.go). */
class RuntimeClassPluginTest {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private final ObjectStore store = new ObjectStore(new VirtualClock(VirtualClock.DEFAULT_START), new Random(1),
            new ApiAdmission());

    private static final String KATA = """
            apiVersion: node.k8s.io/v1
            kind: RuntimeClass
            metadata: {name: kata}
            handler: kata
            overhead: {podFixed: {cpu: 250m, memory: 120Mi}}
            scheduling:
              nodeSelector: {runtime: kata}
              tolerations:
              - {key: kata, operator: Exists, effect: NoSchedule}
              - {key: node.kubernetes.io/not-ready, operator: Exists}
            """;

    private Pod create(String specLines) {
        Pod pod = SERIALIZATION.unmarshal("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: default}
                spec:
                %s
                  containers:
                  - {name: app, image: nginx:1.25}
                """.formatted(specLines.indent(2).stripTrailing()), Pod.class);
        return store.create(pod);
    }

    private void given(String yaml) {
        store.create((HasMetadata) SERIALIZATION.unmarshal(yaml));
    }

    @Test
    void theClassesOverheadBecomesThePodsAndItsSchedulingIsMerged() {
        // given
        given(KATA);
        // when
        Pod pod = create("runtimeClassName: kata\nnodeSelector: {disk: ssd}");
        // then
        assertThat(pod.getSpec().getOverhead()).containsOnlyKeys("cpu", "memory");
        assertThat(pod.getSpec().getOverhead().get("cpu").toString()).isEqualTo("250m");
        assertThat(pod.getSpec().getOverhead().get("memory").toString()).isEqualTo("120Mi");
        assertThat(pod.getSpec().getNodeSelector()).containsExactly(Map.entry("disk", "ssd"), Map.entry("runtime", "kata"));
        // DefaultTolerationSeconds' not-ready toleration (300 s) is covered by the class's, which has no limit
        assertThat(pod.getSpec().getTolerations()).extracting(RuntimeClassPluginTest::text).containsExactly(
                "node.kubernetes.io/unreachable Exists NoExecute 300",
                "kata Exists NoSchedule null",
                "node.kubernetes.io/not-ready Exists  null");
    }

    @Test
    void anOverheadThatDiffersFromTheClassesIsRefused() {
        given(KATA);
        assertThatThrownBy(() -> create("runtimeClassName: kata\noverhead: {cpu: 100m}"))
                .isInstanceOf(ApiException.class)
                .hasMessage("pods \"web\" is forbidden: pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
    }

    @Test
    void theSameOverheadWrittenOtherwiseIsAccepted() {
        given(KATA);
        Pod pod = create("runtimeClassName: kata\noverhead: {cpu: \"0.25\", memory: 120Mi}");
        assertThat(pod.getSpec().getOverhead().get("cpu").toString()).isEqualTo("250m");
    }

    @Test
    void anOverheadWithoutAClassIsRefused() {
        assertThatThrownBy(() -> create("overhead: {cpu: 100m}"))
                .isInstanceOf(ApiException.class)
                .hasMessage("pods \"web\" is forbidden: pod rejected: Pod Overhead set without corresponding RuntimeClass "
                        + "defined Overhead");
    }

    @Test
    void aClassThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> create("runtimeClassName: gvisor"))
                .isInstanceOf(ApiException.class)
                .hasMessage("pods \"web\" is forbidden: pod rejected: RuntimeClass \"gvisor\" not found");
    }

    @Test
    void aNodeSelectorConflictIsRefused() {
        given(KATA);
        assertThatThrownBy(() -> create("runtimeClassName: kata\nnodeSelector: {runtime: runc}"))
                .isInstanceOf(ApiException.class)
                .hasMessage("pods \"web\" is forbidden: conflict: runtimeClass.scheduling.nodeSelector[runtime] = kata; "
                        + "pod.spec.nodeSelector[runtime] = runc");
    }

    @Test
    void aClassWithAnEmptyOverheadRefusesAPodsOwnOverheadAsAMismatch() {
        // given runtimeClass.Overhead != nil with no podFixed: setOverhead compares and refuses
        given("""
                apiVersion: node.k8s.io/v1
                kind: RuntimeClass
                metadata: {name: empty}
                handler: runc
                overhead: {podFixed: {}}
                """);
        // then
        assertThatThrownBy(() -> create("runtimeClassName: empty\noverhead: {cpu: 1}"))
                .isInstanceOf(ApiException.class)
                .hasMessage("pods \"web\" is forbidden: pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
        // and a pod with no overhead passes, with none (an empty podFixed equals nil to Semantic.DeepEqual)
        assertThat(create("runtimeClassName: empty").getSpec().getOverhead()).isNullOrEmpty();
    }

    @Test
    void aClassWithoutOverheadOrSchedulingChangesNothing() {
        given("""
                apiVersion: node.k8s.io/v1
                kind: RuntimeClass
                metadata: {name: runc}
                handler: runc
                """);
        Pod pod = create("runtimeClassName: runc");
        assertThat(pod.getSpec().getOverhead()).isNullOrEmpty();
        assertThat(pod.getSpec().getNodeSelector()).isNullOrEmpty();
        assertThat(pod.getSpec().getTolerations()).hasSize(2);
    }

    private static String text(Toleration t) {
        return t.getKey() + " " + t.getOperator() + " " + (t.getEffect() == null ? "" : t.getEffect()) + " " + t.getTolerationSeconds();
    }
}
