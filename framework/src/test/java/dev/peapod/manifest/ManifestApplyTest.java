package dev.peapod.manifest;

import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ManifestApplyTest {
    /** Rejects a pod named "bad" as the API server's validation would. */
    private static final Admission REJECTS_BAD = (operation, object, old) -> {
        if (object.getMetadata().getName().equals("bad")) {
            throw ApiException.invalid("Pod", "bad", List.of(
                    FieldError.invalid("spec.containers[0].livenessProbe.successThreshold", 2, "must be 1")));
        }
    };

    private static final String PODS = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: a
            spec:
              containers:
                - name: app
                  image: nginx
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: bad
            spec:
              containers:
                - name: app
                  image: nginx
                  livenessProbe:
                    successThreshold: 2
                    tcpSocket:
                      port: 8080
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: c
            """;

    @Test
    void createsEveryDocumentInOrder() {
        // given
        ObjectStore store = store(Admission.NONE);
        List<ManifestDocument> documents = Manifests.parse(PODS, "deploy/pods.yaml");

        // when
        List<HasMetadata> applied = Manifests.apply(store, documents);

        // then
        assertThat(applied).extracting(Where::reference).containsExactly("pod/a", "pod/bad", "configmap/c");
        assertThat(applied).allSatisfy(object -> assertThat(object.getMetadata().getUid()).isNotNull());
        assertThat(store.list(Pod.class)).hasSize(2);
    }

    @Test
    void aRejectedDocumentMeansNoneIsApplied() {
        // given
        ObjectStore store = store(REJECTS_BAD);
        List<ManifestDocument> documents = Manifests.parse(PODS, "deploy/pods.yaml");

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.apply(store, documents));

        // then
        assertThat(e).hasMessage("""
                deploy/pods.yaml, document 2 (Pod bad), line 19:
                  spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1
                nothing was applied""");
        assertThat(store.get(Pod.class, "default", "bad")).isEmpty();
        assertThat(store.get(Pod.class, "default", "a")).isEmpty();
        assertThat(store.get(ConfigMap.class, "default", "c")).isEmpty();
        assertThat(e.applied()).isEmpty();
    }

    @Test
    void givesEachFieldOfARejectionItsOwnLine() {
        // given
        Admission twoErrors = (operation, object, old) -> {
            if (object instanceof Pod) {
                throw ApiException.invalid("Pod", "bad", List.of(
                        FieldError.invalid("spec.containers[0].livenessProbe.successThreshold", 2, "must be 1"),
                        FieldError.required("spec.containers[0].livenessProbe.tcpSocket.host", "")));
            }
        };
        List<ManifestDocument> documents = Manifests.parse(PODS, "deploy/pods.yaml").subList(1, 2);

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> Manifests.apply(store(twoErrors), documents));

        // then the missing host is placed at the deepest part of its path that exists
        assertThat(e).hasMessage("""
                deploy/pods.yaml, document 2 (Pod bad):
                  line 19: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1
                  line 20: spec.containers[0].livenessProbe.tcpSocket.host: Required value
                nothing was applied""");
    }

    @Test
    void aPodInAMissingNamespaceIsRejected() {
        // given
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                ---
                # the namespace was never created
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  namespace: nope
                spec:
                  containers:
                    - name: app
                      image: nginx
                """;
        ObjectStore store = store(Admission.NONE);

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> Manifests.apply(store, Manifests.parse(yaml, "web.yaml")));

        // then
        assertThat(e).hasMessage("""
                web.yaml, document 2 (Pod web), line 11:
                  namespaces "nope" not found
                nothing was applied""");
        assertThat(store.get(ConfigMap.class, "default", "settings")).isEmpty();
    }

    @Test
    void anItemOfAListIsPlacedAtItsOwnLine() {
        // given
        String yaml = """
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: twice
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: twice
                """;

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> Manifests.apply(store(Admission.NONE), Manifests.parse(yaml, "list.yaml")));

        // then
        assertThat(e).hasMessage("""
                list.yaml, document 1, item 2 (ConfigMap twice), line 8:
                  configmaps "twice" already exists
                nothing was applied""");
    }

    @Test
    void aRefusalAfterACleanDryRunSaysWhichDocumentsWereApplied() {
        // given: something that reacts to "a" by creating "b" at once, which no dry run can foresee
        ObjectStore store = store(Admission.NONE);
        store.watch(ConfigMap.class, dev.peapod.store.ListOptions.all(), null, event -> {
            if (event.object().getMetadata().getName().equals("a")) {
                store.create(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("b").endMetadata().build());
            }
        });
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: b}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c}
                """;

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> Manifests.apply(store, Manifests.parse(yaml, "maps.yaml")));

        // then
        assertThat(e).hasMessage("""
                maps.yaml, document 2 (ConfigMap b), line 5:
                  configmaps "b" already exists
                every document had passed a dry run, but this one was refused when applied, so the apply stopped there
                applied: maps.yaml, document 1 (configmap/a)
                not applied: maps.yaml, document 2 (configmap/b); maps.yaml, document 3 (configmap/c)""");
        assertThat(e.applied()).extracting(Where::reference).containsExactly("configmap/a");
        assertThat(store.get(ConfigMap.class, "default", "c")).isEmpty();
    }

    private static ObjectStore store(Admission admission) {
        return new ObjectStore(new VirtualClock(VirtualClock.DEFAULT_START), new Random(1), admission);
    }
}
