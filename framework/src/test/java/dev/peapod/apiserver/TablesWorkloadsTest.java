package dev.peapod.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other kinds' tables: column names, types and priorities as printers.go (v1.33) declares them, and
 * cells with the JSON types the print functions give them (int64 counts are numbers, even under a
 * "string" column).
 */
class TablesWorkloadsTest {
    private static final ObjectMapper JSON = Serialization.jsonMapper();
    private static final Instant NOW = Instant.parse("2025-01-01T00:10:00Z");
    private static final String CREATED = "2025-01-01T00:00:00Z";

    @Test
    void replicaSet() {
        var rs = new ReplicaSetBuilder().withNewMetadata().withName("web-5d9").withCreationTimestamp(CREATED).endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer()
                .endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(3).withReadyReplicas(1).endStatus().build();
        assertTable(rs, List.of("Name|string|0", "Desired|integer|0", "Current|integer|0", "Ready|integer|0",
                "Age|string|0", "Containers|string|1", "Images|string|1", "Selector|string|1"),
                "[\"web-5d9\",3,3,1,\"10m\",\"app\",\"nginx\",\"app=web\"]");
    }

    @Test
    void replicationController() {
        var rc = new ReplicationControllerBuilder().withNewMetadata().withName("old").withCreationTimestamp(CREATED)
                .endMetadata().withNewSpec().withReplicas(2).addToSelector("app", "old").endSpec().build();
        assertTable(rc, List.of("Name|string|0", "Desired|integer|0", "Current|integer|0", "Ready|integer|0",
                "Age|string|0", "Containers|string|1", "Images|string|1", "Selector|string|1"),
                "[\"old\",2,0,0,\"10m\",\"\",\"\",\"app=old\"]");
    }

    @Test
    void statefulSet() {
        var sts = new StatefulSetBuilder().withNewMetadata().withName("db").withCreationTimestamp(CREATED).endMetadata()
                .withNewSpec().withReplicas(3).withNewTemplate().withNewSpec().addNewContainer().withName("pg")
                .withImage("postgres:16").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReadyReplicas(2).endStatus().build();
        assertTable(sts, List.of("Name|string|0", "Ready|string|0", "Age|string|0", "Containers|string|1",
                "Images|string|1"), "[\"db\",\"2/3\",\"10m\",\"pg\",\"postgres:16\"]");
    }

    @Test
    void daemonSet() {
        var ds = new DaemonSetBuilder().withNewMetadata().withName("agent").withCreationTimestamp(CREATED).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector()
                .withNewTemplate().withNewSpec().addToNodeSelector("kubernetes.io/os", "linux").addNewContainer()
                .withName("agent").withImage("agent:1").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withDesiredNumberScheduled(2).withCurrentNumberScheduled(2).withNumberReady(1)
                .withUpdatedNumberScheduled(2).withNumberAvailable(1).endStatus().build();
        assertTable(ds, List.of("Name|string|0", "Desired|integer|0", "Current|integer|0", "Ready|integer|0",
                "Up-to-date|integer|0", "Available|integer|0", "Node Selector|string|0", "Age|string|0",
                "Containers|string|1", "Images|string|1", "Selector|string|1"),
                "[\"agent\",2,2,1,2,1,\"kubernetes.io/os=linux\",\"10m\",\"agent\",\"agent:1\",\"app=agent\"]");
    }

    @Test
    void job() {
        var job = new JobBuilder().withNewMetadata().withName("pi").withCreationTimestamp(CREATED).endMetadata()
                .withNewSpec().withCompletions(3).withNewSelector().addToMatchLabels("job-name", "pi").endSelector()
                .withNewTemplate().withNewSpec().addNewContainer().withName("pi").withImage("perl").endContainer()
                .endSpec().endTemplate().endSpec()
                .withNewStatus().withSucceeded(1).withStartTime("2025-01-01T00:00:05Z").endStatus().build();
        assertTable(job, List.of("Name|string|0", "Status|string|0", "Completions|string|0", "Duration|string|0",
                "Age|string|0", "Containers|string|1", "Images|string|1", "Selector|string|1"),
                "[\"pi\",\"Running\",\"1/3\",\"9m55s\",\"10m\",\"pi\",\"perl\",\"job-name=pi\"]");
    }

