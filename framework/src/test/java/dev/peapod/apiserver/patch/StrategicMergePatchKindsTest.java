package dev.peapod.apiserver.patch;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.peapod.apiserver.patch.Json.body;
import static dev.peapod.apiserver.patch.Json.json;
import static dev.peapod.apiserver.patch.Json.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strategic merge patches users send to the kinds Peapod serves, with the merge keys of upstream v1.33's struct
 * tags (patch-strategies.txt): containers by name, env by name, ports by containerPort, volumes by name with
 * retainKeys, finalizers as a set, ownerReferences by uid, conditions by type.
 */
class StrategicMergePatchKindsTest {
    private static final PatchSchema POD = PatchSchema.forKind("v1", "Pod");
    private static final JsonNode WEB = json("""
            {'apiVersion':'v1','kind':'Pod',
             'metadata':{'name':'web','labels':{'app':'web','tier':'front'},'finalizers':['example.com/a']},
             'spec':{'containers':[
                {'name':'app','image':'nginx:1.27','env':[{'name':'A','value':'1'}],
                 'ports':[{'containerPort':80,'name':'http'},{'containerPort':443,'name':'https'}]},
                {'name':'log','image':'busybox'}],
              'volumes':[{'name':'data','emptyDir':{}}]}}""");

    private static JsonNode patch(String patch) {
        return Patches.apply(PatchType.STRATEGIC_MERGE_PATCH, WEB, body(patch), POD);
    }

    private static java.util.List<String> names(JsonNode list) {
        return list.values().stream().map(item -> item.get("name").asString()).toList();
    }

    private static JsonNode containers(JsonNode pod) {
        return pod.at("/spec/containers");
    }

    @Test
    void changesOneContainersImageWithoutTouchingTheOthers() {
        JsonNode patched = patch("{'spec':{'containers':[{'name':'log','image':'busybox:1.36'}]}}");

        assertThat(containers(patched)).isEqualTo(json("""
                [{'name':'app','image':'nginx:1.27','env':[{'name':'A','value':'1'}],
                  'ports':[{'containerPort':80,'name':'http'},{'containerPort':443,'name':'https'}]},
                 {'name':'log','image':'busybox:1.36'}]"""));
        assertThat(WEB.at("/spec/containers/1/image").asString()).isEqualTo("busybox");
    }

    @Test
    void addsAContainerBeforeTheLiveOnes() {
        // without $setElementOrder upstream puts an element the live list lacks first (mergeSortedSlice)
        JsonNode patched = patch("{'spec':{'containers':[{'name':'side','image':'envoy'}]}}");

        assertThat(names(containers(patched))).containsExactly("side", "app", "log");
    }

    @Test
    void addsAContainerWhereTheSetElementOrderSays() {
        JsonNode patched = patch("""
                {'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'log'},{'name':'side'}],
                         'containers':[{'name':'side','image':'envoy'}]}}""");

        assertThat(names(containers(patched))).containsExactly("app", "log", "side");
    }

    @Test
    void removesAContainerWithPatchDelete() {
        JsonNode patched = patch("{'spec':{'containers':[{'name':'log','$patch':'delete'}]}}");

        assertThat(names(containers(patched))).containsExactly("app");
    }

    @Test
    void replacesTheWholeListWithPatchReplace() {
        JsonNode patched = patch("{'spec':{'containers':[{'name':'only','image':'alpine'},{'$patch':'replace'}]}}");

        assertThat(containers(patched)).isEqualTo(json("[{'name':'only','image':'alpine'}]"));
    }

    @Test
    void addsAnEnvVarByName() {
        JsonNode patched = patch("{'spec':{'containers':[{'name':'app','env':[{'name':'B','value':'2'}]}]}}");

        assertThat(patched.at("/spec/containers/0/env")).isEqualTo(json("[{'name':'B','value':'2'},{'name':'A','value':'1'}]"));
    }

    @Test
    void changesAPortByContainerPort() {
        JsonNode patched = patch("{'spec':{'containers':[{'name':'app','ports':[{'containerPort':80,'name':'web'}]}]}}");

        assertThat(patched.at("/spec/containers/0/ports"))
                .isEqualTo(json("[{'containerPort':80,'name':'web'},{'containerPort':443,'name':'https'}]"));
    }

    @Test
    void mergesFinalizersAsASetAndDeletesFromThem() {
        assertThat(patch("{'metadata':{'finalizers':['example.com/b','example.com/a']}}").at("/metadata/finalizers"))
                .isEqualTo(json("['example.com/b','example.com/a']"));
        assertThat(patch("{'metadata':{'$deleteFromPrimitiveList/finalizers':['example.com/a']}}").at("/metadata/finalizers"))
                .isEqualTo(json("[]"));
    }

    @Test
    void removesALabelWithNull() {
        assertThat(patch("{'metadata':{'labels':{'tier':null}}}").at("/metadata/labels")).isEqualTo(json("{'app':'web'}"));
    }

