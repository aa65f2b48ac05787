package dev.peapod.manifest;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A request's parsed JSON tree is type-checked exactly as its text is (the HTTP API checks the tree). */
class JsonNodesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"spec\":{\"replicas\":\"2\"}}",
            "{\"spec\":{\"replicas\":2,\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"ports\":[{\"containerPort\":\"80\"}]}]}}}}",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"env\":[{\"name\":\"X\",\"value\":8080}]}]}}}}",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":{\"name\":\"a\"}}}}}",
            "{\"metadata\":{\"labels\":{\"a\":true}}}",
            "{\"metadata\":{\"labels\":[\"a\"]}}",
            "{\"spec\":{\"paused\":\"yes\"}}",
            "{\"spec\":{\"replicas\":null,\"paused\":null}}",
            "{\"spec\":{\"replicas\":1.5}}",
            "{\"spec\":{\"replicas\":12345678901234567890}}",
            "{\"metadata\":{\"name\":\"web\",\"<<\":{\"name\":1}}}",
    })
    void the_tree_gives_the_texts_first_type_error(String body) {
        JsonNode tree = JsonMapper.shared().readTree(body);

        Optional<String> fromTree = Manifests.typeError(tree, Deployment.class);

        assertThat(fromTree).isEqualTo(Manifests.typeError(body, Deployment.class));
        boolean fits = body.contains("null") || body.contains("<<"); // null leaves a field unset; "<<" is a key like any in JSON
        assertThat(fromTree.isPresent()).as(body + ": " + fromTree).isEqualTo(!fits);
    }

    @org.junit.jupiter.api.Test
    void a_number_where_a_string_goes_is_named_as_encoding_json_names_it() {
        JsonNode tree = JsonMapper.shared().readTree(
                "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":7}]}}");

        assertThat(Manifests.typeError(tree, Pod.class)).contains(
                "json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string");
    }
}
