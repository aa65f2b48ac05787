package dev.peapod;

import dev.peapod.manifest.Applied;
import dev.peapod.manifest.ManifestException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A re-apply of a workload meets the update rules of v1.33 (pkg/registry/apps/deployment/strategy.go
 * ValidateUpdate, pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate,
 * pkg/apis/batch/validation/validation.go ValidateJobSpecUpdate), and an unchanged one still writes nothing.
 */
class WorkloadReapplyTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: app, image: "nginx:1.27"}]
            """;
    private static final String STATEFUL_SET = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers: [{name: db, image: "postgres:16"}]
            """;
    private static final String JOB = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: pi}
            spec:
              completions: 3
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: pi, image: "perl:5.34"}]
            """;

    @Test
    void aDeploymentWithNegativeReplicasIsRefusedAtItsField() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when
            ManifestException e = catchThrowableOfType(ManifestException.class,
                    () -> cluster.applyYaml(DEPLOYMENT.replace("spec:\n  selector", "spec:\n  replicas: -1\n  selector")));
            // then
            assertThat(e.problems()).extracting(ManifestException.Problem::toString).containsExactly(
                    "inline YAML, document 1 (Deployment web), line 5: spec.replicas: Invalid value: -1: "
                            + "must be greater than or equal to 0");
            assertThat(cluster.context().store().resourceVersion()).isEqualTo(storeVersionOfAnEmptyCluster());
        }
    }

    @Test
    void reApplyingUnchangedWorkloadsWritesNothing() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(DEPLOYMENT + "---\n" + STATEFUL_SET + "---\n" + JOB);
            // when
            List<Applied> applied = cluster.applyYaml(DEPLOYMENT + "---\n" + STATEFUL_SET + "---\n" + JOB);
            // then
            assertThat(applied).extracting(Applied::toString)
                    .containsExactly("deployment.apps/web unchanged", "statefulset.apps/db unchanged", "job.batch/pi unchanged");
        }
    }

    @Test
    void aDeploymentsSelectorIsImmutable() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(DEPLOYMENT);
            // when
            ManifestException e = catchThrowableOfType(ManifestException.class,
                    () -> cluster.applyYaml(DEPLOYMENT.replace("app: web", "app: api")));
            // then
            assertThat(e.problems()).extracting(ManifestException.Problem::toString).containsExactly(
                    "inline YAML, document 1 (Deployment web), line 5: spec.selector: Invalid value: "
                            + "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"api\"}, "
                            + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
        }
    }

    @Test
    void aDeploymentsReplicasAndTemplateMayChange() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(DEPLOYMENT);
            // when
            List<Applied> applied = cluster.applyYaml(DEPLOYMENT.replace("nginx:1.27", "nginx:1.28")
                    .replace("spec:\n  selector", "spec:\n  replicas: 3\n  selector"));
            // then
            assertThat(applied).extracting(Applied::toString).containsExactly("deployment.apps/web configured");
        }
    }

    @Test
    void aStatefulSetsServiceNameMayNotChange() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(STATEFUL_SET);
            // when
            ManifestException e = catchThrowableOfType(ManifestException.class,
                    () -> cluster.applyYaml(STATEFUL_SET.replace("serviceName: db", "serviceName: db-headless")));
            // then
            assertThat(e.problems()).extracting(ManifestException.Problem::toString).containsExactly(
                    "inline YAML, document 1 (StatefulSet db), line 4: spec: Forbidden: updates to "
                            + "statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', "
                            + "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
        }
    }

    @Test
    void aStatefulSetsReplicasMayChange() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(STATEFUL_SET);
            // when
            List<Applied> applied = cluster.applyYaml(STATEFUL_SET.replace("serviceName: db", "serviceName: db\n  replicas: 2"));
            // then
            assertThat(applied).extracting(Applied::toString).containsExactly("statefulset.apps/db configured");
        }
    }

    @Test
    void aJobsCompletionsAreImmutable() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(JOB);
            // when
            ManifestException e = catchThrowableOfType(ManifestException.class,
                    () -> cluster.applyYaml(JOB.replace("completions: 3", "completions: 5")));
            // then
            assertThat(e.problems()).extracting(ManifestException.Problem::toString).containsExactly(
                    "inline YAML, document 1 (Job pi), line 5: spec.completions: Invalid value: 5: "
                            + "field is immutable");
        }
    }

    private static long storeVersionOfAnEmptyCluster() {
        try (FakeCluster empty = FakeCluster.withNodes("node-1")) {
            return empty.context().store().resourceVersion();
        }
    }
}
