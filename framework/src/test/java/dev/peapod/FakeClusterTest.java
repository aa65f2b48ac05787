package dev.peapod;

import dev.peapod.core.PeapodException;
import dev.peapod.manifest.ManifestException;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeClusterTest {
    private static final String CRASHING_APP = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              nodeName: node-1
              containers:
              - name: app
                image: nginx:1.25
                livenessProbe:
                  httpGet: {path: /healthz, port: 8080}
                readinessProbe:
                  tcpSocket: {port: 8080}
                  initialDelaySeconds: 5
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              generateName: worker-
            spec:
              nodeName: node-1
              restartPolicy: OnFailure
              containers:
              - name: job
                image: busybox
            """;

    /** Everything observable of a run: the timeline and every event with its times and count. */
    private static String story(long seed) {
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node("node-1").seed(seed))) {
            cluster.container("web", "app").httpReturns(8080, "/healthz", 500).fromStart(Duration.ofSeconds(40));
            cluster.applyYaml(CRASHING_APP);
            cluster.container(cluster.pods().get(1).getMetadata().getName(), "job").exitsWith(3).after(Duration.ofSeconds(7));
            cluster.advance(Duration.ofMinutes(30));
            String timeline = cluster.timeline().entries().stream().map(e -> e.format() + " " + e.pod()).collect(Collectors.joining("\n"));
            String events = cluster.events().stream().map(FakeClusterTest::describe).collect(Collectors.joining("\n"));
            String pods = cluster.pods().stream().map(p -> p.getMetadata().getName() + " " + p.getMetadata().getUid()
                    + " " + p.getStatus().getPodIP()).collect(Collectors.joining("\n"));
            return timeline + "\n" + events + "\n" + pods + "\n" + cluster.podTable();
        }
    }

    private static String describe(Event e) {
        return e.getMetadata().getName() + " " + e.getReason() + " x" + e.getCount() + " " + e.getFirstTimestamp() + " "
                + e.getLastTimestamp() + " " + e.getMessage();
    }

    @Test
    void theSameSpecRunTwiceGivesAnIdenticalTimeline() {
        // when
        String first = story(7);
        String second = story(7);
        // then
        assertThat(second).isEqualTo(first);
        assertThat(first).contains("Killing", "BackOff", "Liveness probe failed");
    }

    @Test
    void anotherSeedChangesOnlyTheRandomParts() {
        // when
        String a = story(7);
        String b = story(8);
        // then: generated names and uids differ; the times do not
        assertThat(b).isNotEqualTo(a);
        assertThat(a.lines().filter(l -> l.startsWith("00:")).map(l -> l.substring(0, 8)).toList())
                .isEqualTo(b.lines().filter(l -> l.startsWith("00:")).map(l -> l.substring(0, 8)).toList());
    }

    @Test
    void aRejectedDocumentIsNotAppliedAndTheErrorNamesItsDocumentLineAndField() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata: {name: good}
                spec:
                  containers:
                  - {name: app, image: nginx}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: bad}
                spec:
                  containers:
                  - name: app
                    image: nginx
                    livenessProbe:
                      successThreshold: 2
                      tcpSocket: {port: 80}
                """;
        // when / then
        assertThatThrownBy(() -> cluster.applyYaml(yaml))
                .isInstanceOf(ManifestException.class)
                .hasMessage("""
                        inline YAML, document 2 (Pod bad), line 16:
                          spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1
                        nothing was applied""");
        assertThat(cluster.pods()).isEmpty();
    }

    @Test
    void admissionDefaultsWhatTheManifestLeftOut() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        // when
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                  - name: app
                    image: nginx
                    livenessProbe:
                      httpGet: {port: 80}
                """);
        // then (pkg/apis/core/v1/defaults.go)
        Pod pod = cluster.pod("web");
        var probe = pod.getSpec().getContainers().get(0).getLivenessProbe();
        assertThat(List.of(probe.getPeriodSeconds(), probe.getTimeoutSeconds(), probe.getSuccessThreshold(), probe.getFailureThreshold()))
                .containsExactly(10, 1, 1, 3);
        assertThat(probe.getHttpGet().getPath()).isEqualTo("/");
        assertThat(pod.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Always");
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
    }

    @Test
    void scriptingAContainerThePodDoesNotHaveIsRefusedAtOnce() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers: [{name: app, image: "nginx:1.25"}]
                """);
        // when / then
        assertThatThrownBy(() -> cluster.container("web", "ap"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("pod default/web has no container \"ap\" to script; its containers are [app]");
    }

    @Test
    void aScriptForAContainerTheAppliedPodLacksStopsTheApplyBeforeAnythingIsWritten() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "ap").exitsWith(1);
        // when / then
        assertThatThrownBy(() -> cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers: [{name: app, image: "nginx:1.25"}]
                """))
                .isInstanceOf(PeapodException.class)
                .hasMessage("container \"ap\" of pod default/web was scripted, but the pod has no such container; "
                        + "its containers are [app]. Nothing was applied.");
        assertThat(cluster.pods()).isEmpty();
    }

    @Test
    void eventsAppliedByHandAreListedBesideRecordedOnes() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers: [{name: app, image: "nginx:1.25"}]
                ---
                apiVersion: v1
                kind: Event
                metadata: {name: by-hand}
                involvedObject: {kind: Pod, name: web, namespace: default}
                reason: Custom
                message: written by a test
                firstTimestamp: "2025-01-01T00:00:00Z"
                """);
        // when
        List<String> reasons = cluster.eventsFor(cluster.pod("web")).stream().map(Event::getReason).toList();
        // then
        assertThat(reasons).containsExactly("Scheduled", "Pulled", "Created", "Started", "Custom");
    }

    @Test
    void aScriptForAPodThatNeverExistedIsReportedWhenTheClusterCloses() {
        // given: a typo in the pod's name
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("apii", "api").httpReturns(8080, "/health", 500);
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: api}
                spec:
                  containers: [{name: api, image: "nginx:1.25"}]
                """);
        cluster.advance(Duration.ofMinutes(1));
        // when / then
        assertThatThrownBy(cluster::close)
                .isInstanceOf(PeapodException.class)
                .hasMessage("container scripts for [default/apii] were never used: no pod of that name was ever created "
                        + "(pods created: [api]). Check the pod name in cluster.container(pod, container).");
    }

    @Test
    void advanceToMovesTheClockToAnInstantSinceTheStart() {
        // given
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.advance(Duration.ofSeconds(30));
        // when
        cluster.advanceTo(Duration.ofSeconds(75));
        // then
        assertThat(cluster.elapsed()).isEqualTo(Duration.ofSeconds(75));
        assertThatThrownBy(() -> cluster.advanceTo(Duration.ofSeconds(10)))
                .hasMessage("advanceTo(sinceStart): the cluster is already at 1m15s since it started, past sinceStart 10s;"
                        + " use advance(duration) to let time pass from now");
        assertThatThrownBy(() -> cluster.advanceTo(Duration.ofSeconds(-1)))
                .hasMessage("advanceTo(sinceStart): sinceStart must not be negative, but was -1s");
    }

    @Test
    void nodeLabelsKeepTheOrderTheyWereGivenIn() {
        // given: Map.copyOf would iterate in an order that changes from one JVM run to the next
        NodeSpec node = NodeSpec.named("n").label("zone", "a").label("disktype", "ssd").label("arch", "x").label("b", "1");
        // when
        FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(node));
        // then
        assertThat(node.labels().keySet()).containsExactly("zone", "disktype", "arch", "b");
        assertThat(cluster.node("n").getMetadata().getLabels().keySet()).endsWith("zone", "disktype", "arch", "b");
    }

    @Test
    void anEmptyLabelSelectorDeletesNothingAndSaysWhy() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(CRASHING_APP);
            // when / then
            assertThatThrownBy(() -> cluster.deleteAll(Pod.class, "  "))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("an empty label selector selects every object: name the labels to delete by, "
                            + "e.g. \"app=web\", or delete the objects by name");
            assertThat(cluster.pods()).hasSize(2);
        }
    }

    @Test
    void twoNodesCannotShareAnInternalIp() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when / then: node-1 has kind's 172.18.0.3
            assertThatThrownBy(() -> cluster.addNode(NodeSpec.named("node-2").internalIp("172.18.0.3")))
                    .isInstanceOf(PeapodException.class)
                    .hasMessage("node \"node-2\" cannot have InternalIP 172.18.0.3: node \"node-1\" has it; "
                            + "give each node its own address");
            assertThat(cluster.nodes()).hasSize(1);
        }
    }

    @Test
    void aMistypedContainerNameIsReportedOnceNotAlsoAsAnUnusedPodScript() {
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        // given
        cluster.container("web", "ap").exitsWith(1);
        // when
        assertThatThrownBy(() -> cluster.applyYaml(CRASHING_APP))
                .hasMessageStartingWith("container \"ap\" of pod default/web was scripted, but the pod has no such container");
        // then: the pod's name was right, so closing adds no "never used" report
        cluster.close();
        assertThat(cluster.isClosed()).isTrue();
    }
}
