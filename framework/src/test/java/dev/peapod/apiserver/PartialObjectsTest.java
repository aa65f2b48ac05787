package dev.peapod.apiserver;

import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Metadata-only answers (kubernetes v1.33: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go). */
class PartialObjectsTest {
    private static final ObjectMapper JSON = Serialization.jsonMapper();

    @Test
    void aListOfPartialObjectsKeepsTheListsMetadata() {
        // given
        var settings = new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("default")
                .withResourceVersion("12").addToAnnotations("test", "1").endMetadata().addToData("k", "v").build();
        // when
        JsonNode list = tree(PartialObjects.list(List.of(settings),
                new ListMetaBuilder().withResourceVersion("40").withContinue("next").build(), "v1"));
        JsonNode empty = tree(PartialObjects.list(List.of(), new ListMetaBuilder().withResourceVersion("40").build(), "v1beta1"));
        // then
        assertThat(list).isEqualTo(tree("""
                {"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1",
                 "metadata":{"resourceVersion":"40","continue":"next"},
                 "items":[{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1",
                           "metadata":{"name":"settings","namespace":"default","resourceVersion":"12",
                                       "annotations":{"test":"1"}}}]}
                """));
        assertThat(empty).isEqualTo(tree("""
                {"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1beta1",
                 "metadata":{"resourceVersion":"40"},"items":null}
                """));
    }

    @Test
    void askingForTheWrongShapeIsNotAcceptableInUpstreamsWords() {
        // when
        ApiException list = PartialObjects.listAskedAsObject(Pod.class);
        ApiException object = PartialObjects.objectAskedAsList(Deployment.class);
        // then the message names the Go type of the internal object, as %T prints it
        assertThat(list.code()).isEqualTo(406);
        assertThat(list.reason()).isEqualTo("NotAcceptable");
        assertThat(list.getMessage())
                .isEqualTo("you requested PartialObjectMetadata, but the requested object is a list (*core.PodList)");
        assertThat(object.getMessage()).isEqualTo(
                "you requested PartialObjectMetadataList, but the requested object is not a list (*apps.Deployment)");
        assertThat(PartialObjects.goType(Role.class)).isEqualTo("*rbac.Role");
        assertThat(PartialObjects.goType(io.fabric8.kubernetes.api.model.events.v1.Event.class)).isEqualTo("*core.Event");
    }

    private static JsonNode tree(Object value) {
        return JSON.readTree(JSON.writeValueAsString(value));
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }
}
