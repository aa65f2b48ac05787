package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** CoreDNS: a StatefulSet pod is <hostname>.<headless service>[.<ns>.svc.cluster.local]. */
class StatefulSetDnsTest {
    @Test
    void aPodOfTheSetIsReachedByItsStableName() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: web}
                    spec:
                      clusterIP: None
                      selector: {app: web}
                      ports: [{port: 80, name: http}]
                    ---
                    apiVersion: apps/v1
                    kind: StatefulSet
                    metadata: {name: web}
                    spec:
                      replicas: 2
                      serviceName: web
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers: [{name: app, image: "nginx:1.25"}]
                    """);
            cluster.advance(Duration.ofSeconds(10));
            for (String name : new String[] {"web-1.web", "web-1.web.default", "web-1.web.default.svc.cluster.local"}) {
                var answer = cluster.inContainer("web-0", "app").exec("curl", "-s", "http://" + name + "/");
                assertThat(answer.exitCode()).as(name + ": " + answer).isZero();
                assertThat(answer.stdout()).as(name).contains("Welcome to nginx!");
            }
            // an ordinal the set does not have is no name
            var none = cluster.inContainer("web-0", "app").exec("curl", "-s", "http://web-7.web/");
            assertThat(none.exitCode()).isEqualTo(6); // curl: Could not resolve host
        }
    }
}
