package dev.peapod.store;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CopiesTest {

    /** A pod with nested objects, lists, maps, quantities, an IntOrString and additional properties. */
    private static Pod richPod() {
        Map<String, Quantity> requests = new HashMap<>();
        requests.put("cpu", new Quantity("250m"));
        requests.put("memory", new Quantity("64", "Mi"));
        Pod pod = new PodBuilder()
                .withNewMetadata().withName("web").withNamespace("default").withLabels(Map.of("app", "web"))
                .addToAnnotations("a", "1").withFinalizers("f/one").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").withArgs("-g", "daemon off;")
                .withNewResources().withRequests(requests).endResources()
                .withNewReadinessProbe().withNewHttpGet().withPath("/").withPort(new IntOrString(8080)).endHttpGet()
                .withPeriodSeconds(10).endReadinessProbe()
                .withNewLivenessProbe().withNewTcpSocket().withPort(new IntOrString("http")).endTcpSocket().endLivenessProbe()
                .endContainer().withTerminationGracePeriodSeconds(30L).endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
        pod.getStatus().setConditions(List.of(new PodCondition(null, "2025-01-01T00:00:00Z", null, null, null, "True", "Ready")));
        pod.getMetadata().setAdditionalProperty("extra", new ArrayList<>(List.of("x", Map.of("k", "v"))));
        return pod;
    }

    @Test
    void aSpecsOwnSubclassOfAModelClassIsCopiedAsTheModelClassNotShared() {
        // given: a container made with double-brace initialisation, an anonymous subclass of Container
        @SuppressWarnings("serial")
        io.fabric8.kubernetes.api.model.Container own = new io.fabric8.kubernetes.api.model.Container() {
            {
                setName("app");
                setImage("nginx");
            }
        };
        Pod pod = richPod();
        pod.getSpec().setContainers(new ArrayList<>(List.of(own)));
        // when
        Pod copy = Copies.copy(pod);
        own.setImage("nginx:2");
        // then: a plain Container, as the builder gave, untouched by the later edit
        io.fabric8.kubernetes.api.model.Container copied = copy.getSpec().getContainers().get(0);
        assertThat(copied.getClass()).isEqualTo(io.fabric8.kubernetes.api.model.Container.class);
        assertThat(copied.getImage()).isEqualTo("nginx");
    }

    @Test
    void copiesEqualTheOriginalAndWhatTheBuilderGives() {
        // given
        Pod pod = richPod();
        // when
        Pod copy = Copies.copy(pod);
        // then
        assertThat(copy).isNotSameAs(pod).isEqualTo(pod).isEqualTo(pod.toBuilder().build());
        assertThat(copy.getSpec().getContainers().get(0).getResources().getRequests().get("memory"))
                .isEqualTo(new Quantity("64", "Mi"));
        assertThat(copy.getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        assertThat(copy.getSpec().getContainers().get(0).getLivenessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("http");
        assertThat(copy.getMetadata().getAdditionalProperties()).containsExactly(Map.entry("extra", List.of("x", Map.of("k", "v"))));
    }

    @Test
    void copiesShareNothingMutable() {
        // given
        Pod pod = richPod();
        Pod before = pod.toBuilder().build();
        Pod copy = Copies.copy(pod);
        // when
        copy.getMetadata().getLabels().put("app", "changed");
        copy.getMetadata().getFinalizers().add("f/two");
        copy.getSpec().getContainers().get(0).getArgs().set(0, "changed");
        copy.getSpec().getContainers().get(0).getResources().getRequests().get("cpu").setAmount("1");
        copy.getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().getPort().setValue(9090);
        copy.getStatus().getConditions().get(0).setStatus("False");
        copy.getStatus().getConditions().add(new PodCondition());
        @SuppressWarnings("unchecked")
        List<Object> extra = (List<Object>) copy.getMetadata().getAdditionalProperties().get("extra");
        extra.add("y");
        // then
        assertThat(pod).isEqualTo(before);
    }

    @Test
    void listsAndMapsComeBackMutableAndInTheirOrder() {
        // given: what engine code may set, as the builders' copies gave them
        Pod pod = richPod();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("z", "1");
        annotations.put("a", "2");
        pod.getMetadata().setAnnotations(annotations);
        // when
        Pod copy = Copies.copy(pod);
        // then
        assertThat(copy.getStatus().getConditions()).isInstanceOf(ArrayList.class);
        assertThat(copy.getMetadata().getLabels()).isInstanceOf(LinkedHashMap.class);
        assertThat(copy.getMetadata().getAnnotations().keySet()).containsExactly("z", "a");
    }

    @Test
    void sharesImmutableValuesAndKeepsNulls() {
        // given
        ZonedDateTime renewed = ZonedDateTime.of(2025, 1, 1, 0, 0, 10, 0, ZoneOffset.UTC);
        Lease lease = new LeaseBuilder().withNewMetadata().withName("node-1").endMetadata()
                .withNewSpec().withRenewTime(renewed).withHolderIdentity("node-1").endSpec().build();
        // when
        Lease copy = Copies.copy(lease);
        // then
        assertThat(copy).isEqualTo(lease);
        assertThat(copy.getSpec().getRenewTime()).isSameAs(renewed);
        assertThat(copy.getSpec().getAcquireTime()).isNull();
        assertThat(copy.getMetadata().getLabels()).isEqualTo(lease.getMetadata().getLabels()).isNotSameAs(lease.getMetadata().getLabels());
        assertThat(Copies.copy((Pod) null)).isNull();
    }

    @Test
    void aNullItemOfAListOfModelObjectsBecomesAnEmptyObjectAsInABuilderCopy() {
        // given: a manifest's "containers: [{...}, null]" and "args: [null]"
        Pod pod = richPod();
        pod.getSpec().getContainers().add(null);
        List<String> args = new ArrayList<>();
        args.add(null);
        pod.getSpec().getContainers().get(0).setArgs(args);
        Map<String, Quantity> limits = new LinkedHashMap<>();
        limits.put("cpu", null);
        pod.getSpec().getContainers().get(0).getResources().setLimits(limits);
        // when
        Pod copy = Copies.copy(pod);
        // then
        assertThat(copy).isEqualTo(pod.toBuilder().build());
        assertThat(copy.getSpec().getContainers().get(1)).isEqualTo(new io.fabric8.kubernetes.api.model.Container());
        assertThat(copy.getSpec().getContainers().get(0).getArgs()).containsExactly((String) null);
        assertThat(copy.getSpec().getContainers().get(0).getResources().getLimits()).containsEntry("cpu", null);
    }

    @Test
    void aShallowCopySharesWhatIsNested() {
        // given
        Pod pod = richPod();
        // when
        Pod shallow = Copies.shallow(pod);
        // then
        assertThat(shallow).isNotSameAs(pod).isEqualTo(pod);
        assertThat(shallow.getSpec()).isSameAs(pod.getSpec());
        assertThat(shallow.getMetadata()).isSameAs(pod.getMetadata());
    }

    @Test
    void aStoreCopySharesOneImmutableEmptyMapForAdditionalPropertiesAndAnEdgeCopyOfItIsMutableAgain() {
        // given
        Pod pod = richPod();
        // when
        Pod stored = Copies.forStore(pod);
        Pod edge = Copies.copy(stored);
        // then: equal to the original; the empty maps are the one immutable empty map, a non-empty one a copy
        assertThat(stored).isEqualTo(pod).isEqualTo(edge);
        assertThat(stored.getAdditionalProperties()).isSameAs(Map.of());
        assertThat(stored.getSpec().getContainers().get(0).getAdditionalProperties()).isSameAs(Map.of());
        assertThat(stored.getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().getAdditionalProperties())
                .isSameAs(Map.of());
        assertThat(stored.getMetadata().getAdditionalProperties()).isInstanceOf(LinkedHashMap.class)
                .isNotSameAs(pod.getMetadata().getAdditionalProperties()).containsOnlyKeys("extra");
        assertThat(stored.getMetadata().getLabels()).isInstanceOf(LinkedHashMap.class);
        assertThat(stored.getStatus().getConditions()).isInstanceOf(ArrayList.class);
        // and: the edge copy's maps are mutable, at every level
        edge.getAdditionalProperties().put("x", "1");
        edge.getSpec().getContainers().get(0).getAdditionalProperties().put("y", "2");
        edge.getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().setAdditionalProperty("z", "3");
        assertThat(edge.getAdditionalProperties()).isInstanceOf(LinkedHashMap.class).containsExactly(Map.entry("x", "1"));
        assertThat(stored.getAdditionalProperties()).isEmpty();
        assertThat(stored.getSpec().getContainers().get(0).getAdditionalProperties()).isEmpty();
        // and: a builder made from a stored object has its own mutable map too, as Fabric8's builders copy it
        Pod built = stored.toBuilder().addToAdditionalProperties("b", "4").build();
        assertThat(built.getAdditionalProperties()).containsExactly(Map.entry("b", "4"));
        assertThat(stored.getAdditionalProperties()).isEmpty();
    }

    @Test
    void aCopyMadeWithoutTheModelsConstructorSetsEveryFieldAsTheConstructorWould() {
        // given: a fresh object, whose collections are the constructor's empty ones
        io.fabric8.kubernetes.api.model.ObjectMeta empty = new io.fabric8.kubernetes.api.model.ObjectMeta();
        // when
        io.fabric8.kubernetes.api.model.ObjectMeta copy = Copies.copy(empty);
        // then: its own empty, mutable collections, equal to the original
        assertThat(copy).isEqualTo(empty);
        assertThat(copy.getLabels()).isInstanceOf(LinkedHashMap.class).isNotSameAs(empty.getLabels()).isEqualTo(Map.of());
        assertThat(copy.getFinalizers()).isInstanceOf(ArrayList.class).isNotSameAs(empty.getFinalizers()).isEqualTo(List.of());
        copy.getFinalizers().add("f");
        copy.getLabels().put("a", "b");
        copy.getAdditionalProperties().put("c", "d");
        assertThat(empty).isEqualTo(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
}
