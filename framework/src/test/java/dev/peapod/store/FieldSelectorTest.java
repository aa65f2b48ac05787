package dev.peapod.store;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.peapod.store.StoreFixture.assertApiError;
import static dev.peapod.store.StoreFixture.namespace;
import static dev.peapod.store.StoreFixture.pod;
import static dev.peapod.store.StoreFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field selectors as k8s.io/apimachinery/pkg/fields/selector.go parses them, with each kind's field
 * labels (pkg/apis/core/v1/conversion.go) and values (ToSelectableFields of the registry strategies);
 * list order is etcd's key order.
 */
class FieldSelectorTest {
    private final StoreFixture fixture = new StoreFixture();
    private final ObjectStore store = fixture.store;

    @Test
    void selectsPodsByNameAndNamespace() {
        // given
        store.create(namespace("team"));
        store.create(pod("web"));
        store.create(pod("db"));
        store.create(podBuilder("web").editMetadata().withNamespace("team").endMetadata().build());
        // when
        List<Pod> named = store.list(Pod.class, ListOptions.all().withFields("metadata.name=web"));
        List<Pod> inTeam = store.list(Pod.class, ListOptions.all().withFields("metadata.namespace==team"));
        // then
        assertThat(names(named)).containsExactly("default/web", "team/web");
        assertThat(names(inTeam)).containsExactly("team/web");
    }

    @Test
    void selectsPodsByNodeIncludingTheUnboundOnes() {
        // given
        store.create(pod("unbound"));
        fixture.boundPod(podBuilder("on-1"));
        store.create(pod("on-2"));
        store.bind("default", "on-2", "node-2");
        // when
        List<Pod> onNode1 = store.list(Pod.class, ListOptions.all().withFields("spec.nodeName=node-1"));
        List<Pod> unbound = store.list(Pod.class, ListOptions.all().withFields("spec.nodeName="));
        List<Pod> legacy = store.list(Pod.class, ListOptions.all().withFields("spec.host=node-2"));
        // then
        assertThat(names(onNode1)).containsExactly("default/on-1");
        assertThat(names(unbound)).containsExactly("default/unbound");
        assertThat(names(legacy)).as("spec.host is the old spelling of spec.nodeName").containsExactly("default/on-2");
    }

    @Test
    void selectsPodsByPhaseWithInequality() {
        // given
        store.create(pod("pending"));
        fixture.boundPod(podBuilder("running"));
        store.editStatus(Pod.class, "default", "running", p -> p.getStatus().setPhase("Running"));
        fixture.boundPod(podBuilder("done"));
        store.editStatus(Pod.class, "default", "done", p -> p.getStatus().setPhase("Succeeded"));
        // when kubectl's --field-selector=status.phase!=Succeeded,status.phase!=Failed
        List<Pod> active = store.list(Pod.class,
                ListOptions.all().withFields("status.phase!=Succeeded,status.phase!=Failed"));
        List<Pod> running = store.list(Pod.class, ListOptions.all().withFields("status.phase=Running"));
        // then
        assertThat(names(active)).containsExactly("default/pending", "default/running");
        assertThat(names(running)).containsExactly("default/running");
    }

    @Test
    void selectsPodsByTheOtherFieldsUpstreamIndexes() {
        // given
        store.create(podBuilder("host").editSpec().withHostNetwork(true).withRestartPolicy("Never")
                .withServiceAccountName("robot").endSpec().build());
        store.create(pod("plain"));
        // when / then
        assertThat(names(store.list(Pod.class, ListOptions.all().withFields("spec.hostNetwork=true"))))
                .containsExactly("default/host");
        assertThat(names(store.list(Pod.class, ListOptions.all().withFields("spec.hostNetwork=false"))))
                .containsExactly("default/plain");
        assertThat(names(store.list(Pod.class, ListOptions.all().withFields("spec.restartPolicy=Never,spec.serviceAccountName=robot"))))
                .containsExactly("default/host");
        assertThat(names(store.list(Pod.class, ListOptions.all().withFields("status.podIPs=10.0.0.1"))))
                .as("accepted by the conversion, but not a selectable field: it reads as empty").isEmpty();
    }

    @Test
    void selectsEventsByTheirInvolvedObject() {
        // given
        store.create(event("web.1", "Pod", "web", "Scheduled", "default-scheduler"));
        store.create(event("web.2", "Pod", "web", "Pulled", "kubelet"));
        store.create(event("db.1", "Pod", "db", "Pulled", "kubelet"));
        store.create(event("node-1.1", "Node", "node-1", "Starting", "kubelet"));
        // when
        List<Event> aboutWeb = store.list(Event.class, ListOptions.all().withFields("involvedObject.name=web"));
        List<Event> fromKubeletAboutPods = store.list(Event.class,
                ListOptions.all().withFields("source=kubelet,involvedObject.kind=Pod"));
        List<Event> pulled = store.list(Event.class, ListOptions.all().withFields("reason=Pulled,type=Normal"));
        // then
        assertThat(names(aboutWeb)).containsExactly("default/web.1", "default/web.2");
        assertThat(names(fromKubeletAboutPods)).containsExactly("default/db.1", "default/web.2");
        assertThat(names(pulled)).containsExactly("default/db.1", "default/web.2");
    }

