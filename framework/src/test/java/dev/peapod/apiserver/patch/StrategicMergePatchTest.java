package dev.peapod.apiserver.patch;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;

import static dev.peapod.apiserver.patch.Json.body;
import static dev.peapod.apiserver.patch.Json.json;
import static dev.peapod.apiserver.patch.Json.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strategic merge patch against upstream's own cases (k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go:
 * the MergeItem struct, customStrategicMergePatchTestCaseData and the two-way patches of
 * createStrategicMergePatchTestCaseData, rewritten), with list order as upstream's normalizeElementOrder gives it.
 */
class StrategicMergePatchTest {
    /** patch_test.go's MergeItem, with the retainKeys fields of its later versions. */
    private static final PatchSchema MERGE_ITEM = schema("""
            kind test/v1 MergeItem MergeItem
            type MergeItem
              mergingList            merge             name  MergeItem
              nonMergingList         -                 -     MergeItem
              mergingIntList         merge             -     -
              mergeItemPtr           merge             name  MergeItem
              replacingItem          replace           -     -
              retainKeysMap          retainKeys        -     MergeItem
              retainKeysMergingList  merge,retainKeys  name  MergeItem
            """);

    private static PatchSchema schema(String text) {
        try {
            return PatchSchema.read(new BufferedReader(new StringReader(text)), "test").get("test/v1 MergeItem");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode apply(String original, String patch) {
        return Patches.apply(PatchType.STRATEGIC_MERGE_PATCH, json(original), body(patch), MERGE_ITEM);
    }

    private static PatchException refused(String original, String patch) {
        return refusal(() -> apply(original, patch));
    }

    // ---- customStrategicMergePatchTestCaseData

    @Test
    void uniqueScalarsWhenMergingLists() {
        assertThat(apply("{'mergingIntList':[1,2]}", "{'mergingIntList':[2,3]}"))
                .isEqualTo(json("{'mergingIntList':[1,2,3]}"));
    }

    @Test
    void deleteMapFromNestedMap() {
        assertThat(apply("{'simpleMap':{'key1':1,'key2':1}}", "{'simpleMap':{'$patch':'delete'}}"))
                .isEqualTo(json("{'simpleMap':{}}"));
    }

    @Test
    void deleteAllItemsFromMergingList() {
        assertThat(apply("{'mergingList':[{'name':1},{'name':2}]}", "{'mergingList':[{'$patch':'replace'}]}"))
                .isEqualTo(json("{'mergingList':[]}"));
    }

    @Test
    void mergeEmptyMergingLists() {
        assertThat(apply("{'mergingList':[]}", "{'mergingList':[]}")).isEqualTo(json("{'mergingList':[]}"));
    }

    @Test
    void deleteAllKeysFromMap() {
        assertThat(apply("{'name':1,'value':1}", "{'$patch':'replace'}")).isEqualTo(json("{}"));
    }

    @Test
    void addKeyAndDeleteAllKeysFromMap() {
        assertThat(apply("{'name':1,'value':1}", "{'other':'a','$patch':'replace'}")).isEqualTo(json("{'other':'a'}"));
    }

    @Test
    void deleteAllDuplicateEntriesInAMergingList() {
        assertThat(apply("{'mergingList':[{'name':1},{'name':1},{'name':2,'value':'a'},{'name':3},{'name':3}]}",
                "{'mergingList':[{'name':1,'$patch':'delete'},{'name':3,'$patch':'delete'}]}"))
                .isEqualTo(json("{'mergingList':[{'name':2,'value':'a'}]}"));
    }

    // ---- two-way patches of createStrategicMergePatchTestCaseData

    @Test
    void addFieldAndDeleteFieldFromMap() {
        assertThat(apply("{'name':1}", "{'name':null,'value':1}")).isEqualTo(json("{'value':1}"));
    }

    @Test
    void deleteFieldFromNestedMap() {
        assertThat(apply("{'simpleMap':{'key1':1,'key2':1}}", "{'simpleMap':{'key2':null}}"))
                .isEqualTo(json("{'simpleMap':{'key1':1}}"));
    }

    @Test
    void replaceListOfScalars() {
        assertThat(apply("{'nonMergingIntList':[1,2]}", "{'nonMergingIntList':[2,3]}"))
                .isEqualTo(json("{'nonMergingIntList':[2,3]}"));
    }

    @Test
    void mergeListsOfScalarsPutsNewItemsFirstWithoutAnOrder() {
        // mergeSortedSlice: an item the live list lacks is not "less" than any, so it goes before the server's items
        assertThat(apply("{'mergingIntList':[1,2]}", "{'mergingIntList':[3]}"))
                .isEqualTo(json("{'mergingIntList':[3,1,2]}"));
        assertThat(apply("{'mergingIntList':[1,2]}", "{'$setElementOrder/mergingIntList':[1,2,3],'mergingIntList':[3]}"))
                .isEqualTo(json("{'mergingIntList':[1,2,3]}"));
    }

    @Test
    void mergeListsOfMaps() {
        assertThat(apply("{'mergingList':[{'name':1},{'name':2,'value':2}]}",
                "{'mergingList':[{'name':3,'value':3},{'name':4,'value':4}]}"))
                .isEqualTo(json("{'mergingList':[{'name':3,'value':3},{'name':4,'value':4},{'name':1},{'name':2,'value':2}]}"));
    }

    @Test
    void mergeListsOfMapsInTheSetElementOrder() {
        assertThat(apply("{'mergingList':[{'name':1},{'name':2,'value':2}]}", """
                {'$setElementOrder/mergingList':[{'name':4},{'name':1},{'name':2},{'name':3}],
                 'mergingList':[{'name':4,'value':4},{'name':3,'value':3}]}"""))
                .isEqualTo(json("{'mergingList':[{'name':4,'value':4},{'name':1},{'name':2,'value':2},{'name':3,'value':3}]}"));
    }

    @Test
    void addFieldToMapInMergingList() {
        assertThat(apply("{'mergingList':[{'name':1},{'name':2,'value':2}]}", "{'mergingList':[{'name':1,'value':1}]}"))
                .isEqualTo(json("{'mergingList':[{'name':1,'value':1},{'name':2,'value':2}]}"));
    }

    @Test
    void mergeNestedMergingListsAndReplaceNonMergingOnes() {
        assertThat(apply("""
                {'mergingList':[{'name':1,'mergingList':[{'name':1,'value':1}],'nonMergingList':[{'name':1},{'name':2}]}]}""", """
                {'mergingList':[{'name':1,'mergingList':[{'name':1,'value':2},{'name':2}],'nonMergingList':[{'name':3}]}]}"""))
                .isEqualTo(json("""
                {'mergingList':[{'name':1,'mergingList':[{'name':1,'value':2},{'name':2}],'nonMergingList':[{'name':3}]}]}"""));
    }

    @Test
    void replacingStrategyReplacesAMapWhole() {
        assertThat(apply("{'replacingItem':{'a':1,'b':2}}", "{'replacingItem':{'c':3}}"))
                .isEqualTo(json("{'replacingItem':{'c':3}}"));
    }

    // ---- directives

    @Test
    void retainKeysClearsWhatItDoesNotName() {
        assertThat(apply("{'retainKeysMap':{'name':'foo','value':'bar','other':'x'}}",
                "{'retainKeysMap':{'$retainKeys':['name','value'],'value':'baz'}}"))
                .isEqualTo(json("{'retainKeysMap':{'name':'foo','value':'baz'}}"));
    }

    @Test
    void deleteFromPrimitiveListRemovesThoseValues() {
        assertThat(apply("{'mergingIntList':[1,2,3]}", "{'$deleteFromPrimitiveList/mergingIntList':[2]}"))
                .isEqualTo(json("{'mergingIntList':[1,3]}"));
    }

    @Test
    void aNewValueKeepsNoNullsAndNoDirectives() {
        // discardNullValuesFromPatch and removeDirectives on a value the original lacks
        assertThat(apply("{'name':1}", "{'simpleMap':{'a':1,'b':null},'mergingList':[{'name':1},{'name':2,'$patch':'delete'}]}"))
                .isEqualTo(json("{'name':1,'simpleMap':{'a':1},'mergingList':[{'name':1}]}"));
    }

    @Test
    void aNullPatchChangesNothing() {
        assertThat(apply("{'name':1}", "null")).isEqualTo(json("{'name':1}"));
    }

    // ---- errors: sentinel errors as interpretStrategicMergePatchError maps them

    @Test
    void malformedBodiesAre400InGosWords() {
        PatchException notJson = refused("{}", "{'name':");
        assertThat(notJson.code()).isEqualTo(400);
        assertThat(notJson.reason()).isEqualTo("BadRequest");
        assertThat(notJson.getMessage()).isEqualTo("unexpected end of JSON input");
        assertThat(refused("{}", "[{'name':1}]").getMessage())
                .isEqualTo("json: cannot unmarshal array into Go value of type map[string]interface {}");
    }

    @Test
    void jsonGoReadsButJacksonDoesNotIs400InPeapodsWords() {
        // malformed UTF-8 inside a string: Go's decoder substitutes U+FFFD, Jackson refuses
        byte[] latin1 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xe9, '"', '}'};

        PatchException e = refusal(() -> Patches.apply(PatchType.STRATEGIC_MERGE_PATCH, json("{}"), latin1, MERGE_ITEM));

        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("Peapod cannot read this JSON: ");
    }

    @Test
    void badRetainKeysIs400() {
        PatchException notNamed = refused("{'retainKeysMap':{'name':'foo'}}", "{'retainKeysMap':{'$retainKeys':['name'],'value':'v'}}");
        PatchException notAList = refused("{'retainKeysMap':{'name':'foo'}}", "{'retainKeysMap':{'$retainKeys':'name'}}");

        assertThat(notNamed.code()).isEqualTo(400);
        assertThat(notNamed.getMessage()).isEqualTo("invalid patch format of retainKeys");
        assertThat(notAList.getMessage()).isEqualTo("invalid patch format of retainKeys");
    }

    @Test
    void badDirectivePrefixesAre400() {
        assertThat(refused("{'mergingIntList':[1]}", "{'$deleteFromPrimitiveListX/mergingIntList':[1]}").getMessage())
                .isEqualTo("invalid patch format of primitive list");
        assertThat(refused("{'mergingIntList':[1]}", "{'$setElementOrderX/mergingIntList':[1]}").getMessage())
                .isEqualTo("invalid patch format of setElementOrder list");
    }

    @Test
    void listsOfListsAre422() {
        // mergepatch.ErrNoListOfLists: errors.NewGenericServerResponse(422, ...)
        PatchException e = refused("{'mergingIntList':[]}", "{'mergingIntList':[[1]]}");

        assertThat(e.code()).isEqualTo(422);
        assertThat(e.reason()).isEqualTo("Invalid");
        assertThat(e.getMessage()).isEqualTo("lists of lists are not supported");
        assertThat(e.causes()).containsExactly(
                new PatchException.Cause("UnexpectedServerResponse", "lists of lists are not supported", ""));
    }

    // ---- errors upstream answers with 500 (not a sentinel error); Peapod: 400 with the same text

    @Test
    void anElementWithoutItsMergeKeyIs400() {
        PatchException e = refused("{'mergingList':[{'name':1}]}", "{'mergingList':[{'value':1,'other':'a'}]}");

        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("map: map[other:a value:1] does not contain declared merge key: name");
    }

    @Test
    void unknownOrUnsupportedPatchDirectivesAre400() {
        assertThat(refused("{'simpleMap':{'a':'1'}}", "{'simpleMap':{'$patch':'frobnicate','b':'2'}}").getMessage())
                .isEqualTo("unknown patch type: frobnicate in map: map[$patch:frobnicate b:2]");
        assertThat(refused("{'mergingList':[{'name':1}]}", "{'mergingList':[{'name':1,'$patch':'merge'}]}").getMessage())
                .isEqualTo("merging lists cannot yet be specified in the patch");
        assertThat(refused("{'mergingList':[{'name':1}]}", "{'mergingList':[{'name':1,'$patch':'x'}]}").getMessage())
                .isEqualTo("unknown patch type: x in map: map[$patch:x name:1]");
    }

    @Test
    void mixedElementTypesAre400() {
        assertThat(refused("{'mergingIntList':[1]}", "{'mergingIntList':['a']}").getMessage())
                .isEqualTo("list element types are not identical: [[1] [a]]");
    }

    @Test
    void aPatchListOutOfTheSetElementOrderIs400() {
        PatchException e = refused("{'mergingList':[{'name':1},{'name':2,'value':2}]}", """
                {'$setElementOrder/mergingList':[{'name':4},{'name':1},{'name':2},{'name':3}],
                 'mergingList':[{'name':3,'value':3},{'name':4,'value':4}]}""");

        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("The order in patch list:\n[map[name:3 value:3] map[name:4 value:4]]\n"
                + " doesn't match $setElementOrder list:\n[map[name:4] map[name:1] map[name:2] map[name:3]]\n");
    }
}
