package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofSeconds;

/**
 * A team describes its own images once, in profiles/team.yaml beside its manifests: what they serve,
 * their files and env, how they stop. Images Peapod knows (nginx, busybox, ...) need no profile.
 */
@PeapodTest(imageProfiles = "profiles/team.yaml")
class ImageProfilesExampleTest {

    @Test
    void theApiStopsAsItsProfileSaysAndServesWhatItSays(FakeCluster cluster) {
        // given: the api's profile answers /ready with 503 and takes 5 s to stop
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: api}
                spec:
                  containers:
                  - name: api
                    image: registry.example.com/shop/api:2.1
                    readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}
                  - name: probe
                    image: busybox
                    command: [sh, -c, "sleep 3600"]
                """);
        cluster.advance(ofSeconds(10));
        assertThat(cluster).pod("api").isNotReady();
        org.assertj.core.api.Assertions.assertThat(cluster.inContainer("api", "probe").exec("wget", "-q", "-O-", "http://localhost:8080/ready").stderr())
                .isEqualTo("wget: server returned error: HTTP/1.1 503 Service Unavailable\n");
        org.assertj.core.api.Assertions.assertThat(cluster.inContainer("api", "probe").exec("wget", "-q", "-O-", "http://localhost:8080/healthz").exitCode())
                .isZero();

        // when: the pod is deleted with the default 30 s grace period
        cluster.deletePod("api");
        cluster.advance(Duration.ofSeconds(4));

        // then: the api is still stopping at 4 s; busybox's sh (PID 1) ignores SIGTERM, so the pod is gone at 30 s
        assertThat(cluster).pod("api").container("api").isRunning();
        cluster.advance(Duration.ofSeconds(27));
        org.assertj.core.api.Assertions.assertThat(cluster.findPod("api")).isEmpty();
    }
}
