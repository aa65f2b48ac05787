package dev.peapod.kubectl;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.BDDAssertions.then;

/** {@code kubectl get pods}, {@code -o wide} and {@code kubectl logs} against the HTTP API: the server's Table and log text. */
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
}
