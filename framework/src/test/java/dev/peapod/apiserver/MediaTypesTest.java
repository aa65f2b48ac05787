package dev.peapod.apiserver;

import dev.peapod.store.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Accept negotiation as the API server does it (k8s.io/apiserver handlers/negotiation/negotiate.go,
 * handlers/rest.go AllowsMediaTypeTransform, munnerz/goautoneg ParseAccept); the 406 message is the
 * one test/integration/apiserver/apiserver_test.go TestTransform pins.
 */
class MediaTypesTest {
    private static final MediaTypes UPSTREAM = new MediaTypes(MediaTypes.UPSTREAM);
    /** What kubectl get sends (cli-runtime resource/helper, without protobuf). */
    private static final String KUBECTL = "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    @Test
    void kubectlGetsAV1Table() {
        // when
        MediaTypes.Negotiated answer = UPSTREAM.negotiate(KUBECTL);
        // then
        assertThat(answer).isEqualTo(new MediaTypes.Negotiated("application/json", "Table", "v1", null, false));
        assertThat(answer.isTable()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            application/json                                                   | application/json | null                      | null
            ''                                                                 | application/json | null                      | null
            */*                                                                | application/json | null                      | null
            application/*                                                      | application/json | null                      | null
            application/yaml                                                   | application/yaml | null                      | null
            application/json;as=Table;v=v1beta1;g=meta.k8s.io                  | application/json | Table                     | v1beta1
            application/yaml;as=Table;v=v1;g=meta.k8s.io                       | application/yaml | Table                     | v1
            application/json;as=Table;v=v1;g=meta.k8s.io;q=0.5,application/yaml | application/yaml | null                    | null
            application/json;as=Table;v=v2;g=meta.k8s.io,application/json      | application/json | null                      | null
            application/json;as=Table;v=v1;g=k8s.io,application/json           | application/json | null                      | null
            application/json;as=Table,application/json                         | application/json | null                      | null
            application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io   | application/json | PartialObjectMetadataList | v1
            application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;v=v1;g=meta.k8s.io | application/vnd.kubernetes.protobuf | PartialObjectMetadata | v1
            text/html;q=0.9, */*;q=0.8                                         | application/json | null                      | null
            application/json;charset=utf-8                                     | application/json | null                      | null
            """)
    void negotiatesAsTheApiServerDoes(String accept, String mediaType, String as, String version) {
        // when
        MediaTypes.Negotiated answer = UPSTREAM.negotiate(accept);
        // then
        assertThat(answer.mediaType()).isEqualTo(mediaType);
        assertThat(answer.as()).isEqualTo(nullable(as));
        assertThat(answer.version()).isEqualTo(nullable(version));
    }

    @Test
    void aProtobufTableIsNotAcceptable() {
        // when / then apiserver_test.go "v1beta1 verify error on unsupported mimetype protobuf for table conversion"
        assertNotAcceptable(UPSTREAM, "application/vnd.kubernetes.protobuf;as=Table;g=meta.k8s.io;v=v1beta1",
                "only the following media types are accepted: application/json, application/yaml,"
                        + " application/vnd.kubernetes.protobuf");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1alpha1
            application/json;as=PartialObjectMetadata;g=k8s.io;v=v1beta1
            application/json;as=PartialObject;g=meta.k8s.io;v=v1beta1
            application/json;g=meta.k8s.io;v=v1beta1
            application/json;as=Foo;v=v1;g=meta.k8s.io
            application/json;sv=v1
            application/yaml;stream=watch
            text/html
            """)
    void refusesWhatNoServedTypeCanAnswer(String accept) {
        // when / then (apiserver_test.go TestTransform: bad version, bad group, bad kind, missing kind)
        assertNotAcceptable(UPSTREAM, accept, "only the following media types are accepted: application/json,"
                + " application/yaml, application/vnd.kubernetes.protobuf");
    }

    @Test
    void theMessageNamesWhatThisServerServes() {
        // given a server that answers JSON only
        MediaTypes jsonOnly = new MediaTypes(List.of("application/json"));
        // when / then protobuf falls back to JSON, as client-go's default Accept expects
        assertThat(jsonOnly.negotiate("application/vnd.kubernetes.protobuf,application/json").mediaType())
                .isEqualTo("application/json");
        assertNotAcceptable(jsonOnly, "application/vnd.kubernetes.protobuf",
                "only the following media types are accepted: application/json");
    }

    @Test
    void readsStreamAndPretty() {
        // when
        MediaTypes.Negotiated watch = UPSTREAM.negotiate("application/json;stream=watch;as=Table;g=meta.k8s.io;v=v1");
        MediaTypes.Negotiated pretty = UPSTREAM.negotiate("application/json;pretty=1");
        // then
        assertThat(watch).isEqualTo(new MediaTypes.Negotiated("application/json", "Table", "v1", "watch", false));
        assertThat(pretty.pretty()).isTrue();
    }

    @Test
    void parsesAcceptAsGoautonegDoes() {
        // when
        List<MediaTypes.Clause> clauses = MediaTypes.parseAccept(
                "*/*;q=0.8, text/*, application/json;q=0.9;as=Table , bad, text/html;q=x, application/yaml");
        // then "bad" is dropped, q is a float32 (0 when unreadable), and the order is what Go's insertion sort
        // makes of goautoneg's Less, which is not a consistent order: text/html (q 0) ends before text/* (q 1),
        // because a concrete subtype is "less" than a wildcard one whatever the q
        assertThat(clauses).extracting(c -> c.type() + "/" + c.subType() + ";" + c.q() + c.params()).containsExactly(
                "application/yaml;1.0{}",
                "application/json;" + (double) 0.9f + "{as=Table}",
                "text/html;0.0{}",
                "text/*;1.0{}",
                "*/*;" + (double) 0.8f + "{}");
    }

    private static void assertNotAcceptable(MediaTypes negotiation, String accept, String message) {
        assertThatThrownBy(() -> negotiation.negotiate(accept)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(406);
            assertThat(e.reason()).isEqualTo("NotAcceptable");
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static String nullable(String text) {
        return "null".equals(text) ? null : text;
    }
}
