package dev.peapod;

import dev.peapod.manifest.Applied;
import dev.peapod.timeline.TimelineEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API server's warnings for accepted writes (pkg/api/pod/warnings.go, v1.33), in its words, on
 * {@link Applied#warnings()} and on the timeline as {@code Warning: ...}.
 */
class ApiWarningsTest {

    private static List<String> warningsOf(String yaml) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            List<Applied> applied = cluster.applyYaml(yaml);
            assertThat(applied).hasSize(1);
            return applied.get(0).warnings();
        }
    }

    private static String pod(String spec) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                """ + spec.indent(2);
    }

    @Test
    void aFractionalMemoryLimitIsAcceptedWithTheApiServersWarningOnTheResultAndTheTimeline() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when
            List<Applied> applied = cluster.applyYaml(pod("""
                    containers:
                    - name: app
                      image: nginx
                      resources:
                        limits: {memory: "100m"}
                    """));
            // then
            // the request is defaulted from the limit before the warnings are worked out, as upstream
            String limit = "spec.containers[0].resources.limits[memory]: fractional byte value \"100m\" is invalid, must be an integer";
            String request = "spec.containers[0].resources.requests[memory]: fractional byte value \"100m\" is invalid, must be an integer";
            assertThat(applied.get(0).warnings()).containsExactly(limit, request);
            assertThat(applied.get(0).apiWarnings()).containsExactly(limit, request);
            assertThat(cluster.timeline().forPod("default", "web")).extracting(TimelineEntry::format)
                    .startsWith("00:00:00  Warning: " + limit, "00:00:00  Warning: " + request);
        }
    }

    @Test
    void fractionalRequestsAndEphemeralStorageAreNamedInTheirCanonicalForm() {
        assertThat(warningsOf(pod("""
                containers:
                - name: app
                  image: nginx
                  resources:
                    requests: {memory: "0.5"}
                    limits: {memory: "1Gi", ephemeral-storage: "2.5"}
                """))).containsExactly(
                "spec.containers[0].resources.requests[memory]: fractional byte value \"500m\" is invalid, must be an integer",
                "spec.containers[0].resources.limits[ephemeral-storage]: fractional byte value \"2500m\" is invalid, must be an integer",
                "spec.containers[0].resources.requests[ephemeral-storage]: fractional byte value \"2500m\" is invalid, must be an integer");
    }

    @Test
    void deprecatedNodeLabelsInTheNodeSelectorAndTheNodeAffinity() {
        assertThat(warningsOf(pod("""
                nodeSelector: {beta.kubernetes.io/arch: amd64, kubernetes.io/os: linux}
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                      - matchExpressions:
                        - {key: failure-domain.beta.kubernetes.io/zone, operator: In, values: [a]}
                    preferredDuringSchedulingIgnoredDuringExecution:
                    - weight: 1
                      preference:
                        matchExpressions:
                        - {key: zone, operator: Exists}
                        - {key: node-role.kubernetes.io/master, operator: DoesNotExist}
                containers: [{name: app, image: nginx}]
                """))).containsExactly(
                "spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use \"kubernetes.io/arch\" instead",
                "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: "
                        + "failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use \"topology.kubernetes.io/zone\" instead",
                "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[1].key: "
                        + "node-role.kubernetes.io/master is use \"node-role.kubernetes.io/control-plane\" instead");
    }

    @Test
    void aRedefinedEnvVarThatDoesNotBuildOnThePreviousOneHidesIt() {
        assertThat(warningsOf(pod("""
                containers:
                - name: app
                  image: nginx
                  env:
                  - {name: A, value: "1"}
                  - {name: A, value: "2"}
                  - {name: B, value: "x"}
                  - {name: B, value: "$(B)-suffix"}
                  - {name: C, value: "x"}
                  - {name: C, value: "$(C)"}
                """))).containsExactly(
                "spec.containers[0].env[1]: hides previous definition of \"A\", which may be dropped when using apply",
                "spec.containers[0].env[5]: hides previous definition of \"C\", which may be dropped when using apply");
    }

    @Test
    void aNegativeTerminationGracePeriodIsAcceptedWithAWarning() {
        assertThat(warningsOf(pod("""
                terminationGracePeriodSeconds: -5
                containers: [{name: app, image: nginx}]
                """))).containsExactly(
                "spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1");
    }

    @Test
    void duplicateOverlappingAndHostIpOnlyPortsAcrossContainers() {
        assertThat(warningsOf(pod("""
                containers:
                - name: app
                  image: nginx
                  ports: [{containerPort: 80}, {containerPort: 90, hostIP: 10.0.0.1, name: admin}]
                - name: side
                  image: nginx
                  ports: [{containerPort: 80}, {containerPort: 80, hostPort: 8080}]
                """))).containsExactly(
                "spec.containers[0].ports[1]: hostIP set without hostPort: "
                        + "{Name:admin HostPort:0 ContainerPort:90 Protocol:TCP HostIP:10.0.0.1}",
                "spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]",
                "spec.containers[1].ports[1]: overlapping port definition with spec.containers[0].ports[0]",
                "spec.containers[1].ports[1]: overlapping port definition with spec.containers[1].ports[0]");
    }

    @Test
    void duplicateImagePullSecretsHostAliasesAndDeprecatedAnnotationsAndVolumes() {
        assertThat(warningsOf("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  annotations: {scheduler.alpha.kubernetes.io/critical-pod: "", seccomp.security.alpha.kubernetes.io/pod: runtime/default}
                spec:
                  imagePullSecrets: [{name: reg}, {name: reg}]
                  hostAliases: [{ip: 10.0.0.1, hostnames: [a]}, {ip: 10.0.0.1, hostnames: [b]}]
                  volumes: [{name: repo, gitRepo: {repository: "https://example.com/r.git"}}]
                  affinity:
                    podAntiAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: kubernetes.io/hostname}]
                  containers: [{name: app, image: nginx}]
                """)).containsExactly(
                "metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the \"priorityClassName\" field instead",
                "spec.volumes[0].gitRepo: deprecated in v1.11",
                "spec.hostAliases[1].ip: duplicate ip \"10.0.0.1\"",
                "spec.imagePullSecrets[1].name: duplicate name \"reg\"",
                "metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the \"seccompProfile\" field instead",
                "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector: "
                        + "a null labelSelector results in matching no pod",
                // Peapod's own note follows the API server's: a gitRepo volume is never cloned
                "not simulated: spec.volumes[0]: Peapod has no plugin for volume \"repo\"'s kind; its containers see an empty directory there");
    }

    @Test
    void aPodNameWithDotsIsAcceptedWithTheHostnameWarning() {
        assertThat(warningsOf("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web.v1}
                spec:
                  containers: [{name: app, image: nginx}]
                """)).containsExactly("metadata.name: this is used in the Pod's hostname, which can result in surprising "
                + "behavior; a DNS label is recommended: [must not contain dots]");
    }

    @Test
    void aCleanPodHasNoWarningsAndAPodUpdateHasNone() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThat(cluster.applyYaml(pod("containers: [{name: app, image: nginx}]\n")).get(0).warnings()).isEmpty();
            // the API server skips warnings on pod updates (pkg/registry/core/pod/strategy.go)
            List<Applied> updated = cluster.applyYaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web, annotations: {scheduler.alpha.kubernetes.io/critical-pod: ""}}
                    spec:
                      containers: [{name: app, image: nginx}]
                    """);
            assertThat(updated.get(0).action()).isEqualTo(Applied.Action.CONFIGURED);
            assertThat(updated.get(0).warnings()).isEmpty();
        }
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web.v1}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: nginx
                    resources: {limits: {memory: 100m}}
            """;

    @Test
    void aWorkloadsTemplateWarnsWithItsFieldPrefixBeforeTheNotSimulatedNote() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when
            Applied applied = cluster.applyYaml(DEPLOYMENT).get(0);
            // then
            List<String> api = List.of(
                    "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; "
                            + "a DNS label is recommended: [must not contain dots]",
                    "spec.template.spec.containers[0].resources.limits[memory]: fractional byte value \"100m\" is invalid, "
                            + "must be an integer");
            // #11: Deployments are simulated now, so no not-simulated note follows the API server's warnings
            assertThat(applied.apiWarnings()).isEqualTo(api);
            assertThat(applied.warnings()).containsExactly(api.get(0), api.get(1));
            assertThat(cluster.timeline().forPod("default", "deployment.apps/web.v1")).extracting(TimelineEntry::format)
                    .startsWith("00:00:00  Warning: " + api.get(0), "00:00:00  Warning: " + api.get(1))
                    .noneMatch(line -> line.contains("not simulated"));

            // an unchanged re-apply writes nothing and warns of nothing; a spec change bumps the
            // generation and warns of the template again, without the name warning of create
            assertThat(cluster.applyYaml(DEPLOYMENT).get(0).apiWarnings()).isEmpty();
            Applied changed = cluster.applyYaml(DEPLOYMENT.replace("image: nginx", "image: nginx:2")).get(0);
            assertThat(changed.action()).isEqualTo(Applied.Action.CONFIGURED);
            assertThat(changed.apiWarnings()).containsExactly(api.get(1));
        }
    }

    @Test
    void aCronJobsTemplateIsNamedUnderItsJobTemplate() {
        assertThat(warningsOf("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly}
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          nodeSelector: {beta.kubernetes.io/os: linux}
                          containers: [{name: app, image: busybox}]
                """)).containsExactly(
                "spec.jobTemplate.spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use \"kubernetes.io/os\" instead");
    }
}
