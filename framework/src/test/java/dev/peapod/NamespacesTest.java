package dev.peapod;

import dev.peapod.assertions.Conditions;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DESIGN §8: every by-name verb and check reaches any namespace; nothing silently means default. */
class NamespacesTest {
    private static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              containers:
              - name: app
                image: nginx
                livenessProbe:
                  httpGet: {path: /healthz, port: 8080}
                  periodSeconds: 10
            """;

    @Test
    void aClusterNamespaceIsWhereNamespaceLessManifestsAndByNameVerbsGo() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.useNamespace("e2e");
            cluster.container("web", "app").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(25));
            // when
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofSeconds(50));
            // then
            assertThat(cluster.namespace()).isEqualTo("e2e");
            assertThat(cluster.pod("web").getMetadata().getNamespace()).isEqualTo("e2e");
            assertThat(cluster.pod("e2e", "web").getMetadata().getName()).isEqualTo("web");
            assertThat(cluster.findPod("default", "web")).isEmpty();
            assertThat(cluster).pod("web").hasRestarted(1);
            assertThat(cluster).pod("e2e", "web").hasRestarted(1);
            assertThat(Conditions.podIsRunning("web").test(cluster)).isTrue();
            assertThat(Conditions.podIsRunning("e2e", "web").test(cluster)).isTrue();
            assertThat(Conditions.podIsRunning("default", "web").test(cluster)).isFalse();
            assertThat(Conditions.containerHasRestarted("e2e", "web", "app", 1).test(cluster)).isTrue();
        }
    }

    @Test
    void useNamespaceCreatesAMissingNamespaceOnce() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when
            cluster.useNamespace("e2e");
            long version = cluster.context().store().resourceVersion();
            cluster.useNamespace("e2e");
            // then
            assertThat(cluster.context().store().get(Namespace.class, null, "e2e")).isPresent();
            assertThat(cluster.context().store().resourceVersion()).isEqualTo(version);
        }
    }

    @Test
    void aNamespaceNameTheApiServerRefusesIsRefused() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.useNamespace("E2E"))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("Namespace \"E2E\" is invalid: metadata.name: Invalid value: \"E2E\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
            assertThat(cluster.namespace()).isEqualTo("default");
        }
    }

    @Test
    void deletePodDeletesInTheClusterNamespaceOrTheOneGiven() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given: a pod "web" in default and one in e2e
            cluster.applyYaml(WEB);
            cluster.useNamespace("e2e");
            cluster.applyYaml(WEB);
            // when
            cluster.deletePod("default", "web");
            cluster.advance(Duration.ofSeconds(31));
            // then
            assertThat(cluster.pods()).extracting(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
                    .containsExactly("e2e/web");
            cluster.deletePod("web");
            cluster.advance(Duration.ofSeconds(31));
            assertThat(cluster.pods()).isEmpty();
        }
    }

    @Test
    void aScriptForAPodOfAnotherNamespaceIsReportedWithItsNamespace() {
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.useNamespace("e2e");
        cluster.container("wbe", "app").exitsWith(1);
        cluster.applyYaml(WEB);
        assertThatThrownBy(cluster::checkScriptsUsed)
                .hasMessage("container scripts for [e2e/wbe] were never used: no pod of that name was ever created "
                        + "(pods created: [e2e/web]). Check the pod name in cluster.container(pod, container).");
    }

    @Test
    void byNameArgumentsAreNullChecked() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // issue #8: the house's words ("name must not be null"), no longer the bare parameter name
            assertThatThrownBy(() -> cluster.useNamespace(null)).hasMessage("namespace must not be null");
            assertThatThrownBy(() -> cluster.deletePod(null, "web")).hasMessage("namespace must not be null");
            assertThatThrownBy(() -> cluster.container(null, "web", "app")).hasMessage("namespace must not be null");
            assertThatThrownBy(() -> cluster.findPod(null)).hasMessage("name must not be null");
        }
    }
}
