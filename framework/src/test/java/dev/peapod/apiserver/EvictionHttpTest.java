package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** pods/eviction against PodDisruptionBudgets over HTTP (eviction.go, v1.33): 201, 429, the 500 of two budgets, 403 while terminating. */
class EvictionHttpTest {
    private static final String PODS = """
            apiVersion: v1
            kind: Pod
            metadata: {name: a, labels: {app: web}}
            spec: {containers: [{name: app, image: nginx:1.25}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b, labels: {app: web}}
            spec: {containers: [{name: app, image: nginx:1.25}]}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: web}
            spec: {minAvailable: 2, selector: {matchLabels: {app: web}}}
            """;
    private FakeCluster cluster;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        http = new Http(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private HttpResponse<String> evict(String namespace, String pod) {
        return http.send("POST", "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/eviction", "application/json",
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod + "\"}}");
    }

    @Test
    void anEvictionThatWouldViolateTheBudgetIs429WithTheDisruptionBudgetCause() {
        // given minAvailable 2 of 2
        cluster.applyYaml(PODS);
        cluster.advance(Duration.ofSeconds(5));
        // when
        HttpResponse<String> refused = evict("default", "a");
        // then
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\",\"reason\":\"TooManyRequests\","
                + "\"details\":{\"causes\":[{\"reason\":\"DisruptionBudget\",\"message\":\"The disruption budget web needs 2 healthy pods "
                + "and has 2 currently\"}]},\"code\":429}");
        assertThat(cluster.context().store().peek(Pod.class, "default", "a").getMetadata().getDeletionTimestamp()).isNull();
        // the PDB is served under policy/v1 with its status
        HttpResponse<String> pdb = http.get("/apis/policy/v1/namespaces/default/poddisruptionbudgets/web");
        assertThat(pdb.statusCode()).isEqualTo(200);
        assertThat(pdb.body()).contains("\"disruptionsAllowed\":0", "\"currentHealthy\":2", "\"desiredHealthy\":2", "\"expectedPods\":2");
    }

    @Test
    void aBudgetNotYetSyncedSinceItsChangeIsStillBeingProcessedAndSaysWhenToRetry() {
        // given: a budget whose spec changed (a new generation) that the disruption controller has not synced yet
        cluster.applyYaml(PODS);
        cluster.advance(Duration.ofSeconds(5));
        cluster.context().store().shared().editStatus(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class, "default",
                "web", budget -> budget.getStatus().setObservedGeneration(budget.getMetadata().getGeneration() - 1));
        cluster.context().loop().engine().releaseIfIdle(); // the engine given back without settling: the controller has not run
        // when
        HttpResponse<String> refused = evict("default", "a");
        // then createTooManyRequestsError: retry after 10 s, in the Status and in a Retry-After header
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("\"details\":{\"causes\":[{\"reason\":\"DisruptionBudget\",\"message\":\"The disruption "
                + "budget web is still being processed by the server.\"}],\"retryAfterSeconds\":10},\"code\":429}");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
    }

    @Test
    void aPodOfTwoBudgetsIsAnswered500AsUpstream() {
        // given
        cluster.applyYaml(PODS + "---\n" + PODS.substring(PODS.indexOf("apiVersion: policy/v1")).replace("name: web}", "name: web2}"));
        cluster.advance(Duration.ofSeconds(5));
        // when
        HttpResponse<String> answer = evict("default", "a");
        // then
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.\",\"code\":500}");
    }

    @Test
    void anEvictionWithinTheBudgetIs201() {
        // given minAvailable 1 of 2
        cluster.applyYaml(PODS.replace("minAvailable: 2", "minAvailable: 1"));
        cluster.advance(Duration.ofSeconds(5));
        // when
        HttpResponse<String> answer = evict("default", "a");
        // then
        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(cluster.context().store().peek(PodDisruptionBudget.class, "default", "web").getStatus().getDisruptionsAllowed()).isZero();
    }

    @Test
    void anEvictionInATerminatingNamespaceIsForbidden() {
        // given
        cluster.applyYaml("apiVersion: v1\nkind: Namespace\nmetadata: {name: e2e}\n---\n"
                + "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: e2e}\nspec: {containers: [{name: app, image: nginx:1.25}]}\n");
        cluster.settle();
        cluster.delete(Namespace.class, "e2e");
        // when
        HttpResponse<String> refused = evict("e2e", "a");
        // then (NamespaceLifecycle, as kubectl drain expects before it falls back to a delete)
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"message\":\"pods \\\"a\\\" is forbidden: unable to create new content in namespace e2e "
                + "because it is being terminated\"", "\"reason\":\"NamespaceTerminating\"");
    }
}
