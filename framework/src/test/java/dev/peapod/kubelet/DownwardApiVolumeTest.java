package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFileBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;

import static dev.peapod.kubelet.VolumeListing.list;
import static dev.peapod.kubelet.VolumeListing.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Downward API volume files (kubernetes: pkg/volume/downwardapi/downwardapi.go CollectData,
 * pkg/fieldpath/fieldpath.go, pkg/api/v1/resource/helpers.go; the docs' dapi-volume example).
 */
class DownwardApiVolumeTest {
    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");
    private static final Map<String, String> ALLOCATABLE = Map.of("cpu", "4", "memory", "8Gi", "ephemeral-storage", "100Gi");

    private static Pod pod() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("zone", "us-est-coast");
        labels.put("cluster", "test-cluster1");
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("builder", "john-doe");
        annotations.put("quote", "say \"hi\"\tthen\\leave\n");
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName("kubernetes-downwardapi-volume-example")
                .withUid("6f0f8a9c-0000-4000-8000-000000000001").withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("client-container").withImage("busybox")
                    .withNewResources()
                        .withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("32Mi")))
                        .withLimits(Map.of("cpu", new Quantity("1250m"), "memory", new Quantity("64Mi")))
                    .endResources()
                .endContainer()
                .addNewContainer().withName("unlimited").withImage("busybox").endContainer()
                .addNewInitContainer().withName("init").withImage("busybox")
                    .withNewResources().withLimits(Map.of("cpu", new Quantity("500m"))).endResources()
                .endInitContainer()
                .endSpec().build();
    }

    private static DownwardAPIVolumeFile field(String path, String fieldPath) {
        return new DownwardAPIVolumeFileBuilder().withPath(path).withNewFieldRef("v1", fieldPath).build();
    }

    private static DownwardAPIVolumeFile resource(String path, String container, String resource, String divisor) {
        return new DownwardAPIVolumeFileBuilder().withPath(path).withNewResourceFieldRef()
                .withContainerName(container).withResource(resource).withDivisor(divisor == null ? null : new Quantity(divisor))
                .endResourceFieldRef().build();
    }

    private static String value(DownwardAPIVolumeFile item) {
        SortedMap<String, FileProjection> data = VolumePayloads.downwardApi(List.of(item), pod(), ALLOCATABLE, 0644);
        return new String(data.get(item.getPath()).data(), StandardCharsets.UTF_8);
    }

    @Test
    void labelsAreOneQuotedLinePerKeySortedByKeyWithNoFinalNewline() {
        assertThat(value(field("labels", "metadata.labels"))).isEqualTo("cluster=\"test-cluster1\"\nzone=\"us-est-coast\"");
    }

    @Test
    void annotationValuesAreQuotedAsGoDoes() {
        assertThat(value(field("annotations", "metadata.annotations")))
                .isEqualTo("builder=\"john-doe\"\nquote=\"say \\\"hi\\\"\\tthen\\\\leave\\n\"");
    }

    @Test
    void formatMapSortsByKeyNotByLine() {
        // "a" sorts before "a.b" although the line a="1" sorts after a.b="2" ('=' > '.')
        assertThat(DownwardApi.formatMap(Map.of("a.b", "2", "a", "1"))).isEqualTo("a=\"1\"\na.b=\"2\"");
        assertThat(DownwardApi.formatMap(Map.of())).isEmpty();
    }

    @Test
    void goQuoteEscapesWhatStrconvQuoteEscapes() {
        assertThat(GoQuote.quote("é ü 日本")).isEqualTo("\"é ü 日本\"");
        assertThat(GoQuote.quote("\u0007\u000b\u0001\u007f")).isEqualTo("\"\\a\\v\\x01\\x7f\"");
        assertThat(GoQuote.quote("nb\u00a0sp zw\u200b")).isEqualTo("\"nb\\u00a0sp zw\\u200b\"");
        assertThat(GoQuote.quote("\uDB80\uDC00")).isEqualTo("\"\\U000f0000\"");
    }

    @Test
    void nameNamespaceUidAndSubscriptsAreSingleValues() {
        assertThat(value(field("name", "metadata.name"))).isEqualTo("kubernetes-downwardapi-volume-example");
        assertThat(value(field("ns", "metadata.namespace"))).isEqualTo("ns");
        assertThat(value(field("uid", "metadata.uid"))).isEqualTo("6f0f8a9c-0000-4000-8000-000000000001");
        assertThat(value(field("zone", "metadata.labels['zone']"))).isEqualTo("us-est-coast");
        assertThat(value(field("none", "metadata.annotations['absent']"))).isEmpty();
    }

    @Test
    void resourceValuesAreRoundedUpToTheDivisor() {
        assertThat(value(resource("cpu_limit", "client-container", "limits.cpu", null))).isEqualTo("2");
        assertThat(value(resource("cpu_limit_m", "client-container", "limits.cpu", "1m"))).isEqualTo("1250");
        assertThat(value(resource("cpu_request", "client-container", "requests.cpu", "1"))).isEqualTo("1");
        assertThat(value(resource("mem_limit", "client-container", "limits.memory", null))).isEqualTo("67108864");
        assertThat(value(resource("mem_limit_mi", "client-container", "limits.memory", "1Mi"))).isEqualTo("64");
        assertThat(value(resource("mem_request_m", "client-container", "requests.memory", "1M"))).isEqualTo("34");
    }

    @Test
    void anUnsetLimitIsTheNodesAllocatableAndAnUnsetRequestIsZero() {
        assertThat(value(resource("cpu", "unlimited", "limits.cpu", null))).isEqualTo("4");
        assertThat(value(resource("mem", "unlimited", "limits.memory", "1Mi"))).isEqualTo("8192");
        assertThat(value(resource("eph", "unlimited", "limits.ephemeral-storage", "1Gi"))).isEqualTo("100");
        assertThat(value(resource("req", "unlimited", "requests.cpu", null))).isEqualTo("0");
        assertThat(value(resource("huge", "unlimited", "limits.hugepages-2Mi", null))).isEqualTo("0");
        assertThat(value(resource("init", "init", "limits.cpu", "1m"))).isEqualTo("500");
    }

    @Test
    void badReferencesAreReportedTogetherInUpstreamsWords() {
        List<DownwardAPIVolumeFile> items = List.of(field("a", "spec.nodeName"), resource("b", "nope", "limits.cpu", null),
                resource("c", "client-container", "limits.gpu", null), field("d", "metadata.name['x']"));
        assertThatThrownBy(() -> VolumePayloads.downwardApi(items, pod(), ALLOCATABLE, 0644))
                .isInstanceOf(VolumeSetupException.class)
                .hasMessage("[unsupported fieldPath: spec.nodeName, container nope not found, "
                        + "unsupported container resource : limits.gpu, fieldPath \"metadata.name['x']\" does not support subscript]");
    }

    @Test
    void theDocsDownwardApiVolumeShowsLabelsAndAnnotationsFiles() throws Exception {
        // given: kubernetes.io/docs/tasks/inject-data-application/downward-api-volume-expose-pod-information/
        Volume volume = new VolumeBuilder().withName("podinfo").withNewDownwardAPI().withDefaultMode(0644)
                .addToItems(field("labels", "metadata.labels"), field("annotations", "metadata.annotations"))
                .endDownwardAPI().build();
        VolumePayloads.Context ctx = new VolumePayloads.Context(VolumeObjects.none(), ALLOCATABLE, "kind-worker", T0);
        Path dir = Files.createDirectories(VolumeListing.jimfs().getPath("/etc/podinfo"));
        // when
        new AtomicWriter(dir).write(VolumePayloads.payload(pod(), volume, ctx).orElseThrow(), T0, new Random(5));
        // then
        String ts = "..2025_03_04_05_06_07." + Integer.toUnsignedString(new Random(5).nextInt());
        assertThat(list(dir)).isEqualTo(""
                + "drwxr-xr-x " + ts + "\n"
                + "-rw-r--r-- " + ts + "/annotations\n"
                + "-rw-r--r-- " + ts + "/labels\n"
                + "lrwxrwxrwx ..data -> " + ts + "\n"
                + "lrwxrwxrwx annotations -> ..data/annotations\n"
                + "lrwxrwxrwx labels -> ..data/labels\n");
        assertThat(read(dir.resolve("labels"))).isEqualTo("cluster=\"test-cluster1\"\nzone=\"us-est-coast\"");
    }

    @Test
    void anItemModeOverridesTheDefaultModeAndPathsAreCleaned() {
        DownwardAPIVolumeFile item = new DownwardAPIVolumeFileBuilder().withPath("./x//name").withMode(0400)
                .withNewFieldRef("v1", "metadata.name").build();
        SortedMap<String, FileProjection> data = VolumePayloads.downwardApi(List.of(item), pod(), ALLOCATABLE, 0644);
        assertThat(data.keySet()).containsExactly("x/name");
        assertThat(data.get("x/name").mode()).isEqualTo(0400);
    }
}
