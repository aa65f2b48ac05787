package dev.peapod.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.peapod.store.StoreFixture.assertApiError;
import static dev.peapod.store.StoreFixture.configMap;
import static dev.peapod.store.StoreFixture.pod;
import static dev.peapod.store.StoreFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST semantics of the store, after apiserver/pkg/registry/generic/registry/store.go Create,
 * rest.BeforeCreate and pkg/registry/core/pod/strategy.go PrepareForCreate.
 */
class ObjectStoreCreateTest {
    /** k8s.io/apimachinery/pkg/util/rand: no vowels, no look-alike characters. */
    private static final String SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}";
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private final StoreFixture fixture = new StoreFixture();
    private final ObjectStore store = fixture.store;

    @Test
    void assignsRandomUidsThatTheSameSeedRepeats() {
        // given
        ObjectStore sameSeed = new StoreFixture(StoreFixture.SEED, 100).store;
        ObjectStore otherSeed = new StoreFixture(StoreFixture.SEED + 1, 100).store;
        // when
        String first = store.create(pod("web")).getMetadata().getUid();
        String second = store.create(pod("db")).getMetadata().getUid();
        // then
        assertThat(first).matches(UUID_V4).isNotEqualTo(second);
        assertThat(sameSeed.create(pod("web")).getMetadata().getUid()).isEqualTo(first);
        assertThat(sameSeed.create(pod("db")).getMetadata().getUid()).isEqualTo(second);
        assertThat(otherSeed.create(pod("web")).getMetadata().getUid()).isNotEqualTo(first);
    }

    @Test
    void stampsCreationTimestampFromTheVirtualClockInWholeSeconds() {
        // given
        Pod early = store.create(pod("early"));
        // when
        fixture.advance(Duration.ofSeconds(90).plusMillis(750));
        Pod late = store.create(pod("late"));
        // then
        assertThat(early.getMetadata().getCreationTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(late.getMetadata().getCreationTimestamp()).isEqualTo("2025-01-01T00:01:30Z");
    }

    @Test
    void countsResourceVersionsAcrossAllKinds() {
        // given the four default namespaces took versions 1 to 4
        assertThat(store.resourceVersion()).isEqualTo(4);
        // when
        Pod web = store.create(pod("web"));
        ConfigMap config = store.create(configMap("config"));
        Pod db = store.create(pod("db"));
        ConfigMap edited = store.edit(ConfigMap.class, "default", "config", c -> c.getData().put("k", "w"));
        // then
        assertThat(List.of(web, config, db, edited)).extracting(o -> o.getMetadata().getResourceVersion())
                .containsExactly("5", "6", "7", "8");
        assertThat(store.resourceVersion()).isEqualTo(8);
        assertThat(store.list(Namespace.class)).extracting(n -> n.getMetadata().getResourceVersion())
                .containsExactly("1", "2", "3", "4");
    }

    @Test
    void startsGenerationAtOneForKindsThatTrackIt() {
        // when
        Pod pod = store.create(pod("web"));
        Deployment deployment = store.create(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).endSpec().build());
        ConfigMap config = store.create(configMap("config"));
        Service service = store.create(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withType("ClusterIP").endSpec().build());
        // then
        assertThat(pod.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(deployment.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(config.getMetadata().getGeneration()).as("no spec, no generation").isNull();
        assertThat(service.getMetadata().getGeneration()).as("the service strategy sets none").isNull();
    }

    @Test
    void generatesAFiveCharacterSuffixFromTheSeed() {
        // given
        ObjectStore sameSeed = new StoreFixture(StoreFixture.SEED, 100).store;
        Pod template = podBuilder(null).editMetadata().withGenerateName("web-").endMetadata().build();
        // when
        String first = store.create(template).getMetadata().getName();
        String second = store.create(template).getMetadata().getName();
        // then
        assertThat(first).matches("web-" + SUFFIX).isNotEqualTo(second);
        assertThat(second).matches("web-" + SUFFIX);
        assertThat(sameSeed.create(template).getMetadata().getName()).isEqualTo(first);
        assertThat(sameSeed.create(template).getMetadata().getName()).isEqualTo(second);
    }

    @Test
    void generatedNamesAreTheSameOnEveryRun() {
        // given java.util.Random is specified, so seed 42 always draws the same suffixes
        Pod template = podBuilder(null).editMetadata().withGenerateName("web-").endMetadata().build();
        // when
        String name = store.create(template).getMetadata().getName();
        // then
        assertThat(name).isEqualTo(GENERATED_WITH_SEED_42);
    }

    /** Pinned: a change here changes every timeline that uses generateName. */
    private static final String GENERATED_WITH_SEED_42 = "web-jjzl6";

    @Test
    void truncatesALongGenerateNameSoTheNameFitsIn63Characters() {
        // given
        String prefix = "a".repeat(70);
        Pod template = podBuilder(null).editMetadata().withGenerateName(prefix).endMetadata().build();
        // when
        String name = store.create(template).getMetadata().getName();
        // then names.SimpleNameGenerator keeps 58 characters of the prefix
        assertThat(name).hasSize(63).startsWith("a".repeat(58)).matches("a{58}" + SUFFIX);
    }

    @Test
    void keepsAGivenNameOverGenerateName() {
        // given
        Pod pod = podBuilder("web").editMetadata().withGenerateName("other-").endMetadata().build();
        // when
        Pod created = store.create(pod);
        // then
        assertThat(created.getMetadata().getName()).isEqualTo("web");
    }

    @Test
    void refusesANameThatIsTakenAndChangesNothing() {
        // given
        store.create(pod("web"));
        long before = store.resourceVersion();
        // when / then
        assertApiError(() -> store.create(pod("web")), 409, "AlreadyExists", "pods \"web\" already exists");
        assertThat(store.resourceVersion()).isEqualTo(before);
    }

    @Test
    void saysWhenTheTakenNameBelongsToAnObjectBeingDeleted() {
        // given a bound pod in its grace period
        fixture.boundPod(podBuilder("web"));
        store.delete(Pod.class, "default", "web");
        // when / then
        assertApiError(() -> store.create(pod("web")), 409, "AlreadyExists",
                "object is being deleted: pods \"web\" already exists");
    }

    @Test
    void refusesAMissingNamespace() {
        // given
        Pod pod = podBuilder("web").editMetadata().withNamespace("nope").endMetadata().build();
        // when / then
        assertApiError(() -> store.create(pod), 404, "NotFound", "namespaces \"nope\" not found");
        assertThat(store.list(Pod.class)).isEmpty();
    }

    @Test
    void refusesAnObjectWithoutNameOrGenerateName() {
        // when / then
        assertApiError(() -> store.create(pod(null)), 422, "Invalid",
                "Pod \"\" is invalid: metadata.name: Required value: name or generateName is required");
    }

    @Test
    void putsObjectsWithoutNamespaceInDefault() {
        // when
        Pod created = store.create(pod("web"));
        // then
        assertThat(created.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(store.get(Pod.class, "default", "web")).isPresent();
    }

    @Test
    void startsWithTheFourNamespacesOfANewCluster() {
        // when
        List<Namespace> namespaces = store.list(Namespace.class);
        // then
        assertThat(namespaces).extracting(n -> n.getMetadata().getName())
                .containsExactly("default", "kube-node-lease", "kube-public", "kube-system");
        assertThat(namespaces).extracting(n -> n.getStatus().getPhase()).containsOnly("Active");
        assertThat(namespaces).extracting(n -> n.getMetadata().getNamespace()).containsOnlyNulls();
    }

    @Test
    void dropsTheNamespaceOfAClusterScopedObject() {
        // given
        Node node = new NodeBuilder().withNewMetadata().withName("node-1").withNamespace("default").endMetadata().build();
        // when
        Node created = store.create(node);
        // then rest.BeforeCreate clears it
        assertThat(created.getMetadata().getNamespace()).isNull();
        assertThat(store.get(Node.class, null, "node-1")).isPresent();
    }

    @Test
    void resetsTheStatusOfANewPodToPending() {
        // given
        Pod running = podBuilder("web").withNewStatus().withPhase("Running").withPodIP("10.0.0.7")
                .withHostIP("192.168.0.2").endStatus().build();
        // when
        Pod created = store.create(running);
        // then
        assertThat(created.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(created.getStatus().getQosClass()).isEqualTo("BestEffort");
        assertThat(created.getStatus().getPodIP()).isNull();
        assertThat(created.getStatus().getHostIP()).isNull();
        assertThat(created.getStatus().getConditions()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("qosCases")
    void classifiesTheQualityOfServiceOnCreate(String description, List<Container> containers, String expected) {
        // given
        Pod pod = new PodBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withContainers(containers).endSpec().build();
        // when
        Pod created = store.create(pod);
        // then
        assertThat(created.getStatus().getQosClass()).isEqualTo(expected);
    }

    static Stream<Arguments> qosCases() {
        return Stream.of(
                Arguments.of("no requests or limits", List.of(container("app", Map.of(), Map.of())), "BestEffort"),
                Arguments.of("zero requests count as none",
                        List.of(container("app", Map.of("cpu", "0"), Map.of())), "BestEffort"),
                Arguments.of("a cpu request only", List.of(container("app", Map.of("cpu", "100m"), Map.of())), "Burstable"),
                Arguments.of("requests below limits", List.of(container("app",
                        Map.of("cpu", "100m", "memory", "64Mi"), Map.of("cpu", "200m", "memory", "64Mi"))), "Burstable"),
                Arguments.of("a cpu limit only", List.of(container("app", Map.of(), Map.of("cpu", "1"))), "Burstable"),
                Arguments.of("limits only, requests default to them", List.of(container("app",
                        Map.of(), Map.of("cpu", "500m", "memory", "128Mi"))), "Guaranteed"),
                Arguments.of("requests equal limits in every container", List.of(
                        container("app", Map.of("cpu", "1", "memory", "1Gi"), Map.of("cpu", "1000m", "memory", "1024Mi")),
                        container("sidecar", Map.of("cpu", "100m", "memory", "32Mi"), Map.of("cpu", "100m", "memory", "32Mi"))),
                        "Guaranteed"),
                Arguments.of("one container without limits", List.of(
                        container("app", Map.of("cpu", "1", "memory", "1Gi"), Map.of("cpu", "1", "memory", "1Gi")),
                        container("sidecar", Map.of(), Map.of())), "Burstable"),
                Arguments.of("only ephemeral-storage", List.of(container("app",
                        Map.of("ephemeral-storage", "1Gi"), Map.of("ephemeral-storage", "1Gi"))), "BestEffort"));
    }

    @Test
    void countsInitContainersForQualityOfService() {
        // given a Guaranteed app container and an init container without limits
        Pod pod = new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec()
                .withContainers(container("app", Map.of(), Map.of("cpu", "1", "memory", "1Gi")))
                .withInitContainers(container("init", Map.of(), Map.of()))
                .endSpec().build();
        // when
        Pod created = store.create(pod);
        // then
        assertThat(created.getStatus().getQosClass()).isEqualTo("Burstable");
    }

    @Test
    void leavesTheCallersObjectAsItWas() {
        // given
        Pod pod = podBuilder("web").withNewStatus().withPhase("Running").endStatus().build();
        Pod before = Copies.copy(pod);
        // when
        store.create(pod);
        // then
        assertThat(pod).isEqualTo(before);
        assertThat(pod.getMetadata().getUid()).isNull();
        assertThat(pod.getMetadata().getNamespace()).isNull();
        assertThat(pod.getMetadata().getResourceVersion()).isNull();
    }

    @Test
    void handsOutCopiesThatDoNotReachTheStore() {
        // given
        Pod created = store.create(pod("web"));
        // when
        created.getMetadata().setLabels(Map.of("changed", "yes"));
        store.get(Pod.class, "default", "web").orElseThrow().getSpec().getContainers().get(0).setImage("evil");
        // then
        Pod stored = store.get(Pod.class, "default", "web").orElseThrow();
        assertThat(stored.getMetadata().getLabels()).isEmpty();
        assertThat(stored.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
    }

    private static Container container(String name, Map<String, String> requests, Map<String, String> limits) {
        ContainerBuilder builder = new ContainerBuilder().withName(name).withImage("busybox");
        if (!requests.isEmpty() || !limits.isEmpty()) {
            builder.withNewResources().withRequests(quantities(requests)).withLimits(quantities(limits)).endResources();
        }
        return builder.build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        return values.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> new Quantity(e.getValue())));
    }
}
