package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepParsingTest {
    private final ParameterTypes types = new ParameterTypes(new PeapodWorld());

    @Test
    void durationsReadAsWordsOrUnits() {
        assertThat(types.duration("30", "seconds")).isEqualTo(Duration.ofSeconds(30));
        assertThat(types.duration("1", "second")).isEqualTo(Duration.ofSeconds(1));
        assertThat(types.duration("2", "minutes")).isEqualTo(Duration.ofMinutes(2));
        assertThat(types.duration("90", "s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(types.duration("5", "m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(types.duration("1", "hour")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aNodesTableRowBecomesANodeSpec() {
        // given
        Map<String, String> row = new LinkedHashMap<>();
        row.put("name", "gpu-1");
        row.put("labels", "disktype=ssd, zone=a");
        row.put("taints", "dedicated=gpu:NoSchedule");
        row.put("cpu", "8");
        row.put("memory", "32Gi");
        row.put("pods", "20");
        row.put("unschedulable", "true");
        // when
        NodeSpec node = ClusterSteps.node(row);
        // then
        assertThat(node.name()).isEqualTo("gpu-1");
        assertThat(node.labels()).containsEntry("disktype", "ssd").containsEntry("zone", "a");
        assertThat(node.taints()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("dedicated");
            assertThat(t.getValue()).isEqualTo("gpu");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(node.allocatable()).containsEntry("cpu", "8").containsEntry("memory", "32Gi").containsEntry("pods", "20");
        assertThat(node.unschedulable()).isTrue();
    }

    @Test
    void aRowWithoutANameSaysWhichColumnIsMissing() {
        assertThatThrownBy(() -> ClusterSteps.node(Map.of("labels", "a=b")))
                .isInstanceOf(dev.peapod.core.PeapodException.class)
                .hasMessage("the nodes table needs a \"name\" column with a value in every row: {labels=a=b}");
    }

    @Test
    void aLabelWithoutEqualsSignIsRefused() {
        assertThatThrownBy(() -> ClusterSteps.node(Map.of("name", "n", "labels", "ssd")))
                .hasMessage("label \"ssd\" must look like key=value");
    }

    @Test
    void aPodIsANameOrNamespaceSlashName() {
        assertThat(types.pod("web")).isEqualTo(new PodName(null, "web"));
        assertThat(types.pod("e2e/web")).isEqualTo(new PodName("e2e", "web"));
        assertThat(types.pod("e2e/web")).hasToString("e2e/web");
        assertThat(types.pod("web")).hasToString("web");
    }

    @Test
    void aPodWithAnEmptyPartOrTwoSlashesIsRefused() {
        for (String bad : new String[] {"/web", "e2e/", "a/b/c"}) {
            assertThatThrownBy(() -> types.pod(bad))
                    .isInstanceOf(dev.peapod.core.PeapodException.class)
                    .hasMessage("pod \"" + bad + "\" must be a name, or namespace/name as in \"e2e/web\"");
        }
    }

    @Test
    void aNodesTableRowMayGiveTheInternalIp() {
        assertThat(ClusterSteps.node(Map.of("name", "n", "internalIP", " 10.0.0.5 ")).internalIp()).isEqualTo("10.0.0.5");
        assertThat(ClusterSteps.node(Map.of("name", "n")).internalIp()).isNull();
    }
}
