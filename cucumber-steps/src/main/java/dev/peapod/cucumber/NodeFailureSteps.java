package dev.peapod.cucumber;

import org.apiguardian.api.API;

import dev.peapod.timeline.TimelineEntry;
import io.cucumber.java.en.When;

import java.time.Duration;

/**
 * Nodes that fail, lose the control plane, or are drained, at a moment of the scenario or at a
 * clock time since the cluster started ({@code at 00:01:00}): {@code When node "worker-1" fails at 00:01:00}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class NodeFailureSteps {
    private final PeapodWorld world;

    public NodeFailureSteps(PeapodWorld world) {
        this.world = world;
    }

    /** Advances to {@code at}, refusing in the step's own words a moment already past. */
    private void reach(Duration at) {
        Duration now = world.cluster().elapsed();
        if (at.compareTo(now) < 0) {
            throw new dev.peapod.core.PeapodException("the clock already reads " + TimelineEntry.clock(now) + ", past "
                    + TimelineEntry.clock(at) + ": steps run in order, so name a later moment (or drop \"at ...\" to act now)");
        }
        world.cluster().advanceTo(at);
    }

    /** Lets virtual time pass until the given moment since the cluster started; a moment already past is an error. */
    @When("the clock reads {clock}")
    public void theClockReads(Duration at) {
        reach(at);
    }

    /**
     * The machine powers off: its kubelet stops and its containers die with it; nothing is reported. Example: {@code
     * When node "worker-1" fails}.
     */
    @When("node {string} fails")
    public void nodeFails(String node) {
        world.cluster().editNode(node).fail();
    }

    /** Lets virtual time reach the instant, then the node fails (see {@code node fails}). */
    @When("node {string} fails at {clock}")
    public void nodeFailsAt(String node, Duration at) {
        reach(at);
        nodeFails(node);
    }

    /**
     * The machine is back: the kubelet starts, reports, and finishes or restarts the pods still bound to it. Example:
     * {@code When node "worker-1" comes back}.
     */
    @When("node {string} comes back")
    public void nodeComesBack(String node) {
        world.cluster().editNode(node).recover();
    }

    /** Lets virtual time reach the instant, then the node comes back. */
    @When("node {string} comes back at {clock}")
    public void nodeComesBackAt(String node, Duration at) {
        reach(at);
        nodeComesBack(node);
    }

    /**
     * The kubelet keeps running its containers, but nothing it writes reaches the API server. Example: {@code When
     * node "worker-1" is cut off from the control plane}.
     */
    @When("node {string} is cut off from the control plane")
    public void nodeIsPartitioned(String node) {
        world.cluster().editNode(node).partition();
    }

    /**
     * Lets virtual time reach the instant, then cuts the node off. Example: {@code When node "worker-1" is cut off
     * from the control plane at 00:01:00}.
     */
    @When("node {string} is cut off from the control plane at {clock}")
    public void nodeIsPartitionedAt(String node, Duration at) {
        reach(at);
        nodeIsPartitioned(node);
    }

    /**
     * The partition heals: the kubelet's writes reach the API server again, and it reports its status at once.
     * Example: {@code When node "worker-1" reaches the control plane again}.
     */
    @When("node {string} reaches the control plane again")
    public void nodeHeals(String node) {
        world.cluster().editNode(node).heal();
    }

    /**
     * The kubelet process stops; the containers keep running without probes or restarts. Example: {@code When the
     * kubelet on node "worker-1" stops}.
     */
    @When("the kubelet on node {string} stops")
    public void kubeletStops(String node) {
        world.cluster().editNode(node).stopKubelet();
    }

    /**
     * The kubelet process starts again: it reads its pods back from the runtime and resumes probes and restarts.
     * Example: {@code When the kubelet on node "worker-1" starts again}.
     */
    @When("the kubelet on node {string} starts again")
    public void kubeletStarts(String node) {
        world.cluster().editNode(node).startKubelet();
    }
}
