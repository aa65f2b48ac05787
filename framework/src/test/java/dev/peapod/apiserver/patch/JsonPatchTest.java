package dev.peapod.apiserver.patch;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static dev.peapod.apiserver.patch.Json.body;
import static dev.peapod.apiserver.patch.Json.json;
import static dev.peapod.apiserver.patch.Json.raw;
import static dev.peapod.apiserver.patch.Json.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON patch: applied by zjsonpatch, refused in upstream's words (patch.go applyJSPatch: decoding errors 400
 * "error decoding patch: ...", more than 10,000 operations 413, an operation that does not apply 422 with
 * evanphx/json-patch v4's message and one UnexpectedServerResponse cause).
 */
class JsonPatchTest {
    private static final PatchSchema DEPLOYMENT = PatchSchema.forKind("apps/v1", "Deployment");
    private static final JsonNode WEB = json("""
            {'metadata':{'name':'web','labels':{'app':'web'},'annotations':{'example.com/team':'a'}},
             'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'app','image':'nginx'},{'name':'log','image':'busybox'}]}}}}""");

    private static JsonNode patch(String operations) {
        return Patches.apply(PatchType.JSON_PATCH, WEB, body(operations), DEPLOYMENT);
    }

    private static PatchException refused(String operations) {
        return refusal(() -> patch(operations));
    }

    @Test
    void appliesEachOperation() {
        // when
        JsonNode patched = patch("""
                [{'op':'test','path':'/spec/replicas','value':2},
                 {'op':'replace','path':'/spec/replicas','value':3},
                 {'op':'add','path':'/metadata/labels/tier','value':'front'},
                 {'op':'remove','path':'/metadata/labels/app'},
                 {'op':'add','path':'/spec/template/spec/containers/-','value':{'name':'side','image':'envoy'}},
                 {'op':'copy','from':'/metadata/name','path':'/metadata/annotations/copied'},
                 {'op':'move','from':'/metadata/annotations/example.com~1team','path':'/metadata/annotations/team'}]""");

        // then
        assertThat(patched).isEqualTo(json("""
                {'metadata':{'name':'web','labels':{'tier':'front'},'annotations':{'copied':'web','team':'a'}},
                 'spec':{'replicas':3,'template':{'spec':{'containers':[{'name':'app','image':'nginx'},{'name':'log','image':'busybox'},{'name':'side','image':'envoy'}]}}}}"""));
        assertThat(WEB.get("spec").get("replicas").asInt()).isEqualTo(2);
    }

    @Test
    void keepsEvanphxV4Semantics() {
        // replace of a missing member adds it; a negative index counts from the end; copy of a missing member copies null
        JsonNode patched = patch("""
                [{'op':'replace','path':'/spec/paused','value':true},
                 {'op':'add','path':'/spec/template/spec/containers/-1','value':{'name':'last'}},
                 {'op':'copy','from':'/metadata/nothere','path':'/metadata/copied'}]""");

        assertThat(patched.get("spec").get("paused").asBoolean()).isTrue();
        assertThat(patched.at("/spec/template/spec/containers/2/name").asString()).isEqualTo("last");
        assertThat(patched.get("metadata").get("copied").isNull()).isTrue();
    }

    @Test
    void replacesTheRootWithAnObjectAndIgnoresAScalar() {
        // evanphx v4.12.0 replace with path "": an object or array becomes the document; a scalar wraps a nil error
        assertThat(patch("[{'op':'replace','path':'','value':{'a':1}}]")).isEqualTo(json("{'a':1}"));
        assertThat(patch("[{'op':'replace','path':'','value':5}]")).isEqualTo(WEB);
    }

    @Test
    void resolvesNegativeIndexesOnTheWay() {
        assertThat(patch("[{'op':'replace','path':'/spec/template/spec/containers/-1/image','value':'alpine'},"
                + "{'op':'test','path':'/spec/template/spec/containers/1/image','value':'alpine'},"
                + "{'op':'test','path':'/metadata/labels','value':{'app':'web'}}]")
                .at("/spec/template/spec/containers/1/image").asString()).isEqualTo("alpine");
    }

    @Test
    void aFailedTestIs422() {
        // when
        PatchException e = refused("[{'op':'test','path':'/spec/replicas','value':3}]");

        // then
        assertThat(e.code()).isEqualTo(422);
        assertThat(e.reason()).isEqualTo("Invalid");
        assertThat(e.getMessage()).isEqualTo("testing value /spec/replicas failed: test failed");
        assertThat(e.causes()).containsExactly(new PatchException.Cause("UnexpectedServerResponse",
                "testing value /spec/replicas failed: test failed", ""));
    }

