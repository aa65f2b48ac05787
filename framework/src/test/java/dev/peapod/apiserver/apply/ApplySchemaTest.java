package dev.peapod.apiserver.apply;

import org.junit.jupiter.api.Test;

import static dev.peapod.apiserver.apply.Yaml.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/** The v1.33 list types and map types of list-types.txt, seen through the field sets they give. */
class ApplySchemaTest {

    @Test
    void servicePortsKeyOnPortAndProtocolAndTheSelectorIsAtomic() {
        var service = yaml("""
                spec:
                  selector: {app: web}
                  ports:
                  - {port: 80, targetPort: 8080}
                """);
        assertThat(Typed.toFieldSet(service, ApplySchema.forKind("v1", "Service").root()).toFieldsV1()).isEqualTo(yaml("""
                f:spec:
                  f:ports:
                    k:{"port":80,"protocol":"TCP"}:
                      .: {}
                      f:port: {}
                      f:targetPort: {}
                  f:selector: {}
                """));
    }

    @Test
    void podEnvKeysOnNameArgsAreAtomicAndOwnerReferencesAreAtomicElements() {
        var pod = yaml("""
                metadata:
                  ownerReferences:
                  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: u-1}
                spec:
                  containers:
                  - name: app
                    args: [--port, "80"]
                    env:
                    - {name: A, value: "1"}
                """);
        assertThat(Typed.toFieldSet(pod, ApplySchema.forKind("v1", "Pod").root()).toFieldsV1()).isEqualTo(yaml("""
                f:metadata:
                  f:ownerReferences:
                    k:{"uid":"u-1"}: {}
                f:spec:
                  f:containers:
                    k:{"name":"app"}:
                      .: {}
                      f:args: {}
                      f:env:
                        k:{"name":"A"}:
                          .: {}
                          f:name: {}
                          f:value: {}
                      f:name: {}
                """));
    }

    @Test
    void anUnknownKindMergesObjectsFieldByFieldAndReplacesLists() {
        var widget = yaml("""
                spec:
                  size: {width: 1}
                  items: [a, b]
                """);
        assertThat(Typed.toFieldSet(widget, ApplySchema.unknown().root()).toFieldsV1()).isEqualTo(yaml("""
                f:spec:
                  f:items: {}
                  f:size:
                    f:width: {}
                """));
        assertThat(ApplySchema.forKind("example.com/v1", "Widget")).isSameAs(ApplySchema.unknown());
    }

    @Test
    void aCustomResourcesSchemaGivesSetsListMapsGranularMapsAndAtomicLists() {
        // given: a CRD version's openAPIV3Schema with each list type and map type
        ApplySchema schema = ApplySchema.forCustomResource(yaml("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      tags: {type: array, items: {type: string}}
                      zones: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                      ports:
                        type: array
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [name, protocol]
                        items:
                          type: object
                          properties:
                            name: {type: string}
                            protocol: {type: string, default: TCP}
                            port: {type: integer}
                      labels: {type: object, additionalProperties: {type: string}}
                      selector: {type: object, x-kubernetes-map-type: atomic, properties: {app: {type: string}}}
                      extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
                """));
        var widget = yaml("""
                metadata:
                  labels: {app: web}
                spec:
                  tags: [a, b]
                  zones: [z1]
                  ports: [{name: http, port: 80}]
                  labels: {tier: front}
                  selector: {app: web}
                  extra: {anything: {nested: 1}}
                """);
        // then: a key left out stands for its default (protocol TCP)
        assertThat(Typed.toFieldSet(widget, schema.root()).toFieldsV1()).isEqualTo(yaml("""
                f:metadata:
                  f:labels:
                    f:app: {}
                f:spec:
                  f:extra:
                    f:anything:
                      f:nested: {}
                  f:labels:
                    f:tier: {}
                  f:ports:
                    'k:{"name":"http","protocol":"TCP"}':
                      .: {}
                      f:name: {}
                      f:port: {}
                  f:selector: {}
                  f:tags: {}
                  f:zones:
                    'v:"z1"': {}
                """));
    }

    @Test
    void aFieldACustomResourcesSchemaDoesNotDeclareIsRefused() {
        ApplySchema schema = ApplySchema.forCustomResource(yaml("""
                type: object
                properties:
                  spec: {type: object, properties: {items: {type: array, items: {type: object, properties: {a: {type: string}}}}}}
                """));
        var widget = yaml("""
                spec:
                  items: [{a: x, b: y}]
                """);
        // structured-merge-diff's ValidationError: the path (an atomic list's element by index), then the words
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Typed.toFieldSet(widget, schema.root()))
                .isInstanceOf(Typed.SchemaError.class).hasMessage(".spec.items[0].b: field not declared in schema");
    }
}
