package dev.peapod;

import dev.peapod.core.PeapodException;
import dev.peapod.time.VirtualClock;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Everything a cluster starts from: its nodes, the first virtual instant and the seed of its one
 * random source. Same spec, same manifests, same behaviours: the same timeline, byte for byte.
 * Immutable; every option returns a new spec.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ClusterSpec(List<NodeSpec> nodes, Instant startAt, long seed) {
    public static final long DEFAULT_SEED = 42L;

    public ClusterSpec {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(startAt, "startAt");
        long distinct = nodes.stream().map(NodeSpec::name).distinct().count();
        if (distinct != nodes.size()) {
            throw new PeapodException("node names must be unique, but were " + nodes.stream().map(NodeSpec::name).toList());
        }
    }

    /** No nodes, the default start instant and seed. */
    public static ClusterSpec empty() {
        return new ClusterSpec(List.of(), VirtualClock.DEFAULT_START, DEFAULT_SEED);
    }

    public ClusterSpec node(NodeSpec node) {
        List<NodeSpec> copy = new ArrayList<>(nodes);
        copy.add(node);
        return new ClusterSpec(copy, startAt, seed);
    }

    /** A node with default resources. */
    public ClusterSpec node(String name) {
        return node(NodeSpec.named(name));
    }

    public ClusterSpec startingAt(Instant instant) {
        return new ClusterSpec(nodes, instant, seed);
    }

    public ClusterSpec seed(long value) {
        return new ClusterSpec(nodes, startAt, value);
    }

    /** Starts a cluster from this spec. */
    public FakeCluster start() {
        return FakeCluster.start(this);
    }
}
