package dev.peapod.kubelet;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Duration;
import java.util.List;

/** A one-node cluster and helpers to read what the kubelet published; pods are bound with spec.nodeName. */
final class Scenario {
    final FakeCluster cluster;

    Scenario() {
        this(NodeSpec.named("node-1"));
    }

    Scenario(NodeSpec... nodes) {
        ClusterSpec spec = ClusterSpec.empty();
        for (NodeSpec node : nodes) {
            spec = spec.node(node);
        }
        cluster = FakeCluster.start(spec);
    }

    Pod apply(String yaml) {
        Pod pod = Serialization.unmarshal(yaml, Pod.class);
        cluster.apply(pod);
        return cluster.pod(pod.getMetadata().getName());
    }

    Scenario at(long seconds) {
        Duration target = Duration.ofSeconds(seconds);
        cluster.advance(target.minus(cluster.elapsed()));
        return this;
    }

    Pod pod(String name) {
        return cluster.pod(name);
    }

    ContainerStatus container(String pod, String name) {
        Pod p = cluster.pod(pod);
        List<ContainerStatus> all = new java.util.ArrayList<>(p.getStatus().getContainerStatuses());
        if (p.getStatus().getInitContainerStatuses() != null) {
            all.addAll(p.getStatus().getInitContainerStatuses());
        }
        return all.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    PodCondition condition(String pod, String type) {
        return cluster.pod(pod).getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    String phase(String pod) {
        return cluster.pod(pod).getStatus().getPhase();
    }

    List<Event> events(String pod, String reason) {
        return cluster.eventsFor(cluster.pod(pod)).stream().filter(e -> e.getReason().equals(reason)).toList();
    }

    long seconds() {
        return cluster.elapsed().getSeconds();
    }
}
