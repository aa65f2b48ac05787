package dev.peapod.cucumber;

import dev.peapod.DaemonSetView;
import dev.peapod.NodeSpec;
import dev.peapod.assertions.DaemonSetAssert;
import dev.peapod.assertions.PeapodAssertions;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.fabric8.kubernetes.api.model.Node;
import org.apiguardian.api.API;

import java.time.Duration;

/**
 * DaemonSets and the nodes they follow: {@code the daemonset agent runs on every node}, its READY pods.
 * A DaemonSet is named as every workload is ({@link Workload}): {@code daemonset agent}, quoted, or
 * {@code daemonset kube-system/agent}. A new image and rollouts are {@link WorkloadSteps}' verbs. Each
 * step delegates to {@link DaemonSetView} or {@link DaemonSetAssert}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class DaemonSetSteps {
    private final PeapodWorld world;

    public DaemonSetSteps(PeapodWorld world) {
        this.world = world;
    }

    /** A node joins the running cluster (its kubelet registers it at once). */
    @When("a node {string} joins the cluster")
    public void aNodeJoins(String name) {
        world.addNode(NodeSpec.named(name));
        world.cluster().settle();
    }

    /** {@code kubectl delete node}: the Node object goes; the pod GC deletes its pods 40 to 60 s later. */
    @When("node {string} is deleted")
    public void nodeIsDeleted(String name) {
        world.cluster().delete(Node.class, name);
    }

    /** Every node of the cluster, tainted or not, runs one of its pods: {@link DaemonSetAssert#runsOnEveryNode()}. */
    @Then("(the ){workload} runs on every node")
    public void runsOnEveryNode(Workload daemonSet) {
        check(daemonSet, "runs on every node").runsOnEveryNode();
    }

    /**
     * Lets virtual time pass until the DaemonSet has one ready pod on each node. Example: {@code Then the daemonset
     * node-agent runs on every node within 1 minute}.
     */
    @Then("(the ){workload} runs on every node within {duration}")
    public void runsOnEveryNodeWithin(Workload daemonSet, Duration limit) {
        check(daemonSet, "runs on every node").reachesEveryNode().within(limit);
    }

    /**
     * One ready pod on each node the DaemonSet controller would run it on (nodeSelector, required node
     * affinity, taints), none elsewhere: {@link DaemonSetAssert#runsOnEveryEligibleNode()}.
     */
    @Then("(the ){workload} runs on every eligible node")
    public void runsOnEveryEligibleNode(Workload daemonSet) {
        check(daemonSet, "runs on every eligible node").runsOnEveryEligibleNode();
    }

    /**
     * Lets virtual time pass until the DaemonSet has one ready pod on each node it would run on. Example: {@code Then
     * the daemonset node-agent runs on every eligible node within 30 seconds}.
     */
    @Then("(the ){workload} runs on every eligible node within {duration}")
    public void runsOnEveryEligibleNodeWithin(Workload daemonSet, Duration limit) {
        check(daemonSet, "runs on every eligible node").reachesEveryEligibleNode().within(limit);
    }

    /** READY ({@code status.numberReady}) is N now; {@code has N ready replicas} says the same. */
    @Then("(the ){workload} has {int} ready pod(s)")
    public void hasReadyPods(Workload daemonSet, int count) {
        check(daemonSet, "has N ready pods").hasReadyPods(count);
    }

    /** Lets virtual time pass until READY ({@code status.numberReady}) is N. */
    @Then("(the ){workload} has {int} ready pod(s) within {duration}")
    public void hasReadyPodsWithin(Workload daemonSet, int count, Duration limit) {
        check(daemonSet, "has N ready pods").reachesReadyPods(count).within(limit);
    }

    private DaemonSetAssert check(Workload daemonSet, String step) {
        daemonSet.expect(step, "daemonset");
        return PeapodAssertions.assertThat(world.cluster()).daemonSet(world.namespaceOf(daemonSet), daemonSet.name());
    }
}
