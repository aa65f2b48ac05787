package dev.peapod;

import dev.peapod.core.PeapodException;
import dev.peapod.runtime.images.ImageProfile;
import dev.peapod.runtime.images.OnSigterm;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Image profiles decide what a container runs: built in, from a team's YAML file, or given in Java (issue #9). */
class ImageProfilesWiringTest {

    private static boolean ready(FakeCluster cluster, String pod) {
        return cluster.pod(pod).getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    @Test
    void aTeamsYamlProfileAnswersItsProbesAndMakesItsFiles() {
        try (FakeCluster cluster = ClusterSpec.empty().node("node-1").imageProfiles("image-profiles/team.yaml").start()) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: api}
                    spec:
                      containers:
                      - name: api
                        image: registry.example.com/team/api:1.2
                        readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}
                        livenessProbe: {httpGet: {path: /healthz, port: 8080}}
                      - name: check
                        image: busybox
                        command: [sh, -c, "wget -q -O /tmp/out http://localhost:8080/healthz && sleep 3600"]
                    """);
            cluster.advance(Duration.ofSeconds(30));

            assertThat(ready(cluster, "api")).isFalse(); // /ready answers 503 "warming up"
            assertThat(cluster.pod("api").getStatus().getContainerStatuses()).allSatisfy(s -> assertThat(s.getRestartCount()).isZero());
            assertThat(cluster.pod("api").getStatus().getContainerStatuses().get(1).getState().getRunning()).isNotNull();
        }
    }

    @Test
    void aProfileGivenInJavaReplacesTheBuiltInOne() {
        ImageProfile slowNginx = ImageProfile.of("nginx").withOnSigterm(OnSigterm.ignore());
        try (FakeCluster cluster = ClusterSpec.empty().node("node-1").imageProfile(slowNginx).start()) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web}
                    spec:
                      terminationGracePeriodSeconds: 10
                      containers: [{name: web, image: nginx}]
                    """);
            cluster.advance(Duration.ofSeconds(1));
            cluster.deletePod("web");
            cluster.advance(Duration.ofSeconds(9));
            assertThat(cluster.findPod("web")).isPresent();

            cluster.advance(Duration.ofSeconds(2));

            assertThat(cluster.findPod("web")).isEmpty();
        }
    }

    @Test
    void aBadProfileFileIsRefusedNamingTheFileAndTheField() {
        assertThatThrownBy(() -> ClusterSpec.empty().imageProfiles("image-profiles/missing.yaml"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("image profiles \"image-profiles/missing.yaml\" are neither a classpath resource nor a file");
    }

    @Test
    void aShellWithAnOpenStdinWaitsAndAShellWithoutOneExitsAtOnce() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: shells}
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: attached, image: busybox, stdin: true, tty: true}
                      - {name: detached, image: busybox}
                    """);
            cluster.advance(Duration.ofMinutes(5));

            var statuses = cluster.pod("shells").getStatus().getContainerStatuses();
            assertThat(statuses.get(0).getState().getRunning()).isNotNull();
            assertThat(statuses.get(1).getState().getTerminated().getExitCode()).isZero();
        }
    }

    @Test
    void aSecondNginxInThePodCannotBindPort80AndExitsWithOne() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: two-nginx}
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: first, image: nginx}
                      - {name: second, image: nginx}
                    """);
            cluster.advance(Duration.ofSeconds(5));

            var statuses = cluster.pod("two-nginx").getStatus().getContainerStatuses();
            assertThat(statuses.get(0).getState().getRunning()).isNotNull();
            assertThat(statuses.get(1).getState().getTerminated().getExitCode()).isEqualTo(1);
            assertThat(statuses.get(1).getState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:00:02Z"); // 2.5 s, in seconds
        }
    }

    @Test
    void aProgramAKnownImageDoesNotHaveInPeapodIsSaidOnTheApply() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            var applied = cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: odd}
                    spec:
                      containers: [{name: c, image: debian, command: [java, -jar, app.jar]}]
                    """);

            assertThat(applied.get(0).warnings()).containsExactly("not simulated: spec.containers[0]: Peapod's image \"debian\" does not "
                    + "know the program of \"java -jar app.jar\"; the container runs Peapod's default server (listens, answers 200, "
                    + "never exits by itself). Script it, or give the image a profile");
        }
    }
}
