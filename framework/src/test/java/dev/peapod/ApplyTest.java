package dev.peapod;

import dev.peapod.manifest.Applied;
import dev.peapod.timeline.TimelineEntry;
import dev.peapod.manifest.ManifestException;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** apply as kubectl apply: create, or update through the API's update validation, or leave unchanged (issue #7 item 6). */
class ApplyTest {
    private static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              containers:
              - name: app
                image: nginx:1.25
                ports: [{containerPort: 80}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {mode: fast}
            """;

    /** pkg/apis/core/validation/validation.go ValidatePodUpdate. */
    private static final String FORBIDDEN = "pod updates may not change fields other than `spec.containers[*].image`,"
            + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
            + "tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    @Test
    void aForbiddenPodChangeGivenAsAnObjectThrowsTheApiServersError() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(WEB);
            Pod changed = cluster.pod("web");
            changed.getMetadata().setResourceVersion(null);
            changed.getSpec().getContainers().get(0).setCommand(List.of("sleep", "1"));
            // when / then
            assertThatThrownBy(() -> cluster.apply(changed))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("Pod \"web\" is invalid: spec: Forbidden: " + FORBIDDEN);
        }
    }

    @Test
    void theFirstApplyCreatesAndSaysSo() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when
            List<Applied> applied = cluster.applyYaml(WEB);
            // then
            assertThat(applied).extracting(Applied::toString).containsExactly("pod/web created", "configmap/settings created");
            assertThat(applied.get(0).object().getMetadata().getResourceVersion()).isNotNull();
        }
    }

    @Test
    void reApplyingAnUnchangedManifestWritesNothing() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given: the pod runs, so the scheduler and the kubelet have written to it
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofSeconds(10));
            String podVersion = cluster.pod("web").getMetadata().getResourceVersion();
            long storeVersion = cluster.context().store().resourceVersion();
            // when
            List<Applied> applied = cluster.applyYaml(WEB);
            // then
            assertThat(applied).extracting(Applied::toString).containsExactly("pod/web unchanged", "configmap/settings unchanged");
            assertThat(applied.get(0).object().getMetadata().getResourceVersion()).isEqualTo(podVersion);
            assertThat(cluster.context().store().resourceVersion()).isEqualTo(storeVersion);
        }
    }

    @Test
    void aChangedLabelOrDataIsConfigured() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(WEB);
            String uid = cluster.pod("web").getMetadata().getUid();
            // when
            List<Applied> applied = cluster.applyYaml(WEB.replace("{app: web}", "{app: web, tier: front}").replace("fast", "slow"));
            // then: the same pod, on the same node, with the new label
            assertThat(applied).extracting(Applied::toString).containsExactly("pod/web configured", "configmap/settings configured");
            Pod web = cluster.pod("web");
            assertThat(web.getMetadata().getLabels()).containsExactly(
                    org.assertj.core.api.Assertions.entry("app", "web"), org.assertj.core.api.Assertions.entry("tier", "front"));
            assertThat(web.getMetadata().getUid()).isEqualTo(uid);
            assertThat(web.getSpec().getNodeName()).isEqualTo("node-1");
            assertThat(cluster.context().store().require(ConfigMap.class, "default", "settings").getData()).containsEntry("mode", "slow");
        }
    }

    @Test
    void aPodChangeTheApiForbidsIsRejectedWithTheApiServersMessageAndChangesNothing() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(WEB);
            String version = cluster.pod("web").getMetadata().getResourceVersion();
            // when / then
            assertThatThrownBy(() -> cluster.applyYaml(WEB.replace("containerPort: 80", "containerPort: 8080").replace("fast", "slow")))
                    .isInstanceOf(ManifestException.class)
                    .hasMessage("inline YAML, document 1 (Pod web), line 6:\n  spec: Forbidden: " + FORBIDDEN + "\nnothing was applied");
            assertThat(cluster.pod("web").getMetadata().getResourceVersion()).isEqualTo(version);
            assertThat(cluster.context().store().require(ConfigMap.class, "default", "settings").getData()).containsEntry("mode", "fast");
        }
    }

    @Test
    void applyingObjectsUpdatesThemToo() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            ConfigMap settings = new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().addToData("mode", "fast").build();
            assertThat(cluster.apply(settings)).extracting(Applied::toString).containsExactly("configmap/settings created");
            // when
            List<Applied> again = cluster.apply(settings);
            List<Applied> changed = cluster.apply(new ConfigMapBuilder(settings).addToData("mode", "slow").build());
            // then
            assertThat(again).extracting(Applied::action).containsExactly(Applied.Action.UNCHANGED);
            assertThat(changed).extracting(Applied::action).containsExactly(Applied.Action.CONFIGURED);
            assertThat(settings.getMetadata().getNamespace()).isNull();
        }
    }

    @Test
    void anImageChangeIsAllowedForAPod() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(WEB);
            List<Applied> applied = cluster.applyYaml(WEB.replace("nginx:1.25", "nginx:1.26"));
            assertThat(applied.get(0)).hasToString("pod/web configured");
            assertThat(cluster.pod("web").getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.26");
        }
    }

    @Test
    void aDeploymentIsNamedWithItsGroup() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            List<Applied> applied = cluster.applyYaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers: [{name: app, image: nginx}]
                    """);
            assertThat(applied).extracting(Applied::toString).containsExactly("deployment.apps/web created");
        }
    }

    /** Nothing accepted silently: a kind Peapod stores but does not simulate says so, in the result and on the timeline. */
    @Test
    void aKindPeapodDoesNotSimulateSaysSoInTheResultAndOnTheTimeline() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            List<Applied> applied = cluster.applyYaml("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers: [{name: app, image: nginx}]
                    ---
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: deny}
                    spec: {podSelector: {}}
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: db}
                    spec:
                      containers: [{name: app, image: postgres}]
                    """);

            // #11: the Deployment controller runs Deployments, so they carry no note any more
            assertThat(applied).extracting(Applied::warnings).containsExactly(
                    List.of(),
                    List.of("not simulated: Peapod stores NetworkPolicy objects, checks only their metadata, and does "
                            + "nothing with them"),
                    List.of());
            assertThat(cluster.timeline().forPod("default", "deployment.apps/web", dev.peapod.timeline.Fact.NotSimulated.class)).isEmpty();
            assertThat(cluster.timeline().toString()).contains("[default/networkpolicy.networking.k8s.io/deny]");

            cluster.applyYaml("""
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: deny}
                    spec: {podSelector: {}}
                    """);
            assertThat(cluster.timeline().forPod("default", "networkpolicy.networking.k8s.io/deny"))
                    .as("an unchanged re-apply tells nothing new").hasSize(1);
        }
    }

    /** A pod's volumes whose contents Peapod does not make are said, on the result and on the pod's own timeline; ConfigMaps and Secrets are resolved. */
    @Test
    void aPodsUnresolvedReferencesAreSaidOnItsResultAndTimeline() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            List<Applied> applied = cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web}
                    spec:
                      volumes:
                      - {name: config, configMap: {name: settings}}
                      - {name: data, persistentVolumeClaim: {claimName: data}}
                      - {name: share, nfs: {server: nfs.example.com, path: /exports}}
                      containers:
                      - name: app
                        image: nginx
                        env:
                        - {name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
                    """);

            List<String> notes = List.of(
                    "not simulated: spec.volumes[1].persistentVolumeClaim: the PersistentVolumeClaim \"data\" gives its volume's "
                            + "files once it is Bound; if it is missing or unbound when the pod starts, the pod starts at once "
                            + "with an empty directory there, where a real one waits for its claim",
                    "not simulated: spec.volumes[2]: Peapod has no plugin for volume \"share\"'s kind; its containers see an "
                            + "empty directory there");
            assertThat(applied.get(0).warnings()).isEqualTo(notes);
            assertThat(cluster.timeline().forPod("default", "web", dev.peapod.timeline.Fact.NotSimulated.class))
                    .extracting(TimelineEntry::text).containsExactly(notes.get(0), notes.get(1),
                            "scheduler ignores persistent volume claims (VolumeBinding, VolumeZone, NodeVolumeLimits, "
                                    + "VolumeRestrictions): not simulated by Peapod yet");
        }
    }

    /** Settings the runtime does not enforce are said, never silently ignored (issue #9). */
    @Test
    void emptyDirLimitsAndSecuritySettingsTheRuntimeDoesNotEnforceAreSaid() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            List<Applied> applied = cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: locked}
                    spec:
                      volumes: [{name: cache, emptyDir: {medium: Memory, sizeLimit: 64Mi}}]
                      containers:
                      - name: app
                        image: example/app
                        securityContext: {readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000}
                    """);

            assertThat(applied.get(0).warnings()).containsExactly(
                    "not simulated: spec.volumes[0].emptyDir.sizeLimit: the kubelet never evicts the pod for filling it",
                    "not simulated: spec.volumes[0].emptyDir.medium: Memory: its files do not count against the containers' memory",
                    "not simulated: spec.containers[0].securityContext.readOnlyRootFilesystem: the container's root file system stays writable",
                    "not simulated: spec.containers[0].securityContext.runAsUser: the container's processes run as root (uid 0) whatever it says",
                    "not simulated: spec.containers[0].securityContext.runAsNonRoot: not checked against the image's user; the container "
                            + "starts, where an image that runs as root would wait in CreateContainerConfigError");
        }
    }

    /** A container's stopSignal (alpha in v1.33, its gate off) is said, and the runtime sends SIGTERM anyway. */
    @Test
    void aStopSignalIsSaidNotToBeSimulated() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            List<Applied> applied = cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web}
                    spec:
                      containers:
                      - name: app
                        image: example/app
                        lifecycle: {stopSignal: SIGUSR1}
                    """);
            assertThat(applied.get(0).warnings()).containsExactly(
                    "not simulated: spec.containers[0].lifecycle.stopSignal: the ContainerStopSignals feature is alpha and off "
                            + "in v1.33, whose API server drops the field; Peapod keeps it, and its runtime stops the container "
                            + "with SIGTERM whatever it says");
            assertThat(cluster.timeline().describe("default", "web")).contains("lifecycle.stopSignal: the ContainerStopSignals");
        }
    }

    /** Lists the API server or admission filled in (tolerations, defaults inside containers) do not make a re-apply a change. */
    @Test
    void listsMergeByTheirKeysAndAdmissionsAdditionsStay() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            String rich = """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: rich}
                    spec:
                      tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]
                      volumes: [{name: data, emptyDir: {}}]
                      containers:
                      - name: app
                        image: nginx:1.25
                        env: [{name: MODE, value: fast}]
                        ports: [{name: http, containerPort: 80}]
                        volumeMounts: [{name: data, mountPath: /data}]
                      - name: sidecar
                        image: busybox
                        command: [sh, -c, "sleep 3600"]
                    """;
            cluster.applyYaml(rich);
            cluster.advance(Duration.ofSeconds(5));
            // when
            List<Applied> again = cluster.applyYaml(rich);
            List<Applied> tolerating = cluster.applyYaml(rich.replace("effect: NoSchedule}]",
                    "effect: NoSchedule}, {key: spot, operator: Exists, effect: NoSchedule}]"));
            // then: tolerations have no merge key, so the manifest's list replaces the stored one, and
            // DefaultTolerationSeconds adds its two NoExecute tolerations again on the update, as upstream
            assertThat(again).extracting(Applied::toString).containsExactly("pod/rich unchanged");
            assertThat(tolerating).extracting(Applied::toString).containsExactly("pod/rich configured");
            assertThat(cluster.pod("rich").getSpec().getTolerations()).extracting(t -> t.getKey() + ":" + t.getEffect())
                    .containsExactly("dedicated:NoSchedule", "spot:NoSchedule", "node.kubernetes.io/not-ready:NoExecute",
                            "node.kubernetes.io/unreachable:NoExecute");
        }
    }

    @Test
    void volumeMountsMergeOnTheirMountPathSoOneVolumeMayBeMountedTwice() {
        // given: one volume mounted at two paths (the mounts share a name; their patchMergeKey is mountPath)
        String twice = """
                apiVersion: v1
                kind: Pod
                metadata: {name: twice}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
                    volumeMounts:
                    - {name: data, mountPath: /a, subPath: a}
                    - {name: data, mountPath: /b, subPath: b}
                  volumes:
                  - {name: data, emptyDir: {}}
                """;
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(twice);
            // when
            List<Applied> applied = cluster.applyYaml(twice);
            // then
            assertThat(applied).extracting(Applied::toString).containsExactly("pod/twice unchanged");
            assertThat(cluster.pod("twice").getSpec().getContainers().get(0).getVolumeMounts())
                    .extracting(m -> m.getMountPath()).containsExactly("/a", "/b", "/var/run/secrets/kubernetes.io/serviceaccount"); // the token mount admission adds stays
        }
    }

    @Test
    void aChangedImageRestartsTheContainerWithIt() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(WEB);
            cluster.advance(Duration.ofSeconds(10));
            // when
            List<Applied> applied = cluster.applyYaml(WEB.replace("nginx:1.25", "nginx:1.26"));
            // then: computePodActions sees the definition change (containerChanged) and restarts the container
            // whatever the restart policy, with the pod's grace period (kuberuntime_manager.go)
            assertThat(applied).extracting(Applied::toString).containsExactly("pod/web configured", "configmap/settings unchanged");
            var status = cluster.pod("web").getStatus().getContainerStatuses().get(0);
            assertThat(status.getImage()).isEqualTo("docker.io/library/nginx:1.26");
            assertThat(status.getRestartCount()).isEqualTo(1);
            assertThat(status.getLastState().getTerminated().getReason()).isEqualTo("Completed");
            assertThat(cluster.eventsFor(cluster.pod("web"))).extracting(e -> e.getReason() + ": " + e.getMessage())
                    .contains("Killing: Container app definition changed, will be restarted",
                            "Pulled: Container image \"nginx:1.26\" already present on machine");
            assertThat(cluster.timeline().containerHistory("default", "web", "app").restartedAt())
                    .containsExactly(Duration.ofSeconds(10));
        }
    }

    @Test
    void anActiveDeadlineIsStoredAndTheKubeletFailsThePodAtIt() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when
            cluster.applyYaml(WEB.replace("  containers:", "  activeDeadlineSeconds: 30\n  containers:"));
            cluster.advance(Duration.ofSeconds(60));
            // then: simulated since issue #10 (pkg/kubelet/active_deadline.go), no longer "not simulated"
            assertThat(cluster.pod("web").getSpec().getActiveDeadlineSeconds()).isEqualTo(30L);
            assertThat(cluster.pod("web").getStatus().getReason()).isEqualTo("DeadlineExceeded");
            assertThat(cluster.timeline().describe("default", "web"))
                    .contains("00:00:30  DeadlineExceeded: Pod was active on the node longer than the specified deadline")
                    .doesNotContain("activeDeadlineSeconds: not simulated");
        }
    }
}
