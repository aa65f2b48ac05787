package dev.peapod.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class ManifestParsingTest {

    @Test
    void countsEveryDocumentAndGivesEachItsFirstLine() {
        // given
        String yaml = """
                # comments before the first --- are not a document
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                    - name: app
                      image: nginx
                ---
                ---
                # an empty document is counted too
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                """;

        // when
        List<ManifestDocument> documents = Manifests.parse(yaml, "deploy/web.yaml");

        // then
        assertThat(documents).extracting(ManifestDocument::index, ManifestDocument::line, ManifestDocument::describe)
                .containsExactly(
                        tuple(1, 3, "deploy/web.yaml, document 1 (Pod web), line 3"),
                        tuple(4, 15, "deploy/web.yaml, document 4 (ConfigMap settings), line 15"));
        assertThat(documents.get(0).object()).isInstanceOf(Pod.class);
        assertThat(documents.get(1).yaml()).isEqualTo("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                """);
    }

    @Test
    void expandsAListIntoItsItemsWhichKeepTheDocumentsLocation() {
        // given
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: alone
                ---
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: first
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: second
                """;

        // when
        List<ManifestDocument> documents = Manifests.parse(yaml, "list.yaml");

        // then
        assertThat(documents).extracting(ManifestDocument::describe).containsExactly(
                "list.yaml, document 1 (ConfigMap alone), line 1",
                "list.yaml, document 2, item 1 (ConfigMap first), line 6",
                "list.yaml, document 2, item 2 (Deployment second), line 6");
        assertThat(documents.get(2).object()).isInstanceOf(Deployment.class);
    }

    @Test
    void itemsOfATypedListTakeTheirKindFromTheList() {
        // given items without apiVersion or kind, as the API server returns a PodList
        String yaml = """
                apiVersion: v1
                kind: PodList
                items:
                  - metadata:
                      name: a
                    spec:
                      containers:
                        - name: app
                          image: nginx
                """;

        // when
        List<ManifestDocument> documents = Manifests.parse(yaml, "pods.yaml");

        // then
        assertThat(documents).singleElement().satisfies(document -> {
            assertThat(document.object()).isInstanceOf(Pod.class);
            assertThat(document.describe()).isEqualTo("pods.yaml, document 1, item 1 (Pod a), line 1");
        });
    }

    @Test
    void readsJson() {
        // given
        String json = """
                {
                \t"apiVersion": "v1",
                \t"kind": "ConfigMap",
                \t"metadata": {"name": "settings"},
                \t"data": {"mode": "fast"}
                }
                """;

        // when
        List<ManifestDocument> documents = Manifests.parse(json, "settings.json");

        // then
        assertThat(documents).singleElement().extracting(ManifestDocument::object)
                .isInstanceOfSatisfying(ConfigMap.class, map -> assertThat(map.getData()).containsEntry("mode", "fast"));
    }

    @Test
    void typesPlainScalarsAsKubectlDoes() {
        // given YAML 1.1 as goyaml.v2 reads it: 0644 is octal, yes is true
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  enableServiceLinks: yes
                  containers:
                    - name: app
                      image: nginx
                  volumes:
                    - name: config
                      configMap:
                        name: settings
                        defaultMode: 0644
                """;

        // when
        Pod pod = (Pod) Manifests.parse(yaml, "pod.yaml").get(0).object();

        // then
        assertThat(pod.getSpec().getEnableServiceLinks()).isTrue();
        assertThat(pod.getSpec().getVolumes().get(0).getConfigMap().getDefaultMode()).isEqualTo(0644);
    }

    @Test
    void refusesAnUnknownKindInTheApiServersWords() {
        // given
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: fine
                ---
                apiVersion: v1
                kind: Deployment
                metadata:
                  name: web
                """;

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "web.yaml"));

        // then
        assertThat(e).hasMessage("""
                web.yaml, document 2 (Deployment web), line 7:
                  no matches for kind "Deployment" in version "v1"
                nothing was applied""");
        assertThat(e.applied()).isEmpty();
    }

    @Test
    void refusesADocumentWithoutApiVersionOrKind() {
        // given
        String yaml = """
                metadata:
                  name: web
                ---
                apiVersion: v1
                metadata:
                  name: web
                """;

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "web.yaml"));

        // then
        assertThat(e).hasMessage("""
                web.yaml, document 1, line 1:
                  error validating data: [apiVersion not set, kind not set]
                web.yaml, document 2, line 4:
                  error validating data: kind not set
                nothing was applied""");
    }

    @Test
    void refusesAnUnknownFieldAtItsLine() {
        // given
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                    - name: app
                      image: nginx
                      livenesProbe:
                        httpGet:
                          path: /healthz
                          port: 8080
                """;

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "pod.yaml"));

        // then
        assertThat(e).hasMessage("""
                pod.yaml, document 1 (Pod web), line 9:
                  strict decoding error: unknown field "spec.containers[0].livenesProbe"
                nothing was applied""");
        assertThat(e.problems()).singleElement().extracting(ManifestException.Problem::line).isEqualTo(9);
    }

    @Test
    void givesEachOfSeveralProblemsInADocumentItsOwnLine() {
        // given
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  lables:
                    app: web
                spec:
                  replicas: "3"
                  template:
                    spec:
                      containers:
                        - name: app
                          image: nginx
                          env:
                            - name: PORT
                              value: 8080
                """;

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "web.yaml"));

        // then type errors are found before Fabric8 would coerce them; unknown fields need a clean bind
        assertThat(e).hasMessage("""
                web.yaml, document 1 (Deployment web):
                  line 8: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32
                  line 16: json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string
                nothing was applied""");
    }

    @Test
    void namesGosNamedTypesAsTheApiServerDoes() {
        // given: fields Fabric8 models as String, List<String> or Map<String, String> (GoFieldTypes)
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  uid: 42
                spec:
                  restartPolicy: 1
                  tolerations:
                    - effect: true
                  containers:
                    - name: app
                      image: nginx
                      securityContext:
                        capabilities:
                          add: [5]
                      resources:
                        limits: [cpu]
                  ephemeralContainers:
                    - name: debug
                      image: busybox
                      imagePullPolicy: 2
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: token
                data:
                  password: 7
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                binaryData: [a]
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: data
                spec:
                  accessModes: [ReadWriteOnce, 3]
                """;

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "named.yaml"));

        // then: type RestartPolicy string is v1.RestartPolicy; []byte is []uint8; a pointer is its target
        assertThat(e).hasMessage("""
                named.yaml, document 1 (Pod web):
                  line 5: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.uid of type types.UID
                  line 7: json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy
                  line 9: json: cannot unmarshal bool into Go struct field Toleration.spec.tolerations.effect of type v1.TaintEffect
                  line 15: json: cannot unmarshal number into Go struct field Capabilities.spec.containers.securityContext.capabilities.add of type v1.Capability
                  line 17: json: cannot unmarshal array into Go struct field ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList
                  line 21: json: cannot unmarshal number into Go struct field EphemeralContainer.spec.ephemeralContainers.imagePullPolicy of type v1.PullPolicy
                named.yaml, document 2 (Secret token), line 28:
                  json: cannot unmarshal number into Go struct field Secret.data of type []uint8
                named.yaml, document 3 (ConfigMap settings), line 34:
                  json: cannot unmarshal array into Go struct field ConfigMap.binaryData of type map[string][]uint8
                named.yaml, document 4 (PersistentVolumeClaim data), line 41:
                  json: cannot unmarshal number into Go struct field PersistentVolumeClaimSpec.spec.accessModes of type v1.PersistentVolumeAccessMode
                nothing was applied""");
    }

    @Test
    void refusesANumberWhereALabelValueMustBeAString() {
        // given
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  labels:
                    version: 1.0
                """;

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "cm.yaml"));

        // then
        assertThat(e).hasMessage("""
                cm.yaml, document 1 (ConfigMap settings), line 6:
                  json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string
                nothing was applied""");
    }

    @Test
    void refusesADuplicateKey() {
        // given
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  name: other
                """;

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "cm.yaml"));

        // then
        assertThat(e).hasMessage("""
                cm.yaml, document 1 (ConfigMap other), line 5:
                  mapping key "name" already defined at line 4
                nothing was applied""");
    }

    @Test
    void reportsAYamlSyntaxErrorAtItsLineAndColumn() {
        // given
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: fine
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: broken
                   labels: {}
                """;

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "cm.yaml"));

        // then
        assertThat(e).hasMessage("""
                cm.yaml, document 2, line 10, column 10:
                  yaml: mapping values are not allowed in this context
                nothing was applied""");
    }

    @Test
    void reportsProblemsInEveryDocumentAtOnce() {
        // given
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: a
                  nmae: b
                ---
                apiVersion: v1
                kind: Widgt
                metadata:
                  name: w
                """;

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.parse(yaml, "two.yaml"));

        // then (a kind of a group a CRD may define is the cluster's to refuse, at apply: CustomResourcesTest)
        assertThat(e.problems()).extracting(ManifestException.Problem::toString).containsExactly(
                "two.yaml, document 1 (ConfigMap a), line 5: strict decoding error: unknown field \"metadata.nmae\"",
                "two.yaml, document 2 (Widgt w), line 8: no matches for kind \"Widgt\" in version \"v1\"");
    }
}
