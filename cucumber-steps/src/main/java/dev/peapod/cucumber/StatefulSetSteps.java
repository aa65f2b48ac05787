package dev.peapod.cucumber;

import dev.peapod.FakeCluster;
import dev.peapod.StatefulSetView;
import dev.peapod.assertions.StatefulSetAssert;
import dev.peapod.core.PeapodException;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Arrays;

import static dev.peapod.assertions.PeapodAssertions.assertThat;

/**
 * StatefulSets: scaling, a new image, and checks read as {@code kubectl get sts} and
 * {@code kubectl rollout status} show them, in the scenario's namespace. Each delegates to
 * {@link StatefulSetView} or {@link StatefulSetAssert}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class StatefulSetSteps {
    /** How long "keeps its name and volume after it is deleted" waits for the pod to come back. */
    static final Duration COME_BACK = Duration.ofMinutes(5);

    private final PeapodWorld world;

    public StatefulSetSteps(PeapodWorld world) {
        this.world = world;
    }

    /** {@code kubectl scale statefulset web --replicas=5}. */
    @When("the statefulset {string} is scaled to {int} replica(s)")
    public void scale(String name, int replicas) {
        world.cluster().statefulSet(name).scale(replicas);
    }

    /** {@code kubectl set image statefulset/web nginx=nginx:1.26}: a rolling update from the highest ordinal down. */
    @When("the image of container {string} of statefulset {string} is set to {string}")
    public void setImage(String container, String name, String image) {
        world.cluster().statefulSet(name).setImage(container, image);
    }

    @Then("the statefulset {string} has {int} ready replica(s) within {duration}")
    public void readyWithin(String name, int ready, Duration limit) {
        set(name).reachesReadyReplicas(ready).within(limit);
    }

    /** {@code "web-0, web-1, web-2"}: exactly these pods, by ordinal. */
    @Then("the statefulset {string} has pods {string}")
    public void hasPods(String name, String pods) {
        set(name).hasPods(Arrays.stream(pods.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new));
    }

    /** kubectl get sts's READY column, e.g. {@code "3/3"}. */
    @Then("kubectl shows statefulset {string} as {string}")
    public void showsReady(String name, String ready) {
        set(name).showsReady(ready);
    }

    /** {@code kubectl rollout status statefulset/web} finishes. */
    @Then("the rollout of statefulset {string} completes within {duration}")
    public void rolledOut(String name, Duration limit) {
        set(name).rolloutCompletes().within(limit);
    }

    /**
     * Deletes the pod and waits (at most 5 minutes of virtual time) for a new pod of the same name,
     * Running, with the same claims bound to the same volumes.
     */
    @Then("pod {pod} keeps its name and volume after it is deleted")
    public void keepsIdentity(PodName pod) {
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

    private StatefulSetAssert set(String name) {
        return assertThat(world.cluster()).statefulSet(name);
    }
}
