package dev.peapod.scheduler;

import dev.peapod.events.EventRecorder;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.Admission;
import dev.peapod.store.FieldSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import dev.peapod.timeline.Timeline;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** A cluster context with only a scheduler in it, for driving the scheduler through the store. */
final class TestCluster {
    final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_START);
    final EventLoop loop = new EventLoop(clock);
    final ObjectStore store;
    final ClusterContext context;

    TestCluster() {
        this(42);
    }

    TestCluster(long seed) {
        Random random = new Random(seed);
        store = new ObjectStore(clock, random, Admission.NONE);
        context = new ClusterContext(clock, loop, store, new EventRecorder(store, clock), new Timeline(clock), random);
    }

    TestCluster started() {
        new Scheduler().start(context);
        loop.settle();
        return this;
    }

    void add(HasMetadata... objects) {
        for (HasMetadata object : objects) {
            store.create(object);
        }
        loop.settle();
    }

    void advance(Duration duration) {
        loop.advance(duration);
    }

    Pod pod(String name) {
        return store.get(Pod.class, "default", name).orElseThrow();
    }

    String nodeOf(String pod) {
        return SchedulerCache.nodeName(pod(pod));
    }

    PodCondition podScheduled(String pod) {
        return pod(pod).getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("PodScheduled")).findFirst().orElseThrow();
    }

    List<Event> events(String pod) {
        return store.list(Event.class, new ListOptions("default", null, FieldSelector.parse("involvedObject.name=" + pod)));
    }

    Optional<Event> event(String pod, String reason) {
        return events(pod).stream().filter(e -> e.getReason().equals(reason)).findFirst();
    }

    String failedScheduling(String pod) {
        return event(pod, "FailedScheduling").orElseThrow().getMessage();
    }

    int failedSchedulingCount(String pod) {
        return event(pod, "FailedScheduling").map(Event::getCount).orElse(0);
    }

    // ---------------------------------------------------------------- nodes

    static NodeMaker node(String name) {
        return new NodeMaker(name);
    }

    /** Builds a Node as a kubelet registers it: labels, taints, allocatable cpu/memory/pods. */
    static final class NodeMaker {
        private final String name;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<Taint> taints = new ArrayList<>();
        private final Map<String, Quantity> allocatable = new LinkedHashMap<>(Map.of(
                "cpu", new Quantity("4"), "memory", new Quantity("16Gi"), "pods", new Quantity("110"),
                "ephemeral-storage", new Quantity("100Gi")));
        private boolean unschedulable;

        NodeMaker(String name) {
            this.name = name;
            labels.put("kubernetes.io/hostname", name);
        }

        NodeMaker label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        NodeMaker taint(String key, String value, String effect) {
            taints.add(new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build());
            return this;
        }

        NodeMaker allocatable(String resource, String quantity) {
            allocatable.put(resource, new Quantity(quantity));
            return this;
        }

        NodeMaker cpu(String quantity) {
            return allocatable("cpu", quantity);
        }

        NodeMaker unschedulable() {
            unschedulable = true;
            return this;
        }

        Node build() {
            return new NodeBuilder()
                    .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                    .withNewSpec().withTaints(taints).withUnschedulable(unschedulable ? true : null).endSpec()
                    .withNewStatus().withAllocatable(allocatable).withCapacity(allocatable).endStatus()
                    .build();
        }
    }

    // ---------------------------------------------------------------- pods

    static PodBuilder newPod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("app").withImage("nginx").build()).endSpec();
    }

    /** A pod whose one container requests cpu (and memory, if given). */
    static PodBuilder newPod(String name, String cpu) {
        return newPod(name, cpu, null);
    }

    static PodBuilder newPod(String name, String cpu, String memory) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        requests.put("cpu", new Quantity(cpu));
        if (memory != null) {
            requests.put("memory", new Quantity(memory));
        }
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("app").withImage("nginx")
                        .withNewResources().withRequests(requests).endResources().build()).endSpec();
    }
}
