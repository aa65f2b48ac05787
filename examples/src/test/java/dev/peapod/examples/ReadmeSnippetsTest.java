package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import dev.peapod.junit.PeapodNode;
import dev.peapod.junit.PeapodTest;
import dev.peapod.store.Propagation;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ZERO;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

/**
 * The README's workload snippets, as they are printed there (the Gherkin ones are in
 * features/readme-snippets.feature): a snippet that stops working fails the build. The values
 * the README gives in comments are asserted here.
 */
@PeapodTest
class ReadmeSnippetsTest {

    @Test
    void replicaSet(FakeCluster cluster) {
        cluster.applyResource("manifests/replicaset.yaml");
        assertThat(cluster).replicaSet("frontend").reachesReadyReplicas(3).within(ofMinutes(1));
        cluster.replicaSet("frontend").scale(5);
        org.assertj.core.api.Assertions.assertThat(cluster.replicaSet("frontend").table()).isEqualTo("""
                NAME       DESIRED   CURRENT   READY   AGE
                frontend   5         5         5       0s
                """);
        cluster.delete(ReplicaSet.class, "frontend", Propagation.ORPHAN);   // the pods stay
    }

    @Test
    void deployment(FakeCluster cluster) {
        cluster.applyResource("manifests/rolling-update.yaml");
        assertThat(cluster).deployment("web").reachesAvailableReplicas(4).within(ofMinutes(1));
        cluster.deployment("web").setImage("app", "nginx:1.26");     // kubectl set image deployment/web app=nginx:1.26
        assertThat(cluster).deployment("web").rolloutCompletes().within(ofMinutes(2))
                .hasReplicaSetSizes("4", "4/1", "3/1", "3/2", "1/2", "1/4", "0/4");
        org.assertj.core.api.Assertions.assertThat(cluster.deployment("web").rolloutStatus())
                .isEqualTo("deployment \"web\" successfully rolled out");
        org.assertj.core.api.Assertions.assertThat(cluster.deployment("web").row().toString())
                .isEqualTo("DeploymentRow[name=web, ready=4/4, upToDate=4, available=4, age=30s]");
        org.assertj.core.api.Assertions.assertThat(cluster.deployment("web").replicaSetSizes().toString())
                .startsWith("[00:00:00  4, 00:00:10  4/1, 00:00:10  3/1, ");
        cluster.deployment("web").scale(6);
        cluster.deployment("web").pause();  cluster.deployment("web").resume();
        org.assertj.core.api.Assertions.assertThat(cluster.deployment("web").rollback()).isEqualTo("deployment.apps/web rolled back");
    }

    @Test
    void statefulSet(FakeCluster cluster) {
        cluster.applyResource("manifests/statefulset/web.yaml");
        assertThat(cluster).statefulSet("web").reachesReadyReplicas(3).within(ofMinutes(1))
                .hasPods("web-0", "web-1", "web-2").showsReady("3/3");
        assertThat(cluster).statefulSet("web").keepsNameAndVolumesOfPodAfterDeletion("web-0").within(ofMinutes(2));
        cluster.statefulSet("web").scale(5);
        cluster.statefulSet("web").setImage("nginx", "nginx:1.26");
        assertThat(cluster).statefulSet("web").rolloutCompletes().within(ofMinutes(5));
        org.assertj.core.api.Assertions.assertThat(cluster.statefulSet("web").rolloutStatus())
                .isEqualTo("partitioned roll out complete: 5 new pods have been updated...\n");
        org.assertj.core.api.Assertions.assertThat(cluster.statefulSet("web").row().toString())
                .isEqualTo("StatefulSetRow[name=web, ready=5/5, age=90s, containers=nginx, images=nginx:1.26]");
    }

    @Test
    @PeapodTest(nodes = {@PeapodNode(name = "node-1"), @PeapodNode(name = "node-2")})
    void daemonSet(FakeCluster cluster) {
        cluster.applyResource("manifests/node-agent-daemonset.yaml");
        cluster.addNode(NodeSpec.named("node-3"));
        assertThat(cluster).daemonSet("node-agent").runsOnEveryNode().hasReadyPods(3).hasDesiredPods(3);
        cluster.daemonSet("node-agent").setImage("agent", "nginx:1.26");
        assertThat(cluster).daemonSet("node-agent").reachesReadyPods(3).within(ofMinutes(1));
        org.assertj.core.api.Assertions.assertThat(cluster.daemonSet("node-agent").rolloutStatus()).isEqualTo("daemon set \"node-agent\" successfully rolled out");
        org.assertj.core.api.Assertions.assertThat(cluster.daemonSet("node-agent").row().toString())
                .isEqualTo("DaemonSetRow[name=node-agent, desired=3, current=3, ready=3, upToDate=3, available=3, nodeSelector=<none>, age=0s]");
    }

    @Test
    void job(FakeCluster cluster) {
        cluster.applyResource("manifests/job-with-retries.yaml");
        assertThat(cluster).job("flaky-import").failsWithReason("BackoffLimitExceeded").within(ofMinutes(15))
                .hasFailed(7)
                .createdPodsAt(ZERO, ofSeconds(10), ofSeconds(30), ofSeconds(70), ofSeconds(150), ofSeconds(310), ofSeconds(630));
        assertThat(cluster).job("chunks").completes().within(ofMinutes(1)).hasCompletions("3/3");
        org.assertj.core.api.Assertions.assertThat(cluster.job("chunks").row().toString())
                .isEqualTo("JobRow[name=chunks, status=Complete, completions=3/3, duration=12s, age=10m]");
        cluster.job("chunks").suspend();
    }

    @Test
    void cronJob(FakeCluster cluster) {
        cluster.applyResource("manifests/cronjob.yaml");               // schedule: "*/5 * * * *"
        assertThat(cluster).cronJob("hello").createsJob("hello-28928165").within(ofMinutes(6))
                .hasActiveJobs(1).hasEvent("SuccessfulCreate", "Created job hello-28928165");
        cluster.cronJob("hello").suspend();
        org.assertj.core.api.Assertions.assertThat(cluster.cronJob("hello").jobs()).extracting(j -> j.getMetadata().getName())
                .containsExactly("hello-28928165");
        org.assertj.core.api.Assertions.assertThat(cluster.cronJob("hello").row().lastSchedule()).isEqualTo("0s");
    }

    @Test
    void service(FakeCluster cluster) {
        cluster.applyResource("manifests/service-readiness.yaml");
        assertThat(cluster).service("hostnames").reachesReadyEndpoints(2).within(ofSeconds(10));
        cluster.container("hostnames-2", "serve").httpReturns(9376, "/", 503);
        assertThat(cluster).service("hostnames").reachesReadyEndpoints(1).within(ofMinutes(1));
        org.assertj.core.api.Assertions.assertThat(cluster.service("hostnames").endpoints()).containsExactly("10.244.1.2");
        org.assertj.core.api.Assertions.assertThat(cluster.inContainer("client", "c").exec("wget", "-qO-", "http://hostnames/").stdout())
                .isEqualTo("hostnames-1");
        org.assertj.core.api.Assertions.assertThat(cluster.service("hostnames").clusterIp()).isEqualTo("10.110.215.58");
        org.assertj.core.api.Assertions.assertThat(cluster.service("hostnames").row().toString())
                .isEqualTo("hostnames   ClusterIP   10.110.215.58   <none>   80/TCP   15s");
    }
}
