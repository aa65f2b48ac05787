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
 * DaemonSets and the nodes they follow. A DaemonSet is named as a pod is: {@code "agent"} in the
 * scenario's namespace, or {@code "kube-system/agent"}. Each step delegates to
 * {@link DaemonSetView} or {@link DaemonSetAssert}.
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

    /** {@code kubectl set image daemonset/<name> <container>=<image>}. */
    @When("the image of container {string} of daemon set {string} is set to {string}")
    public void setImage(String container, String daemonSet, String image) {
        view(daemonSet).setImage(container, image);
    }

    @Then("daemon set {string} runs on every node")
    public void runsOnEveryNode(String daemonSet) {
        check(daemonSet).runsOnEveryNode();
    }

    @Then("daemon set {string} runs on every node within {duration}")
    public void runsOnEveryNodeWithin(String daemonSet, Duration limit) {
        check(daemonSet).reachesEveryNode().within(limit);
    }

    @Then("daemon set {string} has {int} ready pod(s)")
    public void hasReadyPods(String daemonSet, int count) {
        check(daemonSet).hasReadyPods(count);
    }

    @Then("daemon set {string} has {int} ready pod(s) within {duration}")
    public void hasReadyPodsWithin(String daemonSet, int count, Duration limit) {
        check(daemonSet).reachesReadyPods(count).within(limit);
    }

    /** The text of {@code kubectl rollout status daemonset/<name>}, without its final newline. */
    @Then("the rollout status of daemon set {string} is {string}")
    public void rolloutStatus(String daemonSet, String text) {
        org.assertj.core.api.Assertions.assertThat(view(daemonSet).rolloutStatus()).isEqualTo(text);
    }

    private DaemonSetView view(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? world.cluster().daemonSet(name) : world.cluster().daemonSet(name.substring(0, slash), name.substring(slash + 1));
    }

    private DaemonSetAssert check(String name) {
        int slash = name.indexOf('/');
        var cluster = PeapodAssertions.assertThat(world.cluster());
        return slash < 0 ? cluster.daemonSet(name) : cluster.daemonSet(name.substring(0, slash), name.substring(slash + 1));
    }
}
