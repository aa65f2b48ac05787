package dev.peapod.allure;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterStoryTest {
    @Test
    void tellsThePodsEventsAndTimelineOfACluster() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().withNodeName("node-1")
                .addNewContainer().withName("app").withImage("nginx:1.25").endContainer().endSpec().build());
        // when
        cluster.advance(Duration.ofSeconds(30));
        // then
        assertThat(ClusterStory.pods(cluster)).isEqualTo("""
                NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
                web    1/1     Running   0          30s   10.244.1.2   node-1   <none>           <none>
                """.stripTrailing() + "\n");
        assertThat(ClusterStory.nodes(cluster)).startsWith("NAME     STATUS   ROLES    AGE   VERSION");
        // kubectl describe's Events section, under the object it is about
        assertThat(ClusterStory.events(cluster)).isEqualTo("""
                pod/web in default
                Events:
                  Type    Reason   Age   From     Message
                  ----    ------   ----  ----     -------
                  Normal  Pulled   30s   kubelet  Container image "nginx:1.25" already present on machine
                  Normal  Created  30s   kubelet  Created container: app
                  Normal  Started  30s   kubelet  Started container app
                """);
        assertThat(ClusterStory.timeline(cluster)).contains("00:00:00  container app started  [default/web]");
        assertThat(ClusterStory.picture(cluster))
                .startsWith("<!DOCTYPE html>")
                .contains("<summary>node node-1 — 1 pod</summary>") // admitted by node-1's kubelet (no Scheduled entry)
                .contains("data-lane=\"default/web/app\"")
                .contains("<title>running since 00:00:00</title>");
    }

    @Test
    void theApiServersOwnServiceAloneMakesNoWorkloadsAttachment() {
        // given: a fresh cluster, whose workload table shows service/kubernetes as kubectl get ...,svc does
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        // then
        assertThat(cluster.workloadTable()).contains("service/kubernetes ");
        assertThat(ClusterStory.madeWorkloads(cluster.workloadTable())).isFalse();
        // when: the test makes a Service of its own
        cluster.applyYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {selector: {app: web}, ports: [{port: 80}]}
                """);
        // then
        assertThat(ClusterStory.madeWorkloads(cluster.workloadTable())).isTrue();
    }

    @Test
    void listsWhatPeapodDidNotSimulate() {
        // given: Peapod stores and validates Endpoints but routes nothing through them
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(new io.fabric8.kubernetes.api.model.EndpointsBuilder().withNewMetadata().withName("legacy").endMetadata().build());
        // when
        String notSimulated = ClusterStory.notSimulated(cluster);
        // then
        assertThat(notSimulated).isEqualTo("00:00:00  [default/endpoints/legacy]  not simulated: Peapod stores and validates "
                + "Endpoints objects but does not run them: nothing routes through it (no EndpointSlice mirrors it)");
        assertThat(ClusterStory.notSimulated(FakeCluster.withNodes("node-1"))).isEmpty();
    }

    @Test
    void redactsSecretValuesFromObjectsAndScrubsThemFromAnyText() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: creds
                  annotations:
                    kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"pea-pod-s3cret-4711"}}'
                stringData:
                  password: pea-pod-s3cret-4711
                data:
                  token: dG9rLThhN2I2YzVk
                  pin: MTIz
                """);
        Redaction redaction = Redaction.of(cluster);
        // when / then: decoded and base64 forms; a value under 4 characters ("123") is left in free text
        assertThat(redaction.scrub("a pea-pod-s3cret-4711 b tok-8a7b6c5d c dG9rLThhN2I2YzVk d cGVhLXBvZC1zM2NyZXQtNDcxMQ== e 123"))
                .isEqualTo("a <redacted> b <redacted> c <redacted> d <redacted> e 123");
        String manifests = Redaction.manifests(cluster.appliedManifests(), redaction);
        assertThat(manifests).startsWith("---\n# from inline YAML\napiVersion: \"v1\"\nkind: \"Secret\"\n")
                .contains("    kubectl.kubernetes.io/last-applied-configuration: \"<redacted>\"\n")
                .contains("  token: \"<redacted: 12 bytes>\"\n", "  pin: \"<redacted: 3 bytes>\"\n",
                        "  password: \"<redacted: 19 bytes>\"\n")
                .doesNotContain("pea-pod-s3cret-4711", "dG9rLThhN2I2YzVk", "MTIz");
    }

    @Test
    void thePictureOfAFailedTestShowsWhereItsCheckFailed() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.apply(new PodBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().withNodeName("node-1")
                .addNewContainer().withName("app").withImage("nginx:1.25").endContainer().endSpec().build());
        cluster.advance(Duration.ofSeconds(30));
        // when: the check fails; the attachments are made afterwards, as the extension and the Cucumber hook make them
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> dev.peapod.assertions.PeapodAssertions.assertThat(cluster).pod("web").hasRestarted(1));
        // then: the failure is on the picture, its first sentence as the tooltip; the text timeline is the cluster's story alone
        assertThat(failure).isInstanceOf(AssertionError.class);
        assertThat(ClusterStory.picture(cluster))
                .contains("<rect class=\"assertion fail\" data-at=\"00:00:30\"")
                .contains("<title>00:00:30  FAILED: Expecting container &quot;app&quot; of pod default/web to have restarted 1 time by"
                        + " 00:00:30, but it restarted 0 times.</title>");
        assertThat(ClusterStory.timeline(cluster)).doesNotContain("restarted 1 time");
    }

    @Test
    void saysSoWhenNothingHappened() {
        FakeCluster cluster = FakeCluster.withNodes();
        assertThat(ClusterStory.pods(cluster)).isEqualTo("No resources found");
        assertThat(ClusterStory.events(cluster)).isEqualTo("No events");
        assertThat(ClusterStory.timeline(cluster)).isEqualTo("Nothing happened");
    }

    @Test
    void isInstalledAsAReportAttachment() {
        assertThat(dev.peapod.spi.ReportAttachment.installed()).hasAtLeastOneElementOfType(AllureReportAttachment.class);
    }

    @Test
    void linksEachManifestFileWhereTheProjectGivesAllureAPatternForThem() {
        // given: two objects of one file, and inline YAML
        io.fabric8.kubernetes.api.model.ConfigMap map = new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                .withName("a").endMetadata().build();
        java.util.List<dev.peapod.manifest.AppliedManifest> applied = java.util.List.of(
                new dev.peapod.manifest.AppliedManifest("manifests/web.yaml", map),
                new dev.peapod.manifest.AppliedManifest("manifests/web.yaml", map),
                new dev.peapod.manifest.AppliedManifest("inline YAML", map));
        // then: without a pattern, no link (the manifest label names the file)
        assertThat(ClusterStory.links(applied)).isEmpty();
        // when: the project says where its files are seen
        System.setProperty("allure.link.manifest.pattern", "https://example.com/repo/blob/main/src/test/resources/{}");
        try {
            // then: one link per file
            assertThat(ClusterStory.links(applied)).extracting(l -> l.getName() + " " + l.getType() + " " + l.getUrl())
                    .containsExactly("manifests/web.yaml manifest https://example.com/repo/blob/main/src/test/resources/manifests/web.yaml");
        } finally {
            System.clearProperty("allure.link.manifest.pattern");
        }
    }

    @Test
    void theManifestsIncludeWhatKubectlAppliedOverTheHttpApi() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given: one object through the façade, one server-side applied as kubectl --server-side does, one plain create
            cluster.applyYaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: by-facade}\ndata: {a: b}\n");
            cluster.client().configMaps().resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                    .withName("by-kubectl").endMetadata().addToData("c", "d").build()).fieldManager("kubectl").serverSideApply();
            cluster.client().configMaps().resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                    .withName("by-operator").endMetadata().build()).create();
            // when
            java.util.List<dev.peapod.manifest.AppliedManifest> applied = ClusterStory.applied(cluster);
            // then: the façade's first, then kubectl's; an operator's create is not a manifest the test applied
            assertThat(applied).extracting(a -> a.source() + ": " + a.object().getMetadata().getName())
                    .containsExactly("inline YAML: by-facade", ClusterStory.OVER_HTTP + ": by-kubectl");
            // and a kubectl-applied pod shows what was applied, not the status the kubelet wrote since
            cluster.client().pods().resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("web")
                    .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx:1.25").endContainer().endSpec()
                    .build()).fieldManager("kubectl").serverSideApply();
            cluster.advance(java.time.Duration.ofSeconds(5));
            io.fabric8.kubernetes.api.model.Pod shown = (io.fabric8.kubernetes.api.model.Pod) ClusterStory.applied(cluster).stream()
                    .filter(a -> a.object().getMetadata().getName().equals("web")).findFirst().orElseThrow().object();
            assertThat(shown.getStatus()).isNull();
            assertThat(cluster.pod("web").getStatus().getPhase()).isEqualTo("Running");
        }
    }
}
