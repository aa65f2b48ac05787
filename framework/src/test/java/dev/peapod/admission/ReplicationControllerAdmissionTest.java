package dev.peapod.admission;

import dev.peapod.FakeCluster;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.ReplicationController;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A ReplicationController as the API server stores it: SetDefaults_ReplicationController
 * (pkg/apis/core/v1/defaults.go) and ValidateReplicationController (pkg/apis/core/validation/validation.go).
 */
class ReplicationControllerAdmissionTest {
    static final String RC = """
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: nginx}
            spec:
              template:
                metadata: {labels: {app: nginx}}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.25
            """;

    @Test
    void theSelectorAndLabelsDefaultToTheTemplatesLabelsAndReplicasToOne() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(RC);
            ReplicationController rc = cluster.context().store().require(ReplicationController.class, "default", "nginx");
            assertThat(rc.getSpec().getSelector()).isEqualTo(Map.of("app", "nginx"));
            assertThat(rc.getMetadata().getLabels()).isEqualTo(Map.of("app", "nginx"));
            assertThat(rc.getSpec().getReplicas()).isEqualTo(1);
            // the template's pod spec defaults, as for every workload
            assertThat(rc.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");
            assertThat(rc.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("IfNotPresent");
        }
    }

    @Test
    void givenLabelsAndSelectorAreKept() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(RC.replace("metadata: {name: nginx}", "metadata: {name: nginx, labels: {team: web}}")
                    .replace("spec:\n  template:", "spec:\n  selector: {app: nginx}\n  replicas: 0\n  template:"));
            ReplicationController rc = cluster.context().store().require(ReplicationController.class, "default", "nginx");
            assertThat(rc.getMetadata().getLabels()).isEqualTo(Map.of("team", "web"));
            assertThat(rc.getSpec().getSelector()).isEqualTo(Map.of("app", "nginx"));
            assertThat(rc.getSpec().getReplicas()).isZero();
        }
    }

    @Test
    void aSelectorThatDoesNotMatchTheTemplateIsRefused() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            assertThatThrownBy(() -> cluster.applyYaml(RC.replace("spec:\n  template:", "spec:\n  selector: {app: web}\n  template:")))
                    .hasMessage("inline YAML, document 1 (ReplicationController nginx), line 7:\n  spec.template.metadata.labels: "
                            + "Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`\n"
                            + "nothing was applied");
            assertThat(cluster.context().store().list(ReplicationController.class)).isEmpty();
        }
    }

    @Test
    void withoutTemplateLabelsTheSelectorIsRequiredAndEveryErrorIsListedInUpstreamsOrder() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            String rc = RC.replace("    metadata: {labels: {app: nginx}}\n", "")
                    .replace("spec:\n  template:", "spec:\n  replicas: -1\n  minReadySeconds: -2\n  template:")
                    .replace("    spec:\n      containers:", "    spec:\n      restartPolicy: OnFailure\n      activeDeadlineSeconds: 5\n      containers:");
            assertThatThrownBy(() -> cluster.applyYaml(rc))
                    .hasMessage("inline YAML, document 1 (ReplicationController nginx):\n"
                            + "  line 6: spec.minReadySeconds: Invalid value: -2: must be greater than or equal to 0\n"
                            + "  line 4: spec.selector: Required value\n"
                            + "  line 5: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"
                            + "  line 9: spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"\n"
                            + "  line 10: spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported\n"
                            + "nothing was applied");
        }
    }

    @Test
    void aMissingTemplateIsRequiredInTheApiServersWords() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            ReplicationController rc = new io.fabric8.kubernetes.api.model.ReplicationControllerBuilder()
                    .withNewMetadata().withName("nginx").withNamespace("default").endMetadata()
                    .withNewSpec().withSelector(Map.of("app", "nginx")).endSpec().build();
            assertThatThrownBy(() -> cluster.context().store().create(rc))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("ReplicationController \"nginx\" is invalid: spec.template: Required value");
            assertThat(cluster.context().store().list(ReplicationController.class)).isEmpty();
        }
    }
}
