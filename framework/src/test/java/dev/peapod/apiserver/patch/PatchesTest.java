package dev.peapod.apiserver.patch;

import org.junit.jupiter.api.Test;

import static dev.peapod.apiserver.patch.Json.body;
import static dev.peapod.apiserver.patch.Json.json;
import static dev.peapod.apiserver.patch.Json.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** The seam: content types, kinds without strategic merge patch, and what Peapod does not do yet. */
class PatchesTest {

    @Test
    void readsThePatchTypeFromTheContentTypeAsUpstreamDoes() {
        assertThat(PatchType.fromContentType("application/json-patch+json")).hasValue(PatchType.JSON_PATCH);
        assertThat(PatchType.fromContentType("application/merge-patch+json; charset=utf-8")).hasValue(PatchType.MERGE_PATCH);
        assertThat(PatchType.fromContentType("application/strategic-merge-patch+json")).hasValue(PatchType.STRATEGIC_MERGE_PATCH);
        assertThat(PatchType.fromContentType("application/apply-patch+yaml")).hasValue(PatchType.APPLY_PATCH_YAML);
        // patch.go compares the type exactly, case included
        assertThat(PatchType.fromContentType("Application/JSON-Patch+json")).isEmpty();
        assertThat(PatchType.fromContentType("application/json")).isEmpty();
        assertThat(PatchType.fromContentType(null)).isEmpty();
    }

    @Test
    void anUnknownContentTypeIs415NamingTheAcceptedTypes() {
        PatchException builtIn = Patches.unsupportedMediaType(PatchSchema.forKind("v1", "Pod"));
        PatchException custom = Patches.unsupportedMediaType(PatchSchema.customResource());

        assertThat(builtIn.code()).isEqualTo(415);
        assertThat(builtIn.reason()).isEqualTo("UnsupportedMediaType");
        assertThat(builtIn.getMessage()).isEqualTo("the body of the request was in an unknown format - accepted media types "
                + "include: application/json-patch+json, application/merge-patch+json, "
                + "application/strategic-merge-patch+json, application/apply-patch+yaml");
        assertThat(custom.getMessage()).isEqualTo("the body of the request was in an unknown format - accepted media types "
                + "include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
    }

    @Test
    void aCustomResourceRefusesStrategicMergePatchWith415() {
        // apiextensions-apiserver's customresource_handler.go offers no strategic merge patch: the content-type check
        PatchSchema widget = PatchSchema.forKind("example.com/v1", "Widget");

        PatchException e = refusal(() -> Patches.apply(PatchType.STRATEGIC_MERGE_PATCH, json("{}"), body("{}"), widget));

        assertThat(widget.supportsStrategicMerge()).isFalse();
        assertThat(e.code()).isEqualTo(415);
        assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
        assertThat(e.getMessage()).isEqualTo("the body of the request was in an unknown format - accepted media types "
                + "include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
    }

    @Test
    void aCustomResourceTakesJsonAndMergePatches() {
        PatchSchema widget = PatchSchema.customResource();

        assertThat(Patches.apply(PatchType.MERGE_PATCH, json("{'spec':{'a':1}}"), body("{'spec':{'b':2}}"), widget))
                .isEqualTo(json("{'spec':{'a':1,'b':2}}"));
        assertThat(Patches.apply(PatchType.JSON_PATCH, json("{'spec':{'a':1}}"), body("[{'op':'remove','path':'/spec/a'}]"), widget))
                .isEqualTo(json("{'spec':{}}"));
    }

    @Test
    void serverSideApplyIsRefusedClearly() {
        PatchException e = refusal(() -> Patches.apply(PatchType.APPLY_PATCH_YAML, json("{}"), body("kind: Pod"),
                PatchSchema.forKind("v1", "Pod")));

        assertThat(e.code()).isEqualTo(415);
        assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
        assertThat(e.getMessage()).isEqualTo("server-side apply (application/apply-patch+yaml) is not supported by Peapod "
                + "yet; use application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json");
    }

    @Test
    void theServedKindsHaveUpstreamsMergeKeys() {
        PatchSchema pod = PatchSchema.forKind("v1", "Pod");
        PatchSchema.Field containers = pod.field("spec").schema().field("containers");
        PatchSchema.Field volumes = pod.field("spec").schema().field("volumes");
        PatchSchema.Field finalizers = pod.field("metadata").schema().field("finalizers");
        PatchSchema.Field envOfAContainer = containers.schema().field("env");

        assertThat(containers.strategies()).containsExactly("merge");
        assertThat(containers.mergeKey()).isEqualTo("name");
        assertThat(volumes.strategies()).containsExactly("merge", "retainKeys");
        assertThat(finalizers.strategies()).containsExactly("merge");
        assertThat(finalizers.mergeKey()).isEmpty();
        assertThat(envOfAContainer.mergeKey()).isEqualTo("name");
        assertThat(containers.schema().field("ports").mergeKey()).isEqualTo("containerPort");
        assertThat(containers.schema().field("volumeMounts").mergeKey()).isEqualTo("mountPath");
        assertThat(pod.field("status").schema().field("conditions").mergeKey()).isEqualTo("type");
        assertThat(pod.field("metadata").schema().field("ownerReferences").mergeKey()).isEqualTo("uid");
        assertThat(PatchSchema.forKind("v1", "Node").field("status").schema().field("addresses").mergeKey()).isEqualTo("type");
        assertThat(PatchSchema.forKind("v1", "Service").field("spec").schema().field("ports").mergeKey()).isEqualTo("port");
        assertThat(PatchSchema.forKind("apps/v1", "Deployment").field("spec").schema().field("template").schema()
                .field("spec").schema().field("initContainers").mergeKey()).isEqualTo("name");
        assertThat(PatchSchema.forKind("batch/v1", "CronJob").at("spec.jobTemplate.spec.template.spec.containers.env")
                .mergeKey()).isEqualTo("name");
        assertThat(PatchSchema.forKind("apps/v1", "StatefulSet").at("spec.template.spec.volumes").strategies())
                .containsExactly("merge", "retainKeys");
        assertThat(PatchSchema.forKind("apps/v1", "Deployment").at("spec.strategy").strategies()).containsExactly("retainKeys");
        assertThat(PatchSchema.forKind("v1", "Pod").at("spec.containers.args").strategies()).isEmpty();
        assertThat(PatchSchema.forKind("batch/v1", "Job").supportsStrategicMerge()).isTrue();
        assertThat(PatchSchema.forKind("v1", "ConfigMap").supportsStrategicMerge()).isTrue();
    }
}
