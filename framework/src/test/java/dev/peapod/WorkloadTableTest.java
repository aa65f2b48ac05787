package dev.peapod;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** kubectl get deploy,rs,...,svc as one text, for reports and failure messages. */
class WorkloadTableTest {
    @Test
    void printsEachKindWithObjectsUnderKubectlsKindPrefix() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            // as kubectl get ...,svc -A on a fresh cluster: the API server's own Service only
            assertThat(cluster.workloadTable()).isEqualTo("""
                    NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
                    service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s
                    """);
            cluster.applyYaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 2
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers: [{name: app, image: nginx:1.25}]
                    """);
            cluster.advance(Duration.ofSeconds(30));
            assertThat(cluster.workloadTable()).isEqualTo("""
                    NAME                   READY   UP-TO-DATE   AVAILABLE   AGE
                    deployment.apps/web    2/2     2            2           30s

                    NAME                            DESIRED   CURRENT   READY   AGE
                    replicaset.apps/web-d95dcf7f8   2         2         2       30s

                    NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
                    service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   30s
                    """);
        }
    }
}
