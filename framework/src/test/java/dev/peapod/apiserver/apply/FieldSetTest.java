package dev.peapod.apiserver.apply;

import org.junit.jupiter.api.Test;

import static dev.peapod.apiserver.apply.Yaml.yaml;
import static org.assertj.core.api.Assertions.assertThat;

class FieldSetTest {
    private static final ApplySchema DEPLOYMENT = ApplySchema.forKind("apps/v1", "Deployment");

    @Test
    void fieldsV1IsSerialisedInUpstreamsOrderWithTheDotFirst() {
        // GIVEN
        var object = yaml("""
                metadata:
                  labels: {app: web}
                spec:
                  template:
                    spec:
                      containers:
                      - name: app
                        image: nginx
                        ports:
                        - containerPort: 80
                """);
        // WHEN
        FieldSet set = Typed.toFieldSet(object, DEPLOYMENT.root());
        // THEN
        assertThat(set.toFieldsV1().toString()).isEqualTo("{\"f:metadata\":{\"f:labels\":{\"f:app\":{}}},"
                + "\"f:spec\":{\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":{"
                + "\".\":{},\"f:image\":{},\"f:name\":{},\"f:ports\":{\"k:{\\\"containerPort\\\":80,"
                + "\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{}}}}}}}}}");
    }

    @Test
    void fieldsV1RoundTripsAndPathsPrintAsUpstreamsConflicts() {
        // GIVEN
        var fields = yaml("""
                f:metadata:
                  f:finalizers:
                    .: {}
                    v:"example.com/a": {}
                f:spec:
                  f:replicas: {}
                  f:template:
                    f:spec:
                      f:containers:
                        k:{"name":"app"}:
                          .: {}
                          f:image: {}
                """);
        // WHEN
        FieldSet set = FieldSet.fromFieldsV1(fields);
        // THEN
        assertThat(set.toFieldsV1()).isEqualTo(fields);
        assertThat(set.paths()).extracting(FieldSet::format).containsExactly(
                ".metadata.finalizers",
                ".metadata.finalizers[=\"example.com/a\"]",
                ".spec.replicas",
                ".spec.template.spec.containers[name=\"app\"]",
                ".spec.template.spec.containers[name=\"app\"].image");
    }

    @Test
    void keysSortByNameAndNumbersSortBeforeStrings() {
        // GIVEN a port keyed out of order in fieldsV1
        var fields = yaml("""
                k:{"protocol":"UDP","containerPort":53}: {}
                k:{"containerPort":53,"protocol":"TCP"}: {}
                v:"b": {}
                v:1: {}
                f:z: {}
                """);
        // WHEN
        FieldSet set = FieldSet.fromFieldsV1(fields);
        // THEN fields first, then keys (by containerPort, then protocol), then values (numbers before strings)
        assertThat(set.paths()).extracting(FieldSet::format).containsExactly(
                ".z", "[containerPort=53,protocol=\"TCP\"]", "[containerPort=53,protocol=\"UDP\"]", "[=1]", "[=\"b\"]");
    }
}
