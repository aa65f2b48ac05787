package dev.peapod;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Misuse of the Java API is refused when it is written, with a message that names the argument
 * (issue #8): nulls, a closed cluster, impossible durations, node values the API server would refuse.
 */
class JavaApiMisuseTest {
    private static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - {name: app, image: nginx:1.25}
            """;

    private static final String CLOSED = "the cluster is closed: %s cannot be used after close(); "
            + "start a new cluster, or call it before the cluster is closed";

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    // ---------------------------------------------------------------- nulls

    @Test
    void nullArgumentsAreNamedInTheHousesWords() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.applyYaml(null)).isInstanceOf(PeapodException.class)
                    .hasMessage("yaml must not be null");
            assertThatThrownBy(() -> cluster.apply((java.nio.file.Path) null)).hasMessage("fileOrFolder must not be null");
            assertThatThrownBy(() -> cluster.applyResource(null)).hasMessage("classpathPath must not be null");
            assertThatThrownBy(() -> cluster.apply((HasMetadata[]) null)).hasMessage("objects must not be null");
            assertThatThrownBy(() -> cluster.apply(configMap("a"), null)).hasMessage("objects[1] must not be null");
            assertThatThrownBy(() -> cluster.delete(null, "web")).hasMessage("kind must not be null");
            assertThatThrownBy(() -> cluster.editStatus(Pod.class, "default", "web", null)).hasMessage("edit must not be null");
            assertThatThrownBy(() -> cluster.editNode(null)).hasMessage("name must not be null");
            assertThatThrownBy(() -> cluster.node(null)).hasMessage("name must not be null");
            assertThatThrownBy(() -> cluster.pods(null)).hasMessage("options must not be null");
            assertThatThrownBy(() -> cluster.eventsFor(null)).hasMessage("object must not be null");
            assertThatThrownBy(() -> cluster.imageCannotBePulled(null)).hasMessage("image must not be null");
            assertThatThrownBy(() -> cluster.addNode(null)).hasMessage("node must not be null");
            assertThatThrownBy(() -> cluster.advance(null)).hasMessage("advance(duration): duration must not be null");
            assertThatThrownBy(() -> cluster.runUntil(null, Duration.ZERO))
                    .hasMessage("runUntil(condition, limit): condition must not be null");
            assertThatThrownBy(() -> FakeCluster.withNodes("node-1", null)).hasMessage("names[1] must not be null");
            assertThatThrownBy(() -> FakeCluster.start(null)).hasMessage("spec must not be null");
            // nothing was applied by the refused calls
            assertThat(cluster.context().store().list(ConfigMap.class)).isEmpty();
        }
    }

    @Test
    void aNullClusterIsAMistakeInTheTestNotAFailedCheck() {
        assertThatThrownBy(() -> assertThat((FakeCluster) null))
                .isInstanceOf(PeapodException.class)
                .hasMessage("cluster must not be null");
    }

    @Test
    void nullSpecValuesAreNamed() {
        assertThatThrownBy(() -> ClusterSpec.empty().node((NodeSpec) null)).hasMessage("node must not be null");
        assertThatThrownBy(() -> ClusterSpec.empty().node((String) null)).hasMessage("name must not be null");
        assertThatThrownBy(() -> ClusterSpec.empty().startingAt(null)).hasMessage("instant must not be null");
        assertThatThrownBy(() -> ClusterSpec.empty().component(null)).hasMessage("component must not be null");
        assertThatThrownBy(() -> ClusterSpec.empty().components(Arrays.asList(null, null)))
                .hasMessage("components[0] must not be null");
        assertThatThrownBy(() -> new ClusterSpec(Arrays.asList(NodeSpec.named("a"), null), Instant.EPOCH, 1))
                .hasMessage("nodes[1] must not be null");
        assertThatThrownBy(() -> NodeSpec.named(null)).hasMessage("name must not be null");
        assertThatThrownBy(() -> NodeSpec.named("a").label("k", null)).hasMessage("value must not be null");
        assertThatThrownBy(() -> NodeSpec.named("a").cpu(null)).hasMessage("cpu quantity must not be null");
        assertThatThrownBy(() -> NodeSpec.named("a").podCidr(null)).hasMessage("cidr must not be null");
        assertThatThrownBy(() -> NodeSpec.named("a").taint(null)).hasMessage("taint must not be null");
    }

    // ---------------------------------------------------------------- a closed cluster

    @Test
    void aClosedClusterRefusesEveryVerbAndRead() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml(WEB);
        cluster.settle();
        NodeEditor node = cluster.editNode("node-1");
        PodEditor pod = cluster.editPod("web");
        var web = assertThat(cluster).pod("web");
        var webApp = web.container("app");
        dev.peapod.behaviour.ContainerBehaviour app = cluster.container("web", "app");
        // when
        cluster.close();
        // then
        List<Map.Entry<String, Runnable>> verbs = List.of(
                Map.entry("FakeCluster.apply", () -> cluster.applyYaml(WEB)),
                Map.entry("FakeCluster.apply", () -> cluster.apply(configMap("a"))),
                Map.entry("FakeCluster.deletePod", () -> cluster.deletePod("web")),
                Map.entry("FakeCluster.delete", () -> cluster.delete(Pod.class, "web")),
                Map.entry("FakeCluster.deleteAll", () -> cluster.deleteAll(Pod.class, "app=web")),
                Map.entry("FakeCluster.editStatus", () -> cluster.editStatus(Pod.class, "default", "web", p -> { })),
                Map.entry("FakeCluster.editPod", () -> cluster.editPod("web")),
                Map.entry("FakeCluster.editNode", () -> cluster.editNode("node-1")),
                Map.entry("NodeEditor.cordon", node::cordon),
                Map.entry("PodEditor.delete", pod::delete),
                Map.entry("ContainerBehaviour", () -> app.tcpRefuses(8080)),
                Map.entry("ContainerBehaviour.exitsWith", () -> app.exitsWith(1)),
                Map.entry("FakeCluster.addNode", () -> cluster.addNode(NodeSpec.named("node-2"))),
                Map.entry("FakeCluster.advance", () -> cluster.advance(Duration.ofSeconds(1))),
                Map.entry("FakeCluster.advanceTo", () -> cluster.advanceTo(Duration.ofSeconds(1))),
                Map.entry("FakeCluster.settle", cluster::settle),
                Map.entry("FakeCluster.runUntil", () -> cluster.runUntil(c -> true, Duration.ZERO)),
                Map.entry("FakeCluster.container", () -> cluster.container("web", "app")),
                Map.entry("FakeCluster.imageCannotBePulled", () -> cluster.imageCannotBePulled("nginx")),
                Map.entry("FakeCluster.useNamespace", () -> cluster.useNamespace("e2e")),
                Map.entry("FakeCluster.pod", () -> cluster.pod("web")),
                Map.entry("FakeCluster.findPod", () -> cluster.findPod("web")),
                Map.entry("FakeCluster.podTable", cluster::podTable),
                Map.entry("FakeCluster.pods", cluster::pods),
                Map.entry("FakeCluster.nodes", cluster::nodes),
                Map.entry("FakeCluster.node", () -> cluster.node("node-1")),
                Map.entry("FakeCluster.events", cluster::events),
                Map.entry("FakeCluster.timeline", cluster::timeline),
                Map.entry("FakeCluster.await", () -> cluster.await("web ready")),
                Map.entry("PodAssert.isRunning", web::isRunning),
                Map.entry("PodAssert.hasEvent", () -> web.hasEvent("Started")),
                Map.entry("PodAssert.container", () -> web.container("app")),
                Map.entry("ContainerAssert.isReady", webApp::isReady),
                Map.entry("PodWait.within", () -> web.becomesReady().within(Duration.ofSeconds(1))));
        for (Map.Entry<String, Runnable> verb : verbs) {
            assertThatThrownBy(verb.getValue()::run).as(verb.getKey())
                    .isInstanceOf(PeapodException.class)
                    .hasMessage(String.format(CLOSED, verb.getKey()));
        }
        assertThatThrownBy(() -> cluster.inbox().submit(() -> { }).join())
                .hasRootCauseMessage("the inbox no longer takes work: the cluster is closed; submit to a running cluster's inbox");
        assertThatCode(cluster::close).as("close() twice").doesNotThrowAnyException();
        assertThat(cluster.isClosed()).isTrue();
    }

    // ---------------------------------------------------------------- durations

    @Test
    void aNegativeInstantInAnAssertionIsPrintedReadably() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(WEB);
            assertThatThrownBy(() -> assertThat(cluster).pod("web").container("app").lastTerminatedAt(Duration.ofSeconds(-2)))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("lastTerminatedAt(-2s): the instant since the cluster started must not be negative, but was -2s");
        }
    }

    @Test
    void impossibleDurationsAreRefusedNamingTheArgumentAndTheValue() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.advance(Duration.ofSeconds(Long.MAX_VALUE)))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("advance(duration): duration must be at most 365250 days (a thousand years of virtual time), "
                            + "but was 2562047788015215h30m7s");
            assertThatThrownBy(() -> cluster.advance(Duration.ofSeconds(-1)))
                    .hasMessage("advance(duration): duration must not be negative, but was -1s");
            assertThatThrownBy(() -> cluster.advanceTo(Duration.ofDays(400_000)))
                    .hasMessage("advanceTo(sinceStart): sinceStart must be at most 365250 days (a thousand years of virtual "
                            + "time), but was 9600000h");
            assertThatThrownBy(() -> cluster.runUntil(c -> false, Duration.ofMillis(-1)))
                    .hasMessage("runUntil(condition, limit): limit must not be negative, but was -0.001s");
            assertThatThrownBy(() -> cluster.await("x").atMost(Duration.ofDays(1_000_000)))
                    .hasMessage("atMost(limit): limit must be at most 365250 days (a thousand years of virtual time), "
                            + "but was 24000000h");
            assertThatThrownBy(() -> assertThat(cluster).pod("web").becomesReady().within(Duration.ofDays(1_000_000)))
                    .hasMessage("within(limit): limit must be at most 365250 days (a thousand years of virtual time), "
                            + "but was 24000000h");
            assertThatThrownBy(() -> cluster.delete(Pod.class, "web", Duration.ofSeconds(Long.MAX_VALUE)))
                    .hasMessage("gracePeriod must be at most 365250 days (a thousand years of virtual time), but was"
                            + " 2562047788015215h30m7s");
            // the clock did not move
            assertThat(cluster.elapsed()).isZero();
            // a thousand years is still a duration the clock can run
            cluster.advance(Duration.ofDays(365_250));
            assertThat(cluster.elapsed()).isEqualTo(Duration.ofDays(365_250));
        }
    }

    @Test
    void aStartInstantOutsideTheApisYearsIsRefused() {
        assertThatThrownBy(() -> ClusterSpec.empty().startingAt(Instant.MAX))
                .isInstanceOf(PeapodException.class)
                .hasMessage("startAt must be between 0000-01-01T00:00:00Z and 9999-01-01T00:00:00Z (timestamps the API writes"
                        + " have four-digit years), but was +1000000000-12-31T23:59:59.999999999Z");
    }

    // ---------------------------------------------------------------- node values

    @Test
    void nodeSpecValuesAreCheckedAsTheApiServerChecksANode() {
        NodeSpec node = NodeSpec.named("worker0");
        assertThatThrownBy(() -> node.cpu("abc")).isInstanceOf(PeapodException.class)
                .hasMessage("node \"worker0\", cpu: status.allocatable.cpu: Invalid value: \"abc\": quantities must match"
                        + " the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        assertThatThrownBy(() -> node.memory("lots"))
                .hasMessage("node \"worker0\", memory: status.allocatable.memory: Invalid value: \"lots\": quantities must"
                        + " match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        assertThatThrownBy(() -> node.memory("-1Gi"))
                .hasMessage("node \"worker0\", memory: status.allocatable.memory: Invalid value: \"-1Gi\": must be greater"
                        + " than or equal to 0");
        assertThatThrownBy(() -> node.pods(-5))
                .hasMessage("node \"worker0\", pods: status.allocatable.pods: Invalid value: \"-5\": must be greater than"
                        + " or equal to 0");
        assertThatThrownBy(() -> node.allocatable("pods", "1500m"))
                .hasMessage("node \"worker0\", allocatable: status.allocatable.pods: Invalid value: \"1500m\": must be an integer");
        assertThatThrownBy(() -> node.allocatable("ephemeral-storage", "lots"))
                .hasMessage("node \"worker0\", allocatable: status.allocatable.ephemeral-storage: Invalid value: \"lots\":"
                        + " quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        assertThatThrownBy(() -> node.allocatable("bad resource!", "1"))
                .hasMessage("node \"worker0\", allocatable: status.allocatable: Invalid value: \"bad resource!\": name part must"
                        + " consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric"
                        + " character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
                        + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
        assertThatThrownBy(() -> node.allocatable("gpu", "1"))
                .hasMessage("node \"worker0\", allocatable: status.allocatable: Invalid value: \"gpu\": must be a standard"
                        + " resource type or fully qualified");
        assertThatThrownBy(() -> node.podCidr("banana"))
                .hasMessage("node \"worker0\", podCidr: spec.podCIDRs[0]: Invalid value: \"banana\": must be a valid CIDR"
                        + " value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
        assertThatThrownBy(() -> node.podCidr("10.244.300.0/24"))
                .hasMessage("node \"worker0\", podCidr: spec.podCIDRs[0]: Invalid value: \"10.244.300.0/24\": must be a"
                        + " valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
        assertThatThrownBy(() -> node.podCidr("10.244.1.0/28"))
                .hasMessage("node \"worker0\", podCidr: spec.podCIDRs[0]: Invalid value: \"10.244.1.0/28\": Peapod gives"
                        + " pod addresses from an IPv4 range of /24 or wider, e.g. 10.244.1.0/24");
        assertThatThrownBy(() -> node.taint("dedicated", "gpu", "Never"))
                .hasMessage("node \"worker0\", taint: spec.taints[0].effect: Unsupported value: \"Never\": supported values:"
                        + " \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"");
        assertThatThrownBy(() -> node.taint("bad key!:NoSchedule"))
                .hasMessage("node \"worker0\", taint: spec.taints[0].key: Invalid value: \"bad key!\": name part must"
                        + " consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric"
                        + " character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
                        + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
        assertThatThrownBy(() -> node.label("disk type", "ssd"))
                .hasMessageStartingWith("node \"worker0\", label: metadata.labels: Invalid value: \"disk type\": name part must");
        assertThatThrownBy(() -> node.label("disktype", "s s d"))
                .hasMessageStartingWith("node \"worker0\", label: metadata.labels: Invalid value: \"s s d\": a valid label must");
        assertThatThrownBy(() -> NodeSpec.named("Worker_0"))
                .hasMessage("node \"Worker_0\", NodeSpec.named: metadata.name: Invalid value: \"Worker_0\": a lowercase RFC"
                        + " 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and"
                        + " end with an alphanumeric character (e.g. 'example.com', regex used for validation is"
                        + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThatThrownBy(() -> new NodeSpec("worker0", Map.of(), List.of(), Map.of("cpu", "abc"), null, false))
                .hasMessage("node \"worker0\", allocatable: status.allocatable.cpu: Invalid value: \"abc\": quantities must"
                        + " match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        // good values pass
        assertThat(node.cpu("500m").memory("1Gi").pods(10).podCidr("10.244.7.0/24").label("example.com/disk", "")
                .taint("dedicated=gpu:NoSchedule").allocatable("nvidia.com/gpu", "2").podCidr()).isEqualTo("10.244.7.0/24");
    }

    @Test
    void aNodeEditorRefusesLabelsAndTaintsTheApiServerWouldRefuse() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            long version = cluster.context().store().resourceVersion();
            assertThatThrownBy(() -> cluster.editNode("node-1").label("disktype", "s s d"))
                    .hasMessageStartingWith("node \"node-1\", label: metadata.labels: Invalid value: \"s s d\": a valid label must");
            assertThatThrownBy(() -> cluster.editNode("node-1").taint("bad key!=x:NoSchedule"))
                    .hasMessageStartingWith("node \"node-1\", taint: spec.taints[0].key: Invalid value: \"bad key!\": name part must");
            assertThat(cluster.context().store().resourceVersion()).isEqualTo(version);
        }
    }
}
