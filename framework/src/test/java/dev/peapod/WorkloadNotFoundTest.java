package dev.peapod;

import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A view or an assertion on a workload that is not there fails with the API server's words
 * (apimachinery pkg/api/errors/errors.go NewNotFound: {@code deployments.apps "web" not found}), where
 * Peapod looked, and what is there.
 */
class WorkloadNotFoundTest {
    private static final String OTHERS = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              replicas: 0
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec: {containers: [{name: c, image: "nginx:1.25"}]}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: db}
            spec:
              replicas: 0
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec: {containers: [{name: c, image: "nginx:1.25"}]}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: e2e}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: e2e}
            spec:
              replicas: 0
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: c, image: "nginx:1.25"}]}
            """;

    @Test
    void eachViewsGetNamesTheNamespaceAndWhatIsThere() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(OTHERS);
            assertThatThrownBy(() -> cluster.deployment("web").get()).isInstanceOf(ApiException.class)
                    .hasMessage("deployments.apps \"web\" not found in namespace \"default\"; deployments there: api, db; "
                            + "\"web\" is in namespace \"e2e\"")
                    .extracting(e -> ((ApiException) e).code(), e -> ((ApiException) e).reason()).containsExactly(404, "NotFound");
            assertThatThrownBy(() -> cluster.deployment("e2e", "api").row())
                    .hasMessage("deployments.apps \"api\" not found in namespace \"e2e\"; deployments there: web; \"api\" is in namespace \"default\"");
            assertThatThrownBy(() -> cluster.replicaSet("web").get())
                    .hasMessage("replicasets.apps \"web\" not found in namespace \"default\"; replicasets there: api-65f65c4b9d, db-5bfc94db6");
            assertThatThrownBy(() -> cluster.statefulSet("web").get())
                    .hasMessage("statefulsets.apps \"web\" not found in namespace \"default\"; statefulsets there: none");
            assertThatThrownBy(() -> cluster.daemonSet("web").get())
                    .hasMessage("daemonsets.apps \"web\" not found in namespace \"default\"; daemonsets there: none");
            assertThatThrownBy(() -> cluster.job("web").get())
                    .hasMessage("jobs.batch \"web\" not found in namespace \"default\"; jobs there: none");
            assertThatThrownBy(() -> cluster.cronJob("web").get())
                    .hasMessage("cronjobs.batch \"web\" not found in namespace \"default\"; cronjobs there: none");
            assertThatThrownBy(() -> cluster.service("web").get())
                    .hasMessage("services \"web\" not found in namespace \"default\"; services there: kubernetes");
        }
    }

    @Test
    void theStoreSaysTheQualifiedResourceAsTheApiServerDoes() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.delete(Deployment.class, "web"))
                    .isInstanceOf(ApiException.class).hasMessage("deployments.apps \"web\" not found");
            assertThatThrownBy(() -> cluster.deletePod("web")).hasMessage("pods \"web\" not found");
        }
    }

    @Test
    void eachAssertionOnAMissingWorkloadSaysWherePeapodLooked() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(OTHERS);
            assertThatThrownBy(() -> assertThat(cluster).deployment("web").hasAvailableReplicas(1))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("deployments.apps \"web\" not found in namespace \"default\"; deployments there: api, db; "
                            + "\"web\" is in namespace \"e2e\".");
            assertThatThrownBy(() -> assertThat(cluster).replicaSet("web").hasReadyReplicas(1))
                    .hasMessageStartingWith("Expecting ReplicaSet default/web to have 1 ready replicas, but replicasets.apps \"web\" "
                            + "not found in namespace \"default\"; replicasets there: api-65f65c4b9d, db-5bfc94db6.\n");
            assertThatThrownBy(() -> assertThat(cluster).statefulSet("web").reachesReadyReplicas(1).within(Duration.ZERO))
                    .hasMessageContaining("statefulsets.apps \"web\" not found in namespace \"default\"; statefulsets there: none.");
            assertThatThrownBy(() -> assertThat(cluster).job("web").isComplete())
                    .hasMessageStartingWith("Expecting job default/web to be complete, but jobs.batch \"web\" not found in namespace "
                            + "\"default\"; jobs there: none.");
            assertThatThrownBy(() -> assertThat(cluster).cronJob("web").exists())
                    .hasMessageStartingWith("Expecting cronjob default/web to exist, but cronjobs.batch \"web\" not found in namespace "
                            + "\"default\"; cronjobs there: none.");
            assertThatThrownBy(() -> assertThat(cluster).service("web").hasReadyEndpoints(1))
                    .hasMessage("Expecting service default/web to have 1 ready endpoint, but at 00:00:00 services \"web\" not found "
                            + "in namespace \"default\"; services there: kubernetes.");
            assertThatThrownBy(() -> assertThat(cluster).daemonSet("web").hasReadyPods(1))
                    .hasMessage("daemonsets.apps \"web\" not found in namespace \"default\"; daemonsets there: none");
        }
    }
}
