package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import dev.peapod.manifest.ManifestException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * ValidateOwnerReferences (k8s.io/apimachinery/pkg/api/validation/objectmeta.go, v1.33) on every write
 * path: a v1 Event is a banned owner, and at most one reference may be the controller. Upstream prints
 * the reference with Go's {@code %#v}; a set pointer is an address, which Peapod prints as 0xc000000000.
 */
class OwnerReferenceValidationTest {
    private static final String EVENT_OWNER = "metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:\"v1\", "
            + "Kind:\"Event\", Name:\"boot\", UID:\"e1\", Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}: "
            + "/v1, Kind=Event is disallowed from being an owner";
    private static final String TWO_CONTROLLERS = "metadata.ownerReferences: Invalid value: []v1.OwnerReference{"
            + "v1.OwnerReference{APIVersion:\"apps/v1\", Kind:\"ReplicaSet\", Name:\"a\", UID:\"u1\", Controller:(*bool)(0xc000000000), "
            + "BlockOwnerDeletion:(*bool)(nil)}, "
            + "v1.OwnerReference{APIVersion:\"apps/v1\", Kind:\"ReplicaSet\", Name:\"b\", UID:\"u2\", Controller:(*bool)(0xc000000000), "
            + "BlockOwnerDeletion:(*bool)(0xc000000000)}}: "
            + "Only one reference can have Controller set to true. Found \"true\" in references for ReplicaSet/a and ReplicaSet/b";
    private static final String EVENT_REFERENCE = "{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"name\":\"boot\",\"uid\":\"e1\"}";
    private static final String TWO_CONTROLLER_REFERENCES = "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"a\",\"uid\":\"u1\",\"controller\":true},"
            + "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"b\",\"uid\":\"u2\",\"controller\":true,\"blockOwnerDeletion\":false}";
    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: websites.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: websites, singular: website, kind: Website}
              versions:
              - name: v1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            """;

    private FakeCluster cluster;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        http = new Http(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static String configMap(String references) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"owned\",\"ownerReferences\":[" + references + "]}}";
    }

    private static void assertInvalid(HttpResponse<String> answer, String kind, String cause) {
        assertThat(answer.statusCode()).isEqualTo(422);
        JsonNode status = Json.MAPPER.readTree(answer.body());
        assertThat(status.path("reason").asString()).isEqualTo("Invalid");
        assertThat(status.path("message").asString()).isEqualTo(kind + " \"owned\" is invalid: " + cause);
        JsonNode causes = status.path("details").path("causes");
        assertThat(causes.size()).isEqualTo(1);
        assertThat(causes.get(0).path("reason").asString()).isEqualTo("FieldValueInvalid");
        assertThat(causes.get(0).path("field").asString()).isEqualTo("metadata.ownerReferences");
        assertThat(kind + " \"owned\" is invalid: metadata.ownerReferences: " + causes.get(0).path("message").asString())
                .isEqualTo(kind + " \"owned\" is invalid: " + cause);
    }

    @Test
    void anEventCannotOwnAnObjectCreatedByPost() {
        // when
        HttpResponse<String> answer = http.send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                configMap(EVENT_REFERENCE));
        // then
        assertInvalid(answer, "ConfigMap", EVENT_OWNER);
        assertThat(cluster.context().store().get(ConfigMap.class, "default", "owned")).isEmpty();
    }

    @Test
    void anEventsApiEventIsNoBannedOwner() {
        // BannedOwners names the core group's v1 Event only
        HttpResponse<String> answer = http.send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                configMap("{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\",\"name\":\"boot\",\"uid\":\"e1\"}"));
        assertThat(answer.statusCode()).isEqualTo(201);
    }

    @Test
    void twoControllersAreRefusedOnCreate() {
        // when
        HttpResponse<String> answer = http.send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                configMap(TWO_CONTROLLER_REFERENCES));
        // then
        assertInvalid(answer, "ConfigMap", TWO_CONTROLLERS);
    }

    @Test
    void anUpdateByPutIsValidatedToo() {
        // given
        assertThat(http.send("POST", "/api/v1/namespaces/default/configmaps", "application/json", configMap("")).statusCode())
                .isEqualTo(201);
        String before = cluster.context().store().get(ConfigMap.class, "default", "owned").orElseThrow().getMetadata().getResourceVersion();
        // when (ValidateObjectMetaAccessorUpdate checks the new owner references)
        HttpResponse<String> answer = http.send("PUT", "/api/v1/namespaces/default/configmaps/owned", "application/json",
                configMap(TWO_CONTROLLER_REFERENCES));
        // then
        assertInvalid(answer, "ConfigMap", TWO_CONTROLLERS);
        assertThat(cluster.context().store().get(ConfigMap.class, "default", "owned").orElseThrow().getMetadata().getResourceVersion())
                .isEqualTo(before);
    }

    @Test
    void aMergePatchAndAServerSideApplyAreValidatedToo() {
        // given
        http.send("POST", "/api/v1/namespaces/default/configmaps", "application/json", configMap(""));
        // when
        HttpResponse<String> merge = http.send("PATCH", "/api/v1/namespaces/default/configmaps/owned", "application/merge-patch+json",
                "{\"metadata\":{\"ownerReferences\":[" + EVENT_REFERENCE + "]}}");
        HttpResponse<String> apply = http.send("PATCH", "/api/v1/namespaces/default/configmaps/owned?fieldManager=test",
                "application/apply-patch+yaml", configMap(EVENT_REFERENCE));
        // then
        assertInvalid(merge, "ConfigMap", EVENT_OWNER);
        assertInvalid(apply, "ConfigMap", EVENT_OWNER);
        assertThat(cluster.context().store().get(ConfigMap.class, "default", "owned").orElseThrow().getMetadata().getOwnerReferences())
                .isEmpty();
    }

    @Test
    void aCustomResourceIsValidatedOnCreateAndUpdate() {
        // given
        cluster.applyYaml(CRD);
        cluster.settle();
        String path = "/apis/example.com/v1/namespaces/default/websites";
        String website = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Website\",\"metadata\":{\"name\":\"owned\",\"ownerReferences\":[%s]}}";
        // when
        HttpResponse<String> created = http.send("POST", path, "application/json", website.formatted(EVENT_REFERENCE));
        http.send("POST", path, "application/json", website.formatted(""));
        HttpResponse<String> patched = http.send("PATCH", path + "/owned", "application/merge-patch+json",
                "{\"metadata\":{\"ownerReferences\":[" + TWO_CONTROLLER_REFERENCES + "]}}");
        // then
        assertInvalid(created, "Website.example.com", EVENT_OWNER);
        assertInvalid(patched, "Website.example.com", TWO_CONTROLLERS);
        assertThat(cluster.context().store().customResources().get("example.com", "websites", "default", "owned")
                .map(GenericKubernetesResource::getMetadata).orElseThrow().getOwnerReferences()).isEmpty();
    }

    @Test
    void aManifestsReferenceIsJudgedAsWritten() {
        // when: Fabric8's model would fill in apiVersion v1 and kind OwnerReference; the API server's decoder does not
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> cluster.applyYaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: owned
                  ownerReferences:
                  - name: web
                    uid: u1
                """));
        // then
        assertThat(e).hasMessage("""
                inline YAML, document 1 (ConfigMap owned):
                  line 5: metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty
                  line 5: metadata.ownerReferences.kind: Invalid value: "": kind must not be empty
                nothing was applied""");
        assertThat(cluster.context().store().get(ConfigMap.class, "default", "owned")).isEmpty();
    }
}
