package dev.peapod.store;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.peapod.store.StoreFixture.assertApiError;
import static dev.peapod.store.StoreFixture.describe;
import static dev.peapod.store.StoreFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field selectors kind by kind, as Kubernetes v1.33 allows them: each kind's field-label conversion
 * (pkg/apis/core/v1/conversion.go, pkg/apis/batch/v1/conversion.go; apps/v1 registers none, so its
 * kinds get runtime.DefaultMetaV1FieldSelectorConversion) and its registry's ToSelectableFields.
 */
class FieldSelectorKindsTest {
    private final StoreFixture fixture = new StoreFixture();
    private final ObjectStore store = fixture.store;

    @Test
    void kubectlDescribePodFindsThePodsEventsByKindNameNamespaceAndUid() {
        // given two pods called web, one deleted and created again: same name, another uid
        Pod web = store.create(podBuilder("web").build());
        String uid = web.getMetadata().getUid();
        store.create(event("web.1", "Pod", "web", uid, "Scheduled"));
        store.create(event("web.2", "Pod", "web", "old-uid", "Killing"));
        store.create(event("web.3", "ReplicaSet", "web", uid, "SuccessfulCreate"));
        // when the selector client-go's events Search builds (fields.Set.AsSelector: keys sorted)
        String selector = "involvedObject.kind=Pod,involvedObject.name=web,involvedObject.namespace=default,"
                + "involvedObject.uid=" + uid;
        List<Event> events = store.list(Event.class, ListOptions.inNamespace("default").withFields(selector));
        List<String> watched = new ArrayList<>();
        store.watch(Event.class, ListOptions.inNamespace("default").withFields(selector), null,
                e -> watched.add(describe(e)));
        store.create(event("web.4", "Pod", "web", uid, "Pulled"));
        store.create(event("web.5", "Pod", "db", uid, "Pulled"));
        // then
        assertThat(events).extracting(e -> e.getMetadata().getName()).containsExactly("web.1");
        assertThat(watched).extracting(line -> line.substring(0, line.indexOf('@')))
                .containsExactly("ADDED default/web.1", "ADDED default/web.4");
    }

    @Test
    void selectsSecretsByType() {
        // given
        store.create(new SecretBuilder().withNewMetadata().withName("token").endMetadata()
                .withType("kubernetes.io/service-account-token").build());
        store.create(new SecretBuilder().withNewMetadata().withName("plain").endMetadata().withType("Opaque").build());
        // when
        List<Secret> opaque = store.list(Secret.class, ListOptions.all().withFields("type=Opaque"));
        // then
        assertThat(opaque).extracting(s -> s.getMetadata().getName()).containsExactly("plain");
    }

    @Test
    void selectsReplicationControllersByReplicasAndJobsBySucceededPods() {
        // given
        store.create(new ReplicationControllerBuilder().withNewMetadata().withName("rc").endMetadata()
                .withNewStatus().withReplicas(2).endStatus().build());
        store.create(new JobBuilder().withNewMetadata().withName("done").endMetadata()
                .withNewStatus().withSucceeded(3).endStatus().build());
        store.create(new JobBuilder().withNewMetadata().withName("new").endMetadata().build());
        // when / then an unset count is 0, as the Go struct's zero value
        assertThat(store.list(ReplicationController.class, ListOptions.all().withFields("status.replicas=2")))
                .hasSize(1);
        assertThat(store.list(Job.class, ListOptions.all().withFields("status.successful=3")))
                .extracting(j -> j.getMetadata().getName()).containsExactly("done");
        assertThat(store.list(Job.class, ListOptions.all().withFields("status.successful=0")))
                .extracting(j -> j.getMetadata().getName()).containsExactly("new");
    }

    @Test
    void replicaSetsOfAppsV1HaveOnlyTheMetadataFields() {
        // when / then the registry indexes status.replicas, but apps/v1 has no conversion that lets it through
        assertApiError(() -> store.list(ReplicaSet.class, ListOptions.all().withFields("status.replicas=1")), 400,
                "BadRequest", "\"status.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    @Test
    void clusterScopedKindsRefuseTheNamespaceField() {
        // when / then
        assertApiError(() -> store.list(Namespace.class, ListOptions.all().withFields("metadata.namespace=default")),
                400, "BadRequest", "field label not supported: metadata.namespace");
    }

    @Test
    void aPodsIpIsStatusPodIpWhenSet() {
        // given a status whose podIP and podIPs disagree: converting from v1 makes podIP the first IP
        store.create(podBuilder("web").build());
        store.editStatus(Pod.class, "default", "web", p -> {
            p.getStatus().setPodIP("10.0.0.2");
            p.getStatus().setPodIPs(List.of(new io.fabric8.kubernetes.api.model.PodIP("10.0.0.9")));
        });
        // when / then
        assertThat(store.list(Pod.class, ListOptions.all().withFields("status.podIP=10.0.0.2"))).hasSize(1);
        assertThat(store.list(Pod.class, ListOptions.all().withFields("status.podIP=10.0.0.9"))).isEmpty();
    }

    @Test
    void setBasedOperatorsAreNotFieldSelectorSyntax() {
        // when / then fields/selector.go knows =, == and != only; terms are sorted before they are read
        assertApiError(() -> FieldSelector.parse("metadata.name in (web)"), 400, "BadRequest",
                "invalid selector: 'metadata.name in (web)'; can't understand 'metadata.name in (web)'");
        assertApiError(() -> FieldSelector.parse("metadata.name notin (a,b)"), 400, "BadRequest",
                "invalid selector: 'metadata.name notin (a,b)'; can't understand 'b)'");
        assertApiError(() -> FieldSelector.parse("!metadata.name"), 400, "BadRequest",
                "invalid selector: '!metadata.name'; can't understand '!metadata.name'");
    }

    private static Event event(String name, String kind, String object, String uid, String reason) {
        return new EventBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind(kind).withName(object).withNamespace("default").withUid(uid)
                .endInvolvedObject().withReason(reason).withType("Normal").build();
    }
}
