package dev.peapod.cucumber;

import dev.peapod.FakeCluster;
import dev.peapod.StatefulSetView;
import dev.peapod.assertions.StatefulSetAssert;
import dev.peapod.core.PeapodException;
import io.cucumber.java.en.Then;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Arrays;

import static dev.peapod.assertions.PeapodAssertions.assertThat;

/**
 * What only StatefulSets have: pods named by ordinal, and a pod that comes back with its name and
 * volumes. Scaling, a new image, READY and rollouts are {@link WorkloadSteps}' verbs. Each step
 * delegates to {@link StatefulSetView} or {@link StatefulSetAssert}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class StatefulSetSteps {
    /** How long "keeps its name and volume after it is deleted" waits for the pod to come back. */
    static final Duration COME_BACK = Duration.ofMinutes(5);

    private final PeapodWorld world;

    public StatefulSetSteps(PeapodWorld world) {
        this.world = world;
    }

    /** {@code the statefulset web has pods "web-0, web-1, web-2"}: exactly these pods, by ordinal. */
    @Then("(the ){workload} has pods {string}")
    public void hasPods(Workload set, String pods) {
        set.expect("has pods \"...\"", "statefulset");
        assertThat(world.cluster()).statefulSet(world.namespaceOf(set), set.name())
                .hasPods(Arrays.stream(pods.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new));
    }

    /**
     * Deletes the pod and waits (at most 5 minutes of virtual time) for a new pod of the same name,
     * Running, with the same claims bound to the same volumes. The pod is named as a workload is, bare
     * ({@code pod web-0}, as the issue writes it) or quoted ({@code pod "web-0"}).
     */
    @Then("pod {word} keeps its name and volume after it is deleted")
    public void keepsIdentity(String name) {
        String unquoted = name.length() > 1 && name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
        PodName pod = PodName.parse(unquoted);
        FakeCluster cluster = world.cluster();
        String namespace = world.namespaceOf(pod);
        Pod current = cluster.pod(namespace, pod.name());
        String set = current.getMetadata().getOwnerReferences() == null ? null : current.getMetadata().getOwnerReferences().stream()
                .filter(ref -> Boolean.TRUE.equals(ref.getController()) && "StatefulSet".equals(ref.getKind()))
                .map(OwnerReference::getName).findFirst().orElse(null);
        if (set == null) {
            throw new PeapodException("pod " + namespace + "/" + pod.name() + " belongs to no StatefulSet: "
                    + "only a StatefulSet's pod comes back with its name; name one of its pods");
        }
        assertThat(cluster).statefulSet(namespace, set).keepsNameAndVolumesOfPodAfterDeletion(pod.name()).within(COME_BACK);
    }
}
