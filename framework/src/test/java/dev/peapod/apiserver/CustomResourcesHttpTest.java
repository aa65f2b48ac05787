package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * CustomResourceDefinitions and custom resources over HTTP (issue #14), through Fabric8's client and raw
 * HTTP, with the values a v1.33 API server and its apiextensions-apiserver give.
 */
class CustomResourcesHttpTest {
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
                selectableFields:
                - jsonPath: .spec.color
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
                      status:
                        type: object
                        properties:
                          replicas: {type: integer}
                          phase: {type: string}
            """;

    private FakeCluster cluster;
    private KubernetesClient client;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        client = cluster.client();
        http = new Http(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private CustomResourceDefinition createCrd() {
        return client.apiextensions().v1().customResourceDefinitions()
                .resource(Serialization.unmarshal(CRD, CustomResourceDefinition.class)).create();
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> widgets() {
        return client.genericKubernetesResources("example.com/v1", "Widget");
    }

    private static GenericKubernetesResource widget(String name, String color) {
        return new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                .withNewMetadata().withName(name).addToLabels("app", "web").endMetadata()
                .addToAdditionalProperties("spec", Map.of("color", color)).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource object) {
        return (Map<String, Object>) object.getAdditionalProperties().get("spec");
    }

    @Test
    void aGroupsVersionsAreInKubeAwareOrderAsUpstreamsCompareKubeAwareVersionStrings() {
        // given
        List<String> versions = new java.util.ArrayList<>(List.of("v1alpha1", "foo", "v2", "v1beta2", "v1", "v1beta1", "bar", "v10"));
        // when
        versions.sort(CustomResourceRoutes::compareVersions);
        // then: the first is the preferred version
        assertThat(versions).containsExactly("v10", "v2", "v1", "v1beta2", "v1beta1", "v1alpha1", "bar", "foo");
    }

    @Test
    void crdsAreServedWithTheStatusTheStoreSets() {
        // when
        CustomResourceDefinition created = createCrd();
        // then: the naming and establishing controllers have run by the time the POST answers
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        var crds = client.apiextensions().v1().customResourceDefinitions();
        CustomResourceDefinition read = crds.withName("widgets.example.com").get();
        assertThat(read.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
                .containsExactly("NamesAccepted=True", "Established=True");
        assertThat(read.getStatus().getAcceptedNames().getListKind()).isEqualTo("WidgetList");
        assertThat(crds.list().getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("widgets.example.com");
        // and: the CRD itself in discovery, as kubectl api-resources lists it
        String resources = http.get("/apis/apiextensions.k8s.io/v1").body();
        assertThat(resources).contains("{\"name\":\"customresourcedefinitions\",\"singularName\":\"customresourcedefinition\","
                + "\"namespaced\":false,\"kind\":\"CustomResourceDefinition\",\"verbs\":[\"create\",\"delete\",\"deletecollection\","
                + "\"get\",\"list\",\"patch\",\"update\",\"watch\"],\"shortNames\":[\"crd\",\"crds\"],\"categories\":[\"api-extensions\"]}",
                "{\"name\":\"customresourcedefinitions/status\",");
        // when: an invalid CRD
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class, () -> crds.resource(
                Serialization.unmarshal(CRD.replace("scope: Namespaced", "scope: Global").replace("widgets.example.com", "gadgets.example.com")
                        .replace("plural: widgets", "plural: gadgets"), CustomResourceDefinition.class)).create());
        // then
        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getStatus().getMessage()).isEqualTo("CustomResourceDefinition.apiextensions.k8s.io \"gadgets.example.com\" "
                + "is invalid: spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"");
        // when
        assertThat(crds.withName("widgets.example.com").delete()).hasSize(1);
        // then
        assertThat(crds.withName("widgets.example.com").get()).isNull();
    }

    @Test
    void anEstablishedCrdsGroupIsInDiscoveryUntilItIsDeleted() {
        // given
        assertThat(http.get("/apis/example.com/v1").statusCode()).isEqualTo(404);
        // when
        createCrd();
        // then
        assertThat(client.getApiGroups().getGroups()).extracting(APIGroup::getName).contains("apiextensions.k8s.io", "example.com");
        assertThat(http.get("/apis/example.com").body()).isEqualTo("{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\",\"name\":\"example.com\","
                + "\"versions\":[{\"groupVersion\":\"example.com/v1\",\"version\":\"v1\"}],"
                + "\"preferredVersion\":{\"groupVersion\":\"example.com/v1\",\"version\":\"v1\"}}");
        assertThat(http.get("/apis/example.com/v1").body()).isEqualTo("{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\","
                + "\"groupVersion\":\"example.com/v1\",\"resources\":["
                + "{\"name\":\"widgets\",\"singularName\":\"widget\",\"namespaced\":true,\"kind\":\"Widget\",\"verbs\":[\"delete\","
                + "\"deletecollection\",\"get\",\"list\",\"patch\",\"create\",\"update\",\"watch\"],\"shortNames\":[\"wd\"],"
                + "\"categories\":[\"all\"]},"
                + "{\"name\":\"widgets/status\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Widget\",\"verbs\":[\"get\",\"patch\","
                + "\"update\"]},"
                + "{\"name\":\"widgets/scale\",\"singularName\":\"\",\"namespaced\":true,\"group\":\"autoscaling\",\"version\":\"v1\","
                + "\"kind\":\"Scale\",\"verbs\":[\"get\",\"patch\",\"update\"]}]}");
        assertThat(client.getApiResources("example.com/v1").getResources()).extracting(r -> r.getName())
                .containsExactly("widgets", "widgets/status", "widgets/scale");
        // when
        client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").delete();
        // then
        assertThat(client.getApiGroups().getGroups()).extracting(APIGroup::getName).doesNotContain("example.com");
        HttpResponse<String> gone = http.get("/apis/example.com/v1");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).isEqualTo("404 page not found\n");
    }

    @Test
    void customResourcesAreCreatedReadListedUpdatedAndDeleted() {
        // given
        createCrd();
        // when
        GenericKubernetesResource created = widgets().resource(widget("w1", "red")).create();
        widgets().resource(widget("w2", "blue")).create();
        // then: defaulted by the schema, status dropped on create
        assertThat(created.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(spec(created)).containsEntry("replicas", 1).containsEntry("color", "red");
        assertThat(spec(widgets().withName("w1").get())).containsEntry("color", "red");
        assertThat(widgets().withLabel("app", "web").list().getItems()).extracting(w -> w.getMetadata().getName())
                .containsExactly("w1", "w2");
        assertThat(widgets().withField("spec.color", "blue").list().getItems()).extracting(w -> w.getMetadata().getName())
                .containsExactly("w2");
        assertThat(widgets().withField("metadata.name", "w1").list().getItems()).extracting(w -> w.getMetadata().getName())
                .containsExactly("w1");
        // when
        spec(created).put("color", "blue");
        GenericKubernetesResource updated = widgets().resource(created).update();
        // then
        assertThat(spec(updated)).containsEntry("color", "blue");
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(spec(cluster.context().store().customResources().get("example.com", "widgets", "default", "w1").orElseThrow()))
                .containsEntry("color", "blue");
        // when
        List<io.fabric8.kubernetes.api.model.StatusDetails> deleted = widgets().withName("w1").delete();
        // then
        assertThat(deleted).hasSize(1);
        assertThat(widgets().withName("w1").get()).isNull();
        HttpResponse<String> missing = http.get("/apis/example.com/v1/namespaces/default/widgets/w1");
        assertThat(missing.statusCode()).isEqualTo(404);
        Status status = Serialization.unmarshal(missing.body(), Status.class);
        assertThat(status.getReason()).isEqualTo("NotFound");
        assertThat(status.getMessage()).isEqualTo("widgets.example.com \"w1\" not found");
        assertThat(status.getDetails().getGroup()).isEqualTo("example.com");
        assertThat(status.getDetails().getKind()).isEqualTo("widgets");
    }

    @Test
    void aDeleteAnswersTheApiServersSuccessStatusAndACollectionCanBeDeleted() {
        // given
        createCrd();
        GenericKubernetesResource created = widgets().resource(widget("w1", "red")).create();
        widgets().resource(widget("w2", "blue")).create();
        widgets().resource(widget("w3", "blue")).create();
        // when
        HttpResponse<String> response = http.send("DELETE", "/apis/example.com/v1/namespaces/default/widgets/w1", null, null);
        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\","
                + "\"details\":{\"name\":\"w1\",\"group\":\"example.com\",\"kind\":\"widgets\",\"uid\":\""
                + created.getMetadata().getUid() + "\"}}");
        // when
        HttpResponse<String> collection = http.send("DELETE", "/apis/example.com/v1/namespaces/default/widgets?fieldSelector=spec.color%3Dblue",
                null, null);
        // then
        assertThat(collection.statusCode()).isEqualTo(200);
        assertThat(collection.body()).startsWith("{\"apiVersion\":\"example.com/v1\",\"items\":[{").contains("\"kind\":\"WidgetList\"");
        assertThat(widgets().list().getItems()).isEmpty();
        // when: a propagation policy Peapod cannot honour for custom resources
        widgets().resource(widget("w4", "red")).create();
        HttpResponse<String> foreground = http.send("DELETE", "/apis/example.com/v1/namespaces/default/widgets/w4",
                "application/json", "{\"propagationPolicy\":\"Foreground\"}");
        // then: refused, not ignored
        assertThat(foreground.statusCode()).isEqualTo(400);
        assertThat(Serialization.unmarshal(foreground.body(), Status.class).getMessage()).isEqualTo("propagationPolicy Foreground "
                + "(or orphanDependents) is not served by Peapod for custom resources yet: delete with Background");
        assertThat(widgets().withName("w4").get()).isNotNull();
    }

    @Test
    void aSchemaViolationIsThe422OfTheStore() {
        // given
        createCrd();
        // when
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> widgets().resource(widget("w1", "green")).create());
        // then
        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getStatus().getReason()).isEqualTo("Invalid");
        assertThat(refused.getStatus().getMessage()).isEqualTo("Widget.example.com \"w1\" is invalid: spec.color: Unsupported value: "
                + "\"green\": supported values: \"red\", \"blue\"");
        assertThat(refused.getStatus().getDetails().getGroup()).isEqualTo("example.com");
        assertThat(refused.getStatus().getDetails().getKind()).isEqualTo("Widget");
        assertThat(refused.getStatus().getDetails().getCauses()).extracting(c -> c.getReason() + " " + c.getField())
                .containsExactly("FieldValueNotSupported spec.color");
        assertThat(widgets().list().getItems()).isEmpty();
    }

    @Test
    void theStatusAndScaleSubresourcesAreServed() {
        // given
        createCrd();
        GenericKubernetesResource created = widgets().resource(widget("w1", "red")).create();
        // when
        created.setAdditionalProperty("status", Map.of("replicas", 1, "phase", "Ready"));
        GenericKubernetesResource withStatus = widgets().resource(created).updateStatus();
        // then: the status is written, the spec's generation unchanged
        assertThat(withStatus.getAdditionalProperties().get("status")).isEqualTo(Map.of("replicas", 1, "phase", "Ready"));
        assertThat(withStatus.getMetadata().getGeneration()).isEqualTo(1L);
        // when
        Scale scale = widgets().withName("w1").scale();
        // then
        assertThat(scale.getSpec().getReplicas()).isEqualTo(1);
        assertThat(scale.getStatus().getReplicas()).isEqualTo(1);
        // when
        HttpResponse<String> put = http.send("PUT", "/apis/example.com/v1/namespaces/default/widgets/w1/scale", "application/json",
                "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"w1\",\"namespace\":\"default\"},"
                        + "\"spec\":{\"replicas\":3}}");
        // then
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(Serialization.unmarshal(put.body(), Scale.class).getSpec().getReplicas()).isEqualTo(3);
        assertThat(spec(widgets().withName("w1").get())).containsEntry("replicas", 3);
        // when: a replica count the schema refuses
        HttpResponse<String> negative = http.send("PUT", "/apis/example.com/v1/namespaces/default/widgets/w1/scale", "application/json",
                "{\"metadata\":{\"name\":\"w1\"},\"spec\":{\"replicas\":-1}}");
        // then
        assertThat(negative.statusCode()).isEqualTo(422);
        // when: a subresource the version does not have
        HttpResponse<String> unknown = http.get("/apis/example.com/v1/namespaces/default/widgets/w1/logs");
        // then: crdHandler's NotFound for the object
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Serialization.unmarshal(unknown.body(), Status.class).getMessage()).isEqualTo("widgets.example.com \"w1\" not found");
    }

    @Test
    void unknownResourcesAndScopesAreThePlain404() {
        // given
        createCrd();
        // then
        assertThat(http.get("/apis/example.com/v1/namespaces/default/gadgets").body()).isEqualTo("404 page not found\n");
        assertThat(http.get("/apis/example.com/v2/namespaces/default/widgets").body()).isEqualTo("404 page not found\n");
        assertThat(http.get("/apis/other.com/v1/widgets").body()).isEqualTo("404 page not found\n");
        assertThat(http.get("/apis/example.com/v1/widgets/w1").body()).isEqualTo("404 page not found\n");
        // and: the list of every namespace is served, a POST to it is not
        assertThat(http.get("/apis/example.com/v1/widgets").statusCode()).isEqualTo(200);
        assertThat(http.send("POST", "/apis/example.com/v1/widgets", "application/json", "{}").statusCode()).isEqualTo(405);
        // and: a PATCH of an object that is not there
        HttpResponse<String> patch = http.send("PATCH", "/apis/example.com/v1/namespaces/default/widgets/w1",
                "application/merge-patch+json", "{}");
        assertThat(patch.statusCode()).isEqualTo(404);
        assertThat(Serialization.unmarshal(patch.body(), Status.class).getMessage()).isEqualTo("widgets.example.com \"w1\" not found");
    }

    @Test
    void watchesAndInformersSeeCustomResources() {
        // given
        createCrd();
        List<String> watched = new CopyOnWriteArrayList<>();
        Watch watch = widgets().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                watched.add(action + " " + resource.getMetadata().getName() + " " + spec(resource).get("color"));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        List<String> informed = new CopyOnWriteArrayList<>();
        SharedIndexInformer<GenericKubernetesResource> informer = widgets().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource resource) {
                informed.add("add " + resource.getMetadata().getName() + " " + spec(resource).get("color"));
            }

            @Override
            public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource resource) {
                informed.add("update " + resource.getMetadata().getName() + " " + spec(resource).get("color"));
            }

            @Override
            public void onDelete(GenericKubernetesResource resource, boolean unknown) {
            }
        });
        // when
        GenericKubernetesResource created = widgets().resource(widget("w1", "red")).create();
        spec(created).put("color", "blue");
        widgets().resource(created).update();
        // then
        await("the informer and the watch").atMost(Duration.ofSeconds(20))
                .until(() -> informed.size() == 2 && watched.size() == 2);
        assertThat(informed).containsExactly("add w1 red", "update w1 blue");
        assertThat(watched).containsExactly("ADDED w1 red", "MODIFIED w1 blue");
        watch.close();
        informer.close();
        // when: a chunked watch from the start, with a field selector on a selectable field
        List<String> lines = Http.lines(HttpRequest.newBuilder(URI.create(http.url()
                + "/apis/example.com/v1/namespaces/default/widgets?watch=true&timeoutSeconds=1&fieldSelector=spec.color%3Dblue")).GET().build());
        // then
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\"")
                .contains("\"name\":\"w1\"");
    }
}
