package dev.peapod.apiserver.patch;

import org.junit.jupiter.api.Test;

import static dev.peapod.apiserver.patch.Json.body;
import static dev.peapod.apiserver.patch.Json.raw;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strict-decoding errors of a patch body, as sigs.k8s.io/json's UnmarshalStrict words them
 * (internal/golang/encoding/json/kubernetes_patch.go) and patch.go prefixes a JSON patch's ("json patch ").
 */
class StrictDecodingTest {

    @Test
    void namesUnknownFieldsOfAJsonPatchOperation() {
        assertThat(Patches.strictDecodingErrors(PatchType.JSON_PATCH,
                body("[{'op':'add','path':'/a','valeu':1},{'Op':'remove','path':'/b'}]")))
                .containsExactly("json patch unknown field \"[0].valeu\"", "json patch unknown field \"[1].Op\"");
    }

    @Test
    void namesDuplicateFieldsWithTheirPath() {
        assertThat(Patches.strictDecodingErrors(PatchType.JSON_PATCH,
                body("[{'op':'add','op':'add','path':'/a','value':{'x':1,'x':2}}]")))
                .containsExactly("json patch duplicate field \"[0].op\"", "json patch duplicate field \"[0].value.x\"");
        assertThat(Patches.strictDecodingErrors(PatchType.MERGE_PATCH,
                body("{'metadata':{'labels':{'app':'a','app':'b'}}}")))
                .containsExactly("duplicate field \"metadata.labels.app\"");
        assertThat(Patches.strictDecodingErrors(PatchType.STRATEGIC_MERGE_PATCH,
                body("{'spec':{'containers':[{'name':'app','image':'a','image':'b'}]}}")))
                .containsExactly("duplicate field \"spec.containers[0].image\"");
    }

    @Test
    void reportsEachErrorOnce() {
        assertThat(Patches.strictDecodingErrors(PatchType.MERGE_PATCH, body("{'a':1,'a':2,'a':3}")))
                .containsExactly("duplicate field \"a\"");
    }

    @Test
    void aCleanOrUnreadableBodyHasNone() {
        assertThat(Patches.strictDecodingErrors(PatchType.JSON_PATCH,
                body("[{'op':'move','from':'/a','path':'/b'},{'op':'test','path':'/c','value':{'k\\u0041':[1,{}]}}]"))).isEmpty();
        assertThat(Patches.strictDecodingErrors(PatchType.STRATEGIC_MERGE_PATCH, raw("{\"a\":"))).isEmpty();
        assertThat(Patches.strictDecodingErrors(PatchType.APPLY_PATCH_YAML, raw("a: 1\na: 2"))).isEmpty();
    }
}
