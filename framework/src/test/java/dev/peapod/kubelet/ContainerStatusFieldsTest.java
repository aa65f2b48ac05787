package dev.peapod.kubelet;

import dev.peapod.store.ListOptions;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * v1.33's container status fields resources, allocatedResources, user and volumeMounts
 * (kubelet_pods.go convertToAPIContainerStatuses; gates InPlacePodVerticalScaling, SupplementalGroupsPolicy
 * and RecursiveReadOnlyMounts on, InPlacePodVerticalScalingAllocatedStatus deprecated and unused).
 */
class ContainerStatusFieldsTest {
    private final Scenario s = new Scenario();

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node-1
              automountServiceAccountToken: false
              securityContext: {fsGroup: 2000, supplementalGroups: [4000]}
              volumes:
              - name: cache
                emptyDir: {}
              initContainers:
              - name: setup
                image: busybox:1.36
                command: ["sh", "-c", "true"]
                resources:
                  requests: {cpu: 50m, memory: 32Mi}
              - name: proxy
                image: alpine:3.21
                command: ["sleep", "3600"]
                restartPolicy: Always
                volumeMounts:
                - {name: cache, mountPath: /cache, readOnly: true}
                - {name: cache, mountPath: /rro, readOnly: true, recursiveReadOnly: IfPossible}
              containers:
              - name: app
                image: nginx:1.25
                resources:
                  requests: {cpu: 250m, memory: 64Mi}
                  limits: {cpu: "1", memory: 512M}
                volumeMounts:
                - {name: cache, mountPath: /cache}
              - name: crash
                image: busybox:1.36
                resources:
                  limits: {memory: 512M}
            """;

    /** The fields this test is about, as YAML. */
    private static String fields(ContainerStatus status) {
        return Serialization.asYaml(new ContainerStatusBuilder().withName(status.getName())
                .withResources(status.getResources()).withAllocatedResources(status.getAllocatedResources())
                .withUser(status.getUser()).withVolumeMounts(status.getVolumeMounts()).build());
    }

    @Test
    void aRunningContainerShowsTheResourcesTheRuntimeAppliedItsAllocationItsUserAndItsMounts() {
        // given
        s.apply(POD);
        // when
        s.at(1);
        // then: the memory limit comes back from the runtime in bytes, printed in binary units (512M = 500000Ki);
        // root's groups in nginx's Debian image are none, so: the primary group, fsGroup and supplementalGroups
        assertThat(fields(s.container("web", "app"))).isEqualTo("""
                ---
                allocatedResources:
                  cpu: "250m"
                  memory: "64Mi"
                name: "app"
                resources:
                  limits:
                    cpu: "1"
                    memory: "500000Ki"
                  requests:
                    cpu: "250m"
                    memory: "64Mi"
                user:
                  linux:
                    gid: 0
                    supplementalGroups:
                    - 0
                    - 2000
                    - 4000
                    uid: 0
                volumeMounts:
                - mountPath: "/cache"
                  name: "cache"
                """);
    }

    @Test
    void aContainerWaitingInCrashLoopBackOffShowsItsAllocatedResourcesAsTheyAre() {
        // given: exits 1 five seconds after each start; the third exit (25 s) waits 20 s
        s.cluster.container("web", "crash").exitsWith(1).after(Duration.ofSeconds(5));
        s.apply(POD);
        // when
        s.at(35);
        // then: not running, so the allocated resources as they are (512M, requests defaulted from the limits);
        // busybox lists root in wheel (10)
        ContainerStatus crash = s.container("web", "crash");
        assertThat(crash.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(fields(crash)).isEqualTo("""
                ---
                allocatedResources:
                  memory: "512M"
                name: "crash"
                resources:
                  limits:
                    memory: "512M"
                  requests:
                    memory: "512M"
                user:
                  linux:
                    gid: 0
                    supplementalGroups:
                    - 0
                    - 10
                    - 2000
                    - 4000
                    uid: 0
                """);
    }

    @Test
    void aCompletedInitContainerAndASidecarHaveTheirsToo() {
        // given
        s.apply(POD);
        // when
        s.at(1);
        // then: a read-only mount says whether it is recursively read-only; the runtime supports it, so
        // IfPossible resolves to Enabled. A container without resources shows resources: {} and no allocation.
        ContainerStatus setup = s.container("web", "setup");
        assertThat(setup.getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(fields(setup)).isEqualTo("""
                ---
                allocatedResources:
                  cpu: "50m"
                  memory: "32Mi"
                name: "setup"
                resources:
                  requests:
                    cpu: "50m"
                    memory: "32Mi"
                user:
                  linux:
                    gid: 0
                    supplementalGroups:
                    - 0
                    - 10
                    - 2000
                    - 4000
                    uid: 0
                """);
        assertThat(fields(s.container("web", "proxy"))).isEqualTo("""
                ---
                name: "proxy"
                resources: {}
                user:
                  linux:
                    gid: 0
                    supplementalGroups:
                    - 0
                    - 1
                    - 2
                    - 3
                    - 4
                    - 6
                    - 10
                    - 11
                    - 20
                    - 26
                    - 27
                    - 2000
                    - 4000
                    uid: 0
                volumeMounts:
                - mountPath: "/cache"
                  name: "cache"
                  readOnly: true
                  recursiveReadOnly: "Disabled"
                - mountPath: "/rro"
                  name: "cache"
                  readOnly: true
                  recursiveReadOnly: "Enabled"
                """);
    }

    @Test
    void aContainerTheRuntimeNeverCreatedHasItsMountsOnly() {
        // given
        s.cluster.imageCannotBePulled("nginx:nope");
        s.apply(POD.replace("image: nginx:1.25", "image: nginx:nope"));
        // when
        s.at(15);
        // then: the default waiting status carries the spec's mounts; resources, allocatedResources and user
        // come from the runtime's status, which a container never created has not
        ContainerStatus app = s.container("web", "app");
        assertThat(app.getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
        assertThat(fields(app)).isEqualTo("""
                ---
                name: "app"
                volumeMounts:
                - mountPath: "/cache"
                  name: "cache"
                """);
    }

    @Test
    void theStrictSupplementalGroupsPolicyLeavesOutTheImagesGroups() {
        // given
        s.apply(POD.replace("supplementalGroups: [4000]}", "supplementalGroups: [4000], supplementalGroupsPolicy: Strict}"));
        // when
        s.at(1);
        // then: busybox's wheel (10) is not added
        assertThat(s.container("web", "crash").getUser().getLinux().getSupplementalGroups()).containsExactly(0L, 2000L, 4000L);
    }

    @Test
    void theFieldsDoNotChangeFromSyncToSyncSoASteadyPodIsNotWrittenAgain() {
        // given: every container keeps running (busybox's sh alone would exit at once)
        s.apply(POD.replace("  - name: crash\n    image: busybox:1.36\n", "  - name: crash\n    image: busybox:1.36\n    command: [\"sleep\", \"3600\"]\n"));
        s.at(10);
        List<String> writes = new ArrayList<>();
        var store = s.cluster.context().store();
        store.watch(Pod.class, ListOptions.all(), store.resourceVersion(), e -> writes.add(e.type() + " " + s.seconds()));
        // when: resyncs every 60 s
        s.at(300);
        // then
        assertThat(writes).isEmpty();
    }

    @Test
    void aMemoryLimitComesBackInBinaryUnitsWhen1024DividesIt() {
        assertThat(List.of("512M", "1G", "128Mi", "1Gi", "1536", "2048", "1000Mi", "3Ti"))
                .extracting(q -> PodStatusGenerator.bytesAsRuntimeReports(new Quantity(q)))
                .containsExactly("500000Ki", "1G", "128Mi", "1Gi", "1536", "2Ki", "1000Mi", "3Ti");
    }
}
