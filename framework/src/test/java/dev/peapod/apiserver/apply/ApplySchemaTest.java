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
}
