package dev.peapod;

import dev.peapod.core.PeapodException;
import dev.peapod.assertions.VirtualWait;
import dev.peapod.events.EventRecorder;
import dev.peapod.kubelet.Kubelet;
import dev.peapod.manifest.Manifests;
import dev.peapod.behaviour.Behaviours;
import dev.peapod.behaviour.ContainerBehaviour;
import dev.peapod.runtime.ImageRegistry;
import dev.peapod.runtime.NodeRuntime;
import dev.peapod.scheduler.Scheduler;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import dev.peapod.store.FieldSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import dev.peapod.timeline.Timeline;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * An in-process Kubernetes cluster on a virtual clock: an API store with admission, a scheduler, and
 * one kubelet per node with a simulated container runtime. Minutes of cluster time pass in
 * milliseconds and the same inputs always give the same timeline.
 *
 * <pre>{@code
 * try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1")))) {
 *     cluster.apply(Path.of("pod.yaml"));
 *     cluster.advance(Duration.ofMinutes(1));
 *     assertThat(cluster.pod("web").getStatus().getPhase()).isEqualTo("Running");
 * }
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class FakeCluster implements AutoCloseable {
    private final ClusterSpec spec;
    private final ClusterContext context;
    /** The test's container scripts and their bookkeeping. */
    private final Behaviours behaviours;
    /** What every node pulls from. */
    private final ImageRegistry images = new ImageRegistry();
    private final Map<String, Kubelet> kubelets = new LinkedHashMap<>();
    private boolean closed;

    private FakeCluster(ClusterSpec spec, Admission admission) {
        this.spec = spec;
        VirtualClock clock = new VirtualClock(spec.startAt());
        EventLoop loop = new EventLoop(clock);
        Random random = new Random(spec.seed());
        ObjectStore store = new ObjectStore(clock, random, admission);
        this.context = new ClusterContext(clock, loop, store, new EventRecorder(store, clock), new Timeline(clock), random);
        this.behaviours = new Behaviours(spec.startAt());
        store.watch(Pod.class, ListOptions.all(), null, e -> behaviours.podSeen(
                e.object().getMetadata().getNamespace(), e.object().getMetadata().getName()));
        new Scheduler(context).start();
        spec.nodes().forEach(this::addNode);
        loop.settle();
    }

    /** Starts a cluster. */
    public static FakeCluster start(ClusterSpec spec) {
        return new FakeCluster(Objects.requireNonNull(spec, "spec"), new dev.peapod.admission.ApiAdmission());
    }

    /** Starts a cluster with one default node per name. */
    public static FakeCluster withNodes(String... names) {
        ClusterSpec spec = ClusterSpec.empty();
        for (String name : names) {
            spec = spec.node(name);
        }
        return start(spec);
    }

    // ---------------------------------------------------------------- nodes

    /** Adds a node while the cluster runs; its kubelet registers it at once. */
    public Node addNode(NodeSpec node) {
        Objects.requireNonNull(node, "node");
        if (kubelets.containsKey(node.name())) {
            throw new PeapodException("the cluster already has a node named \"" + node.name() + "\"");
        }
        // one runtime per node; container ids come from the cluster's one seeded random, in creation order
        NodeRuntime runtime = new NodeRuntime(node.name(), context.loop(), context.random(), images, behaviours);
        Kubelet kubelet = new Kubelet(context, runtime, node, kubelets.size() + 1);
        kubelets.put(node.name(), kubelet);
        kubelet.start();
        context.loop().settle();
        return node(node.name());
    }

    // ---------------------------------------------------------------- writes

    /** Creates objects as given (admission applies); returns what was stored. */
    public List<HasMetadata> apply(HasMetadata... objects) {
        for (HasMetadata object : objects) {
            behaviours.checkScripts(object);
        }
        List<HasMetadata> created = new ArrayList<>();
        try {
            for (HasMetadata object : objects) {
                created.add(context.store().create(object)); // a rejected object stops here; earlier ones stay
            }
        } finally {
            context.loop().settle();
        }
        return created;
    }

    /**
     * Applies a manifest file, or every {@code .yaml}, {@code .yml} and {@code .json} file below a
     * folder, as {@code kubectl apply -f} creates them: document by document, in order. A document the
     * API server rejects is not applied; the {@link dev.peapod.manifest.ManifestException} names its file,
     * document, line and field, and which documents were applied.
     */
    public List<HasMetadata> apply(java.nio.file.Path fileOrFolder) {
        return applyDocuments(Manifests.load(Objects.requireNonNull(fileOrFolder, "fileOrFolder")));
    }

    /** Applies YAML (one or more documents) given as text. */
    public List<HasMetadata> applyYaml(String yaml) {
        return applyDocuments(Manifests.parse(Objects.requireNonNull(yaml, "yaml"), "inline YAML"));
    }

    /** Applies a manifest file or folder from the classpath, e.g. {@code "manifests/web.yaml"}. */
    public List<HasMetadata> applyResource(String classpathPath) {
        return applyDocuments(Manifests.loadResource(Objects.requireNonNull(classpathPath, "classpathPath")));
    }

    private List<HasMetadata> applyDocuments(List<dev.peapod.manifest.ManifestDocument> documents) {
        documents.forEach(d -> behaviours.checkScripts(d.object()));
        try {
            return Manifests.apply(context.store(), documents);
        } finally {
            context.loop().settle();
        }
    }

    /** Deletes a pod as {@code kubectl delete pod} does: gracefully when it runs on a node. */
    public void deletePod(String name) {
        Objects.requireNonNull(name, "name");
        context.store().delete(Pod.class, "default", name);
        context.loop().settle();
    }

    // ---------------------------------------------------------------- behaviour

    /**
     * The script of what a container's application does, in the default namespace. Write it before
     * or after applying the pod; it holds for every restart.
     */
    public ContainerBehaviour container(String pod, String container) {
        return container("default", pod, container);
    }

    public ContainerBehaviour container(String namespace, String pod, String container) {
        return behaviours.script(namespace, pod, container, context.store().peek(Pod.class, namespace, pod));
    }

    /**
     * No registry gives this image (a typo, a missing tag): pulls fail with containerd's NotFound
     * answer and the container waits in ErrImagePull / ImagePullBackOff. Every other image pulls at once.
     */
    public void imageCannotBePulled(String image) {
        images.imageCannotBePulled(Objects.requireNonNull(image, "image"), null);
    }

    // ---------------------------------------------------------------- reads

    public Pod pod(String name) {
        return pod("default", name);
    }

    public Pod pod(String namespace, String name) {
        return findPod(namespace, name).orElseThrow(() -> ApiException.notFound("pods", name));
    }

    public Optional<Pod> findPod(String namespace, String name) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        return context.store().get(Pod.class, namespace, name);
    }

    /** Every pod, in namespace then name order. */
    public List<Pod> pods() {
        return context.store().list(Pod.class);
    }

    public List<Pod> pods(ListOptions options) {
        return context.store().list(Pod.class, options);
    }

    public Node node(String name) {
        return context.store().get(Node.class, null, name).orElseThrow(() -> ApiException.notFound("nodes", name));
    }

    public List<Node> nodes() {
        return context.store().list(Node.class);
    }

    /** Every event, oldest first by when it first happened. */
    public List<Event> events() {
        return byFirstOccurrence(context.store().list(Event.class));
    }

    /** The events about one object, oldest first. */
    public List<Event> eventsFor(HasMetadata object) {
        Objects.requireNonNull(object, "object");
        String namespace = Objects.requireNonNullElse(object.getMetadata().getNamespace(), "default");
        return byFirstOccurrence(context.store().list(Event.class, new ListOptions(namespace, null,
                FieldSelector.parse("involvedObject.name=" + object.getMetadata().getName()
                        + ",involvedObject.kind=" + object.getKind()))));
    }

    /**
     * Oldest first: by first occurrence, then by the hex nanoseconds recorded events carry in their
     * names (EventRecorder), then by name for events created some other way.
     */
    private static List<Event> byFirstOccurrence(List<Event> events) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparing((Event e) -> Objects.requireNonNullElse(e.getFirstTimestamp(), ""))
                .thenComparingLong(FakeCluster::recordedNanos)
                .thenComparing(e -> e.getMetadata().getName()));
        return sorted;
    }

    private static long recordedNanos(Event event) {
        String name = event.getMetadata().getName();
        try {
            return Long.parseUnsignedLong(name.substring(name.lastIndexOf('.') + 1), 16);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code kubectl get pods -o wide} as text, every namespace in one table: READY, STATUS, RESTARTS and AGE exactly as kubectl computes them. */
    public String podTable() {
        return dev.peapod.printers.PodPrinter.table(pods(), now(), true);
    }

    // ---------------------------------------------------------------- time

    public Instant now() {
        return context.clock().now();
    }

    /** Virtual time since the cluster started. */
    public Duration elapsed() {
        return context.clock().elapsed();
    }

    /** Runs everything due now. */
    public void settle() {
        context.loop().settle();
    }

    /** Lets {@code duration} of virtual time pass, event by event. */
    public void advance(Duration duration) {
        context.loop().advance(duration);
    }

    /**
     * Lets virtual time pass until {@code sinceStart} after the cluster started, e.g.
     * {@code advanceTo(Duration.ofSeconds(75))}; a time already past is an error.
     */
    public void advanceTo(Duration sinceStart) {
        Objects.requireNonNull(sinceStart, "sinceStart");
        Duration remaining = sinceStart.minus(elapsed());
        if (remaining.isNegative()) {
            throw new PeapodException("the cluster is already at " + elapsed() + ", past " + sinceStart);
        }
        advance(remaining);
    }

    /**
     * Runs until the condition holds, at most {@code limit} of virtual time; true if it held. The
     * clock stops at the first instant it holds:
     * {@code cluster.runUntil(c -> c.pod("web").getStatus().getPodIP() != null, Duration.ofMinutes(1))}.
     */
    public boolean runUntil(Predicate<FakeCluster> condition, Duration limit) {
        Objects.requireNonNull(condition, "condition");
        return context.loop().runUntil(() -> condition.test(this), limit);
    }

    // ---------------------------------------------------------------- waits

    /**
     * A named wait on the virtual clock, which never sleeps:
     * {@code cluster.await("web ready").atMost(ofMinutes(2)).until(podIsReady("web"))}. The name shows
     * when the wait times out, telling which of several waits failed.
     */
    public VirtualWait await(String alias) {
        return VirtualWait.on(this, alias);
    }

    // ---------------------------------------------------------------- internals for extensions

    public ClusterSpec spec() {
        return spec;
    }

    /** The engine's shared parts, for steps, reports and plug-ins. */
    public ClusterContext context() {
        return context;
    }

    public Timeline timeline() {
        return context.timeline();
    }

    /**
     * Ends the cluster. A container script for a pod name that never existed is reported now, since
     * such a script changed nothing the test could see (most often a typo in the pod's name).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        behaviours.unusedScripts().ifPresent(message -> {
            throw new PeapodException(message);
        });
    }

    public boolean isClosed() {
        return closed;
    }
}
