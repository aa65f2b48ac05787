package dev.peapod.kubectl;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.BDDAssertions.then;

/** The real kubectl finds a CRD's kind through discovery and lists its custom resources from Peapod's HTTP API. */
@RequiresKubectl
class CustomResourcesKubectlTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          color: {type: string}
            """;

    @Test
    void kubectlGetsWidgetsByPluralAndShortNameAndPrintsThem(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            KubernetesClient client = cluster.client();
            client.apiextensions().v1().customResourceDefinitions().resource(Serialization.unmarshal(CRD, CustomResourceDefinition.class))
                    .create();
            client.genericKubernetesResources("example.com/v1", "Widget").resource(new GenericKubernetesResourceBuilder()
                    .withApiVersion("example.com/v1").withKind("Widget").withNewMetadata().withName("w1").endMetadata()
                    .addToAdditionalProperties("spec", Map.of("color", "red")).build()).create();
            // when
            KubectlResult plural = kubectl.run(cluster.kubeconfig(), TIMEOUT, "get", "widgets", "-o", "name");
            KubectlResult shortName = kubectl.run(cluster.kubeconfig(), TIMEOUT, "get", "wd", "w1", "-o", "jsonpath={.spec.color}");
            KubectlResult crds = kubectl.run(cluster.kubeconfig(), TIMEOUT, "get", "crds", "-o", "name");
            KubectlResult table = kubectl.run(cluster.kubeconfig(), TIMEOUT, "get", "widgets");
            // then
            then(plural.exitCode()).as(plural.describe()).isZero();
            then(plural.stdout()).isEqualTo("widget.example.com/w1\n");
            then(shortName.exitCode()).as(shortName.describe()).isZero();
            then(shortName.stdout()).isEqualTo("red");
            then(table.exitCode()).as(table.describe()).isZero();
            then(table.stdout()).startsWith("NAME   AGE\nw1     "); // a CRD without additionalPrinterColumns: name and age
            then(crds.exitCode()).as(crds.describe()).isZero();
            then(crds.stdout()).isEqualTo("customresourcedefinition.apiextensions.k8s.io/widgets.example.com\n");
        }
    }

    @Test
    void kubectlPatchesAWidgetWithMergeAndJsonPatchesAndIsRefusedAStrategicOne(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            KubernetesClient client = cluster.client();
            client.apiextensions().v1().customResourceDefinitions().resource(Serialization.unmarshal(CRD, CustomResourceDefinition.class))
                    .create();
            var widgets = client.genericKubernetesResources("example.com/v1", "Widget");
            widgets.resource(new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                    .withNewMetadata().withName("w1").endMetadata().addToAdditionalProperties("spec", Map.of("color", "red")).build())
                    .create();
            // when
            KubectlResult merge = kubectl.run(cluster.kubeconfig(), TIMEOUT, "patch", "widget", "w1", "--type=merge", "-p",
                    "{\"spec\":{\"color\":\"blue\"}}");
            KubectlResult json = kubectl.run(cluster.kubeconfig(), TIMEOUT, "patch", "wd", "w1", "--type=json", "-p",
                    "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"tier\":\"front\"}}]");
            KubectlResult strategic = kubectl.run(cluster.kubeconfig(), TIMEOUT, "patch", "widget", "w1", "--type=strategic", "-p",
                    "{\"spec\":{\"color\":\"red\"}}");
            KubectlResult byDefault = kubectl.run(cluster.kubeconfig(), TIMEOUT, "patch", "widget", "w1", "-p",
                    "{\"spec\":{\"color\":\"red\"}}");
            // then
            then(merge.exitCode()).as(merge.describe()).isZero();
            then(merge.stdout()).isEqualTo("widget.example.com/w1 patched\n");
            then(json.exitCode()).as(json.describe()).isZero();
            then(json.stdout()).isEqualTo("widget.example.com/w1 patched\n");
            var w1 = widgets.withName("w1").get();
            then(w1.getAdditionalProperties().get("spec")).isEqualTo(Map.of("color", "blue"));
            then(w1.getMetadata().getLabels()).isEqualTo(Map.of("tier", "front"));
            // and: strategic merge patch, kubectl's default type, is the apiextensions-apiserver's 415
            String refused = "Error from server (UnsupportedMediaType): the body of the request was in an unknown format - "
                    + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                    + "application/apply-patch+yaml\n";
            then(strategic.exitCode()).as(strategic.describe()).isEqualTo(1);
            then(strategic.stderr()).isEqualTo(refused);
            then(byDefault.exitCode()).as(byDefault.describe()).isEqualTo(1);
            then(byDefault.stderr()).isEqualTo(refused);
            then(widgets.withName("w1").get().getAdditionalProperties().get("spec")).isEqualTo(Map.of("color", "blue"));
        }
    }

    @Test
    void kubectlGetPrintsTheCrdsPrinterColumns(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given: a CRD version with additionalPrinterColumns, one of them for -o wide only
            KubernetesClient client = cluster.client();
            String crd = """
                    apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: widgets.example.com}
                    spec:
                      group: example.com
                      scope: Namespaced
                      names: {plural: widgets, singular: widget, kind: Widget}
                      versions:
                      - name: v1
                        served: true
                        storage: true
                        additionalPrinterColumns:
                        - {name: Color, type: string, jsonPath: .spec.color}
                        - {name: Replicas, type: integer, jsonPath: .spec.replicas}
                        - {name: Size, type: string, jsonPath: .spec.size, priority: 1}
                        - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
                        schema:
                          openAPIV3Schema:
                            type: object
                            properties:
                              spec:
                                type: object
                                properties:
                                  color: {type: string}
                                  replicas: {type: integer}
                                  size: {type: string}
                    """;
            client.apiextensions().v1().customResourceDefinitions().resource(Serialization.unmarshal(crd, CustomResourceDefinition.class))
                    .create();
            client.genericKubernetesResources("example.com/v1", "Widget").resource(new GenericKubernetesResourceBuilder()
                    .withApiVersion("example.com/v1").withKind("Widget").withNewMetadata().withName("w1").endMetadata()
                    .addToAdditionalProperties("spec", Map.of("color", "red", "replicas", 3, "size", "XL")).build()).create();
            // when
            KubectlResult table = kubectl.run(cluster.kubeconfig(), TIMEOUT, "get", "widgets");
            KubectlResult wide = kubectl.run(cluster.kubeconfig(), TIMEOUT, "get", "widgets", "-o", "wide");
            // then: the server's Table, with the CRD's columns (AGE from the virtual clock, so only its place is pinned)
            then(table.exitCode()).as(table.describe()).isZero();
            then(table.stdout().lines().toList()).hasSize(2);
            then(table.stdout().lines().toList().get(0)).isEqualTo("NAME   COLOR   REPLICAS   AGE");
            then(table.stdout().lines().toList().get(1)).startsWith("w1     red     3          ");
            then(wide.exitCode()).as(wide.describe()).isZero();
            then(wide.stdout().lines().toList().get(0)).isEqualTo("NAME   COLOR   REPLICAS   SIZE   AGE");
            then(wide.stdout().lines().toList().get(1)).startsWith("w1     red     3          XL     ");
        }
    }
}
