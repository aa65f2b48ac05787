package dev.peapod;

import dev.peapod.manifest.Applied;
import dev.peapod.manifest.ManifestException;
import dev.peapod.store.ApiException;
import dev.peapod.store.CustomResources;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import dev.peapod.store.ServedKind;
import dev.peapod.store.WatchEvent;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * CustomResourceDefinitions and their custom resources in the store and the Java API (issue #14), with
 * the values the v1.33 API server and its apiextensions controllers give.
 */
class CustomResourcesTest {
    static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names:
                plural: widgets
                singular: widget
                kind: Widget
                shortNames: [wd]
                categories: [all]
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale:
                    specReplicasPath: .spec.replicas
                    statusReplicasPath: .status.replicas
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [color]
                        properties:
                          replicas: {type: integer, minimum: 0, default: 1}
                          color: {type: string, enum: [red, blue]}
                          size: {type: string, maxLength: 5, pattern: '^[a-z]+$'}
                          extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
                          ports:
                            type: array
                            items:
                              type: object
                              properties:
                                port: {type: integer}
                                protocol: {type: string, default: TCP}
                      status:
                        type: object
                        properties:
                          replicas: {type: integer}
                          phase: {type: string}
            """;

    private static GenericKubernetesResource widget(String name, Map<String, Object> spec) {
        GenericKubernetesResource widget = new GenericKubernetesResource();
        widget.setApiVersion("example.com/v1");
        widget.setKind("Widget");
        widget.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        widget.setAdditionalProperty("spec", spec);
        return widget;
    }

    private static CustomResourceDefinition crd(String yaml) {
        return Serialization.unmarshal(yaml, CustomResourceDefinition.class);
    }

    private static List<String> conditions(CustomResourceDefinition crd) {
        return crd.getStatus().getConditions().stream()
                .map(c -> c.getType() + "=" + c.getStatus() + " " + c.getReason() + ": " + c.getMessage()).toList();
    }

    @Test
    void aCrdIsEstablishedAtOnceWithTheNamingAndEstablishingControllersConditions() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            ObjectStore store = cluster.context().store();
            List<String> seen = new ArrayList<>();
            store.watch(CustomResourceDefinition.class, ListOptions.all(), null, event -> seen.add(event.type() + " "
                    + (event.object().getStatus().getConditions() == null ? "[]" : conditions(event.object()))));
            // when
            cluster.applyYaml(CRD);
            // then
            CustomResourceDefinition crd = store.require(CustomResourceDefinition.class, null, "widgets.example.com");
            assertThat(conditions(crd)).containsExactly(
                    "NamesAccepted=True NoConflicts: no conflicts found",
                    "Established=True InitialNamesAccepted: the initial names have been accepted");
            assertThat(crd.getStatus().getStoredVersions()).containsExactly("v1");
            assertThat(crd.getStatus().getAcceptedNames().getListKind()).isEqualTo("WidgetList");
            assertThat(crd.getStatus().getAcceptedNames().getShortNames()).containsExactly("wd");
            assertThat(crd.getMetadata().getGeneration()).isEqualTo(1L);
            assertThat(seen).containsExactly("ADDED []",
                    "MODIFIED [NamesAccepted=True NoConflicts: no conflicts found, Established=False Installing: the initial names have been accepted]",
                    "MODIFIED [NamesAccepted=True NoConflicts: no conflicts found, Established=True InitialNamesAccepted: the initial names have been accepted]");
        }
    }

    @Test
    void theRegistryServesTheCrdsKindWithItsNamesScopeVersionsAndSubresources() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when
            cluster.applyYaml(CRD);
            // then
            CustomResources custom = cluster.context().store().customResources();
            assertThat(custom.served()).containsExactly(new ServedKind("example.com", "Widget", "WidgetList", "widgets", "widget",
                    List.of("wd"), List.of("all"), true, List.of(new ServedKind.Version("v1", true, true, true,
                    Optional.of(new ServedKind.Scale(".spec.replicas", ".status.replicas", null))))));
            assertThat(custom.find("example.com", "wd")).map(ServedKind::qualified).contains("widgets.example.com");
            assertThat(custom.findKind("example.com/v2", "Widget")).isEmpty();
        }
    }

    @Test
    void aSecondCrdWhoseNamesAreTakenInItsGroupIsNotAcceptedNorEstablished() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(CRD);
            // when: another plural whose short name, kind and list kind the first CRD holds (the last conflict is named)
            cluster.applyYaml(CRD.replace("name: widgets.example.com", "name: gizmos.example.com")
                    .replace("plural: widgets", "plural: gizmos").replace("singular: widget", "singular: gizmo"));
            // then
            CustomResourceDefinition second = cluster.context().store().require(CustomResourceDefinition.class, null, "gizmos.example.com");
            assertThat(conditions(second)).containsExactly(
                    "NamesAccepted=False ListKindConflict: \"WidgetList\" is already in use",
                    "Established=False NotAccepted: not all names are accepted");
            assertThat(cluster.context().store().customResources().served()).extracting(ServedKind::plural).containsExactly("widgets");
        }
    }

    @Test
    void badCrdsAreRefusedWithTheApiServersFieldPathsAndMessages() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            ObjectStore store = cluster.context().store();
            assertThatThrownBy(() -> store.create(crd(CRD.replace("name: widgets.example.com", "name: wrong.example.com"))))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("CustomResourceDefinition.apiextensions.k8s.io \"wrong.example.com\" is invalid: metadata.name: "
                            + "Invalid value: \"wrong.example.com\": must be spec.names.plural+\".\"+spec.group");
            assertThatThrownBy(() -> store.create(crd(CRD.replace("storage: true", "storage: false"))))
                    .hasMessage("CustomResourceDefinition.apiextensions.k8s.io \"widgets.example.com\" is invalid: spec.versions: "
                            + "Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must have exactly one version "
                            + "marked as storage version");
            String noSchema = CRD.substring(0, CRD.indexOf("    schema:"));
            assertThatThrownBy(() -> store.create(crd(noSchema)))
                    .hasMessage("CustomResourceDefinition.apiextensions.k8s.io \"widgets.example.com\" is invalid: "
                            + "spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required");
            assertThatThrownBy(() -> store.create(crd(CRD.replace("scope: Namespaced", "scope: Global"))))
                    .hasMessage("CustomResourceDefinition.apiextensions.k8s.io \"widgets.example.com\" is invalid: spec.scope: "
                            + "Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"");
            assertThatThrownBy(() -> store.create(crd(CRD.replace("group: example.com", "group: example")
                    .replace("name: widgets.example.com", "name: widgets.example"))))
                    .hasMessage("CustomResourceDefinition.apiextensions.k8s.io \"widgets.example\" is invalid: spec.group: "
                            + "Invalid value: \"example\": should be a domain with at least one dot");
            assertThatThrownBy(() -> store.create(crd(CRD.replace("replicas: {type: integer, minimum: 0, default: 1}", "replicas: {minimum: 0}"))))
                    .hasMessage("CustomResourceDefinition.apiextensions.k8s.io \"widgets.example.com\" is invalid: "
                            + "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[replicas].type: Required value: "
                            + "must not be empty for specified object fields");
            assertThat(store.list(CustomResourceDefinition.class)).isEmpty();
        }
    }

    @Test
    void aCustomResourceIsStoredPrunedAndDefaultedWithTheSystemFields() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(CRD);
            CustomResources custom = cluster.context().store().customResources();
            GenericKubernetesResource widget = widget("w1", Map.of("color", "red", "bogus", 1,
                    "extra", Map.of("anything", "kept"), "ports", List.of(Map.of("port", 80))));
            widget.setAdditionalProperty("status", Map.of("phase", "Ready"));
            widget.setAdditionalProperty("unknownTop", "x");
            // when
            GenericKubernetesResource created = cluster.context().store().create(widget);
            // then
            assertThat(created.getMetadata().getNamespace()).isEqualTo("default");
            assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
            assertThat(created.getMetadata().getUid()).isNotEmpty();
            assertThat(created.getMetadata().getCreationTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
            assertThat(created.getAdditionalProperties()).containsOnlyKeys("spec"); // status: a subresource; unknownTop: pruned
            assertThat(created.get("spec").toString())
                    .isEqualTo("{color=red, extra={anything=kept}, ports=[{port=80, protocol=TCP}], replicas=1}"); // keys sorted, as Go's JSON
            assertThat(custom.list("example.com", "widgets")).extracting(w -> w.getMetadata().getName()).containsExactly("w1");
            assertThat(cluster.customResource("wd", "w1").getMetadata().getResourceVersion())
                    .isEqualTo(created.getMetadata().getResourceVersion());
        }
    }

    @Test
    void schemaViolationsAreRefusedWithTheApiServersMessages() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(CRD);
            ObjectStore store = cluster.context().store();
            assertThatThrownBy(() -> store.create(widget("w1", Map.of("color", "red", "replicas", "three"))))
                    .isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(422))
                    .hasMessage("Widget.example.com \"w1\" is invalid: spec.replicas: Invalid value: \"string\": "
                            + "spec.replicas in body must be of type integer: \"string\"");
            assertThatThrownBy(() -> store.create(widget("w1", Map.of("replicas", 2))))
                    .hasMessage("Widget.example.com \"w1\" is invalid: spec.color: Required value");
            assertThatThrownBy(() -> store.create(widget("w1", Map.of("color", "green"))))
                    .hasMessage("Widget.example.com \"w1\" is invalid: spec.color: Unsupported value: \"green\": "
                            + "supported values: \"red\", \"blue\"");
            assertThatThrownBy(() -> store.create(widget("w1", Map.of("color", "red", "replicas", -1))))
                    .hasMessage("Widget.example.com \"w1\" is invalid: spec.replicas: Invalid value: -1: "
                            + "spec.replicas in body should be greater than or equal to 0");
            assertThatThrownBy(() -> store.create(widget("w1", Map.of("color", "red", "size", "abcdefg"))))
                    .hasMessage("Widget.example.com \"w1\" is invalid: spec.size: Too long: may not be more than 5 bytes");
            assertThatThrownBy(() -> store.create(widget("w1", Map.of("color", "red", "size", "AB"))))
                    .hasMessage("Widget.example.com \"w1\" is invalid: spec.size: Invalid value: \"AB\": "
                            + "spec.size in body should match '^[a-z]+$'");
            assertThatThrownBy(() -> store.create(widget("w1", Map.of("color", "red", "ports", List.of(Map.of("port", "http"))))))
                    .hasMessage("Widget.example.com \"w1\" is invalid: spec.ports[0].port: Invalid value: \"string\": "
                            + "spec.ports[0].port in body must be of type integer: \"string\"");
            assertThat(store.customResources().list("example.com", "widgets")).isEmpty();
        }
    }

    @Test
    void withTheStatusSubresourceMainWritesKeepTheStatusAndOnlySpecChangesBumpTheGeneration() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(CRD);
            ObjectStore store = cluster.context().store();
            store.create(widget("w1", Map.of("color", "red")));
            GenericKubernetesResource status = widget("w1", Map.of("color", "blue"));
            status.setAdditionalProperty("status", Map.of("replicas", 3));
            // when: a status write changes only the status
            GenericKubernetesResource afterStatus = store.updateStatus(status);
            // then
            assertThat(afterStatus.get("status").toString()).isEqualTo("{replicas=3}");
            assertThat(afterStatus.get("spec").toString()).isEqualTo("{color=red, replicas=1}");
            assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1L);
            // when: a main write's status is ignored, its spec change bumps the generation
            GenericKubernetesResource main = widget("w1", Map.of("color", "blue", "replicas", 2));
            main.setAdditionalProperty("status", Map.of("replicas", 9));
            GenericKubernetesResource afterMain = store.update(main);
            // then
            assertThat(afterMain.get("status").toString()).isEqualTo("{replicas=3}");
            assertThat(afterMain.get("spec").toString()).isEqualTo("{color=blue, replicas=2}");
            assertThat(afterMain.getMetadata().getGeneration()).isEqualTo(2L);
            // a metadata-only change keeps it
            GenericKubernetesResource labelled = widget("w1", Map.of("color", "blue", "replicas", 2));
            labelled.getMetadata().setLabels(Map.of("tier", "gold"));
            assertThat(store.update(labelled).getMetadata().getGeneration()).isEqualTo(2L);
        }
    }

    @Test
    void aKindWithoutTheStatusSubresourceHasNoStatusPathAndItsStatusIsWrittenWithTheObject() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(CRD.replace("      status: {}\n", ""));
            ObjectStore store = cluster.context().store();
            GenericKubernetesResource widget = widget("w1", Map.of("color", "red"));
            widget.setAdditionalProperty("status", Map.of("phase", "Ready"));
            // when
            GenericKubernetesResource created = store.create(widget);
            // then
            assertThat(created.get("status").toString()).isEqualTo("{phase=Ready}");
            assertThatThrownBy(() -> store.updateStatus(widget("w1", Map.of("color", "red"))))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("the server could not find the requested resource");
            GenericKubernetesResource changed = widget("w1", Map.of("color", "red"));
            changed.setAdditionalProperty("status", Map.of("phase", "Done"));
            assertThat(store.update(changed).getMetadata().getGeneration()).isEqualTo(2L);
        }
    }

    @Test
    void aKindNoCrdServesIsTheRestMappersNoMatchesForKind() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.context().store().create(widget("w1", Map.of("color", "red"))))
                    .isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(404))
                    .hasMessage("no matches for kind \"Widget\" in version \"example.com/v1\"");
            assertThatThrownBy(() -> cluster.applyYaml("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {color: red}\n"))
                    .isInstanceOf(ManifestException.class)
                    .hasMessage("inline YAML, document 1 (Widget w1), line 2:\n  no matches for kind \"Widget\" in version "
                            + "\"example.com/v1\"\nnothing was applied");
            assertThatThrownBy(() -> cluster.customResources("widgets"))
                    .hasMessage("the server doesn't have a resource type \"widgets\"; custom resources served: none");
        }
    }

    @Test
    void applyingACrdThenItsCustomResourceWorksAndSaysNoControllerActsOnIt() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // when
            List<Applied> applied = cluster.applyYaml(CRD + "---\napiVersion: example.com/v1\nkind: Widget\n"
                    + "metadata: {name: w1}\nspec: {color: red, replicas: 2}\n");
            // then
            assertThat(applied).extracting(Applied::action).containsExactly(Applied.Action.CREATED, Applied.Action.CREATED);
            assertThat(applied.get(1).warnings()).containsExactly("not simulated: no controller in Peapod acts on Widget.example.com: the "
                    + "custom resource is stored, validated against its CRD's schema and watched; only an operator the test runs "
                    + "reconciles it");
            assertThat(cluster.customResources("widgets.example.com")).extracting(w -> w.get("spec").toString())
                    .containsExactly("{color=red, replicas=2}");
            // a second apply of the same manifest changes nothing; a changed one configures
            assertThat(cluster.applyYaml("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {color: red, replicas: 2}\n"))
                    .extracting(Applied::action).containsExactly(Applied.Action.UNCHANGED);
            assertThat(cluster.applyYaml("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {color: blue, replicas: 2}\n"))
                    .extracting(Applied::action).containsExactly(Applied.Action.CONFIGURED);
            assertThat(cluster.customResource("widget", "w1").getMetadata().getGeneration()).isEqualTo(2L);
        }
    }

    @Test
    void customResourcesAreWatchedAndListedWithLabelAndFieldSelectors() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(CRD);
            ObjectStore store = cluster.context().store();
            List<String> events = new ArrayList<>();
            store.customResources().watch("example.com", "widgets", ListOptions.all().withLabels("tier=gold"), null,
                    event -> events.add(event.type() + " " + event.object().getMetadata().getName()));
            GenericKubernetesResource gold = widget("w1", Map.of("color", "red"));
            gold.getMetadata().setLabels(Map.of("tier", "gold"));
            // when
            store.create(gold);
            store.create(widget("w2", Map.of("color", "red")));
            store.update(widget("w1", Map.of("color", "blue")));
            // then: w1 stopped matching when its labels went
            assertThat(events).containsExactly("ADDED w1", "DELETED w1");
            assertThat(store.customResources().list("example.com", "widgets", ListOptions.all().withFields("metadata.name=w2")))
                    .extracting(w -> w.getMetadata().getName()).containsExactly("w2");
            assertThatThrownBy(() -> store.customResources().list("example.com", "widgets", ListOptions.all().withFields("spec.color=red")))
                    .isInstanceOf(ApiException.class);
        }
    }

    @Test
    void deletingTheCrdDeletesItsCustomResourcesThenItself() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(CRD);
            ObjectStore store = cluster.context().store();
            store.create(widget("w1", Map.of("color", "red")));
            GenericKubernetesResource held = widget("w2", Map.of("color", "red"));
            held.getMetadata().setFinalizers(List.of("example.com/hold"));
            store.create(held);
            // when
            store.delete(CustomResourceDefinition.class, null, "widgets.example.com");
            // then: w1 is gone, w2 waits for its finalizer and so does the CRD
            CustomResourceDefinition terminating = store.require(CustomResourceDefinition.class, null, "widgets.example.com");
            assertThat(terminating.getMetadata().getFinalizers()).containsExactly("customresourcecleanup.apiextensions.k8s.io");
            assertThat(terminating.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Terminating"))
                    .extracting(CustomResourceDefinitionCondition::getStatus, CustomResourceDefinitionCondition::getReason,
                            CustomResourceDefinitionCondition::getMessage)
                    .containsExactly(tuple("True", "InstanceDeletionInProgress", "CustomResource deletion is in progress"));
            assertThat(store.customResources().list("example.com", "widgets")).extracting(w -> w.getMetadata().getName())
                    .containsExactly("w2");
            assertThatThrownBy(() -> store.create(widget("w3", Map.of("color", "red"))))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("create not allowed while custom resource definition is terminating");
            // when: w2's finalizer goes
            GenericKubernetesResource released = widget("w2", Map.of("color", "red"));
            released.getMetadata().setFinalizers(List.of());
            store.update(released);
            // then
            assertThat(store.list(CustomResourceDefinition.class)).isEmpty();
            assertThat(store.customResources().served()).isEmpty();
        }
    }

    @Test
    void aCrdWithoutCustomResourcesGoesAtOnce() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            cluster.applyYaml(CRD);
            ObjectStore store = cluster.context().store();
            List<String> seen = new ArrayList<>();
            store.watch(CustomResourceDefinition.class, ListOptions.all(), 0L + store.resourceVersion(), (WatchEvent<CustomResourceDefinition> e) ->
                    seen.add(e.type() + " " + e.object().getStatus().getConditions().stream()
                            .filter(c -> c.getType().equals("Terminating")).map(c -> c.getStatus() + " " + c.getReason()).toList()));
            assertThat(store.delete(CustomResourceDefinition.class, null, "widgets.example.com")).isEmpty();
            assertThat(seen).containsExactly("MODIFIED [True InstanceDeletionPending]", "MODIFIED [True InstanceDeletionInProgress]",
                    "MODIFIED [False InstanceDeletionCompleted]", "DELETED [False InstanceDeletionCompleted]");
        }
    }

    @Test
    void aFieldSelectorMayUseTheVersionsSelectableFields() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(CRD.replace("    subresources:\n", "    selectableFields: [{jsonPath: .spec.color}]\n    subresources:\n"));
            ObjectStore store = cluster.context().store();
            store.create(widget("w1", Map.of("color", "red")));
            store.create(widget("w2", Map.of("color", "blue")));
            // when / then
            assertThat(store.customResources().list("example.com", "widgets", ListOptions.all().withFields("spec.color=blue")))
                    .extracting(w -> w.getMetadata().getName()).containsExactly("w2");
            assertThat(store.customResources().list("example.com", "widgets",
                    ListOptions.all().withFields("spec.color!=blue,metadata.name=w1")))
                    .extracting(w -> w.getMetadata().getName()).containsExactly("w1");
            assertThatThrownBy(() -> store.customResources().list("example.com", "widgets", ListOptions.all().withFields("spec.size=a")))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("\"spec.size\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
        }
    }

    @Test
    void customResourcesAreNotOneGenericBucketOfTheTypedApi() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            assertThatThrownBy(() -> cluster.context().store().list(GenericKubernetesResource.class))
                    .hasMessage("custom resources are read, written, deleted and watched by group and plural through "
                            + "ObjectStore.customResources() (e.g. customResources().list(\"example.com\", \"widgets\")), "
                            + "not as GenericKubernetesResource.class");
            assertThatThrownBy(() -> cluster.context().store().customResources().list("example.com", "widgets"))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("the server could not find the requested resource");
        }
    }

    @Test
    void aCrdWithCelRulesIsAcceptedWithAWarningThatPeapodDoesNotEvaluateThem() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            List<Applied> applied = cluster.applyYaml(CRD.replace("required: [color]",
                    "required: [color]\n            x-kubernetes-validations: [{rule: 'self.replicas < 10'}]"));
            assertThat(applied.get(0).warnings()).containsExactly("Peapod does not evaluate the x-kubernetes-validations (CEL) "
                    + "rules of widgets.example.com: its custom resources are checked against the rest of their schema only");
        }
    }

    @Test
    void theScaleSubresourceReadsAndWritesTheReplicasAtTheCrdsPaths() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(CRD);
            ObjectStore store = cluster.context().store();
            store.create(widget("w1", Map.of("color", "red", "replicas", 2)));
            GenericKubernetesResource status = widget("w1", Map.of("color", "red"));
            status.setAdditionalProperty("status", Map.of("replicas", 1));
            store.updateStatus(status);
            CustomResources custom = store.customResources();
            // when / then
            var scale = custom.scale("example.com", "widgets", "default", "w1");
            assertThat(scale.getSpec().getReplicas()).isEqualTo(2);
            assertThat(scale.getStatus().getReplicas()).isEqualTo(1);
            assertThat(scale.getMetadata().getName()).isEqualTo("w1");
            var scaled = custom.updateScale("example.com", "widgets", "default", "w1", 5, null);
            assertThat(scaled.getSpec().getReplicas()).isEqualTo(5);
            assertThat(custom.get("example.com", "widgets", "default", "w1").orElseThrow().getMetadata().getGeneration()).isEqualTo(2L);
            assertThatThrownBy(() -> custom.updateScale("example.com", "widgets", "default", "w1", -1, null))
                    .hasMessage("Widget.example.com \"w1\" is invalid: spec.replicas: Invalid value: -1: "
                            + "spec.replicas in body should be greater than or equal to 0");
            assertThatThrownBy(() -> custom.updateScale("example.com", "widgets", "default", "w1", 3, "1"))
                    .hasMessage("Operation cannot be fulfilled on widgets.example.com \"w1\": the object has been modified; "
                            + "please apply your changes to the latest version and try again");
        }
    }
}
