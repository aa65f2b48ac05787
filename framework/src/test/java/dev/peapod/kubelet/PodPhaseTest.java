package dev.peapod.kubelet;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Every row of reference §4.2's example table, through the kubelet (getPhase, kubelet_pods.go). */
class PodPhaseTest {
    private final Scenario s = new Scenario();

    private static String pod(String restartPolicy, String containers) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  nodeName: node-1
                  restartPolicy: %s
                %s""".formatted(restartPolicy, containers.indent(2));
    }

    private static final String ONE = """
            containers:
            - {name: a, image: example/tool}
            """;
    private static final String TWO = """
            containers:
            - {name: a, image: example/tool}
            - {name: b, image: example/tool}
            """;

    @Test
    void alwaysWithOneCrashLoopingContainerIsRunning() {
        s.cluster.container("p", "a").exitsWith(1).after(Duration.ofSeconds(1));
        s.apply(pod("Always", ONE));
        s.at(120);
        assertThat(s.phase("p")).isEqualTo("Running");
    }

    @Test
    void alwaysWithOneRunningAndOneCrashLoopingContainerIsRunning() {
        s.cluster.container("p", "b").exitsWith(2).after(Duration.ofSeconds(1));
        s.apply(pod("Always", TWO));
        s.at(120);
        assertThat(s.phase("p")).isEqualTo("Running");
        assertThat(s.container("p", "b").getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    }

    @Test
    void onFailureWithExitZeroIsSucceeded() {
        s.cluster.container("p", "a").exitsWith(0).after(Duration.ofSeconds(1));
        s.apply(pod("OnFailure", ONE));
        s.at(5);
        assertThat(s.phase("p")).isEqualTo("Succeeded");
    }

    @Test
    void onFailureWithExitOneRestartingIsRunning() {
        s.cluster.container("p", "a").exitsWith(1).after(Duration.ofSeconds(1));
        s.apply(pod("OnFailure", ONE));
        s.at(30);
        assertThat(s.phase("p")).isEqualTo("Running");
        assertThat(s.container("p", "a").getRestartCount()).isPositive();
    }

    @Test
    void onFailureWithOneContainerDoneAndOneRunningIsRunning() {
        s.cluster.container("p", "a").exitsWith(0).after(Duration.ofSeconds(1));
        s.apply(pod("OnFailure", TWO));
        s.at(30);
        assertThat(s.phase("p")).isEqualTo("Running");
        assertThat(s.container("p", "a").getState().getTerminated().getReason()).isEqualTo("Completed");
    }

    @Test
    void neverWithExitOneIsFailed() {
        s.cluster.container("p", "a").exitsWith(1).after(Duration.ofSeconds(1));
        s.apply(pod("Never", ONE));
        s.at(5);
        assertThat(s.phase("p")).isEqualTo("Failed");
    }

    @Test
    void neverWithOneContainerExitZeroAndOneExitOneIsFailed() {
        s.cluster.container("p", "a").exitsWith(0).after(Duration.ofSeconds(1));
        s.cluster.container("p", "b").exitsWith(1).after(Duration.ofSeconds(2));
        s.apply(pod("Never", TWO));
        s.at(5);
        assertThat(s.phase("p")).isEqualTo("Failed");
    }

    @Test
    void neverWithOneContainerExitZeroAndOneRunningIsRunning() {
        s.cluster.container("p", "a").exitsWith(0).after(Duration.ofSeconds(1));
        s.apply(pod("Never", TWO));
        s.at(5);
        assertThat(s.phase("p")).isEqualTo("Running");
        // errata B-7: b is ready and running, a completed, so STATUS is Running or NotReady per the Ready condition
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("p"), s.cluster.now()).status()).isEqualTo("NotReady");
    }

    @Test
    void anImageThatCannotBePulledKeepsThePodPending() {
        s.cluster.imageCannotBePulled("example/tool");
        s.apply(pod("Always", ONE));
        s.at(60);
        assertThat(s.phase("p")).isEqualTo("Pending");
        assertThat(s.container("p", "a").getState().getWaiting().getReason()).isIn("ErrImagePull", "ImagePullBackOff");
    }

    @Test
    void anUnschedulablePodIsPendingToo() {
        s.apply(pod("Always", ONE).replace("  nodeName: node-1\n", "  nodeSelector: {disktype: ssd}\n"));
        s.at(60);
        assertThat(s.phase("p")).isEqualTo("Pending");
    }

    @Test
    void aRunningInitContainerKeepsThePodPending() {
        s.apply(pod("Always", """
                initContainers:
                - {name: init, image: example/tool}
                containers:
                - {name: a, image: example/tool}
                """));
        s.at(30);
        assertThat(s.phase("p")).isEqualTo("Pending");
        assertThat(s.container("p", "a").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(s.condition("p", "Initialized").getMessage()).isEqualTo("containers with incomplete status: [init]");
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("p"), s.cluster.now()).status()).isEqualTo("Init:0/1");
    }

    @Test
    void aCrashLoopingInitContainerWithAlwaysKeepsThePodPending() {
        s.cluster.container("p", "init").exitsWith(1).after(Duration.ofSeconds(1));
        s.apply(pod("Always", """
                initContainers:
                - {name: init, image: example/tool}
                containers:
                - {name: a, image: example/tool}
                """));
        // restarts at 1, 12 and 33 s; the exit at 34 s shows as Init:Error until the requeue at 44 s (errata A-7)
        s.at(40);
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("p"), s.cluster.now()).status()).isEqualTo("Init:Error");
        s.at(45);
        assertThat(s.phase("p")).isEqualTo("Pending");
        assertThat(s.container("p", "init").getRestartCount()).isEqualTo(3);
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("p"), s.cluster.now()).status()).isEqualTo("Init:CrashLoopBackOff");
    }

    @Test
    void aFailedInitContainerWithNeverFailsThePod() {
        s.cluster.container("p", "init").exitsWith(1).after(Duration.ofSeconds(1));
        s.apply(pod("Never", """
                initContainers:
                - {name: init, image: example/tool}
                containers:
                - {name: a, image: example/tool}
                """));
        s.at(10);
        assertThat(s.phase("p")).isEqualTo("Failed");
        assertThat(s.container("p", "a").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("p"), s.cluster.now()).status()).isEqualTo("Init:Error");
    }

    @Test
    void initContainersRunOneAtATimeBeforeTheApp() {
        s.cluster.container("p", "one").exitsWith(0).after(Duration.ofSeconds(5));
        s.cluster.container("p", "two").exitsWith(0).after(Duration.ofSeconds(5));
        s.apply(pod("Always", """
                initContainers:
                - {name: one, image: example/tool}
                - {name: two, image: example/tool}
                containers:
                - {name: a, image: example/tool}
                """));
        s.at(7);
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("p"), s.cluster.now()).status()).isEqualTo("Init:1/2");
        s.at(10);
        assertThat(s.phase("p")).isEqualTo("Running");
        assertThat(s.container("p", "a").getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:10Z");
        assertThat(s.container("p", "one").getReady()).isTrue();
        assertThat(s.condition("p", "Initialized").getStatus()).isEqualTo("True");
    }

    @Test
    void aDeletedPodWhoseContainersExitZeroOnSigtermSucceedsBeforeRemoval() {
        s.apply(pod("Always", ONE));
        s.at(10);
        java.util.List<String> seen = watchPhases();
        s.cluster.deletePod("p");
        // deletionTimestamp set, terminal status, then the kubelet's grace-0 delete: MODIFIED, then DELETED
        assertThat(seen).containsExactly("MODIFIED Running", "MODIFIED Succeeded", "MODIFIED Succeeded", "DELETED Succeeded");
    }

    @Test
    void aDeletedPodKilledBySigkillFails() {
        s.cluster.container("p", "a").ignoresSigterm();
        s.apply(pod("Always", ONE));
        s.at(10);
        java.util.List<String> seen = watchPhases();
        s.cluster.deletePod("p");
        s.at(40);
        assertThat(seen).containsExactly("MODIFIED Running", "MODIFIED Failed", "MODIFIED Failed", "DELETED Failed");
    }

    @Test
    void aJobPodWithASidecarSucceedsWhenTheMainContainerExitsZero() {
        s.cluster.container("p", "main").exitsWith(0).after(Duration.ofSeconds(5));
        s.apply(pod("Never", """
                initContainers:
                - {name: proxy, image: envoy, restartPolicy: Always}
                containers:
                - {name: main, image: example/tool}
                """));
        s.at(3);
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("p"), s.cluster.now()).ready()).isEqualTo("2/2");
        s.at(10);
        assertThat(s.phase("p")).isEqualTo("Succeeded");
        assertThat(s.container("p", "proxy").getState().getTerminated()).isNotNull();
    }

    private java.util.List<String> watchPhases() {
        java.util.List<String> phases = new java.util.ArrayList<>();
        var store = s.cluster.context().store();
        store.watch(io.fabric8.kubernetes.api.model.Pod.class, dev.peapod.store.ListOptions.all(), store.resourceVersion(),
                e -> phases.add(e.type() + " " + e.object().getStatus().getPhase()));
        return phases;
    }
}
