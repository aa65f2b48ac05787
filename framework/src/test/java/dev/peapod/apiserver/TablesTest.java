package dev.peapod.apiserver;

import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tables as the API server serves them to {@code kubectl get} (kubernetes v1.33:
 * pkg/printers/internalversion/printers.go for columns and cells, pkg/printers/tablegenerator.go and
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go asTable for the table and its rows'
 * objects, staging/src/k8s.io/apiserver/pkg/registry/rest/table.go for the default table).
 */
class TablesTest {
    private static final ObjectMapper JSON = Serialization.jsonMapper();
    private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant NOW = CREATED.plusSeconds(600);
    private static final TableOptions V1 = TableOptions.of("v1", null);

    @Test
    void runningPodHasUpstreamsColumnsAndCells() {
        // given
        Pod web = runningPod().build();
        // when
        Tables.Result result = Tables.object(web, V1, NOW);
        // then
        JsonNode table = tree(result.table());
        assertThat(table.get("kind").asString()).isEqualTo("Table");
        assertThat(table.get("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.get("metadata")).isEqualTo(tree("{\"resourceVersion\":\"42\"}"));
        assertThat(columns(table)).containsExactly(
                "Name|string|name|0|" + ColumnDocs.NAME,
                "Ready|string||0|The aggregate readiness state of this pod for accepting traffic.",
                "Status|string||0|The aggregate status of the containers in this pod.",
                "Restarts|string||0|The number of times the containers in this pod have been restarted and when the"
                        + " last container in this pod has restarted.",
                "Age|string||0|CreationTimestamp is a timestamp representing the server time when this object was"
                        + " created. It is not guaranteed to be set in happens-before order across separate operations."
                        + " Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n"
                        + "Populated by the system. Read-only. Null for lists. More info:"
                        + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
                "IP|string||1|podIP address allocated to the pod. Routable at least within the cluster. Empty if not"
                        + " yet allocated.",
                "Node|string||1|" + ColumnDocs.NODE_NAME,
                "Nominated Node|string||1|" + ColumnDocs.NOMINATED_NODE_NAME,
                "Readiness Gates|string||1|" + ColumnDocs.READINESS_GATES);
        assertThat(ColumnDocs.NAME).isEqualTo("Name must be unique within a namespace. Is required when creating"
                + " resources, although some resources may allow a client to request the generation of an appropriate"
                + " name automatically. Name is primarily intended for creation idempotence and configuration"
                + " definition. Cannot be updated. More info:"
                + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names");
        assertThat(table.get("rows")).hasSize(1);
        assertThat(table.get("rows").get(0).get("cells")).isEqualTo(
                tree("[\"web\",\"1/1\",\"Running\",\"0\",\"10m\",\"10.244.1.5\",\"node-1\",\"<none>\",\"<none>\"]"));
        assertThat(table.get("rows").get(0).has("conditions")).isFalse();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void rowsCarryPartialObjectMetadataByDefault() {
        // when
        JsonNode row = tree(Tables.object(runningPod().build(), V1, NOW).table()).get("rows").get(0);
        // then
        assertThat(row.get("object")).isEqualTo(tree("""
                {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1",
                 "metadata":{"name":"web","namespace":"default","uid":"uid-web","resourceVersion":"42",
                             "creationTimestamp":"2025-01-01T00:00:00Z","labels":{"app":"web"}}}
                """));
    }

    @Test
    void includeObjectNoneAndObject() {
        // given
        Pod web = runningPod().build();
        // when
        JsonNode none = tree(Tables.object(web, TableOptions.of("v1", "None"), NOW).table()).get("rows").get(0);
        JsonNode whole = tree(Tables.object(web, TableOptions.of("v1", "Object"), NOW).table()).get("rows").get(0);
        // then a RawExtension without an object encodes as null
        assertThat(none.has("object")).isTrue();
        assertThat(none.get("object").isNull()).isTrue();
        assertThat(whole.get("object")).isEqualTo(tree(JSON.writeValueAsString(web)));
        assertThat(whole.get("object").get("kind").asString()).isEqualTo("Pod");
    }

    @Test
    void refusesAnUnknownIncludeObjectInUpstreamsWords() {
        // when / then handlers/response.go optionsForTransform with ValidateTableOptions
        assertThatThrownBy(() -> TableOptions.of("v1", "Everything"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("BadRequest");
                    assertThat(e.getMessage()).isEqualTo("Unable to convert to Table as requested: includeObject:"
                            + " Invalid value: \"Everything\": must be 'Metadata', 'Object', 'None', or empty");
                });
    }

    @Test
    void crashLoopingPodShowsRestartsWithTheLastOnesAge() {
        // given a container restarted twice, the last exit 5 minutes ago
        Pod web = runningPod().editStatus()
                .withConditions()
                .withContainerStatuses(new ContainerStatusBuilder().withName("app").withImage("nginx:1.25")
                        .withReady(false).withStarted(false).withRestartCount(2)
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 20s restarting failed container=app pod=web_default(uid-web)")
                        .endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                        .withStartedAt("2025-01-01T00:04:50Z").withFinishedAt("2025-01-01T00:05:00Z")
                        .endTerminated().endLastState().build())
                .endStatus().build();
        // when
        JsonNode row = tree(Tables.object(web, V1, NOW).table()).get("rows").get(0);
        // then
        assertThat(row.get("cells")).isEqualTo(tree(
                "[\"web\",\"0/1\",\"CrashLoopBackOff\",\"2 (5m ago)\",\"10m\",\"10.244.1.5\",\"node-1\",\"<none>\",\"<none>\"]"));
    }

    @Test
    void podsInATerminalPhaseCarryTheCompletedCondition() {
        // given
        Pod done = runningPod().editStatus().withPhase("Succeeded").endStatus().build();
        Pod failed = runningPod().editMetadata().withName("broken").endMetadata()
                .editStatus().withPhase("Failed").endStatus().build();
        // when
        JsonNode table = tree(Tables.list(Pod.class, List.of(done, failed), null, V1, NOW).table());
        // then printers.go podSuccessConditions and podFailedConditions
        assertThat(table.get("rows").get(0).get("conditions")).isEqualTo(tree(
                "[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Succeeded\","
                        + "\"message\":\"The pod has completed successfully.\"}]"));
        assertThat(table.get("rows").get(1).get("conditions")).isEqualTo(tree(
                "[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Failed\",\"message\":\"The pod failed.\"}]"));
    }

    @Test
    void listTableTakesTheListsMetadata() {
        // when
        JsonNode table = tree(Tables.list(Pod.class, List.of(runningPod().build()),
                new ListMetaBuilder().withResourceVersion("77").withContinue("token").withRemainingItemCount(3L).build(),
                V1, NOW).table());
        JsonNode empty = tree(Tables.list(Pod.class, List.of(), new ListMetaBuilder().withResourceVersion("77").build(),
                V1, NOW).table());
        // then
        assertThat(table.get("metadata")).isEqualTo(
                tree("{\"resourceVersion\":\"77\",\"continue\":\"token\",\"remainingItemCount\":3}"));
        assertThat(empty.get("rows")).isEqualTo(tree("[]"));
        assertThat(empty.get("columnDefinitions")).hasSize(9);
    }

    @Test
    void withoutHeadersTheColumnDefinitionsAreNull() {
        // when (upstream's watch sends columns on the first event only)
        JsonNode table = tree(Tables.object(runningPod().build(), V1.withoutHeaders(), NOW).table());
        // then
        assertThat(table.get("columnDefinitions").isNull()).isTrue();
        assertThat(table.get("rows").get(0).get("cells")).hasSize(9);
    }

    @Test
    void v1beta1TablesAndTheirPartialObjectsSayV1beta1() {
        // when
        JsonNode table = tree(Tables.object(runningPod().build(), TableOptions.of("v1beta1", ""), NOW).table());
        // then
        assertThat(table.get("apiVersion").asString()).isEqualTo("meta.k8s.io/v1beta1");
        assertThat(table.get("rows").get(0).get("object").get("apiVersion").asString()).isEqualTo("meta.k8s.io/v1beta1");
    }

    @Test
    void nodeHasUpstreamsColumnsAndCells() {
        // given
        var node = new NodeBuilder().withNewMetadata().withName("node-1").withResourceVersion("7")
                .withCreationTimestamp("2025-01-01T00:00:00Z")
                .withLabels(Map.of("node-role.kubernetes.io/control-plane", "")).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewAddress().withType("InternalIP").withAddress("10.0.0.1").endAddress()
                .withNewNodeInfo().withKubeletVersion("v1.33.0").withOsImage("Peapod 0.1").withKernelVersion("6.8.0")
                .withContainerRuntimeVersion("peapod://0.1").endNodeInfo().endStatus().build();
        // when
        JsonNode table = tree(Tables.object(node, V1, NOW).table());
        // then
        assertThat(columns(table)).containsExactly(
                "Name|string|name|0|" + ColumnDocs.NAME,
                "Status|string||0|The status of the node",
                "Roles|string||0|The roles of the node",
                "Age|string||0|" + ColumnDocs.CREATION_TIMESTAMP,
                "Version|string||0|Kubelet Version reported by the node.",
                "Internal-IP|string||1|" + ColumnDocs.ADDRESSES,
                "External-IP|string||1|" + ColumnDocs.ADDRESSES,
                "OS-Image|string||1|OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
                "Kernel-Version|string||1|Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
                "Container-Runtime|string||1|ContainerRuntime Version reported by the node through runtime remote API"
                        + " (e.g. containerd://1.4.2).");
        assertThat(ColumnDocs.ADDRESSES).startsWith("List of addresses reachable to the node. Queried from cloud"
                + " provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses");
        assertThat(table.get("rows").get(0).get("cells")).isEqualTo(tree("[\"node-1\",\"Ready\",\"control-plane\","
                + "\"10m\",\"v1.33.0\",\"10.0.0.1\",\"<none>\",\"Peapod 0.1\",\"6.8.0\",\"peapod://0.1\"]"));
    }

    @Test
    void deploymentCountsAreNumbersAndItsSelectorAString() {
        // given
        var deployment = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default")
                .withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewSpec().addNewContainer().withName("app").withImage("nginx:1.25").endContainer()
                .addNewContainer().withName("log").withImage("busybox").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(3).withReadyReplicas(2).withUpdatedReplicas(3).withAvailableReplicas(2)
                .endStatus().build();
        // when
        JsonNode table = tree(Tables.object(deployment, V1, NOW).table());
        // then types "string" for Up-to-date and Available, yet the cells are int64 (printDeployment)
        assertThat(columns(table)).containsExactly(
                "Name|string|name|0|" + ColumnDocs.NAME,
                "Ready|string||0|Number of the pod with ready state",
                "Up-to-date|string||0|Total number of non-terminated pods targeted by this deployment that have the"
                        + " desired template spec.",
                "Available|string||0|Total number of available pods (ready for at least minReadySeconds) targeted by"
                        + " this deployment.",
                "Age|string||0|" + ColumnDocs.CREATION_TIMESTAMP,
                "Containers|string||1|Names of each container in the template.",
                "Images|string||1|Images referenced by each container in the template.",
                "Selector|string||1|Label selector for pods. Existing ReplicaSets whose pods are selected by this will"
                        + " be the ones affected by this deployment.");
        assertThat(table.get("rows").get(0).get("cells")).isEqualTo(
                tree("[\"web\",\"2/3\",3,2,\"10m\",\"app,log\",\"nginx:1.25,busybox\",\"app=web\"]"));
    }

    @Test
    void eventListHasKubectlGetEventsColumns() {
        // given a repeated kubelet warning and a scheduler event, in list order
        var backOff = new EventBuilder().withNewMetadata().withName("web.181a1").withNamespace("default")
                .withCreationTimestamp("2025-01-01T00:01:00Z").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace("default").withName("web").withUid("uid-web")
                .withFieldPath("spec.containers{app}").endInvolvedObject()
                .withReason("BackOff").withType("Warning").withMessage("Back-off restarting failed container app in pod"
                        + " web_default(uid-web)\n")
                .withNewSource().withComponent("kubelet").withHost("node-1").endSource()
                .withFirstTimestamp("2025-01-01T00:01:00Z").withLastTimestamp("2025-01-01T00:09:00Z").withCount(5)
                .build();
        var scheduled = new EventBuilder().withNewMetadata().withName("web.181a0").withNamespace("default")
                .withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace("default").withName("web").endInvolvedObject()
                .withReason("Scheduled").withType("Normal").withMessage("Successfully assigned default/web to node-1")
                .withReportingComponent("default-scheduler").withFirstTimestamp("2025-01-01T00:00:00Z")
                .withLastTimestamp("2025-01-01T00:00:00Z").withCount(1).build();
        // when
        JsonNode table = tree(Tables.list(io.fabric8.kubernetes.api.model.Event.class, List.of(backOff, scheduled),
                new ListMetaBuilder().withResourceVersion("90").build(), V1, NOW).table());
        // then
        assertThat(columns(table)).containsExactly(
                "Last Seen|string||0|The time at which the most recent occurrence of this event was recorded.",
                "Type|string||0|Type of this event (Normal, Warning), new types could be added in the future",
                "Reason|string||0|This should be a short, machine understandable string that gives the reason for the"
                        + " transition into the object's current status.",
                "Object|string||0|The object that this event is about.",
                "Subobject|string||1|" + ColumnDocs.FIELD_PATH,
                "Source|string||1|The component reporting this event. Should be a short machine understandable string.",
                "Message|string||0|A human-readable description of the status of this operation.",
                "First Seen|string||1|The time at which the event was first recorded. (Time of server receipt is in"
                        + " TypeMeta.)",
                "Count|string||1|The number of times this event has occurred.",
                "Name|string|name|1|" + ColumnDocs.NAME);
        assertThat(table.get("rows").get(0).get("cells")).isEqualTo(tree("[\"60s\",\"Warning\",\"BackOff\",\"pod/web\","
                + "\"spec.containers{app}\",\"kubelet, node-1\",\"Back-off restarting failed container app in pod"
                + " web_default(uid-web)\",\"9m\",5,\"web.181a1\"]"));
        assertThat(table.get("rows").get(1).get("cells")).isEqualTo(tree("[\"10m\",\"Normal\",\"Scheduled\",\"pod/web\","
                + "\"\",\"default-scheduler\",\"Successfully assigned default/web to node-1\",\"10m\",1,\"web.181a0\"]"));
    }

    @Test
    void configMapHasItsOwnColumnsNotTheDefaultOnes() {
        // given
        var settings = new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("default")
                .withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata()
                .withData(Map.of("a", "1", "b", "2")).withBinaryData(Map.of("c", "AA==")).build();
        // when
        Tables.Result result = Tables.object(settings, V1, NOW);
        // then printConfigMap: Data counts data and binaryData
        JsonNode table = tree(result.table());
        assertThat(columns(table)).containsExactly(
                "Name|string|name|0|" + ColumnDocs.NAME,
                "Data|string||0|Data contains the configuration data. Each key must consist of alphanumeric characters,"
                        + " '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys"
                        + " stored in Data must not overlap with the keys in the BinaryData field, this is enforced during"
                        + " validation process.",
                "Age|string||0|" + ColumnDocs.CREATION_TIMESTAMP);
        assertThat(table.get("rows").get(0).get("cells")).isEqualTo(tree("[\"settings\",3,\"10m\"]"));
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void podDisruptionBudgetHasItsBoundsAndAllowedDisruptions() {
        // given
        var budget = new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder().withNewMetadata().withName("web")
                .withNamespace("default").withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString("50%")).endSpec()
                .withNewStatus().withDisruptionsAllowed(2).endStatus().build();
        // when
        Tables.Result result = Tables.object(budget, V1, NOW);
        // then printPodDisruptionBudget: N/A for the bound not set
        JsonNode table = tree(result.table());
        assertThat(columns(table)).containsExactly(
                "Name|string|name|0|" + ColumnDocs.NAME,
                "Min Available|string||0|The minimum number of pods that must be available.",
                "Max Unavailable|string||0|The maximum number of pods that may be unavailable.",
                "Allowed Disruptions|integer||0|Calculated number of pods that may be disrupted at this time.",
                "Age|string||0|" + ColumnDocs.CREATION_TIMESTAMP);
        assertThat(table.get("rows").get(0).get("cells")).isEqualTo(tree("[\"web\",\"N/A\",\"50%\",2,\"10m\"]"));
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void kindsWithoutAPrinterGetTheDefaultTable() {
        // given a Role: upstream has no printer for it either
        var reader = new RoleBuilder().withNewMetadata().withName("reader").withNamespace("default")
                .withResourceVersion("5").withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata().build();
        // when
        Tables.Result result = Tables.object(reader, V1, NOW);
        // then Name and Created At, the time in RFC 3339, not an age
        JsonNode table = tree(result.table());
        assertThat(columns(table)).containsExactly(
                "Name|string|name|0|" + ColumnDocs.NAME,
                "Created At|date||0|" + ColumnDocs.CREATION_TIMESTAMP);
        assertThat(table.get("rows").get(0).get("cells")).isEqualTo(tree("[\"reader\",\"2025-01-01T00:00:00Z\"]"));
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void anEmptyDefaultTableHasNullRows() {
        // when the default convertor appends to a nil slice
        JsonNode table = tree(Tables.list(io.fabric8.kubernetes.api.model.rbac.Role.class, List.of(),
                new ListMetaBuilder().withResourceVersion("5").build(), V1, NOW).table());
        // then
        assertThat(table.get("rows").isNull()).isTrue();
    }

    @Test
    void warnsWhenPeapodHasNoPrinterForAKindUpstreamPrints() {
        // given
        var lease = new LeaseBuilder().withNewMetadata().withName("node-1").withNamespace("kube-node-lease")
                .withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata().build();
        // when
        Tables.Result result = Tables.object(lease, V1, NOW);
        // then
        assertThat(columns(tree(result.table()))).extracting(c -> c.substring(0, c.indexOf('|')))
                .containsExactly("Name", "Created At");
        assertThat(result.warnings()).containsExactly("Peapod has no table printer for leases: the columns are the"
                + " default ones (Name, Created At), not the API server's");
    }

    private static PodBuilder runningPod() {
        return new PodBuilder()
                .withNewMetadata().withName("web").withNamespace("default").withUid("uid-web").withResourceVersion("42")
                .withCreationTimestamp("2025-01-01T00:00:00Z").withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("app").withImage("nginx:1.25")
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.244.1.5").addNewPodIP().withIp("10.244.1.5").endPodIP()
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewCondition().withType("Initialized").withStatus("True").endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName("app").withImage("nginx:1.25").withReady(true)
                        .withStarted(true).withRestartCount(0).withNewState().withNewRunning()
                        .withStartedAt("2025-01-01T00:00:05Z").endRunning().endState().build())
                .endStatus();
    }

    /** Each column as {@code name|type|format|priority|description}. */
    private static List<String> columns(JsonNode table) {
        List<String> columns = new ArrayList<>();
        for (JsonNode c : table.get("columnDefinitions")) {
            assertThat(c.propertyNames()).containsExactly("name", "type", "format", "description", "priority");
            columns.add(c.get("name").asString() + "|" + c.get("type").asString() + "|" + c.get("format").asString()
                    + "|" + c.get("priority").asInt() + "|" + c.get("description").asString());
        }
        return columns;
    }

    private static JsonNode tree(Object value) {
        return JSON.readTree(JSON.writeValueAsString(value));
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }
}
