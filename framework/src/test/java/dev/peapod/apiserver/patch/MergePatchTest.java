package dev.peapod.apiserver.patch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.peapod.apiserver.patch.Json.body;
import static dev.peapod.apiserver.patch.Json.json;
import static dev.peapod.apiserver.patch.Json.raw;
import static dev.peapod.apiserver.patch.Json.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** JSON merge patch: RFC 7386's algorithm, and upstream's answers to bodies that are not a JSON object. */
class MergePatchTest {
    private static final PatchSchema POD = PatchSchema.forKind("v1", "Pod");

    /** RFC 7386, Appendix A, every row: original, patch, result. */
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'a':'b'}                | {'a':'c'}                     | {'a':'c'}",
            "{'a':'b'}                | {'b':'c'}                     | {'a':'b','b':'c'}",
            "{'a':'b'}                | {'a':null}                    | {}",
            "{'a':'b','b':'c'}        | {'a':null}                    | {'b':'c'}",
            "{'a':['b']}              | {'a':'c'}                     | {'a':'c'}",
            "{'a':'c'}                | {'a':['b']}                   | {'a':['b']}",
            "{'a':{'b':'c'}}          | {'a':{'b':'d','c':null}}      | {'a':{'b':'d'}}",
            "{'a':[{'b':'c'}]}        | {'a':[1]}                     | {'a':[1]}",
            "['a','b']                | ['c','d']                     | ['c','d']",
            "{'a':'b'}                | ['c']                         | ['c']",
            "{'a':'foo'}              | null                          | null",
            "{'a':'foo'}              | 'bar'                         | 'bar'",
            "{'e':null}               | {'a':1}                       | {'e':null,'a':1}",
            "[1,2]                    | {'a':'b','c':null}            | {'a':'b'}",
            "{}                       | {'a':{'bb':{'ccc':null}}}     | {'a':{'bb':{}}}",
    })
    void appliesTheRfcExamples(String original, String patch, String result) {
        // given
        JsonNode target = json(original);
        JsonNode before = target.deepCopy();

        // when
        JsonNode merged = MergePatch.merge(target, json(patch));

        // then
        assertThat(merged).isEqualTo(json(result));
        assertThat(target).isEqualTo(before);
    }

    @Test
    void removesALabelWithNull() {
        // given
        JsonNode pod = json("{'metadata':{'name':'web','labels':{'app':'web','tier':'front'}},'spec':{'containers':[{'name':'app','image':'nginx'}]}}");

        // when
        JsonNode patched = Patches.apply(PatchType.MERGE_PATCH, pod, body("{'metadata':{'labels':{'tier':null}}}"), POD);

        // then
        assertThat(patched).isEqualTo(json("{'metadata':{'name':'web','labels':{'app':'web'}},'spec':{'containers':[{'name':'app','image':'nginx'}]}}"));
    }

    @Test
    void replacesListsWhole() {
        // given: a merge patch knows no merge keys
        JsonNode pod = json("{'spec':{'containers':[{'name':'app','image':'nginx'},{'name':'log','image':'busybox'}]}}");

        // when
        JsonNode patched = Patches.apply(PatchType.MERGE_PATCH, pod, body("{'spec':{'containers':[{'name':'app','image':'nginx:2'}]}}"), POD);

        // then
        assertThat(patched).isEqualTo(json("{'spec':{'containers':[{'name':'app','image':'nginx:2'}]}}"));
    }

    @Test
    void refusesABodyThatIsNotJson() {
        // patch.go applyJSPatch, MergePatchType: kjson.UnmarshalStrict fails, errors.NewBadRequest("error decoding patch: ...")
        PatchException e = refusal(() -> Patches.apply(PatchType.MERGE_PATCH, json("{}"), raw("{\"a\":"), POD));

        assertThat(e.code()).isEqualTo(400);
        assertThat(e.reason()).isEqualTo("BadRequest");
        assertThat(e.getMessage()).isEqualTo("error decoding patch: unexpected end of JSON input");
        assertThat(e.causes()).isEmpty();
    }

    @Test
    void refusesABodyThatIsNotAnObject() {
        PatchException array = refusal(() -> Patches.apply(PatchType.MERGE_PATCH, json("{}"), body("[1]"), POD));
        PatchException string = refusal(() -> Patches.apply(PatchType.MERGE_PATCH, json("{}"), body("'x'"), POD));

        assertThat(array.code()).isEqualTo(400);
        assertThat(array.getMessage()).isEqualTo(
                "error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}");
        assertThat(string.getMessage()).isEqualTo(
                "error decoding patch: json: cannot unmarshal string into Go value of type map[string]interface {}");
    }

    @Test
    void refusesNullAsAnInvalidJsonPatch() {
        // evanphx/json-patch v4 MergePatch: a patch that decodes to a nil document is errBadJSONPatch, a 400
        PatchException e = refusal(() -> Patches.apply(PatchType.MERGE_PATCH, json("{'a':1}"), body("null"), POD));

        assertThat(e.code()).isEqualTo(400);
        assertThat(e.reason()).isEqualTo("BadRequest");
        assertThat(e.getMessage()).isEqualTo("Invalid JSON Patch");
    }
}