    @Test
    void cronJob() {
        var cronJob = new CronJobBuilder().withNewMetadata().withName("hello").withCreationTimestamp(CREATED)
                .endMetadata().withNewSpec().withSchedule("*/5 * * * *").withSuspend(false).withNewJobTemplate()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("hello").withImage("busybox")
                .endContainer().endSpec().endTemplate().endSpec().endJobTemplate().endSpec()
                .withNewStatus().withLastScheduleTime("2025-01-01T00:05:00Z").addNewActive().withName("hello-1")
                .endActive().endStatus().build();
        assertTable(cronJob, List.of("Name|string|0", "Schedule|string|0", "Timezone|string|0", "Suspend|boolean|0",
                "Active|integer|0", "Last Schedule|string|0", "Age|string|0", "Containers|string|1", "Images|string|1",
                "Selector|string|1"),
                "[\"hello\",\"*/5 * * * *\",\"<none>\",\"False\",1,\"5m\",\"10m\",\"hello\",\"busybox\",\"<none>\"]");
    }

    @Test
    void serviceIsAlwaysPrintedWideSoALoadBalancerIsNeverClipped() {
        var service = new ServiceBuilder().withNewMetadata().withName("web").withCreationTimestamp(CREATED).endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIPs("10.96.0.10").addNewPort().withPort(80)
                .withNodePort(30080).withProtocol("TCP").endPort().addToSelector("app", "web").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress()
                .withHostname("a1b2c3d4e5f6.elb.eu-west-1.amazonaws.com").endIngress().endLoadBalancer().endStatus()
                .build();
        assertTable(service, List.of("Name|string|0", "Type|string|0", "Cluster-IP|string|0", "External-IP|string|0",
                "Port(s)|string|0", "Age|string|0", "Selector|string|1"),
                "[\"web\",\"LoadBalancer\",\"10.96.0.10\",\"a1b2c3d4e5f6.elb.eu-west-1.amazonaws.com\","
                        + "\"80:30080/TCP\",\"10m\",\"app=web\"]");
    }

    @Test
    void secretAndNamespace() {
        var secret = new SecretBuilder().withNewMetadata().withName("token").withCreationTimestamp(CREATED).endMetadata()
                .withType("Opaque").addToData("a", "YQ==").addToData("b", "Yg==").build();
        var namespace = new NamespaceBuilder().withNewMetadata().withName("team").withCreationTimestamp(CREATED)
                .endMetadata().withNewStatus().withPhase("Active").endStatus().build();
        assertTable(secret, List.of("Name|string|0", "Type|string|0", "Data|string|0", "Age|string|0"),
                "[\"token\",\"Opaque\",2,\"10m\"]");
        assertTable(namespace, List.of("Name|string|0", "Status|string|0", "Age|string|0"),
                "[\"team\",\"Active\",\"10m\"]");
    }

    private static void assertTable(HasMetadata object, List<String> columns, String cells) {
        Tables.Result result = Tables.object(object, TableOptions.of("v1", null), NOW);
        JsonNode table = JSON.readTree(JSON.writeValueAsString(result.table()));
        List<String> actual = new ArrayList<>();
        for (JsonNode c : table.get("columnDefinitions")) {
            assertThat(c.get("description").asString()).as("description of " + c.get("name")).isNotEmpty();
            actual.add(c.get("name").asString() + "|" + c.get("type").asString() + "|" + c.get("priority").asInt());
        }
        assertThat(actual).containsExactlyElementsOf(columns);
        assertThat(table.get("rows").get(0).get("cells")).isEqualTo(JSON.readTree(cells));
        assertThat(result.warnings()).isEmpty();
    }
}