    @Test
    void operationsThatDoNotApplyAre422WithEvanphxsWords() {
        assertThat(refused("[{'op':'remove','path':'/metadata/labels/missing'}]").getMessage()).isEqualTo(
                "error in remove for path: '/metadata/labels/missing': Unable to remove nonexistent key: missing: missing value");
        assertThat(refused("[{'op':'add','path':'/spec/nothere/x','value':1}]").getMessage()).isEqualTo(
                "add operation does not apply: doc is missing path: \"/spec/nothere/x\": missing value");
        assertThat(refused("[{'op':'replace','path':'/spec/nothere/x','value':1}]").getMessage()).isEqualTo(
                "replace operation does not apply: doc is missing path: /spec/nothere/x: missing value");
        assertThat(refused("[{'op':'replace','path':'/spec/template/spec/containers/7','value':1}]").getMessage())
                .isEqualTo("replace operation does not apply: doc is missing key: /spec/template/spec/containers/7: missing value");
        assertThat(refused("[{'op':'remove','path':'/spec/template/spec/containers/5'}]").getMessage()).isEqualTo(
                "error in remove for path: '/spec/template/spec/containers/5': Unable to access invalid index: 5: invalid index referenced");
        assertThat(refused("[{'op':'add','path':'/spec/template/spec/containers/x','value':1}]").getMessage()).isEqualTo(
                "error in add for path: '/spec/template/spec/containers/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax");
        assertThat(refused("[{'op':'move','from':'/spec/nothere/x','path':'/spec/y'}]").getMessage()).isEqualTo(
                "move operation does not apply: doc is missing from path: /spec/nothere/x: missing value");
        assertThat(refused("[{'op':'test','path':'/spec/nothere/x','value':1}]").getMessage()).isEqualTo(
                "test operation does not apply: is missing path: /spec/nothere/x: missing value");
        assertThat(refused("[{'op':'test','path':'/spec/paused','value':true}]").getMessage()).isEqualTo(
                "testing value /spec/paused failed: test failed");
        assertThat(refused("[{'op':'add','value':1}]").getMessage()).isEqualTo(
                "add operation failed to decode path: missing value");
        assertThat(refused("[{'op':'replace','value':1}]").getMessage()).isEqualTo(
                "replace operation failed to decode path: operation missing path field: missing value");
        assertThat(refused("[{'op':'frobnicate','path':'/a'}]").getMessage()).isEqualTo("Unexpected kind: frobnicate");
        assertThat(refused("[{'path':'/a'}]").getMessage()).isEqualTo("Unexpected kind: unknown");
        assertThat(refused("[{'op':'add','path':'','value':{}}]").getMessage()).isEqualTo(
                "add operation does not apply: doc is missing path: \"\": missing value");
        assertThat(refused("[{'op':'test','path':'/metadata/labels','value':{'app':'web','extra':'x'}}]").getMessage())
                .isEqualTo("testing value /metadata/labels failed: test failed");
        assertThat(refused("[{'op':'test','path':'/metadata/nothere'}]").getMessage())
                .isEqualTo("testing value /metadata/nothere failed: test failed");
    }

    @Test
    void aFailingOperationLeavesNothingApplied() {
        // given
        JsonNode before = WEB.deepCopy();

        // when
        PatchException e = refused("[{'op':'replace','path':'/spec/replicas','value':9},{'op':'test','path':'/spec/replicas','value':2}]");

        // then
        assertThat(e.code()).isEqualTo(422);
        assertThat(WEB).isEqualTo(before);
    }

    @Test
    void malformedBodiesAre400() {
        // kjson.UnmarshalStrict(body, &[]jsonPatchOp) fails: errors.NewBadRequest("error decoding patch: " + err)
        PatchException notJson = refusal(() -> Patches.apply(PatchType.JSON_PATCH, WEB, raw("not json"), DEPLOYMENT));
        assertThat(notJson.code()).isEqualTo(400);
        assertThat(notJson.reason()).isEqualTo("BadRequest");
        assertThat(notJson.getMessage()).isEqualTo("error decoding patch: invalid character 'o' in literal null (expecting 'u')");

        assertThat(refused("{'op':'add','path':'/a','value':1}").getMessage()).isEqualTo(
                "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp");
        assertThat(refused("[1]").getMessage()).isEqualTo(
                "error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp");
        assertThat(refused("[{'op':1,'path':'/a'}]").getMessage()).isEqualTo(
                "error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string");
        assertThat(refused("[{'op':'add','path':['a']}]").getMessage()).isEqualTo(
                "error decoding patch: json: cannot unmarshal array into Go struct field jsonPatchOp.path of type string");
        assertThat(refused("[{'op':'add','path':'/a'").code()).isEqualTo(400);
    }

    @Test
    void nullAndAnEmptyListChangeNothing() {
        assertThat(patch("null")).isEqualTo(WEB);
        assertThat(patch("[]")).isEqualTo(WEB);
    }

    @Test
    void moreThanTenThousandOperationsAre413() {
        // given
        String operations = String.join(",", java.util.Collections.nCopies(10_001, "{'op':'test','path':'/spec/replicas','value':2}"));

        // when
        PatchException e = refused("[" + operations + "]");

        // then
        assertThat(e.code()).isEqualTo(413);
        assertThat(e.reason()).isEqualTo("RequestEntityTooLarge");
        assertThat(e.getMessage()).isEqualTo(
                "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001");
        assertThat(e.causes()).isEqualTo(List.of());
    }
}
