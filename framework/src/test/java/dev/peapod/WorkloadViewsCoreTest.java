package dev.peapod;

import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every workload view has the same core: get(), find(), row(), table() (kubectl get's text), events(), pods() where it owns pods. */
class WorkloadViewsCoreTest {
    static final String WORKLOADS = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: c, image: "nginx:1.25"}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {selector: {app: web}, ports: [{port: 80}]}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              replicas: 1
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec: {containers: [{name: c, image: "nginx:1.25"}]}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec: {containers: [{name: c, image: "nginx:1.25"}]}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: pi}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: c, image: "busybox:1.36", command: ["sh", "-c", "exit 0"]}]
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: hello}
            spec:
              schedule: "*/5 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: c, image: "busybox:1.36", command: ["sh", "-c", "exit 0"]}]
            """;

    private static List<String> reasons(List<Event> events) {
        return events.stream().map(Event::getReason).toList();
    }

    @Test
    void eachViewPrintsItsKubectlTableAndListsItsEvents() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(WORKLOADS);
            cluster.advance(Duration.ofMinutes(6));
            String rs = cluster.deployment("web").replicaSets().get(0).getMetadata().getName();
            assertThat(cluster.deployment("web").table()).isEqualTo("""
                    NAME   READY   UP-TO-DATE   AVAILABLE   AGE
                    web    2/2     2            2           6m
                    """);
            assertThat(cluster.replicaSet(rs).table()).isEqualTo("""
                    NAME             DESIRED   CURRENT   READY   AGE
                    web-7dccd869c6   2         2         2       6m
                    """);
            assertThat(cluster.statefulSet("db").table()).isEqualTo("""
                    NAME   READY   AGE
                    db     1/1     6m
                    """);
            assertThat(cluster.daemonSet("agent").table()).isEqualTo("""
                    NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
                    agent   1         1         1       1            1           <none>          6m
                    """);
            assertThat(cluster.job("pi").table()).isEqualTo("""
                    NAME   STATUS     COMPLETIONS   DURATION   AGE
                    pi     Complete   1/1           1s         6m
                    """);
            assertThat(cluster.cronJob("hello").table()).isEqualTo("""
                    NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
                    hello   */5 * * * *   <none>     False     0        60s             6m
                    """);
            assertThat(cluster.service("web").table()).isEqualTo("""
                    NAME   TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE
                    web    ClusterIP   10.96.149.150   <none>        80/TCP    6m
                    """);
            assertThat(reasons(cluster.deployment("web").events())).containsExactly("ScalingReplicaSet");
            assertThat(reasons(cluster.replicaSet(rs).events())).containsExactly("SuccessfulCreate", "SuccessfulCreate");
            assertThat(reasons(cluster.statefulSet("db").events())).containsExactly("SuccessfulCreate");
            assertThat(reasons(cluster.daemonSet("agent").events())).containsExactly("SuccessfulCreate");
            assertThat(reasons(cluster.job("pi").events())).containsExactly("SuccessfulCreate", "Completed");
            assertThat(reasons(cluster.cronJob("hello").events())).containsExactly("SuccessfulCreate", "SawCompletedJob");
            assertThat(cluster.service("web").events()).isEmpty();
        }
    }

    @Test
    void findIsEmptyForAMissingWorkloadAndItsEventsStayAfterItIsDeleted() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(WORKLOADS);
            assertThat(cluster.deployment("nope").find()).isEmpty();
            assertThat(cluster.replicaSet("nope").find()).isEmpty();
            assertThat(cluster.statefulSet("nope").find()).isEmpty();
            assertThat(cluster.daemonSet("nope").find()).isEmpty();
            assertThat(cluster.job("nope").find()).isEmpty();
            assertThat(cluster.cronJob("nope").find()).isEmpty();
            assertThat(cluster.service("nope").find()).isEmpty();
            assertThat(cluster.job("pi").find()).get().extracting(j -> j.getMetadata().getName()).isEqualTo("pi");
            cluster.delete(io.fabric8.kubernetes.api.model.apps.DaemonSet.class, "agent");
            assertThat(cluster.daemonSet("agent").find()).isEmpty();
            assertThat(reasons(cluster.daemonSet("agent").events())).containsExactly("SuccessfulCreate");
            assertThat(cluster.daemonSet("agent").namespace() + "/" + cluster.job("pi").name() + "/" + cluster.cronJob("hello").namespace())
                    .isEqualTo("default/pi/default");
        }
    }
}
