package dev.peapod.cucumber;

import dev.peapod.assertions.PeapodAssertions;
import dev.peapod.assertions.ReplicaSetAssert;
import dev.peapod.store.Propagation;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Locale;

/**
 * ReplicaSets and garbage collection: scale, delete with kubectl's cascade, and the status counts
 * {@code kubectl get rs} shows. Each step delegates to {@code cluster.replicaSet(...)},
 * {@code FakeCluster.delete} or {@code ReplicaSetAssert}, in the scenario's namespace.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ReplicaSetSteps {
    private final PeapodWorld world;

    public ReplicaSetSteps(PeapodWorld world) {
        this.world = world;
    }

    /** {@code kubectl scale rs/web --replicas=N}. */
    @When("I scale replicaset {string} to {int} replica(s)")
    public void scale(String name, int replicas) {
        world.cluster().replicaSet(name).scale(replicas);
    }

    /** {@code kubectl delete rs web}: background, the pods go after it. */
    @When("I delete replicaset {string}")
    public void delete(String name) {
        world.cluster().delete(ReplicaSet.class, name);
    }

    /** {@code kubectl delete rs web --cascade=background|foreground|orphan}. */
    @When("I delete replicaset {string} with cascade {word}")
    public void deleteWithCascade(String name, String cascade) {
        Propagation propagation = switch (cascade.toLowerCase(Locale.ROOT)) {
            case "background" -> Propagation.BACKGROUND;
            case "foreground" -> Propagation.FOREGROUND;
            case "orphan" -> Propagation.ORPHAN;
            default -> throw new dev.peapod.core.PeapodException("--cascade must be background, foreground or orphan, as kubectl's, but was "
                    + cascade);
        };
        world.cluster().delete(ReplicaSet.class, name, propagation);
    }

    @Then("replicaset {string} has {int} replica(s)")
    public void hasReplicas(String name, int count) {
        rs(name).hasReplicas(count);
    }

    @Then("replicaset {string} has {int} ready replica(s)")
    public void hasReadyReplicas(String name, int count) {
        rs(name).hasReadyReplicas(count);
    }

    @Then("replicaset {string} has {int} available replica(s)")
    public void hasAvailableReplicas(String name, int count) {
        rs(name).hasAvailableReplicas(count);
    }

    @Then("replicaset {string} has {int} replica(s) within {duration}")
    public void reachesReplicas(String name, int count, Duration limit) {
        rs(name).reachesReplicas(count).within(limit);
    }

    @Then("replicaset {string} has {int} ready replica(s) within {duration}")
    public void reachesReadyReplicas(String name, int count, Duration limit) {
        rs(name).reachesReadyReplicas(count).within(limit);
    }

    @Then("replicaset {string} has {int} available replica(s) within {duration}")
    public void reachesAvailableReplicas(String name, int count, Duration limit) {
        rs(name).reachesAvailableReplicas(count).within(limit);
    }

    /** It has left the API: a foreground deletion's finalizer is gone, or it was deleted in the background. */
    @Then("replicaset {string} no longer exists")
    public void noLongerExists(String name) {
        rs(name).doesNotExist();
    }

    private ReplicaSetAssert rs(String name) {
        return PeapodAssertions.assertThat(world.cluster()).replicaSet(name);
    }
}
