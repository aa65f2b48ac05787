package dev.peapod.apiserver.apply;

import dev.peapod.apiserver.patch.PatchException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;

import static dev.peapod.apiserver.apply.Yaml.refusal;
import static dev.peapod.apiserver.apply.Yaml.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/** The Update entries a v1.33 API server records for creates, updates and non-apply patches. */
class ManagedFieldsTest {
    private static final ApplySchema DEPLOYMENT = ApplySchema.forKind("apps/v1", "Deployment");
    private static final Instant T1 = Instant.parse("2026-12-05T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-12-05T08:05:00Z");

    private static final String WEB = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: default
              uid: 0b7c5e0e-0000-4000-8000-000000000001
              resourceVersion: "12"
              generation: 1
              creationTimestamp: "2026-12-05T08:00:00Z"
              labels: {app: web}
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
            status: {}
            """;

    private static final String CREATED_FIELDS = """
            f:metadata:
              f:labels:
                .: {}
                f:app: {}
            f:spec:
              f:replicas: {}
              f:selector: {}
              f:template:
                f:metadata:
                  f:labels:
                    .: {}
                    f:app: {}
                f:spec:
                  f:containers:
                    k:{"name":"app"}:
                      .: {}
                      f:image: {}
                      f:name: {}
            """;

    @Test
    void aCreateGivesTheCreatorEveryFieldButIdentityAndStatus() {
        // WHEN
        JsonNode created = ManagedFields.update(null, yaml(WEB), "kubectl-create", "", DEPLOYMENT, T1);
        // THEN
        assertThat(created.at("/metadata/managedFields")).isEqualTo(yaml("""
                - manager: kubectl-create
                  operation: Update
                  apiVersion: apps/v1
                  time: "2026-12-05T08:00:00Z"
                  fieldsType: FieldsV1
                  fieldsV1:
                """ + CREATED_FIELDS.indent(4)));
        assertThat(created.at("/metadata/managedFields/0/fieldsV1").toString()).startsWith(
                "{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},\"f:spec\":{\"f:replicas\":{},");
    }

    @Test
    void anUpdateThatChangesNothingKeepsTheEntriesAndTheirTimes() {
        // GIVEN
        JsonNode created = ManagedFields.update(null, yaml(WEB), "kubectl-create", "", DEPLOYMENT, T1);
        // WHEN
        JsonNode same = ManagedFields.update(created, created, "kubectl-edit", "", DEPLOYMENT, T2);
        // THEN
        assertThat(same).isEqualTo(created);
    }

    @Test
    void anUpdateBySameManagerMergesIntoItsEntryAndMovesTheTime() {
        // GIVEN
        JsonNode created = ManagedFields.update(null, yaml(WEB), "kubectl-create", "", DEPLOYMENT, T1);
        JsonNode annotated = created.deepCopy();
        ((ObjectNode) annotated.get("metadata")).putObject("annotations").put("note", "x");
        // WHEN
        JsonNode updated = ManagedFields.update(created, annotated, "kubectl-create", "", DEPLOYMENT, T2);
        // THEN
        assertThat(updated.at("/metadata/managedFields")).hasSize(1);
        assertThat(updated.at("/metadata/managedFields/0/time").stringValue()).isEqualTo("2026-12-05T08:05:00Z");
        assertThat(updated.at("/metadata/managedFields/0/fieldsV1/f:metadata")).isEqualTo(yaml("""
                f:annotations:
                  .: {}
                  f:note: {}
                f:labels:
                  .: {}
                  f:app: {}
                """));
    }

    @Test
    void removingAFieldTakesItFromItsOwner() {
        // GIVEN
        JsonNode created = ManagedFields.update(null, yaml(WEB), "kubectl-create", "", DEPLOYMENT, T1);
        JsonNode withoutReplicas = created.deepCopy();
        ((ObjectNode) withoutReplicas.get("spec")).remove("replicas");
        // WHEN
        JsonNode updated = ManagedFields.update(created, withoutReplicas, "kubectl-edit", "", DEPLOYMENT, T2);
        // THEN nobody owns replicas, and kubectl-edit gained nothing, so it has no entry
        assertThat(updated.at("/metadata/managedFields")).hasSize(1);
        assertThat(updated.at("/metadata/managedFields/0/fieldsV1/f:spec").has("f:replicas")).isFalse();
    }

    @Test
    void statusWritesAreRecordedWithTheirSubresource() {
        // GIVEN
        JsonNode created = ManagedFields.update(null, yaml(WEB), "kubectl-create", "", DEPLOYMENT, T1);
        JsonNode withStatus = created.deepCopy();
        ((ObjectNode) withStatus).putObject("status").put("replicas", 2).put("readyReplicas", 2);
        // WHEN
        JsonNode updated = ManagedFields.update(created, withStatus, "kube-controller-manager", "status",
                DEPLOYMENT, T2);
        // THEN
        assertThat(updated.at("/metadata/managedFields/1")).isEqualTo(yaml("""
                manager: kube-controller-manager
                operation: Update
                apiVersion: apps/v1
                time: "2026-12-05T08:05:00Z"
                fieldsType: FieldsV1
                fieldsV1:
                  f:status:
                    f:readyReplicas: {}
                    f:replicas: {}
                subresource: status
                """));
    }

    @Test
    void managedFieldsSentInAnUpdateAreKeptAndAnEmptyEntryResetsThem() {
        // GIVEN
        JsonNode created = ManagedFields.update(null, yaml(WEB), "kubectl-create", "", DEPLOYMENT, T1);
        JsonNode edited = created.deepCopy();
        ((ObjectNode) edited.at("/metadata/managedFields/0")).put("manager", "renamed");
        JsonNode reset = created.deepCopy();
        ((ObjectNode) reset.get("metadata")).set("managedFields", yaml("[{}]"));
        JsonNode dropped = created.deepCopy();
        ((ObjectNode) dropped.get("metadata")).remove("managedFields");
        // WHEN
        JsonNode renamed = ManagedFields.update(created, edited, "kubectl-edit", "", DEPLOYMENT, T2);
        JsonNode cleared = ManagedFields.update(created, reset, "kubectl-edit", "", DEPLOYMENT, T2);
        JsonNode kept = ManagedFields.update(created, dropped, "kubectl-edit", "", DEPLOYMENT, T2);
        // THEN
        assertThat(renamed.at("/metadata/managedFields/0/manager").stringValue()).isEqualTo("renamed");
        assertThat(cleared.at("/metadata").has("managedFields")).isFalse();
        assertThat(kept).isEqualTo(created);
    }

    @Test
    void anExistingObjectWithoutManagedFieldsStaysUntrackedByUpdates() {
        // GIVEN an object stored without managedFields (written by a controller inside the cluster)
        JsonNode live = yaml(WEB);
        JsonNode scaled = live.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 3);
        // WHEN
        JsonNode updated = ManagedFields.update(live, scaled, "kubectl-scale", "", DEPLOYMENT, T2);
        // THEN
        assertThat(updated).isEqualTo(scaled);
        assertThat(updated.at("/metadata").has("managedFields")).isFalse();
    }

    @Test
    void moreThanTenUpdateManagersMergeTheOldestIntoAncientChanges() {
        // GIVEN twelve managers, each writing its own annotation a minute apart
        JsonNode object = ManagedFields.update(null, yaml(WEB), "creator", "", DEPLOYMENT, T1);
        for (int i = 1; i <= 11; i++) {
            JsonNode next = object.deepCopy();
            ((ObjectNode) next.get("metadata")).withObject("annotations").put("a" + i, "x");
            object = ManagedFields.update(object, next, "writer-" + i, "", DEPLOYMENT, T1.plusSeconds(60L * i));
        }
        // THEN the 11th entry merged creator and writer-1 into ancient-changes, the 12th merged writer-2 into it;
        // the bucket has the time of the last entry merged
        JsonNode entries = object.at("/metadata/managedFields");
        assertThat(entries).hasSize(10);
        assertThat(entries.get(0).get("manager").stringValue()).isEqualTo("ancient-changes");
        assertThat(entries.get(0).get("time").stringValue()).isEqualTo("2026-12-05T08:02:00Z");
        assertThat(entries.get(0).at("/fieldsV1/f:metadata/f:annotations").has("f:a1")).isTrue();
        assertThat(entries.get(0).at("/fieldsV1/f:metadata/f:annotations").has("f:a2")).isTrue();
        assertThat(entries.get(0).at("/fieldsV1/f:spec").has("f:replicas")).isTrue();
        assertThat(entries.get(1).get("manager").stringValue()).isEqualTo("writer-3");
    }

    @Test
    void theManagerIsTheFieldManagerOrTheUserAgentsProgram() {
        assertThat(ManagedFields.managerOf("mine", "kubectl/v1.33.0")).isEqualTo("mine");
        assertThat(ManagedFields.managerOf(null,
                "kubectl-client-side-apply/v1.33.0 (linux/amd64) kubernetes/8adc0f0")).isEqualTo("kubectl-client-side-apply");
        assertThat(ManagedFields.managerOf("", "kubectl-edit/v1.33.0 (linux/amd64) kubernetes/8adc0f0"))
                .isEqualTo("kubectl-edit");
        assertThat(ManagedFields.managerOf("", "Go-http-client/1.1")).isEqualTo("Go-http-client");
        assertThat(ManagedFields.managerOf("", "fabric8-kubernetes-client/7.4.0")).isEqualTo("fabric8-kubernetes-client");
        assertThat(ManagedFields.managerOf("", "tab\there/1")).isEqualTo("tabhere");
        assertThat(ManagedFields.managerOf("", "x".repeat(200))).hasSize(128);
    }

    @Test
    void aFieldManagerOfAnUpdateIsCheckedButNotRequired() {
        ManagedFields.checkFieldManager("UpdateOptions", "", false);
        PatchException tooLong = refusal(() -> ManagedFields.checkFieldManager("CreateOptions", "m".repeat(129), false));
        assertThat(tooLong.code()).isEqualTo(422);
        assertThat(tooLong.getMessage()).isEqualTo(
                "CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes");
        assertThat(tooLong.causes()).extracting(PatchException.Cause::reason).containsExactly("FieldValueTooLong");
    }
}
