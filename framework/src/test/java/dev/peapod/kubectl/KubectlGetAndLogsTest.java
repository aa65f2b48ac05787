package dev.peapod.kubectl;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.BDDAssertions.then;
import static org.awaitility.Awaitility.await;

/** {@code kubectl get pods}, {@code -o wide}, {@code kubectl logs} and {@code logs -f} against the HTTP API: the server's Table and log text. */
@RequiresKubectl
class KubectlGetAndLogsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: talker}
            spec:
              containers:
              - {name: c, image: busybox, command: [sh, -c, 'echo one; echo two; sleep 3600']}
            """;

    @Test
    void getPodsPrintsTheServersTableAndLogsPrintsTheLines(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(POD);
            cluster.advance(Duration.ofSeconds(90));
            // when
            KubectlResult get = kubectl.run(cluster.kubeconfig(), TIMEOUT, "get", "pods");
            KubectlResult wide = kubectl.run(cluster.kubeconfig(), TIMEOUT, "get", "pods", "-o", "wide");
            KubectlResult logs = kubectl.run(cluster.kubeconfig(), TIMEOUT, "logs", "talker", "--tail=1");
            // then
            then(get.stdout()).isEqualTo("""
                    NAME     READY   STATUS    RESTARTS   AGE
                    talker   1/1     Running   0          90s
                    """);
            then(wide.stdout()).isEqualTo("""
                    NAME     READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
                    talker   1/1     Running   0          90s   10.244.1.2   node-1   <none>           <none>
                    """);
            then(logs.stdout()).isEqualTo("two\n");
        }
    }

    @Test
    void kubectlSpeaksHttpsTrustingTheKubeconfigsCertificate(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1").serveHttps()) {
            // given
            cluster.applyYaml(POD);
            cluster.advance(Duration.ofSeconds(90));
            // when: Go's TLS checks the certificate against certificate-authority-data and 127.0.0.1
            KubectlResult get = kubectl.run(cluster.kubeconfig(), TIMEOUT, "get", "pods");
            // then
            then(get.exitCode()).as(get.describe()).isZero();
            then(get.stdout()).isEqualTo("""
                    NAME     READY   STATUS    RESTARTS   AGE
                    talker   1/1     Running   0          90s
                    """);
        }
    }

    @Test
    void logsFollowPrintsEachNewLineAndExitsWhenTheContainerStops(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given: a container that writes a line at 0, 10 and 20 s, then exits
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: counter}
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: c, image: busybox, command: [sh, -c, 'echo one; sleep 10; echo two; sleep 10; echo three']}
                    """);
            cluster.advance(Duration.ofSeconds(5));
            // when
            Kubectl.Background follow = kubectl.start(cluster.kubeconfig(), "logs", "-f", "counter");
            await("the line so far").atMost(TIMEOUT).until(() -> follow.stdoutSoFar().equals("one\n"));
            cluster.advance(Duration.ofSeconds(10));
            await("the second line").atMost(TIMEOUT).until(() -> follow.stdoutSoFar().equals("one\ntwo\n"));
            cluster.advance(Duration.ofSeconds(10));
            KubectlResult result = follow.await(TIMEOUT);
            // then: kubectl exits by itself once the stream ends
            then(result.timedOut()).isFalse();
            then(result.exitCode()).as(result.describe()).isZero();
            then(result.stdout()).isEqualTo("one\ntwo\nthree\n");
        }
    }
}