    @Test
    void selectsNodesAndNamespacesByTheirOwnFields() {
        // given
        store.create(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                .withNewSpec().withUnschedulable(true).endSpec().build());
        store.create(new NodeBuilder().withNewMetadata().withName("node-2").endMetadata().build());
        // when / then
        assertThat(store.list(Node.class, ListOptions.all().withFields("spec.unschedulable=false")))
                .extracting(n -> n.getMetadata().getName()).containsExactly("node-2");
        assertThat(store.list(Namespace.class, ListOptions.all().withFields("status.phase=Active,metadata.name!=default")))
                .extracting(n -> n.getMetadata().getName()).containsExactly("kube-node-lease", "kube-public", "kube-system");
    }

    @Test
    void refusesAFieldThePodKindDoesNotSupportEvenWithNothingStored() {
        // when / then the message of pkg/apis/core/v1/conversion.go, as a BadRequest
        assertApiError(() -> store.list(Pod.class, ListOptions.all().withFields("spec.foo=bar")), 400, "BadRequest",
                "field label not supported: spec.foo");
    }

    @Test
    void refusesFieldsInTheWordsOfEachKindsConversion() {
        // when / then
        assertApiError(() -> store.list(Node.class, ListOptions.all().withFields("metadata.namespace=default")),
                400, "BadRequest", "field label not supported: metadata.namespace");
        assertApiError(() -> store.list(Job.class, ListOptions.all().withFields("spec.parallelism=1")),
                400, "BadRequest", "field label \"spec.parallelism\" not supported for Job");
        assertApiError(() -> store.list(ConfigMap.class, ListOptions.all().withFields("data.k=v")), 400, "BadRequest",
                "\"data.k\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    @Test
    void refusesAnUnsupportedFieldWhenMatchingDirectly() {
        // when / then
        assertApiError(() -> FieldSelector.parse("spec.foo=bar").matches(pod("web")), 400, "BadRequest",
                "field label not supported: spec.foo");
    }

    @Test
    void parsesOperatorsEscapesAndEmptyTerms() {
        // when
        FieldSelector selector = FieldSelector.parse("metadata.name!=a\\,b,,status.phase==Running,");
        // then terms are sorted, as upstream sorts the parts
        assertThat(selector.terms()).containsExactly(
                new FieldSelector.Term("metadata.name", false, "a,b"),
                new FieldSelector.Term("status.phase", true, "Running"));
        assertThat(FieldSelector.parse("").isEverything()).isTrue();
        assertThat(FieldSelector.parse(",").isEverything()).isTrue();
    }

    @Test
    void doesNotTrimBlanksAroundTheOperator() {
        // when / then upstream keeps the blank in the field label
        assertApiError(() -> store.list(Pod.class, ListOptions.all().withFields("status.phase =Running")),
                400, "BadRequest", "field label not supported: status.phase ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            metadata.name         | invalid selector: 'metadata.name'; can't understand 'metadata.name'
            a=b,c                 | invalid selector: 'a=b,c'; can't understand 'c'
            metadata.name=a=b     | invalid field selector: unescaped character in value: 61
            metadata.name=a\\x    | invalid field selector: invalid escape sequence: \\x
            metadata.name=a\\     | invalid field selector: invalid escape sequence: \\
            """)
    void refusesBadSyntaxInUpstreamsWords(String selector, String message) {
        // when / then
        assertApiError(() -> FieldSelector.parse(selector), 400, "BadRequest", message);
    }

    @Test
    void listsByNamespaceThenName() {
        // given
        store.create(namespace("team-x"));
        for (String where : List.of("team-x/b", "default/z", "kube-system/a", "default/a", "team-x/a")) {
            String[] parts = where.split("/");
            store.create(podBuilder(parts[1]).editMetadata().withNamespace(parts[0]).endMetadata().build());
        }
        // when
        List<Pod> pods = store.list(Pod.class);
        // then
        assertThat(names(pods)).containsExactly("default/a", "default/z", "kube-system/a", "team-x/a", "team-x/b");
    }

    @Test
    void listsInEtcdKeyOrderWhenOneNamespaceIsAPrefixOfAnother() {
        // given etcd orders the keys /registry/pods/a-b/x and /registry/pods/a/x byte by byte: '-' < '/'
        store.create(namespace("a"));
        store.create(namespace("a-b"));
        store.create(podBuilder("x").editMetadata().withNamespace("a").endMetadata().build());
        store.create(podBuilder("x").editMetadata().withNamespace("a-b").endMetadata().build());
        // when
        List<Pod> pods = store.list(Pod.class);
        // then
        assertThat(names(pods)).containsExactly("a-b/x", "a/x");
    }

    private static Event event(String name, String kind, String object, String reason, String component) {
        return new EventBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewInvolvedObject().withKind(kind).withName(object).withNamespace("default").endInvolvedObject()
                .withReason(reason).withType("Normal").withNewSource().withComponent(component).endSource()
                .build();
    }

    private static List<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()).toList();
    }
}