    @Test
    void switchesAVolumeSourceWithRetainKeys() {
        // what kubectl apply sends when a volume changes from emptyDir to hostPath (PodSpec.volumes: merge,retainKeys)
        JsonNode patched = patch("""
                {'spec':{'volumes':[{'name':'data','$retainKeys':['hostPath','name'],'hostPath':{'path':'/srv'},'emptyDir':null}]}}""");

        assertThat(patched.at("/spec/volumes")).isEqualTo(json("[{'name':'data','hostPath':{'path':'/srv'}}]"));
    }

    @Test
    void aListWithoutAStrategyIsReplaced() {
        JsonNode patched = patch("{'spec':{'containers':[{'name':'app','args':['-v']}]}}");
        JsonNode again = Patches.apply(PatchType.STRATEGIC_MERGE_PATCH, patched,
                body("{'spec':{'containers':[{'name':'app','args':['-q']}]}}"), POD);

        assertThat(again.at("/spec/containers/0/args")).isEqualTo(json("['-q']"));
    }

    @Test
    void mergesStatusConditionsByType() {
        JsonNode pod = json("{'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'PodScheduled','status':'True'}]}}");

        JsonNode patched = Patches.apply(PatchType.STRATEGIC_MERGE_PATCH, pod,
                body("{'status':{'conditions':[{'type':'Ready','status':'True'}]}}"), POD);

        assertThat(patched.at("/status/conditions"))
                .isEqualTo(json("[{'type':'Ready','status':'True'},{'type':'PodScheduled','status':'True'}]"));
    }

    @Test
    void mergesOwnerReferencesByUid() {
        JsonNode pod = json("{'metadata':{'ownerReferences':[{'uid':'1','kind':'ReplicaSet','name':'a'}]}}");

        JsonNode patched = Patches.apply(PatchType.STRATEGIC_MERGE_PATCH, pod,
                body("{'metadata':{'ownerReferences':[{'uid':'1','controller':true},{'uid':'2','kind':'Job','name':'b'}]}}"), POD);

        assertThat(patched.at("/metadata/ownerReferences")).isEqualTo(json(
                "[{'uid':'1','kind':'ReplicaSet','name':'a','controller':true},{'uid':'2','kind':'Job','name':'b'}]"));
    }

    @Test
    void mergesContainersDeepInACronJob() {
        JsonNode cronJob = json("""
                {'spec':{'jobTemplate':{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]}}}}}}""");

        JsonNode patched = Patches.apply(PatchType.STRATEGIC_MERGE_PATCH, cronJob,
                body("{'spec':{'jobTemplate':{'spec':{'template':{'spec':{'containers':[{'name':'b','image':'z'}]}}}}}}"),
                PatchSchema.forKind("batch/v1", "CronJob"));

        assertThat(patched.at("/spec/jobTemplate/spec/template/spec/containers"))
                .isEqualTo(json("[{'name':'a','image':'x'},{'name':'b','image':'z'}]"));
    }

    @Test
    void replacesADeploymentStrategyWithRetainKeys() {
        JsonNode deployment = json("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}");

        JsonNode patched = Patches.apply(PatchType.STRATEGIC_MERGE_PATCH, deployment,
                body("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}"),
                PatchSchema.forKind("apps/v1", "Deployment"));

        assertThat(patched.at("/spec/strategy")).isEqualTo(json("{'type':'Recreate'}"));
    }

    @Test
    void mergesServicePortsByPort() {
        JsonNode service = json("{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443}]}}");

        JsonNode patched = Patches.apply(PatchType.STRATEGIC_MERGE_PATCH, service,
                body("{'spec':{'ports':[{'port':80,'targetPort':9090}]}}"), PatchSchema.forKind("v1", "Service"));

        assertThat(patched.at("/spec/ports")).isEqualTo(json("[{'port':80,'targetPort':9090},{'port':443}]"));
    }

    @Test
    void aMapPutIntoFinalizersCannotMergeWithoutAKey() {
        // upstream: mergeSlice's "cannot merge lists without merge key for string" (a 500 there, 400 here)
        PatchException e = refusal(() -> Patches.apply(PatchType.STRATEGIC_MERGE_PATCH, json("{'metadata':{'finalizers':[]}}"),
                body("{'metadata':{'finalizers':[{'a':1}]}}"), POD));

        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("cannot merge lists without merge key for string");
    }

    @Test
    void aListThatIsReplacedKeepsItsElementsWithoutDirectives() {
        // tolerations have no strategy: the patch list replaces them as sent; upstream's typed decode drops "$patch"
        JsonNode pod = json("{'spec':{'tolerations':[{'key':'x'}]}}");

        JsonNode patched = Patches.apply(PatchType.STRATEGIC_MERGE_PATCH, pod,
                body("{'spec':{'tolerations':[{'key':'a','$patch':'delete'}]}}"), POD);

        assertThat(patched.at("/spec/tolerations")).isEqualTo(json("[{'key':'a'}]"));
    }

    @Test
    void leavesNoDirectiveKeysInTheResult() {
        // a new container carrying a nested $setElementOrder: upstream's typed decode drops the key; so does Peapod
        JsonNode patched = patch("{'spec':{'containers':[{'name':'side','$setElementOrder/env':[{'name':'X'}],'env':[{'name':'X'}]}]}}");

        assertThat(patched.at("/spec/containers/0")).isEqualTo(json("{'name':'side','env':[{'name':'X'}]}"));
    }
}
