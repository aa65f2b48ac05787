package dev.peapod.apiserver.apply;

import dev.peapod.apiserver.patch.PatchException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

import static dev.peapod.apiserver.apply.Yaml.body;
import static dev.peapod.apiserver.apply.Yaml.refusal;
import static dev.peapod.apiserver.apply.Yaml.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Server-side apply against the managedFields a v1.33 API server writes (k8s.io/apiserver fieldmanager,
 * sigs.k8s.io/structured-merge-diff/v4 merge.Updater) and the Status it answers for conflicts.
 */
class ServerSideApplyTest {
    private static final ApplySchema DEPLOYMENT = ApplySchema.forKind("apps/v1", "Deployment");
    private static final Instant T1 = Instant.parse("2026-12-05T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-12-05T08:01:00.500Z");
    private static final Instant T3 = Instant.parse("2026-12-05T08:02:00Z");

    private static final String WEB = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: default
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
                    ports:
                    - containerPort: 80
            """;

    private static final String WEB_FIELDS = """
            f:metadata:
              f:labels:
                f:app: {}
            f:spec:
              f:replicas: {}
              f:selector: {}
              f:template:
                f:metadata:
                  f:labels:
                    f:app: {}
                f:spec:
                  f:containers:
                    k:{"name":"app"}:
                      .: {}
                      f:image: {}
                      f:name: {}
                      f:ports:
                        k:{"containerPort":80,"protocol":"TCP"}:
                          .: {}
                          f:containerPort: {}
            """;

    private static ServerSideApply.Request request(String manager, boolean force, Instant now) {
        return new ServerSideApply.Request("apps/v1", "Deployment", "default", "web", manager, force, "", now);
    }

    private static JsonNode apply(JsonNode live, String config, String manager, Instant now) {
        return ServerSideApply.apply(live, body(config), request(manager, false, now), DEPLOYMENT);
    }

    @Test
    void createByApplyRecordsOneApplyEntryWithTheAppliedFields() {
        // WHEN
        JsonNode created = apply(null, WEB, "kubectl", T1);
        // THEN
        assertThat(created.at("/spec/template/spec/containers/0/image").stringValue()).isEqualTo("nginx:1.25");
        assertThat(created.at("/metadata/managedFields")).isEqualTo(yaml("""
                - manager: kubectl
                  operation: Apply
                  apiVersion: apps/v1
                  time: "2026-12-05T08:00:00Z"
                  fieldsType: FieldsV1
                  fieldsV1:
                """ + WEB_FIELDS.indent(4)));
    }

    @Test
    void aSecondApplyChangingOneFieldKeepsTheSetAndMovesTheTime() {
        // GIVEN
        JsonNode live = apply(null, WEB, "kubectl", T1);
        // WHEN
        JsonNode changed = apply(live, WEB.replace("nginx:1.25", "nginx:1.26"), "kubectl", T2);
        // THEN
        assertThat(changed.at("/spec/template/spec/containers/0/image").stringValue()).isEqualTo("nginx:1.26");
        assertThat(changed.at("/metadata/managedFields")).hasSize(1);
        assertThat(changed.at("/metadata/managedFields/0/time").stringValue()).isEqualTo("2026-12-05T08:01:00Z");
        assertThat(changed.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(yaml(WEB_FIELDS));
    }

    @Test
    void anApplyThatChangesNothingKeepsTheTime() {
        // GIVEN
        JsonNode live = apply(null, WEB, "kubectl", T1);
        // WHEN
        JsonNode same = apply(live, WEB, "kubectl", T2);
        // THEN
        assertThat(same).isEqualTo(live);
    }

    @Test
    void anUpdateByAnotherManagerTakesTheFieldsItChanges() {
        // GIVEN
        JsonNode live = apply(null, WEB, "kubectl", T1);
        JsonNode scaled = live.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) scaled.get("spec")).put("replicas", 5);
        // WHEN
        JsonNode updated = ManagedFields.update(live, scaled, "kubectl-scale", "", DEPLOYMENT, T2);
        // THEN
        assertThat(updated.at("/metadata/managedFields")).isEqualTo(yaml("""
                - manager: kubectl
                  operation: Apply
                  apiVersion: apps/v1
                  time: "2026-12-05T08:00:00Z"
                  fieldsType: FieldsV1
                  fieldsV1:
                """ + WEB_FIELDS.replace("  f:replicas: {}\n", "").indent(4) + """
                - manager: kubectl-scale
                  operation: Update
                  apiVersion: apps/v1
                  time: "2026-12-05T08:01:00Z"
                  fieldsType: FieldsV1
                  fieldsV1:
                    f:spec:
                      f:replicas: {}
                """));
    }

    @Test
    void applyingAFieldAnotherManagerOwnsWithAnotherValueIsAConflict() {
        // GIVEN
        JsonNode live = scaledBy("kubectl-client-side-apply", apply(null, WEB, "kubectl", T1));
        // WHEN
        PatchException conflict = refusal(() -> apply(live, WEB.replace("replicas: 2", "replicas: 3"), "kubectl", T3));
        // THEN
        assertThat(conflict.code()).isEqualTo(409);
        assertThat(conflict.reason()).isEqualTo("Conflict");
        assertThat(conflict.getMessage()).isEqualTo(
                "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
        assertThat(conflict.causes()).extracting(PatchException.Cause::reason, PatchException.Cause::message,
                PatchException.Cause::field).containsExactly(tuple("FieldManagerConflict",
                "conflict with \"kubectl-client-side-apply\" using apps/v1", ".spec.replicas"));
    }

    @Test
    void applyingTheValueAnotherManagerSetSharesTheField() {
        // GIVEN replicas set to 5 by kubectl-scale
        JsonNode live = scaledBy("kubectl-scale", apply(null, WEB, "kubectl", T1));
        // WHEN kubectl applies 5 too
        JsonNode shared = apply(live, WEB.replace("replicas: 2", "replicas: 5"), "kubectl", T3);
        // THEN both own it
        assertThat(shared.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(yaml(WEB_FIELDS));
        assertThat(shared.at("/metadata/managedFields/1/fieldsV1")).isEqualTo(yaml("f:spec: {f:replicas: {}}"));
    }

    @Test
    void twoConflictsAreListedPerManagerSortedByManager() {
        // GIVEN replicas owned by "scaler", the image by "bumper"
        JsonNode live = scaledBy("scaler", apply(null, WEB, "kubectl", T1));
        JsonNode bumped = live.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) bumped.at("/spec/template/spec/containers/0")).put("image", "nginx:2");
        live = ManagedFields.update(live, bumped, "bumper", "", DEPLOYMENT, T2);
        JsonNode finalLive = live;
        // WHEN
        PatchException conflict = refusal(() -> apply(finalLive,
                WEB.replace("replicas: 2", "replicas: 3").replace("nginx:1.25", "nginx:3"), "kubectl", T3));
        // THEN
        assertThat(conflict.code()).isEqualTo(409);
        assertThat(conflict.getMessage()).isEqualTo("Apply failed with 2 conflicts: "
                + "conflicts with \"bumper\" using apps/v1:\n"
                + "- .spec.template.spec.containers[name=\"app\"].image\n"
                + "conflicts with \"scaler\" using apps/v1:\n"
                + "- .spec.replicas");
        assertThat(conflict.causes()).extracting(PatchException.Cause::message, PatchException.Cause::field)
                .containsExactly(
                        tuple("conflict with \"bumper\" using apps/v1", ".spec.template.spec.containers[name=\"app\"].image"),
                        tuple("conflict with \"scaler\" using apps/v1", ".spec.replicas"));
    }

    @Test
    void twoConflictsWithOneManagerAreListedInFieldOrder() {
        // GIVEN
        JsonNode live = apply(null, WEB, "kubectl", T1);
        JsonNode edited = live.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) edited.get("spec")).put("replicas", 5);
        ((tools.jackson.databind.node.ObjectNode) edited.at("/spec/template/spec/containers/0")).put("image", "nginx:2");
        JsonNode finalLive = ManagedFields.update(live, edited, "kubectl-edit", "", DEPLOYMENT, T2);
        // WHEN
        PatchException conflict = refusal(() -> apply(finalLive,
                WEB.replace("replicas: 2", "replicas: 3").replace("nginx:1.25", "nginx:3"), "kubectl", T3));
        // THEN
        assertThat(conflict.getMessage()).isEqualTo("Apply failed with 2 conflicts: "
                + "conflicts with \"kubectl-edit\" using apps/v1:\n"
                + "- .spec.replicas\n"
                + "- .spec.template.spec.containers[name=\"app\"].image");
    }

    @Test
    void forceTakesTheFieldsOver() {
        // GIVEN
        JsonNode live = scaledBy("kubectl-client-side-apply", apply(null, WEB, "kubectl", T1));
        // WHEN
        JsonNode forced = ServerSideApply.apply(live, body(WEB.replace("replicas: 2", "replicas: 3")),
                request("kubectl", true, T3), DEPLOYMENT);
        // THEN the other manager lost its only field, so its entry is gone
        assertThat(forced.at("/spec/replicas").intValue()).isEqualTo(3);
        assertThat(forced.at("/metadata/managedFields")).isEqualTo(yaml("""
                - manager: kubectl
                  operation: Apply
                  apiVersion: apps/v1
                  time: "2026-12-05T08:02:00Z"
                  fieldsType: FieldsV1
                  fieldsV1:
                """ + WEB_FIELDS.indent(4)));
    }

    @Test
    void aFieldNoLongerAppliedIsRemovedUnlessAnotherManagerOwnsIt() {
        // GIVEN kubectl applied labels app and tier; "labeller" applied tier with the same value
        String withTier = WEB.replace("labels: {app: web}\nspec:\n  replicas", "labels: {app: web, tier: front}\nspec:\n  replicas");
        JsonNode live = apply(null, withTier, "kubectl", T1);
        live = ServerSideApply.apply(live, body("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels: {tier: front}
                """), request("labeller", false, T2), DEPLOYMENT);
        JsonNode dropTier = live;
        // WHEN kubectl stops applying tier, and later the replicas
        JsonNode kept = apply(dropTier, WEB, "kubectl", T3);
        JsonNode noReplicas = apply(kept, WEB.replace("  replicas: 2\n", ""), "kubectl", T3);
        // THEN tier stays (labeller owns it), replicas goes (nobody owns it)
        assertThat(kept.at("/metadata/labels")).isEqualTo(yaml("{app: web, tier: front}"));
        assertThat(noReplicas.at("/spec").has("replicas")).isFalse();
        assertThat(entry(noReplicas, "kubectl").get("fieldsV1"))
                .isEqualTo(yaml(WEB_FIELDS.replace("  f:replicas: {}\n", "")));
    }

    @Test
    void aLabelNoLongerAppliedIsRemoved() {
        // GIVEN
        String withTier = WEB.replace("labels: {app: web}\nspec:\n  replicas", "labels: {app: web, tier: front}\nspec:\n  replicas");
        JsonNode live = apply(null, withTier, "kubectl", T1);
        // WHEN
        JsonNode dropped = apply(live, WEB, "kubectl", T2);
        // THEN
        assertThat(dropped.at("/metadata/labels")).isEqualTo(yaml("{app: web}"));
        assertThat(dropped.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(yaml(WEB_FIELDS));
    }

    @Test
    void containersMergeByNameAndPortsByContainerPortAndProtocol() {
        // GIVEN a sidecar added by another manager, and a UDP port next to the TCP one
        JsonNode live = apply(null, WEB, "kubectl", T1);
        JsonNode withSidecar = live.deepCopy();
        ((tools.jackson.databind.node.ArrayNode) withSidecar.at("/spec/template/spec/containers"))
                .add(yaml("{name: sidecar, image: envoy}"));
        live = ManagedFields.update(live, withSidecar, "mesh-injector", "", DEPLOYMENT, T2);
        // WHEN kubectl applies its container with two ports on 53
        JsonNode merged = apply(live, WEB.replace("""
                        ports:
                        - containerPort: 80
                """, """
                        ports:
                        - containerPort: 53
                          protocol: UDP
                        - containerPort: 53
                """), "kubectl", T3);
        // THEN
        assertThat(merged.at("/spec/template/spec/containers")).isEqualTo(yaml("""
                - name: app
                  image: nginx:1.25
                  ports:
                  - {containerPort: 53, protocol: UDP}
                  - {containerPort: 53}
                - {name: sidecar, image: envoy}
                """));
        assertThat(merged.at("/metadata/managedFields/0/fieldsV1/f:spec/f:template/f:spec/f:containers"))
                .isEqualTo(yaml("""
                        k:{"name":"app"}:
                          .: {}
                          f:image: {}
                          f:name: {}
                          f:ports:
                            k:{"containerPort":53,"protocol":"TCP"}:
                              .: {}
                              f:containerPort: {}
                            k:{"containerPort":53,"protocol":"UDP"}:
                              .: {}
                              f:containerPort: {}
                              f:protocol: {}
                        """));
        assertThat(merged.at("/metadata/managedFields/1")).isEqualTo(yaml("""
                manager: mesh-injector
                operation: Update
                apiVersion: apps/v1
                time: "2026-12-05T08:01:00Z"
                fieldsType: FieldsV1
                fieldsV1:
                  f:spec:
                    f:template:
                      f:spec:
                        f:containers:
                          k:{"name":"sidecar"}:
                            .: {}
                            f:image: {}
                            f:name: {}
                """));
    }

    @Test
    void finalizersAreASetMergedByValue() {
        // GIVEN kubectl applied finalizer a; another manager added b
        String withA = WEB.replace("  namespace: default\n", "  namespace: default\n  finalizers: [example.com/a]\n");
        JsonNode live = apply(null, withA, "kubectl", T1);
        JsonNode withB = live.deepCopy();
        ((tools.jackson.databind.node.ArrayNode) withB.at("/metadata/finalizers")).add("example.com/b");
        live = ManagedFields.update(live, withB, "controller", "", DEPLOYMENT, T2);
        // WHEN kubectl applies a and c
        JsonNode merged = apply(live, withA.replace("[example.com/a]", "[example.com/a, example.com/c]"), "kubectl", T3);
        // THEN
        assertThat(merged.at("/metadata/finalizers")).isEqualTo(yaml("[example.com/a, example.com/b, example.com/c]"));
        assertThat(merged.at("/metadata/managedFields/0/fieldsV1/f:metadata/f:finalizers")).isEqualTo(yaml("""
                v:"example.com/a": {}
                v:"example.com/c": {}
                """));
        assertThat(merged.at("/metadata/managedFields/1/fieldsV1")).isEqualTo(yaml("""
                f:metadata:
                  f:finalizers:
                    v:"example.com/b": {}
                """));
    }

    @Test
    void anObjectWithoutManagedFieldsBelongsToBeforeFirstApplyWhenFirstApplied() {
        // GIVEN an object stored without managedFields
        JsonNode live = yaml(WEB);
        // WHEN kubectl applies the same configuration, then another image
        JsonNode applied = apply(live, WEB, "kubectl", T2);
        PatchException conflict = refusal(() -> apply(applied, WEB.replace("nginx:1.25", "nginx:1.26"), "kubectl", T3));
        // THEN kubectl shares every field with before-first-apply, so changing one is a conflict
        assertThat(applied.at("/metadata/managedFields")).isEqualTo(yaml("""
                - manager: kubectl
                  operation: Apply
                  apiVersion: apps/v1
                  fieldsType: FieldsV1
                  fieldsV1:
                """ + WEB_FIELDS.indent(4) + """
                - manager: before-first-apply
                  operation: Update
                  apiVersion: apps/v1
                  time: "2026-12-05T08:01:00Z"
                  fieldsType: FieldsV1
                  fieldsV1:
                """ + WEB_FIELDS.replace("f:labels:\n", "f:labels:\n  .: {}\n")
                .replace("  f:labels:\n  .: {}", "  f:labels:\n    .: {}")
                .replace("      f:labels:\n    .: {}", "      f:labels:\n        .: {}").indent(4)));
        assertThat(conflict.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with "
                + "\"before-first-apply\" using apps/v1: .spec.template.spec.containers[name=\"app\"].image");
    }

    @Test
    void fieldManagerIsRequiredPrintableAndAtMost128Bytes() {
        PatchException missing = refusal(() -> apply(null, WEB, "", T1));
        assertThat(missing.code()).isEqualTo(422);
        assertThat(missing.reason()).isEqualTo("Invalid");
        assertThat(missing.getMessage()).isEqualTo(
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        assertThat(missing.causes()).extracting(PatchException.Cause::reason, PatchException.Cause::message,
                PatchException.Cause::field).containsExactly(
                tuple("FieldValueRequired", "Required value: is required for apply patch", "fieldManager"));

        PatchException tooLong = refusal(() -> apply(null, WEB, "m".repeat(129), T1));
        assertThat(tooLong.getMessage()).isEqualTo(
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes");

        PatchException control = refusal(() -> apply(null, WEB, "a\tb", T1));
        assertThat(control.getMessage()).isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: "
                + "Invalid value: \"a\\tb\": invalid character U+0009 (at position 1)");
    }

    @Test
    void badConfigurationsAreBadRequests() {
        PatchException version = refusal(() -> apply(null, WEB.replace("apps/v1", "apps/v1beta1"), "kubectl", T1));
        assertThat(version.code()).isEqualTo(400);
        assertThat(version.reason()).isEqualTo("BadRequest");
        assertThat(version.getMessage()).isEqualTo(
                "Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1");

        PatchException noVersion = refusal(() -> apply(null, WEB.replace("apiVersion: apps/v1\n", ""), "kubectl", T1));
        assertThat(noVersion.getMessage()).isEqualTo(
                "Incorrect version specified in apply patch. Specified patch version: , expected: apps/v1");

        PatchException managed = refusal(() -> apply(null,
                WEB.replace("  name: web\n", "  name: web\n  managedFields: []\n"), "kubectl", T1));
        assertThat(managed.getMessage()).isEqualTo("metadata.managedFields must be nil");

        PatchException noKey = refusal(() -> apply(null, WEB.replace("- name: app\n        image", "- image"),
                "kubectl", T1));
        assertThat(noKey.code()).isEqualTo(400);
        assertThat(noKey.getMessage()).isEqualTo("failed to create typed patch object (default/web; apps/v1, "
                + "Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element "
                + "that omits key field \"name\" (and doesn't have default value)");

        PatchException duplicate = refusal(() -> apply(null, WEB.replace("        - containerPort: 80\n",
                "        - containerPort: 80\n      - name: app\n        image: other\n"), "kubectl", T1));
        assertThat(duplicate.getMessage()).isEqualTo("failed to create typed patch object (default/web; apps/v1, "
                + "Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name=\"app\"]");

        PatchException name = refusal(() -> apply(null, WEB.replace("name: web", "name: other"), "kubectl", T1));
        assertThat(name.getMessage()).isEqualTo("the name of the object (other) does not match the name on the URL (web)");

        PatchException list = refusal(() -> ServerSideApply.apply(null, body("[1]"), request("kubectl", false, T1),
                DEPLOYMENT));
        assertThat(list.getMessage()).isEqualTo("error decoding YAML: error unmarshaling JSON: while decoding JSON: "
                + "json: cannot unmarshal array into Go value of type map[string]interface {}");
    }

    @Test
    void jsonBodiesApplyLikeYaml() {
        JsonNode fromYaml = apply(null, WEB, "kubectl", T1);
        JsonNode fromJson = ServerSideApply.apply(null, body(yaml(WEB).toString()), request("kubectl", false, T1),
                DEPLOYMENT);
        assertThat(fromJson).isEqualTo(fromYaml);
    }

    private static JsonNode entry(JsonNode object, String manager) {
        for (JsonNode entry : object.at("/metadata/managedFields")) {
            if (entry.get("manager").stringValue().equals(manager)) {
                return entry;
            }
        }
        throw new AssertionError("no managedFields entry of " + manager + " in " + object);
    }

    private static JsonNode scaledBy(String manager, JsonNode live) {
        JsonNode scaled = live.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) scaled.get("spec")).put("replicas", 5);
        return ManagedFields.update(live, scaled, manager, "", DEPLOYMENT, T2);
    }
}
