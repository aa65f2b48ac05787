package dev.peapod;

import dev.peapod.assertions.VirtualWait;
import dev.peapod.behaviour.Behaviours;
import dev.peapod.behaviour.ContainerBehaviour;
import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.events.EventRecorder;
import dev.peapod.events.Events;
import dev.peapod.kubelet.Kubelet;
import dev.peapod.kubelet.NodeConfig;
import dev.peapod.manifest.Applied;
import dev.peapod.manifest.ManifestDocument;
import dev.peapod.manifest.Manifests;
import dev.peapod.runtime.ImageRegistry;
import dev.peapod.runtime.NodeRuntime;
import dev.peapod.runtime.PodNetwork;
import dev.peapod.scheduler.Scheduler;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.FieldSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import dev.peapod.store.Propagation;
import dev.peapod.time.EngineLock;
import dev.peapod.time.EventLoop;
import dev.peapod.time.RealTimeDriver;
import dev.peapod.time.VirtualClock;
import dev.peapod.timeline.Fact;
import dev.peapod.timeline.Timeline;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
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
    /** The real-time driver while time runs with the wall clock ({@link #runInRealTime}), else null. */
    private RealTimeDriver realTime;
    /** What every node pulls from. */
    private final ImageRegistry images = new ImageRegistry();
    /** What images are: built in, the installed providers', the spec's. */
    private final dev.peapod.runtime.images.ImageProfiles profiles;
    /** The pod network every node's runtime joins: pods reach each other by IP. */
    private final PodNetwork network = new PodNetwork();
    /** The cluster's volume storage every node's runtime reaches: PersistentVolumes' files, whichever node mounts them. */
    private final dev.peapod.runtime.NodeDisk storage;
    private final Components components;
    private final Map<String, Kubelet> kubelets = new LinkedHashMap<>();
    /** Every node's runtime, in node order: a script changed while a container runs is armed there. */
    private final List<NodeRuntime> runtimes = new ArrayList<>();
    /** Containers whose changed exits wait to be armed at the loop's next step (namespace/pod/container). */
    private final Set<String> rescripted = new LinkedHashSet<>();
    /** What the test applied, in order, as stored then (for the report); see {@link #appliedManifests()}. */
    private final List<dev.peapod.manifest.AppliedManifest> appliedManifests = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Read by other threads' reads, so volatile. */
    private volatile boolean closed;
    private boolean scriptsChecked;
    /** Where by-name verbs, checks and namespace-less manifests go, as kubectl's current context namespace. */
    private String namespace = "default";
    /** The HTTP API, its client and kubeconfig: made on first use, closed with the cluster. */
    private final HttpFace http;

    private FakeCluster(ClusterSpec spec, Admission admission) {
        this.spec = spec;
        this.profiles = spec.profiles();
        VirtualClock clock = new VirtualClock(spec.startAt());
        dev.peapod.time.EngineLock engine = new dev.peapod.time.EngineLock();
        EventLoop loop = new EventLoop(clock, engine);
        Random random = new Random(spec.seed());
        ObjectStore store = new ObjectStore(clock, random, admission, ObjectStore.DEFAULT_HISTORY, engine);
        this.context = new ClusterContext(clock, loop, store, new EventRecorder(store, clock), new Timeline(clock, spec.timelineRetention()), random);
        this.behaviours = new Behaviours(spec.startAt());
        this.storage = new dev.peapod.runtime.NodeDisk(clock::now);
        store.watch(Pod.class, ListOptions.all(), null, e -> behaviours.podSeen(
                e.object().getMetadata().getNamespace(), e.object().getMetadata().getName()));
        behaviours.onExitsChanged(this::exitsRescripted);
        behaviours.onListensChanging(this::listensRescripted);
        behaviours.guardWith(this::open);
        this.components = new Components(context);
        this.http = new HttpFace(context, () -> this.namespace, new dev.peapod.apiserver.PodLogSource() {
            @Override
            public List<dev.peapod.runtime.LogLine> lines(String namespace, String pod, String container, boolean previous) {
                return containerView(namespace, pod, container).logLines(previous);
            }

            @Override
            public Following follow(String namespace, String pod, String container, boolean previous,
                                    java.util.function.Consumer<dev.peapod.runtime.LogLine> line, Runnable ended) {
                return containerView(namespace, pod, container).followLogLines(previous, line, ended);
            }
        }, (namespace, pod, container, command, done) -> containerView(namespace, pod, container).prepareExec(command, done));
        // Start order is timeline order: the API server's kubernetes Service, scheduler, controllers,
        // kubelets in node order, then the spec's components.
        components.start(new dev.peapod.apiserver.KubernetesServiceController());
        components.start(new Scheduler());
        dev.peapod.controllers.Controllers.builtIn().forEach(components::start);
        components.start(new dev.peapod.kubelet.ServiceProxy(network)); // kube-proxy programs the pod network
        spec.nodes().forEach(this::addNode);
        spec.components().forEach(component -> {
            components.start(component);
            loop.settle();
        });
        loop.settle();
    }

    /** Starts a cluster. */
    public static FakeCluster start(ClusterSpec spec) {
        FakeCluster cluster = new FakeCluster(Checks.notNull(spec, "spec"), new dev.peapod.admission.ApiAdmission());
        cluster.context.loop().engine().releaseIfIdle(); // started: the engine is free until the first verb
        return cluster;
    }

    /** Starts a cluster with one default node per name. */
    public static FakeCluster withNodes(String... names) {
        Checks.elementsNotNull(names, "names");
        ClusterSpec spec = ClusterSpec.empty();
        for (String name : names) {
            spec = spec.node(name);
        }
        return start(spec);
    }

    // ---------------------------------------------------------------- namespace

    /**
     * Makes {@code namespace} the one every by-name verb and check means when it is not given one
     * ({@link #pod(String)}, {@link #container(String, String)}, {@code assertThat(cluster).pod("web")},
     * {@code Conditions.podIsReady("web")}), and where {@code apply} puts objects whose manifest names
     * no namespace, as {@code kubectl config set-context --current --namespace} does. A namespace that
     * does not exist yet is created, as {@code kubectl create namespace}; its name must be a DNS-1123
     * label, as the API server requires.
     */
    public void useNamespace(String namespace) {
        try (EngineLock.Held held = open("FakeCluster.useNamespace")) {
            Checks.notNull(namespace, "namespace");
            if (context.store().peek(Namespace.class, null, namespace) == null) {
                context.store().shared().create(new NamespaceBuilder()
                        .withNewMetadata().withName(namespace).endMetadata().build());
                context.loop().settle();
            }
            this.namespace = namespace;
        }
    }

    /** The namespace by-name verbs mean when not given one: {@code default} unless {@link #useNamespace} said otherwise. */
    public String namespace() {
        return namespace;
    }

    // ---------------------------------------------------------------- nodes

    /** Adds a node while the cluster runs; its kubelet registers it at once. */
    public Node addNode(NodeSpec node) {
        try (EngineLock.Held held = open("FakeCluster.addNode")) { // before the kubelet map changes
            Checks.notNull(node, "node");
            if (kubelets.containsKey(node.name())) {
                throw new PeapodException("the cluster already has a node named \"" + node.name() + "\"");
            }
            NodeConfig config = nodeConfig(node, kubelets.size() + 1);
            for (Kubelet other : kubelets.values()) {
                if (other.hostIp().equals(config.internalIp())) {
                    throw new PeapodException("node \"" + node.name() + "\" cannot have InternalIP " + config.internalIp()
                            + ": node \"" + other.nodeName() + "\" has it; give each node its own address");
                }
            }
            // one runtime per node; container ids come from the cluster's one seeded random, in creation order
            NodeRuntime runtime = new NodeRuntime(node.name(), context.loop(), context.random(), images, behaviours);
            runtime.joinNetwork(network);
            runtime.attachStorage(storage);
            runtime.useProfiles(profiles);
            Kubelet kubelet = new Kubelet(runtime, config);
            runtimes.add(runtime);
            kubelets.put(node.name(), kubelet);
            components.start(kubelet);
            context.loop().settle();
            return node(node.name());
        }
    }

    /** The kubelet's view of a node spec, with kind's address defaults for the {@code index}-th node (from 1). */
    private static NodeConfig nodeConfig(NodeSpec node, int index) {
        return new NodeConfig(node.name(), node.labels(), node.taints(), node.allocatable(),
                node.podCidr() != null ? node.podCidr() : NodeConfig.defaultPodCidr(index),
                node.internalIp() != null ? node.internalIp() : NodeConfig.defaultInternalIp(index), node.unschedulable(),
                node.images());
    }

    /**
     * kubectl's node verbs for a node of the running cluster: {@code cluster.editNode("worker0").cordon()},
     * {@code .label(..)}, {@code .unlabel(..)}, {@code .taint(..)}, {@code .untaint(..)}, {@code .uncordon()},
     * and the failures a node can have: {@code .fail()} / {@code .recover()}, {@code .partition()} /
     * {@code .heal()}, {@code .stopKubelet()} / {@code .startKubelet()}. NotFound when there is no such node;
     * a node of the cluster spec whose Node object was deleted keeps its failure verbs (a started kubelet
     * registers it again) while its kubectl verbs answer NotFound.
     */
    public NodeEditor editNode(String name) {
        try (EngineLock.Held held = open("FakeCluster.editNode")) {
            return new NodeEditor(context, Checks.notNull(name, "name"), this::open, kubelets.get(name));
        }
    }

    // ---------------------------------------------------------------- writes

    /**
     * Applies objects as {@code kubectl apply} does: each is created, or, when it exists, updated with
     * the given fields over the stored ones through the API's update validation (a pod may change only
     * what upstream lets change: images, activeDeadlineSeconds, added tolerations, labels and
     * annotations). An update that changes nothing writes nothing. An object without a namespace goes
     * to the cluster's ({@link #namespace()}); the arguments are not changed.
     *
     * <p>All or nothing: the objects are first applied in a dry run, in order (so a Namespace before
     * its pods works); if the API server refuses any, none is applied and an
     * {@link dev.peapod.store.ApiException} names each refused argument
     * ({@code objects[1] (Pod j2): Pod "j2" is invalid: ...}) and says that nothing was applied; it has
     * the first refusal's code and field errors, that refusal as its cause, the others as suppressed.
     * See {@link Manifests#applyObjects}.
     *
     * @return per object what was stored and whether it was created, configured or unchanged
     */
    public List<Applied> apply(HasMetadata... objects) {
        try (EngineLock.Held held = open("FakeCluster.apply")) {
            Checks.elementsNotNull(objects, "objects");
            List<HasMetadata> placed = new ArrayList<>();
            for (HasMetadata object : objects) {
                placed.add(inNamespace(object));
            }
            placed.forEach(behaviours::checkScripts);
            placed.forEach(this::checkShellScripts);
            try {
                return remember(null, warnOnTimeline(Manifests.applyObjects(context.store(), placed)));
            } finally {
                context.loop().settle();
            }
        }
    }

    /**
     * Applies a manifest file, or every {@code .yaml}, {@code .yml} and {@code .json} file below a
     * folder, as {@code kubectl apply -f} does: document by document, in order, each created or updated
     * as {@link #apply(HasMetadata...)} says.
     *
     * <p>All or nothing, unlike kubectl: every document (every file of a folder, every item of a
     * {@code List}) is first applied in a dry run, in order, so a Namespace before its pods works. If
     * the API server refuses any, nothing is applied and the
     * {@link dev.peapod.manifest.ManifestException} names every refusal at its file, document, line and
     * field, and says that nothing was applied. See {@link Manifests#applyAll}.
     */
    public List<Applied> apply(java.nio.file.Path fileOrFolder) {
        try (EngineLock.Held held = open("FakeCluster.apply")) {
            return applyDocuments(Manifests.load(Checks.notNull(fileOrFolder, "fileOrFolder")));
        }
    }

    /** Applies YAML (one or more documents) given as text, all or nothing, as {@link #apply(java.nio.file.Path)}. */
    public List<Applied> applyYaml(String yaml) {
        try (EngineLock.Held held = open("FakeCluster.apply")) {
            return applyDocuments(Manifests.parse(Checks.notNull(yaml, "yaml"), "inline YAML"));
        }
    }

    /** Applies a manifest file or folder from the classpath, e.g. {@code "manifests/web.yaml"}, all or nothing, as {@link #apply(java.nio.file.Path)}. */
    public List<Applied> applyResource(String classpathPath) {
        try (EngineLock.Held held = open("FakeCluster.apply")) {
            return applyDocuments(Manifests.loadResource(Checks.notNull(classpathPath, "classpathPath")));
        }
    }

    private List<Applied> applyDocuments(List<ManifestDocument> read) {
        try (EngineLock.Held held = open("FakeCluster.apply")) {
            List<ManifestDocument> documents = read.stream().map(d -> new ManifestDocument(
                    d.source(), d.index(), d.line(), inNamespace(d.object()), d.yaml(), d.item())).toList();
            documents.forEach(d -> behaviours.checkScripts(d.object()));
            documents.forEach(d -> checkShellScripts(d.object()));
            try {
                List<Applied> applied = warnOnTimeline(Manifests.applyAll(context.store(), documents));
                for (int i = 0; i < applied.size(); i++) {
                    remember(i < documents.size() ? documents.get(i).source() : null, List.of(applied.get(i)));
                }
                return applied;
            } finally {
                context.loop().settle();
            }
        }
    }

    /**
     * A pod whose container runs an {@code sh -c} script Peapod's shell cannot run is refused before
     * anything is applied, naming the pod, the container and the construct (issue #9), unless the test
     * scripts that container (then the script answers for it).
     */
    private void checkShellScripts(HasMetadata object) {
        if (!(object instanceof Pod pod) || pod.getSpec() == null) {
            return;
        }
        List<io.fabric8.kubernetes.api.model.Container> containers = new ArrayList<>();
        Optional.ofNullable(pod.getSpec().getInitContainers()).ifPresent(containers::addAll);
        Optional.ofNullable(pod.getSpec().getContainers()).ifPresent(containers::addAll);
        String namespace = pod.getMetadata().getNamespace();
        for (io.fabric8.kubernetes.api.model.Container container : containers) {
            if (behaviours.forContainer(namespace, pod.getMetadata().getName(), container.getName()).isEmpty()) {
                NodeRuntime.unrunnableScript(container).ifPresent(problem -> {
                    throw new PeapodException("container \"" + container.getName() + "\" of pod " + namespace + "/"
                            + pod.getMetadata().getName() + " runs a script Peapod's shell cannot run: " + problem
                            + ". Rewrite the script, or script what the container does in the test before applying it");
                });
            }
        }
    }

    private List<Applied> remember(String source, List<Applied> applied) {
        applied.stream().filter(a -> a.action() != Applied.Action.UNCHANGED)
                .forEach(a -> appliedManifests.add(new dev.peapod.manifest.AppliedManifest(source, a.object())));
        return applied;
    }

    /**
     * Every object this test applied through {@code apply}, {@code applyYaml} or {@code applyResource}, in
     * order, as the API server stored it then (after defaulting and admission), with the manifest file
     * it came from; an object changed by a second apply appears twice, an apply that changed nothing not
     * at all. Readable from any thread.
     */
    public List<dev.peapod.manifest.AppliedManifest> appliedManifests() {
        return List.copyOf(appliedManifests);
    }

    /**
     * Nothing accepted silently: the API server's warnings for an object written ({@code Warning: ...})
     * and, for an object Peapod stores but does not simulate, its not-simulated note go on the timeline
     * (and so in the report): a pod's under its name, on its own timeline; other kinds under their
     * kubectl name, e.g. {@code [default/deployment.apps/web]}.
     */
    private List<Applied> warnOnTimeline(List<Applied> results) {
        List<Applied> applied = new ArrayList<>();
        for (Applied result : results) {
            List<String> notes = result.object() instanceof Pod pod ? unknownPrograms(pod) : List.of();
            if (notes.isEmpty()) {
                applied.add(result);
            } else {
                List<String> warnings = new ArrayList<>(result.warnings());
                warnings.addAll(notes);
                applied.add(new Applied(result.object(), result.action(), warnings));
            }
        }
        for (Applied result : applied) {
            if (result.action() != Applied.Action.UNCHANGED) {
                String namespace = Objects.requireNonNullElse(result.object().getMetadata().getNamespace(), "");
                // a pod's own timeline (what its assertions print) carries its notes; other kinds go by kubectl name
                String subject = Timeline.subject(result.object());
                List<String> fromApi = result.apiWarnings();
                result.warnings().forEach(warning -> context.timeline().record(namespace, subject,
                        fromApi.contains(warning) ? new Fact.ApiWarning(warning) : new Fact.NotSimulated(null, warning)));
            }
        }
        return applied;
    }

    /**
     * The containers of a pod whose image Peapod knows but whose program it does not ({@code printenv}
     * in busybox, {@code java -jar app.jar} in debian): they run the default server, which a real one
     * would not, so the apply says so. Scripted containers are what their script says.
     */
    private List<String> unknownPrograms(Pod pod) {
        List<String> notes = new ArrayList<>();
        if (pod.getSpec() == null) {
            return notes;
        }
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        List<List<io.fabric8.kubernetes.api.model.Container>> groups = new ArrayList<>();
        groups.add(pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers());
        groups.add(pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers());
        String[] paths = {"spec.initContainers", "spec.containers"};
        for (int g = 0; g < 2; g++) {
            List<io.fabric8.kubernetes.api.model.Container> containers = groups.get(g);
            for (int i = 0; i < containers.size(); i++) {
                io.fabric8.kubernetes.api.model.Container c = containers.get(i);
                if (c.getImage() == null || behaviours.forContainer(namespace, name, c.getName()).isPresent()
                        || profiles.lookup(c.getImage()).isEmpty()) {
                    continue;
                }
                List<String> command = c.getCommand() == null ? List.of() : c.getCommand();
                List<String> args = c.getArgs() == null ? List.of() : c.getArgs();
                boolean known;
                try {
                    known = profiles.program(c.getImage(), command, args, name, dev.peapod.runtime.shell.Network.none()).isPresent();
                } catch (dev.peapod.runtime.shell.ShellException e) {
                    known = true; // refused at apply already
                }
                if (!known) {
                    List<String> line = profiles.lookup(c.getImage()).get().commandLine(command, args);
                    notes.add("not simulated: " + paths[g] + "[" + i + "]: Peapod's image \"" + c.getImage()
                            + "\" does not know the program of \"" + String.join(" ", line) + "\"; the container runs "
                            + "Peapod's default server (listens, answers 200, never exits by itself). Script it, or give the image a profile");
                }
            }
        }
        return notes;
    }

    /**
     * Deletes a pod of the cluster's namespace as {@code kubectl delete pod} does: gracefully when it
     * runs on a node.
     */
    public void deletePod(String name) {
        deletePod(namespace, name);
    }

    /** Deletes a pod as {@code kubectl delete pod -n namespace} does: gracefully when it runs on a node. */
    public void deletePod(String namespace, String name) {
        try (EngineLock.Held held = open("FakeCluster.deletePod")) {
            Checks.notNull(namespace, "namespace");
            Checks.notNull(name, "name");
            context.store().shared().delete(Pod.class, namespace, name);
            context.loop().settle();
        }
    }

    /** As {@link #evictPod(String, String)}, in the cluster's namespace. */
    public void evictPod(String name) {
        evictPod(namespace, name);
    }

    /**
     * Evicts a pod through the Eviction API, as {@code kubectl drain} does for each pod (POST
     * {@code pods/<name>/eviction}): the PodDisruptionBudget that selects it must allow a disruption, else
     * an {@link ApiException} 429 {@code Cannot evict pod as it would violate the pod's disruption budget.}
     * with the {@code DisruptionBudget} cause says why; then the pod gets {@code DisruptionTarget} and is
     * deleted gracefully. A pod two budgets select is refused with upstream's code 500 (reason empty).
     */
    public void evictPod(String namespace, String name) {
        try (EngineLock.Held held = open("FakeCluster.evictPod")) {
            Checks.notNull(namespace, "namespace");
            Checks.notNull(name, "name");
            dev.peapod.store.Evictions.Outcome outcome = context.store().evict(namespace, name, null, null);
            context.loop().settle();
            if (outcome == dev.peapod.store.Evictions.Outcome.MULTIPLE_BUDGETS) {
                throw new ApiException(500, "", dev.peapod.store.Evictions.MULTIPLE_BUDGETS, List.of());
            }
        }
    }

    /**
     * Deletes an object of any kind as {@code kubectl delete <kind> <name>} does: a pod of the cluster's
     * namespace gracefully, with its own grace period; for a cluster-scoped kind (Node, Namespace) the
     * namespace is not used. NotFound when there is no such object. Like kubectl, it deletes with
     * {@link Propagation#BACKGROUND}: the object goes and the garbage collector then deletes its
     * dependents (a ReplicaSet's pods); {@link #delete(Class, String, Propagation)} chooses another policy.
     */
    public <T extends HasMetadata> void delete(Class<T> kind, String name) {
        delete(kind, namespace, name);
    }

    /** As {@link #delete(Class, String)}, in {@code namespace}: {@code kubectl delete -n namespace}. */
    public <T extends HasMetadata> void delete(Class<T> kind, String namespace, String name) {
        try (EngineLock.Held held = open("FakeCluster.delete")) {
            Checks.notNull(kind, "kind");
            Checks.notNull(namespace, "namespace");
            Checks.notNull(name, "name");
            context.store().shared().delete(kind, namespace, name, null, Propagation.BACKGROUND);
            context.loop().settle();
        }
    }

    /**
     * {@code kubectl delete <kind> <name> --cascade=background|foreground|orphan}: deletes with that
     * {@code propagationPolicy}. {@link Propagation#FOREGROUND} leaves the object with a
     * deletionTimestamp and the {@code foregroundDeletion} finalizer until the garbage collector has
     * deleted its blocking dependents; {@link Propagation#ORPHAN} leaves its dependents without their
     * ownerReference to it. kubectl's default, and {@link #delete(Class, String)}'s, is background.
     */
    public <T extends HasMetadata> void delete(Class<T> kind, String name, Propagation propagation) {
        delete(kind, namespace, name, propagation);
    }

    /** As {@link #delete(Class, String, Propagation)}, in {@code namespace}. */
    public <T extends HasMetadata> void delete(Class<T> kind, String namespace, String name, Propagation propagation) {
        try (EngineLock.Held held = open("FakeCluster.delete")) {
            Checks.notNull(kind, "kind");
            Checks.notNull(namespace, "namespace");
            Checks.notNull(name, "name");
            Checks.notNull(propagation, "propagation");
            context.store().shared().delete(kind, namespace, name, null, propagation);
            context.loop().settle();
        }
    }

    /** As {@link #delete(Class, String, String, Duration)}, in the cluster's namespace. */
    public <T extends HasMetadata> void delete(Class<T> kind, String name, Duration gracePeriod) {
        delete(kind, namespace, name, gracePeriod);
    }

    /**
     * {@code kubectl delete --grace-period=<seconds>}: for a pod on a node, a shorter period than one
     * already running shortens the pod's deletion grace period, a longer one does not lengthen it, and
     * a kill the kubelet already began runs out its first period, as in v1.33; zero deletes at once,
     * as {@code --force --grace-period=0} (the API object goes; the kubelet still kills the containers with
     * a grace period of 1 s, preStop included, and the runtime's 2 s floor). Kinds other than pods have no grace period and go at once.
     */
    public <T extends HasMetadata> void delete(Class<T> kind, String namespace, String name, Duration gracePeriod) {
        try (EngineLock.Held held = open("FakeCluster.delete")) {
            Checks.notNull(kind, "kind");
            Checks.notNull(namespace, "namespace");
            Checks.notNull(name, "name");
            context.store().shared().delete(kind, namespace, name, graceSeconds(gracePeriod), Propagation.BACKGROUND);
            context.loop().settle();
        }
    }

    /**
     * Deletes every object of a kind in {@code namespace} whose labels match {@code labelSelector}, as
     * {@code kubectl delete pods -n namespace -l app=web} does (equality and set-based selectors:
     * {@code app in (web,api),tier!=db}); each as {@link #delete(Class, String, String)} would, in name
     * order. Returns what was deleted, as it was before; none is no error, as with kubectl.
     */
    public <T extends HasMetadata> List<T> deleteAll(Class<T> kind, String namespace, String labelSelector) {
        try (EngineLock.Held held = open("FakeCluster.deleteAll")) {
            Checks.notNull(kind, "kind");
            Checks.notNull(namespace, "namespace");
            Checks.notNull(labelSelector, "labelSelector");
            if (labelSelector.isBlank()) {
                throw new PeapodException("an empty label selector selects every object: name the labels to delete by, "
                        + "e.g. \"app=web\", or delete the objects by name");
            }
            List<T> matching = context.store().list(kind, ListOptions.inNamespace(namespace).withLabels(labelSelector));
            for (T object : matching) {
                context.store().shared().delete(kind, namespace, object.getMetadata().getName(), null, Propagation.BACKGROUND);
            }
            context.loop().settle();
            return matching;
        }
    }

    /** As {@link #deleteAll(Class, String, String)}, in the cluster's namespace. */
    public <T extends HasMetadata> List<T> deleteAll(Class<T> kind, String labelSelector) {
        return deleteAll(kind, namespace, labelSelector);
    }

    /** A grace period as the API counts it, in whole seconds. */
    static Long graceSeconds(Duration gracePeriod) {
        Checks.notNull(gracePeriod, "gracePeriod");
        if (gracePeriod.isNegative() || gracePeriod.getNano() != 0) {
            throw new PeapodException("a grace period is a whole number of seconds, zero or more, but was " + Checks.readable(gracePeriod));
        }
        // the API takes any int64, but the kubelet's clock must be able to reach the end of the period
        return Checks.duration(gracePeriod, "gracePeriod").getSeconds();
    }

    /**
     * Changes an object's status through the {@code status} subresource, as a controller does: reads
     * it, lets {@code edit} change a copy, and writes the status back (the spec is kept).
     */
    public <T extends HasMetadata> T editStatus(Class<T> kind, String namespace, String name, Consumer<T> edit) {
        try (EngineLock.Held held = open("FakeCluster.editStatus")) {
            Checks.notNull(kind, "kind");
            Checks.notNull(namespace, "namespace");
            Checks.notNull(name, "name");
            Checks.notNull(edit, "edit");
            T written = context.store().editStatus(kind, namespace, name, edit);
            context.loop().settle();
            return written;
        }
    }

    /**
     * What a controller or kubectl does to one pod of the cluster's namespace:
     * {@code cluster.editPod("web").setCondition("example.com/feature-1", "True")}, {@code .delete(grace)}.
     * NotFound when there is no such pod.
     */
    public PodEditor editPod(String name) {
        return editPod(namespace, name);
    }

    /** As {@link #editPod(String)}, for a pod of {@code namespace}. */
    public PodEditor editPod(String namespace, String name) {
        try (EngineLock.Held held = open("FakeCluster.editPod")) {
            pod(Checks.notNull(namespace, "namespace"), Checks.notNull(name, "name"));
            return new PodEditor(context, namespace, name, this::open);
        }
    }

    // ---------------------------------------------------------------- inside containers

    /** A container's view for the HTTP API's log and exec (its own timeout is not used there). */
    private ContainerView containerView(String namespace, String pod, String container) {
        return new ContainerView(context, node -> runtimes.stream().filter(r -> r.nodeName().equals(node)).findFirst(), this::open,
                namespace, pod, container, ContainerView.DEFAULT_EXEC_TIMEOUT);
    }

    /**
     * What {@code kubectl exec} and {@code kubectl logs} show of a container of a pod of the
     * cluster's namespace: {@code cluster.inContainer("web", "app").exec("ls", "-la")}, {@code .file("/tmp/x")},
     * {@code .logs()}, {@code .previousLogs()}. Each call reads the pod again; the pod need not exist yet.
     */
    public ContainerView inContainer(String pod, String container) {
        return inContainer(namespace, pod, container);
    }

    /** As {@link #inContainer(String, String)}, for a pod of {@code namespace}. */
    public ContainerView inContainer(String namespace, String pod, String container) {
        readable("FakeCluster.inContainer");
        Checks.notNull(namespace, "namespace");
        Checks.notNull(pod, "pod");
        Checks.notNull(container, "container");
        return new ContainerView(context, node -> runtimes.stream().filter(r -> r.nodeName().equals(node)).findFirst(),
                this::open, namespace, pod, container, ContainerView.DEFAULT_EXEC_TIMEOUT);
    }

    // ---------------------------------------------------------------- behaviour

    /**
     * The script of what a container's application does, for a pod of the cluster's namespace
     * ({@link #namespace()}). Write it before or after applying the pod; it holds for every restart.
     */
    public ContainerBehaviour container(String pod, String container) {
        return container(namespace, pod, container);
    }

    /** The script of what a container's application does, for a pod of {@code namespace}. */
    public ContainerBehaviour container(String namespace, String pod, String container) {
        try (EngineLock.Held held = open("FakeCluster.container")) { // the scripts are read by the kubelets' runtime
            Checks.notNull(namespace, "namespace");
            Checks.notNull(pod, "pod");
            Checks.notNull(container, "container");
            return behaviours.script(namespace, pod, container, context.store().peek(Pod.class, namespace, pod));
        }
    }

    /**
     * A script's exits changed. If the container runs now, its process takes the new plan at the
     * loop's next step, once the chained script call ({@code exitsWith(1).after(ofSeconds(5))}) is
     * complete; a plan for a container that does not run yet is read when it starts.
     */
    private void exitsRescripted(String namespace, String pod, String container) {
        try (EngineLock.Held held = open("ContainerBehaviour.exitsWith")) { // the runtime reads the scripts on the cluster's thread
            boolean runs = runtimes.stream().anyMatch(r -> !r.running(namespace, pod, container).isEmpty());
            if (runs && rescripted.add(namespace + "/" + pod + "/" + container)) {
                context.loop().post("rescript " + namespace + "/" + pod + "/" + container, () -> {
                    rescripted.remove(namespace + "/" + pod + "/" + container);
                    runtimes.forEach(r -> r.exitsRescripted(namespace, pod, container));
                });
            }
        }
    }

    /**
     * A {@code listensAfter} scripted while the container runs: the scripted layer reads it at each
     * request, so it takes effect on the running process while the run is younger than the later of
     * the old and the new delay. Past both, the process listens under either value and nothing would
     * change before a restart: refused, as an exit whose instant has passed is (never silence).
     */
    private void listensRescripted(String namespace, String pod, String container, Duration before, Duration after) {
        Duration latest = before.compareTo(after) > 0 ? before : after;
        Instant now = context.clock().now();
        for (NodeRuntime runtime : runtimes) {
            for (dev.peapod.runtime.SimProcess process : runtime.running(namespace, pod, container)) {
                Duration ran = Duration.between(process.startedAt(), now);
                if (ran.compareTo(latest) >= 0) {
                    throw new PeapodException("listensAfter(" + Checks.readable(after) + ") for container \"" + container + "\" of pod "
                            + namespace + "/" + pod + " can no longer take effect on its running process: this run (start "
                            + process.startNumber() + ") has already run " + Checks.readable(ran) + " and listens on its ports. It would "
                            + "apply only from the next start; script it before the container starts, or make a port "
                            + "refuse for a while with tcpRefuses(port).from(...).until(...)");
                }
            }
        }
    }

    /**
     * A namespaced object that names no namespace goes to the cluster's, as {@code kubectl apply -n};
     * the argument is not changed.
     */
    private HasMetadata inNamespace(HasMetadata object) {
        // a custom resource's scope is its CRD's: the store drops the namespace of a cluster-scoped one
        boolean unplaced = (object instanceof Namespaced || object instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource)
                && (object.getMetadata() == null || object.getMetadata().getNamespace() == null
                        || object.getMetadata().getNamespace().isEmpty());
        if (!unplaced) {
            return object;
        }
        HasMetadata copy = object instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource custom
                ? new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder(custom).build() : Copies.copy(object);
        if (copy.getMetadata() == null) {
            copy.setMetadata(new ObjectMeta());
        }
        copy.getMetadata().setNamespace(namespace);
        return copy;
    }

    /**
     * No registry gives this image (a typo, a missing tag): pulls fail with containerd's NotFound
     * answer and the container waits in ErrImagePull / ImagePullBackOff. The same as
     * {@code image(image).cannotBePulled()}.
     */
    public void imageCannotBePulled(String image) {
        try (EngineLock.Held held = open("FakeCluster.imageCannotBePulled")) {
            images.imageCannotBePulled(Checks.notNull(image, "image"), null);
        }
    }

    /**
     * What the registry does with one image: how long its pull takes, its size, or that it cannot be
     * pulled ({@link ImageScript}). Unscripted, an image pulls in {@link #imagePullsTake}'s time (none
     * unless set) and has its built-in size (0 for an image Peapod has no profile of).
     *
     * <p>Where images are: a node has every image unless its spec lists its images
     * ({@link NodeSpec#images(String...)}); then it has those and learns the ones it pulls.
     */
    public ImageScript image(String image) {
        try (EngineLock.Held held = open("FakeCluster.image")) {
            Checks.notNull(image, "image");
            if (image.isBlank()) {
                throw new PeapodException("FakeCluster.image needs an image reference such as nginx:1.25, but was \"" + image + "\"");
            }
            return new ImageScript(images, image, this::open);
        }
    }

    /** Every image pull without a time of its own ({@link ImageScript#pullTakes}) takes this long from now on. */
    public void imagePullsTake(Duration duration) {
        try (EngineLock.Held held = open("FakeCluster.imagePullsTake")) {
            Checks.notNull(duration, "duration");
            if (duration.isNegative()) {
                throw new PeapodException("a pull cannot take a negative time, but was " + duration + "; give Duration.ZERO or more");
            }
            images.pullsTake(duration);
        }
    }

    // ---------------------------------------------------------------- reads

    /** The pod of this name in the cluster's namespace ({@link #namespace()}); NotFound if there is none. */
    public Pod pod(String name) {
        return pod(namespace, name);
    }

    /** The pod of this name in {@code namespace}; NotFound if there is none. */
    public Pod pod(String namespace, String name) {
        readable("FakeCluster.pod");
        return findPod(namespace, name).orElseThrow(() -> ApiException.notFound("pods", name));
    }

    /**
     * The custom resources of a kind a CustomResourceDefinition serves, named as kubectl names it:
     * {@code "widgets.example.com"}, or just {@code "widgets"} (its plural, singular or a short name) when
     * one CRD has it; those of the cluster's namespace for a namespaced kind, all for a cluster-scoped one.
     * A kind no Established CRD serves is the REST mapper's error: {@code the server doesn't have a resource type "widgets"}.
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> customResources(String resource) {
        readable("FakeCluster.customResources");
        dev.peapod.store.ServedKind kind = servedKind(Checks.notNull(resource, "resource"));
        return context.store().customResources().list(kind.group(), kind.plural(),
                kind.namespaced() ? dev.peapod.store.ListOptions.inNamespace(namespace) : dev.peapod.store.ListOptions.all());
    }

    /** The custom resource of this name (see {@link #customResources(String)}); NotFound if there is none. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public io.fabric8.kubernetes.api.model.GenericKubernetesResource customResource(String resource, String name) {
        readable("FakeCluster.customResource");
        dev.peapod.store.ServedKind kind = servedKind(Checks.notNull(resource, "resource"));
        return context.store().customResources().get(kind.group(), kind.plural(), namespace, Checks.notNull(name, "name"))
                .orElseThrow(() -> ApiException.notFound(kind.qualified(), name));
    }

    private dev.peapod.store.ServedKind servedKind(String resource) {
        List<dev.peapod.store.ServedKind> served = context.store().customResources().served();
        List<dev.peapod.store.ServedKind> matches = served.stream().filter(k -> resource.equals(k.qualified())
                || resource.equals(k.plural()) || resource.equals(k.singular()) || k.shortNames().contains(resource)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            // kubectl's words for a resource type discovery does not list
            throw new PeapodException("the server doesn't have a resource type \"" + resource + "\"; custom resources served: "
                    + (served.isEmpty() ? "none" : served.stream().map(dev.peapod.store.ServedKind::qualified)
                            .collect(java.util.stream.Collectors.joining(", "))));
        }
        throw new PeapodException("\"" + resource + "\" names several custom resource types: " + matches.stream()
                .map(dev.peapod.store.ServedKind::qualified).collect(java.util.stream.Collectors.joining(", "))
                + "; name one as <plural>.<group>");
    }

    /** The pod of this name in the cluster's namespace, if there is one. */
    public Optional<Pod> findPod(String name) {
        return findPod(namespace, name);
    }

    /** The pod of this name in {@code namespace}, if there is one. */
    public Optional<Pod> findPod(String namespace, String name) {
        readable("FakeCluster.findPod");
        Checks.notNull(namespace, "namespace");
        Checks.notNull(name, "name");
        return context.store().get(Pod.class, namespace, name);
    }

    /** Every pod, in namespace then name order. */
    public List<Pod> pods() {
        readable("FakeCluster.pods");
        return context.store().list(Pod.class);
    }

    /** The pods the options select, in namespace then name order. */
    public List<Pod> pods(ListOptions options) {
        readable("FakeCluster.pods");
        Checks.notNull(options, "options");
        return context.store().list(Pod.class, options);
    }

    /** The node of this name; NotFound if there is none. */
    public Node node(String name) {
        readable("FakeCluster.node");
        Checks.notNull(name, "name");
        return context.store().get(Node.class, null, name).orElseThrow(() -> ApiException.notFound("nodes", name));
    }

    /** Every node, in name order. */
    public List<Node> nodes() {
        readable("FakeCluster.nodes");
        return context.store().list(Node.class);
    }

    /** Every event, oldest first by when it first happened. */
    public List<Event> events() {
        readable("FakeCluster.events");
        return Events.oldestFirst(context.store().list(Event.class));
    }

    /** The events about one object, oldest first. */
    public List<Event> eventsFor(HasMetadata object) {
        readable("FakeCluster.eventsFor");
        Checks.notNull(object, "object");
        Checks.notNull(object.getMetadata(), "object.metadata");
        String namespace = Objects.requireNonNullElse(object.getMetadata().getNamespace(), this.namespace);
        return eventsAbout(context, namespace, object.getKind(), object.getMetadata().getName());
    }

    /**
     * The events about the object of this kind and name in {@code namespace}, oldest first, whichever
     * object of that name they were about: {@link #eventsFor} and the workload views' {@code events()}.
     */
    static List<Event> eventsAbout(ClusterContext context, String namespace, String kind, String name) {
        return Events.oldestFirst(context.store().list(Event.class, new ListOptions(namespace, null,
                FieldSelector.parse("involvedObject.name=" + name + ",involvedObject.kind=" + kind))));
    }

    /** {@code kubectl get pods -o wide} as text, every namespace in one table: READY, STATUS, RESTARTS and AGE exactly as kubectl computes them. */
    public String podTable() {
        readable("FakeCluster.podTable");
        return dev.peapod.printers.PodPrinter.table(pods(), now(), true);
    }

    /** {@code kubectl get nodes -o wide} as text: STATUS ({@code Ready,SchedulingDisabled} when cordoned), ROLES, AGE, VERSION and the wide columns. */
    public String nodeTable() {
        readable("FakeCluster.nodeTable");
        return dev.peapod.printers.NodePrinter.table(nodes(), now(), true);
    }

    /**
     * {@code kubectl get deploy,rs,sts,ds,jobs,cronjobs,svc} as text, every namespace: one table per
     * kind that has objects, each with kubectl's columns and a {@code kind/} prefix as kubectl prints
     * several kinds; empty when there are none.
     */
    public String workloadTable() {
        readable("FakeCluster.workloadTable");
        var store = context.store();
        Instant now = now();
        List<String> tables = new ArrayList<>();
        addTable(tables, "deployment.apps", store.list(io.fabric8.kubernetes.api.model.apps.Deployment.class),
                l -> dev.peapod.printers.DeploymentPrinter.table(l, now));
        addTable(tables, "replicaset.apps", store.list(io.fabric8.kubernetes.api.model.apps.ReplicaSet.class),
                l -> dev.peapod.printers.ReplicaSetPrinter.table(l, now, false));
        addTable(tables, "statefulset.apps", store.list(io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
                l -> dev.peapod.printers.StatefulSetPrinter.table(l, now, false));
        addTable(tables, "daemonset.apps", store.list(io.fabric8.kubernetes.api.model.apps.DaemonSet.class),
                l -> dev.peapod.printers.DaemonSetPrinter.table(l, now));
        addTable(tables, "job.batch", store.list(io.fabric8.kubernetes.api.model.batch.v1.Job.class),
                l -> dev.peapod.printers.JobPrinter.table(l, now));
        addTable(tables, "cronjob.batch", store.list(io.fabric8.kubernetes.api.model.batch.v1.CronJob.class),
                l -> dev.peapod.printers.CronJobPrinter.table(l, now, false));
        addTable(tables, "service", store.list(io.fabric8.kubernetes.api.model.Service.class),
                l -> dev.peapod.printers.ServicePrinter.table(l, now, false));
        return String.join("\n", tables);
    }

    /** Adds a kind's table with kubectl's {@code kind/} name prefix, as {@code kubectl get a,b} prints it. */
    private static <T extends HasMetadata> void addTable(List<String> tables, String kind, List<T> objects,
                                                         java.util.function.Function<List<T>, String> printer) {
        if (objects.isEmpty()) {
            return;
        }
        String[] lines = printer.apply(objects).split("\n", -1);
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            // the header's NAME column widens by the prefix, as kubectl's does
            table.append(i == 0 ? lines[i].replaceFirst("^NAME", "NAME" + " ".repeat(kind.length() + 1))
                    : kind + "/" + lines[i]).append('\n');
        }
        tables.add(table.toString());
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
        try (EngineLock.Held held = open("FakeCluster.settle")) {
            context.loop().settle();
        }
    }

    /** Lets {@code duration} of virtual time pass, event by event. */
    public void advance(Duration duration) {
        try (EngineLock.Held held = open("FakeCluster.advance")) {
            Checks.duration(duration, "advance(duration): duration");
            context.loop().advance(duration);
        }
    }

    /**
     * Lets virtual time pass until {@code sinceStart} after the cluster started, e.g.
     * {@code advanceTo(Duration.ofSeconds(75))}; a time already past is an error.
     */
    public void advanceTo(Duration sinceStart) {
        try (EngineLock.Held held = open("FakeCluster.advanceTo")) {
            // the argument first: a negative one is wrong whatever the clock says
            Checks.duration(sinceStart, "advanceTo(sinceStart): sinceStart");
            Duration remaining = sinceStart.minus(elapsed());
            if (remaining.isNegative()) {
                throw new PeapodException("advanceTo(sinceStart): the cluster is already at " + Checks.readable(elapsed())
                        + " since it started, past sinceStart " + Checks.readable(sinceStart)
                        + "; use advance(duration) to let time pass from now");
            }
            advance(remaining);
        }
    }

    /**
     * Runs until the condition holds, at most {@code limit} of virtual time; true if it held. The
     * clock stops at the first instant it holds:
     * {@code cluster.runUntil(c -> c.pod("web").getStatus().getPodIP() != null, Duration.ofMinutes(1))}.
     */
    public boolean runUntil(Predicate<FakeCluster> condition, Duration limit) {
        try (EngineLock.Held held = open("FakeCluster.runUntil")) {
            Checks.notNull(condition, "runUntil(condition, limit): condition");
            Checks.duration(limit, "runUntil(condition, limit): limit");
            return context.loop().runUntil(() -> condition.test(this), limit);
        }
    }

    /**
     * Lets virtual time run with the wall clock, {@code speed} times as fast (at 60, a wall second is a
     * virtual minute), until the returned handle is closed or the cluster is: for clients that wait in real
     * time, such as an operator under test on {@link #client()}, checked with Awaitility:
     * <pre>{@code
     * try (RealTime clock = cluster.runInRealTime(60)) {
     *     await().atMost(ofSeconds(10)).until(() -> cluster.deployment("web").get().getStatus().getReadyReplicas(), is(3));
     * }
     * }</pre>
     * The test's verbs, reads and assertions work while time runs, each between two instants; its own
     * {@code advance} moves time further, and the wall clock then catches up. A timeline made in real time
     * differs from run to run (requests land where they arrive); without it, time moves only when the test
     * says so.
     *
     * @throws PeapodException if time already runs in real time, or the speed is below 1
     */
    public RealTime runInRealTime(double speed) {
        try (EngineLock.Held held = open("FakeCluster.runInRealTime")) {
            if (realTime != null && realTime.isRunning()) {
                throw new PeapodException("time already runs in real time at " + RealTime.speedText(realTime.speed())
                        + "; close that RealTime before starting another");
            }
            RealTimeDriver driver = RealTimeDriver.start(context.loop(), speed);
            realTime = driver;
            context.timeline().record(null, "cluster", new Fact.ClockMode("time runs with the wall clock at "
                    + RealTime.speedText(speed) + ": what follows depends on when requests arrive"));
            return new RealTime(driver, () -> {
                try {
                    driver.close(); // first, without holding the engine, so that the driver can finish its instant
                } finally {
                    try (EngineLock.Held stopped = open("RealTime.close")) {
                        if (realTime == driver) {
                            realTime = null;
                        }
                        context.timeline().record(null, "cluster", new Fact.ClockMode("time stands still again"
                                + " (real time stopped); it moves when the test says so"));
                    }
                }
            });
        }
    }

    /** Stops the real-time driver, if any; what failed on its thread, or null. */
    private PeapodException stopRealTime() {
        if (realTime == null) {
            return null;
        }
        try {
            realTime.close();
            return null;
        } catch (PeapodException failed) {
            return failed;
        } catch (RuntimeException failed) {
            return new PeapodException("the cluster failed while time ran in real time: " + failed, failed);
        } finally {
            realTime = null;
        }
    }

    // ---------------------------------------------------------------- waits

    /**
     * A named wait on the virtual clock, which never sleeps:
     * {@code cluster.await("web ready").atMost(ofMinutes(2)).until(podIsReady("web"))}. The name shows
     * when the wait times out, telling which of several waits failed.
     */
    public VirtualWait await(String alias) {
        readable("FakeCluster.await");
        return VirtualWait.on(this, alias);
    }

    // ---------------------------------------------------------------- HTTP API

    /**
     * A Fabric8 client on this cluster's HTTP API, in the cluster's namespace ({@link #namespace()} when
     * first called): the API server starts on first use, on 127.0.0.1 and a free port, and stops with
     * the cluster, which also closes this client. One client per cluster; callable from any thread.
     * A write takes the cluster's engine between two of the test's verbs, so the test's thread may call
     * the client directly; reads never wait for the engine. Watch events reach the client in real
     * time: wait for an informer with Awaitility, not with the virtual clock.
     *
     * <pre>{@code
     * KubernetesClient client = cluster.client();
     * client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
     *         .addToData("mode", "fast").build()).create();
     * cluster.advance(Duration.ofSeconds(10));
     * assertThat(client.pods().withName("web").get().getStatus().getPhase()).isEqualTo("Running");
     * }</pre>
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public io.fabric8.kubernetes.client.KubernetesClient client() {
        readable("FakeCluster.client");
        return http.client();
    }

    /**
     * Writes a kubeconfig for this cluster's HTTP API (one cluster, user and context named
     * {@code peapod}, in the cluster's namespace, no credentials) in a new temporary folder and returns
     * its path; the same path on later calls. The file and its folder are deleted when the cluster closes.
     *
     * <pre>{@code
     * Path config = cluster.kubeconfig();
     * new ProcessBuilder("kubectl", "--kubeconfig", config.toString(), "get", "pods").inheritIO().start();
     * }</pre>
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public java.nio.file.Path kubeconfig() {
        readable("FakeCluster.kubeconfig");
        return http.kubeconfig();
    }

    /**
     * Serves this cluster's HTTP API over HTTPS: {@link #client()} and {@link #kubeconfig()} then speak
     * TLS to {@code https://127.0.0.1:<port>}, with a self-signed certificate made when the server
     * starts (for {@code 127.0.0.1} and {@code localhost}) that the client and the kubeconfig trust
     * ({@code certificate-authority-data}). Call it before the first {@code client()} or
     * {@code kubeconfig()}: afterwards the server runs over plain HTTP and this is refused. Plain HTTP is
     * the default. Returns this cluster.
     *
     * <pre>{@code
     * cluster.serveHttps();
     * new ProcessBuilder("kubectl", "--kubeconfig", cluster.kubeconfig().toString(), "get", "pods").inheritIO().start();
     * }</pre>
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public FakeCluster serveHttps() {
        readable("FakeCluster.serveHttps");
        http.https();
        return this;
    }

    // ---------------------------------------------------------------- internals for extensions

    public ClusterSpec spec() {
        return spec;
    }

    /** The engine's shared parts, for steps, reports and plug-ins. */
    public ClusterContext context() {
        return context;
    }

    /** The cluster's story in virtual time; readable from any thread. */
    public Timeline timeline() {
        readable("FakeCluster.timeline");
        return context.timeline();
    }

    /**
     * The way in for other threads. The cluster runs on the thread that started it, which alone may
     * call its verbs; another thread (an operator under test, an HTTP client) submits work here, e.g.
     * {@code cluster.inbox().submit(() -> cluster.apply(configMap))}, and gets a
     * {@code CompletableFuture}. Write through the cluster's verbs, as there: they put a namespace-less
     * object in the cluster's namespace ({@link #namespace()}); the store itself is the API server,
     * for which no namespace means {@code default}. The work runs on the cluster's thread, in submission order, the next
     * time that thread settles, advances or waits. Reads ({@code pod}, {@code pods}, {@code nodes},
     * {@code events}) work on any thread.
     */
    public dev.peapod.time.Inbox inbox() {
        // no closed check: a closed cluster's inbox refuses each submission itself, naming why
        return context.loop().inbox();
    }

    /**
     * Fails when a container script names a pod that never existed: such a script changed nothing
     * the test could see (most often a typo in the pod's name). Test frameworks call this after a
     * test that passed, so the typo becomes the test's failure; after a failed test they attach it
     * to that failure instead of burying it. Once checked, {@link #close()} does not check again.
     *
     * @throws PeapodException naming the unused scripts and the pods that were created
     */
    public void checkScriptsUsed() {
        // the scripts' bookkeeping is the engine's: read it with the engine held, not while a request or the
        // real-time driver changes it
        try (EngineLock.Held held = context.loop().engine().enter("FakeCluster.checkScriptsUsed")) {
            scriptsChecked = true;
            behaviours.unusedScripts().ifPresent(message -> {
                throw new PeapodException(message);
            });
        }
    }

    /**
     * Ends the cluster. Unless {@link #checkScriptsUsed()} has run, it runs now: inside
     * try-with-resources its exception is attached to a failure the block already threw, as suppressed.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        context.loop().engine().releaseIfIdle(); // a request waiting for the engine gets it before the server stops
        PeapodException driverFailure = stopRealTime();
        // the HTTP API stops before the engine is held too: a request waiting for the engine gets it and is answered
        PeapodException stopped = driverFailure;
        try {
            http.close();
        } catch (RuntimeException e) {
            PeapodException failedHttp = new PeapodException("the cluster's HTTP API did not stop cleanly: " + e.getMessage(), e);
            stopped = stopped == null ? failedHttp : withSuppressed(stopped, failedHttp);
        }
        try (EngineLock.Held held = context.loop().engine().enter("FakeCluster.close")) {
            closed = true;
            context.loop().closeInbox("the cluster is closed");
            PeapodException failure = stopped;
            try {
                failedElsewhere("FakeCluster.close");
            } catch (PeapodException elsewhere) {
                failure = failure == null ? elsewhere : withSuppressed(failure, elsewhere);
            }
            // exits scripted after the last step were never armed: one whose instant has passed is still an error
            List<String> unarmed = List.copyOf(rescripted);
            rescripted.clear();
            for (String key : unarmed) {
                String[] parts = key.split("/", 3);
                try {
                    runtimes.forEach(r -> r.exitsRescripted(parts[0], parts[1], parts[2]));
                } catch (PeapodException late) {
                    failure = failure == null ? late : withSuppressed(failure, late);
                }
            }
            // every check runs, so one failure does not hide the next: the first is thrown, the others suppressed
            if (!scriptsChecked) {
                try {
                    checkScriptsUsed();
                } catch (PeapodException unused) {
                    failure = failure == null ? unused : withSuppressed(failure, unused);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static PeapodException withSuppressed(PeapodException first, PeapodException next) {
        first.addSuppressed(next);
        return first;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * A verb that drives or changes the cluster: only on the cluster's thread, and not once it is closed. It
     * holds the engine until the returned hold is closed (try-with-resources), so each verb's work stays
     * together and the engine is free between verbs, for the HTTP API's requests and the real-time driver.
     */
    private EngineLock.Held open(String what) {
        EngineLock.Held held = context.loop().engine().enter(what);
        try {
            readable(what);
            failedElsewhere(what);
        } catch (RuntimeException refused) {
            held.close();
            throw refused;
        }
        return held;
    }

    /**
     * What failed in the engine while it settled an HTTP request's write on the request's thread: the request
     * answered an internal error, and the test's next verb throws it, naming the component's exception.
     */
    private void failedElsewhere(String what) {
        RuntimeException failed = context.loop().takeFailureElsewhere();
        if (failed != null) {
            throw new PeapodException(what + ": the cluster failed while it settled a write of its HTTP API: "
                    + failed.getMessage(), failed);
        }
    }

    /** A read: any thread may read, but a closed cluster has nothing to say. */
    private void readable(String what) {
        if (closed) {
            throw new PeapodException("the cluster is closed: " + calledVerb(what) + " cannot be used after close(); "
                    + "start a new cluster, or call it before the cluster is closed");
        }
    }

    /**
     * The verb the user called: an assertion taken before close and checked after it
     * ({@code web.isRunning()}) reads the cluster through {@code findPod}, which the user never wrote.
     * The outermost frame of a public assertion class is the call in the test, e.g.
     * {@code PodAssert.isRunning}; without one, {@code what}. Walked only to word this error.
     */
    private static String calledVerb(String what) {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(frame -> frame.getDeclaringClass().getPackageName().equals("dev.peapod.assertions")
                        && java.lang.reflect.Modifier.isPublic(frame.getDeclaringClass().getModifiers())
                        && !frame.getMethodName().contains("$"))
                .reduce((inner, outer) -> outer)
                .map(frame -> frame.getDeclaringClass().getSimpleName() + "." + frame.getMethodName())
                .orElse(what));
    }

    // ---- cronjob

    /**
     * The CronJob of this name in the cluster's namespace, as a live view: {@code get()}, {@code jobs()},
     * {@code suspend()}, {@code resume()}, {@code row()} (kubectl get's columns). It need not exist yet;
     * reading one that does not is NotFound.
     */
    public CronJobView cronJob(String name) {
        return cronJob(namespace, name);
    }

    /** As {@link #cronJob(String)}, for a CronJob of {@code namespace}. */
    public CronJobView cronJob(String namespace, String name) {
        readable("FakeCluster.cronJob");
        Checks.notNull(namespace, "namespace");
        Checks.notNull(name, "name");
        return new CronJobView(context, namespace, name, this::open, this::readable);
    }

    // ---- deployment

    /**
     * A live view of a Deployment of the cluster's namespace: {@code cluster.deployment("web").setImage("app", "nginx:1.26")},
     * {@code .scale(5)}, {@code .rollback()}, {@code .rolloutStatus()}, {@code .row()}. Each call reads the
     * store again; the Deployment need not exist yet.
     */
    public DeploymentView deployment(String name) {
        return deployment(namespace, name);
    }

    /** As {@link #deployment(String)}, for a Deployment of {@code namespace}. */
    public DeploymentView deployment(String namespace, String name) {
        readable("FakeCluster.deployment");
        return new DeploymentView(context, Checks.notNull(namespace, "namespace"), Checks.notNull(name, "name"), this::open);
    }

    // ---- job

    /** A live view of the Job of this name in the cluster's namespace ({@link #namespace()}); it need not exist yet. */
    public JobView job(String name) {
        return job(namespace, name);
    }

    /** A live view of the Job of this name in {@code namespace}. */
    public JobView job(String namespace, String name) {
        readable("FakeCluster.job");
        Checks.notNull(namespace, "namespace");
        Checks.notNull(name, "name");
        return new JobView(context, namespace, name, this::open);
    }

    // ---- replicaset

    /** A live view of the ReplicaSet of this name in the cluster's namespace: {@code cluster.replicaSet("web").scale(5)}. */
    public ReplicaSetView replicaSet(String name) {
        return replicaSet(namespace, name);
    }

    /** A live view of a ReplicaSet; it need not exist yet (its reads say NotFound until it does). */
    public ReplicaSetView replicaSet(String namespace, String name) {
        readable("FakeCluster.replicaSet");
        return ReplicaSetView.of(this, namespace, name);
    }

    /** For the views' writes: the cluster's thread, and an open cluster. */
    void checkVerb(String what) {
        try (EngineLock.Held held = open(what)) {
        }
    }

    // ---- daemonset

    /** A live view of the DaemonSet of this name in the cluster's namespace ({@link #namespace()}); it need not exist yet. */
    public DaemonSetView daemonSet(String name) {
        return daemonSet(namespace, name);
    }

    /** A live view of the DaemonSet of this name in {@code namespace}; it need not exist yet. */
    public DaemonSetView daemonSet(String namespace, String name) {
        readable("FakeCluster.daemonSet");
        return new DaemonSetView(context, Checks.notNull(namespace, "namespace"), Checks.notNull(name, "name"), this::open, this::readable);
    }

    // ---- service

    /**
     * A live view of the Service of this name in the cluster's namespace ({@link #namespace()}):
     * {@code cluster.service("web").endpoints()}, {@code .clusterIp()}, {@code .row()}.
     */
    public ServiceView service(String name) {
        return service(namespace, name);
    }

    /** A live view of a Service; it reads the store at every call, so it may be taken before the Service exists. */
    public ServiceView service(String namespace, String name) {
        readable("FakeCluster.service");
        Checks.notNull(namespace, "namespace");
        Checks.notNull(name, "name");
        return new ServiceView(context, this::readable, namespace, name);
    }

    // ---- statefulset

    /**
     * A live view of the StatefulSet of this name in the cluster's namespace ({@link #namespace()}):
     * {@code get()}, {@code scale(n)}, {@code setImage(container, image)}, {@code pods()}, {@code claims()},
     * {@code row()} and {@code rolloutStatus()} read the store at each call. It need not exist yet.
     */
    public StatefulSetView statefulSet(String name) {
        return statefulSet(namespace, name);
    }

    /** A live view of a StatefulSet of a namespace. */
    public StatefulSetView statefulSet(String namespace, String name) {
        try (EngineLock.Held held = open("FakeCluster.statefulSet")) {
            Checks.notNull(namespace, "namespace");
            Checks.notNull(name, "name");
            return new StatefulSetView(context, namespace, name, this::open);
        }
    }
}
