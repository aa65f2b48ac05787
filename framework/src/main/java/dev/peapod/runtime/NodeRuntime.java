package dev.peapod.runtime;

import dev.peapod.core.PeapodException;
import dev.peapod.runtime.shell.Network;
import dev.peapod.runtime.shell.ShellException;
import dev.peapod.runtime.shell.ShellProgram;
import dev.peapod.time.EventLoop;
import io.fabric8.kubernetes.api.model.Container;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * One node's simulated container runtime, shaped like the CRI (k8s.io/cri-api RuntimeService and
 * ImageService): pod sandboxes, containers that are created, started and stopped with a timeout,
 * ExecSync, image pulls, and container events. Nothing runs on the host: a container is a
 * {@link SimProcess} on the cluster's event loop running a {@link Program} behind the test's
 * override layer. The runtime never reads the store.
 *
 * <p>Where upstream's kubelet learns of exits from the PLEG relisting or the runtime's event stream
 * (pkg/kubelet/pleg), this runtime calls its {@link ExitListener} at the instant a process ends.
 */
@API(status = INTERNAL, since = "0.1")
public final class NodeRuntime {
    /** Dead containers kept per pod and container name (kubelet --maximum-dead-containers-per-container, kuberuntime_gc.go). */
    static final int DEAD_CONTAINERS_KEPT = 1;

    /** Hears about every container exit on the node: the CRI's CONTAINER_STOPPED_EVENT. */
    @API(status = INTERNAL, since = "0.1")
    @FunctionalInterface
    public interface ExitListener {
        void containerExited(String sandboxId, String containerId, ContainerExit exit);
    }

    private final String nodeName;
    private final EventLoop loop;
    private final Random random;
    private final ImageRegistry registry;
    private final Overrides overrides;
    private final BiFunction<Sandbox, ContainerConfig, Program> programs;
    private final NodeDisk disk;
    /** The cluster's volume storage, shared by every node (PersistentVolumes' files). */
    private NodeDisk storage;
    private PodNetwork network = new PodNetwork();
    private dev.peapod.runtime.images.ImageProfiles profiles = dev.peapod.runtime.images.ImageProfiles.builtIn();
    /** The node's own PID namespace, which hostPID pods join: init, containerd and the kubelet run there. */
    private final ProcessTable nodeProcesses = new ProcessTable();
    private final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
    private final Map<String, SimProcess> containers = new LinkedHashMap<>();
    /** The images on this node, declared or pulled, as containerd names them, with their sizes. */
    private final Map<String, Long> images = new LinkedHashMap<>();
    /** The node declares no images: it has every image a registry would give. */
    private boolean everyImage = true;
    private ExitListener listener = (sandbox, container, exit) -> { };
    private SignalListener signals = (sandbox, container, signal) -> { };

    /**
     * @param random the cluster's seeded random: container ids are drawn from it, in the order
     *               containers are created on any node
     */
    public NodeRuntime(String nodeName, EventLoop loop, Random random, ImageRegistry registry, Overrides overrides) {
        this(nodeName, loop, random, registry, overrides, (BiFunction<Sandbox, ContainerConfig, Program>) null);
    }

    /** With the program every container runs, whatever it is: for tests of the runtime. */
    NodeRuntime(String nodeName, EventLoop loop, Random random, ImageRegistry registry, Overrides overrides,
                Function<Container, Program> programs) {
        this(nodeName, loop, random, registry, overrides, (sandbox, config) -> programs.apply(config.spec()));
        Objects.requireNonNull(programs, "programs");
    }

    /** {@code programs} null: each container's program is chosen in DESIGN §6's order ({@link #program}). */
    private NodeRuntime(String nodeName, EventLoop loop, Random random, ImageRegistry registry, Overrides overrides,
                        BiFunction<Sandbox, ContainerConfig, Program> programs) {
        this.programs = programs == null ? this::program : programs;
        this.disk = new NodeDisk(loop::now);
        nodeProcesses.spawn("root", "/sbin/init");
        nodeProcesses.spawn("root", "/usr/bin/containerd");
        nodeProcesses.spawn("root", "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.random = Objects.requireNonNull(random, "random");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.overrides = Objects.requireNonNull(overrides, "overrides");
    }

    public String nodeName() {
        return nodeName;
    }

    /** The node's own PID namespace: every container of the node is in it, whatever its pod's namespace (hostPID pods see it). */
    ProcessTable nodeProcesses() {
        return nodeProcesses;
    }

    /** The image profiles this node's containers run by: the built-in ones unless the cluster adds its own. */
    public void useProfiles(dev.peapod.runtime.images.ImageProfiles profiles) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    /** The profile of an image, if Peapod knows it: its files and environment go into the container. */
    java.util.Optional<dev.peapod.runtime.images.ImageProfile> profile(String image) {
        return image == null ? java.util.Optional.empty() : profiles.lookup(image);
    }

    /** Joins the cluster's pod network (before any pod runs): pods on every node reach each other by IP. */
    public void joinNetwork(PodNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    /**
     * Attaches the cluster's volume storage (before any pod runs): where PersistentVolumes' files
     * live, reached from every node, so a pod that moves or comes back finds what its volume held.
     */
    public void attachStorage(NodeDisk storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** The cluster's volume storage; a runtime used alone has its own. */
    public NodeDisk storage() {
        if (storage == null) {
            storage = new NodeDisk(loop::now);
        }
        return storage;
    }

    /** The node's disk, where the kubelet lays out volumes and the containers' root file systems live. */
    public NodeDisk disk() {
        return disk;
    }

    /** Hears every signal the runtime delivers: SIGTERM when a stop begins, SIGKILL at its timeout. */
    @API(status = INTERNAL, since = "0.1")
    @FunctionalInterface
    public interface SignalListener {
        void signalled(String sandboxId, String containerId, Signal signal);
    }

    /** Who hears the signals the runtime delivers (one listener: the node's kubelet, for its timeline). */
    public void onSignal(SignalListener listener) {
        this.signals = Objects.requireNonNull(listener, "listener");
    }

    /** Who hears container exits (one listener: the node's kubelet). */
    public void onContainerExit(ExitListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    // ---------------------------------------------------------------- sandboxes

    /** RunPodSandbox: the pod's IP, port space, volumes and process table. Its id is the pod's UID. */
    public Sandbox runPodSandbox(String podUid, String namespace, String name, String ip) {
        return runPodSandbox(podUid, namespace, name, ip, name, Sandbox.PidMode.CONTAINER);
    }

    /**
     * RunPodSandbox with the pod's hostname and PID namespace mode: with {@link Sandbox.PidMode#POD}
     * the sandbox's {@code /pause} is PID 1 of the namespace its containers share (as the seeds'
     * {@code ps ax} shows); with {@link Sandbox.PidMode#NODE} they join the node's.
     */
    public Sandbox runPodSandbox(String podUid, String namespace, String name, String ip, String hostname, Sandbox.PidMode pid) {
        if (sandboxes.containsKey(podUid)) {
            throw new PeapodException("pod " + namespace + "/" + name + " (" + podUid + ") already has a sandbox on node " + nodeName);
        }
        Sandbox sandbox = new Sandbox(podUid, namespace, name, ip);
        ProcessTable shared = switch (pid) {
            case CONTAINER -> null;
            case NODE -> nodeProcesses;
            case POD -> new ProcessTable();
        };
        if (pid == Sandbox.PidMode.POD) {
            // the infra container: PID 1 of the pod, as the pause image's USER 65535 (build/pause/Dockerfile)
            shared.spawn("65535", "/pause", signal -> { });
        }
        sandbox.configure(hostname, shared);
        // every sandbox's pause runs on the node too: hostPID pods see it there (user 65535)
        sandbox.hostPausePid = nodeProcesses.spawn("65535", "/pause");
        sandboxes.put(podUid, sandbox);
        network.attach(sandbox);
        return sandbox;
    }

    public Optional<Sandbox> sandbox(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId));
    }

    /** StopPodSandbox: every container still running is killed at once (SIGKILL, 137); the sandbox is NOTREADY. */
    public void stopPodSandbox(String sandboxId) {
        Sandbox sandbox = requireSandbox(sandboxId);
        for (SimProcess process : List.copyOf(sandbox.processes.values())) {
            process.stop(Duration.ZERO);
        }
        sandbox.stopped();
    }

    /**
     * RemovePodSandbox: the sandbox and its containers are gone at once. Processes still running end
     * without an exit report, since the pod they belonged to is gone.
     */
    public void removePodSandbox(String sandboxId) {
        Sandbox sandbox = sandboxes.remove(sandboxId);
        if (sandbox == null) {
            return; // removing twice is fine, as with the CRI
        }
        network.detach(sandbox);
        nodeProcesses.exit(sandbox.hostPausePid);
        for (SimProcess process : sandbox.processes.values()) {
            process.discard();
            containers.remove(process.id());
        }
        sandbox.processes.clear();
    }

    // ---------------------------------------------------------------- containers

    /**
     * CreateContainer: draws the id {@code containerd://<64 hex>} from the cluster's random, and
     * garbage-collects this container's older dead runs beyond the last one.
     */
    public String createContainer(Sandbox sandbox, Container spec, int startNumber) {
        return createContainer(sandbox, ContainerConfig.of(Objects.requireNonNull(spec, "spec")), startNumber);
    }

    /**
     * CreateContainer with the kubelet's config: its command, args, environment and mounts. The id
     * {@code containerd://<64 hex>} is drawn from the cluster's random; this container's older dead
     * runs beyond the last one are garbage-collected.
     */
    public String createContainer(Sandbox sandbox, ContainerConfig config, int startNumber) {
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(config, "config");
        Container spec = config.spec();
        if (sandboxes.get(sandbox.id()) != sandbox) {
            throw new PeapodException("the sandbox of pod " + sandbox.namespace() + "/" + sandbox.name() + " is not on node " + nodeName);
        }
        collectDeadContainers(sandbox, spec.getName());
        String id = newContainerId();
        SimProcess process = new SimProcess(this, id, sandbox, config, startNumber, now(), programs.apply(sandbox, config));
        containers.put(id, process);
        sandbox.processes.put(id, process);
        return id;
    }

    /** StartContainer: the process runs its program from now; an exit it plans is armed on the loop. */
    public void startContainer(String containerId) {
        requireContainer(containerId).start();
    }

    /**
     * StopContainer: SIGTERM now, SIGKILL after {@code timeout}. The exit is reported to the listener
     * when the process ends: on its own before the timeout (its shutdown, or an exit it had planned),
     * else at the timeout with 137. Stopping a container that is not running does nothing.
     */
    public void stopContainer(String containerId, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        requireContainer(containerId).stop(timeout);
    }

    /** RemoveContainer: forgets a container that is not running. */
    public void removeContainer(String containerId) {
        SimProcess process = requireContainer(containerId);
        if (process.state() == ContainerState.RUNNING) {
            throw new PeapodException("container " + containerId + " is running: stop it before removing it");
        }
        process.discard();
        containers.remove(containerId);
        process.sandbox().processes.remove(containerId);
    }

    public ContainerStatus containerStatus(String containerId) {
        return requireContainer(containerId).status();
    }

    /** The process of a container, for the kubelet's prober. */
    public SimProcess container(String containerId) {
        return requireContainer(containerId);
    }

    /** ExecSync as a client that is nobody in particular. */
    public ExecSyncResponse execSync(String containerId, List<String> command, Duration timeout) {
        return execSync(containerId, command, timeout, Requester.ANYONE);
    }

    /**
     * ExecSync: runs a command in a running container and waits at most {@code timeout}. A command
     * that hangs or takes the timeout or longer times out (remote_runtime.go ExecSync: DeadlineExceeded).
     */
    public ExecSyncResponse execSync(String containerId, List<String> command, Duration timeout, Requester who) {
        SimProcess process = requireContainer(containerId);
        if (process.state() != ContainerState.RUNNING) {
            throw new PeapodException("container " + containerId + " is not running: exec needs a running container");
        }
        Response response = process.respond(Endpoint.exec(command), who);
        if (response.hangs() || response.delay().compareTo(timeout) >= 0) {
            return new ExecSyncResponse(-1, "", timeout, true);
        }
        return new ExecSyncResponse(response.exitCode(), response.output(), response.delay(), false);
    }

    /** What the container wrote to stdout and stderr, oldest first. */
    public List<LogLine> logs(String containerId) {
        return requireContainer(containerId).logs();
    }

    /**
     * {@code kubectl logs -f}: {@code line} hears each line the container writes from now on, on the
     * loop's thread (it must not wait), and {@code ended} runs once when the container exits or is
     * removed, at once if it is not running. The returned action stops both.
     */
    public Runnable followLogs(String containerId, java.util.function.Consumer<LogLine> line, Runnable ended) {
        return requireContainer(containerId).follow(line, ended);
    }

    // ---------------------------------------------------------------- images

    /**
     * The node holds exactly these images at start, and later also those it pulls. Without this call
     * the kubelet treats the node as having every image a registry would give (Peapod's default, so
     * that a spec need not list its images), and {@link #images()} lists none.
     */
    public void declareImages(List<String> declared) {
        everyImage = false;
        for (String image : declared) {
            images.put(Images.normalized(image), registry.size(image));
        }
    }

    /** Whether the node was given its images ({@link #declareImages}); false: it has every image. */
    public boolean declaresImages() {
        return !everyImage;
    }

    /**
     * PullImage (CRI ImageService): fails at once with the registry's error for an unpullable image
     * (the reference does not resolve, before any layer is fetched); otherwise the image is on the
     * node after its pull time. {@code done} hears the result then, at once when that is zero. Pulls
     * run side by side, as containerd runs them; the kubelet's serial puller asks for one at a time.
     */
    public void pullImage(String image, Consumer<PullResult> done) {
        String ref = Images.normalized(image);
        String error = registry.pullError(image);
        Duration took = error == null ? registry.pullDuration(image) : Duration.ZERO;
        PullResult result = new PullResult(ref, error, took, error == null ? registry.size(image) : 0);
        if (took.isZero()) {
            finishPull(result, done);
        } else {
            loop.scheduleAfter(took, "pull " + ref + " on " + nodeName, () -> finishPull(result, done));
        }
    }

    private void finishPull(PullResult result, Consumer<PullResult> done) {
        if (result.pulled()) {
            images.put(result.image(), result.sizeBytes());
        }
        done.accept(result);
    }

    /** The error a pull of this image would fail with; null when it pulls. */
    public String pullError(String image) {
        return registry.pullError(image);
    }

    /**
     * ImageStatus: whether this image is on the node, declared or pulled. (The kubelet treats a node
     * that declares no images as having every image: {@link #declaresImages()}.)
     */
    public boolean imagePresent(String image) {
        return images.containsKey(Images.normalized(image));
    }

    /**
     * ListImages as the kubelet's image manager returns it for the node status: largest first, equal
     * sizes by image id, highest first (pkg/kubelet/util/sliceutils ByImageSize). Empty for a node that
     * declares no images: "every image" is not a list.
     */
    public List<NodeImage> images() {
        if (everyImage) {
            return List.of();
        }
        List<String> refs = new ArrayList<>(images.keySet());
        refs.sort(Comparator.comparing((String ref) -> images.get(ref)).reversed()
                .thenComparing(Comparator.comparing(Images::digestReference).reversed()));
        List<NodeImage> list = new ArrayList<>();
        for (String ref : refs) {
            // an image pulled by digest has no tag to list (RepoTags is empty)
            List<String> names = ref.contains("@") ? List.of(ref) : List.of(Images.digestReference(ref), ref);
            list.add(new NodeImage(names, images.get(ref)));
        }
        return list;
    }

    /** The running processes of one container of one pod, oldest first (at most one, unless a restart overlaps). */
    public List<SimProcess> running(String namespace, String pod, String container) {
        List<SimProcess> found = new ArrayList<>();
        for (SimProcess p : containers.values()) {
            if (p.state() == ContainerState.RUNNING && p.name().equals(container)
                    && p.sandbox().namespace().equals(namespace) && p.sandbox().name().equals(pod)) {
                found.add(p);
            }
        }
        return found;
    }

    /**
     * The test changed the exits scripted for this container: its running processes take the new
     * plan now (a plan for a start still to come is read when it starts). A plan whose instant has
     * passed is a {@link PeapodException} naming it, never a silent no-op (issue #8).
     */
    public void exitsRescripted(String namespace, String pod, String container) {
        running(namespace, pod, container).forEach(SimProcess::replan);
    }

    // ---------------------------------------------------------------- programs

    /**
     * The program a container runs, in DESIGN §6's order as far as it is built (issue #9): a container
     * the test scripts keeps today's well-behaved server behind its script, so scripted specs keep
     * their timelines; a shell command line ({@code sh -c '...'}, {@code bash -c '...'}, {@code /bin/sh -c
     * '...'}) runs in Peapod's shell when the shell knows every program its script calls; anything else
     * is the well-behaved server. Image behaviours and image profiles will come between the script
     * and the shell.
     */
    private Program program(Sandbox sandbox, ContainerConfig config) {
        if (overrides.forContainer(sandbox.namespace(), sandbox.name(), config.spec().getName())
                .filter(Overrides.ScriptedContainer::scriptsTheProcess).isPresent()) { // hooks alone keep the program
            return Program.wellBehavedServer();
        }
        try {
            Optional<Program> imageProgram = profiles.program(config.spec().getImage() == null ? "" : config.spec().getImage(),
                    config.command(), config.args(), sandbox.hostname(), network.from(sandbox));
            if (imageProgram.isPresent()) {
                return imageProgram.get();
            }
        } catch (ShellException e) {
            return Program.wellBehavedServer(); // refused at apply (unrunnableScript); a pod written to the store directly keeps the default
        }
        List<String> line = config.commandLine();
        Optional<dev.peapod.runtime.images.ImageProfile> profile = profile(config.spec().getImage());
        if (profile.isPresent()) {
            // a profile that does not know what runs (a team's image with no ports or shell) still says how it stops
            return stoppingAs(Program.wellBehavedServer(), profile.get().onSigterm());
        }
        if (!isShellScript(line)) {
            return Program.wellBehavedServer();
        }
        try {
            // hostname(1) in a pod prints the pod's name (kubelet: the sandbox's hostname is pod.Name)
            ShellProgram shell = new ShellProgram(line, sandbox.hostname(), network.from(sandbox));
            // a script that runs a program the shell does not know (exec java -jar app.jar) is that
            // program: it keeps the default server rather than failing with "not found" at once
            return ShellProgram.unknownProgram(line).isPresent() ? Program.wellBehavedServer() : shell;
        } catch (ShellException e) {
            // the façade refuses such a pod when it is applied (unrunnableScript); a pod written to the
            // store directly gets the default server rather than an exception on the event loop
            return Program.wellBehavedServer();
        }
    }

    /** A program whose SIGTERM handling is the image profile's: exit with a code (after a delay), or ignore it. */
    private static Program stoppingAs(Program program, dev.peapod.runtime.images.OnSigterm onSigterm) {
        return new Program() {
            @Override
            public void onStart(ProcessContext process) {
                program.onStart(process);
            }

            @Override
            public void onSignal(ProcessContext process, Signal signal) {
                // a process that is not PID 1 (shareProcessNamespace) has no kernel shield: with no handler SIGTERM kills it
                if (onSigterm.ignores() && process.pid() != 1) {
                    process.exitAfter(java.time.Duration.ZERO, 143);
                } else if (!onSigterm.ignores()) {
                    process.exitAfter(onSigterm.after(), onSigterm.exitCode());
                }
            }

            @Override
            public ExecResult onExec(ProcessContext process, List<String> command) {
                return program.onExec(process, command);
            }

            @Override
            public Response onRequest(ProcessContext process, Endpoint request) {
                return program.onRequest(process, request);
            }
        };
    }

    /**
     * Why Peapod's shell cannot run this container's {@code sh -c} script (an unsupported or broken
     * construct, with its line and column); empty when the container runs no script or one the shell
     * runs. The façade asks this before a pod is applied, so the refusal comes from {@code apply}.
     */
    public static Optional<String> unrunnableScript(Container spec) {
        List<String> line = commandLine(spec);
        if (!isShellScript(line)) {
            return Optional.empty();
        }
        try {
            new ShellProgram(line, "check", Network.none());
            return Optional.empty();
        } catch (ShellException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * What the container runs: command then args. An image with no entrypoint (busybox, alpine,
     * debian) runs args alone when command is empty; image entrypoints come with image profiles.
     */
    static List<String> commandLine(Container spec) {
        List<String> line = new ArrayList<>();
        if (spec.getCommand() != null) {
            line.addAll(spec.getCommand());
        }
        if (spec.getArgs() != null) {
            line.addAll(spec.getArgs());
        }
        return line;
    }

    /** {@code sh}, {@code bash} or {@code ash} (any directory) with {@code -c} and a script, as the shell understands it. */
    static boolean isShellScript(List<String> line) {
        return ShellProgram.script(line).isPresent();
    }

    // ---------------------------------------------------------------- for processes

    Instant now() {
        return loop.now();
    }

    EventLoop loop() {
        return loop;
    }

    Overrides overrides() {
        return overrides;
    }

    void reportSignal(SimProcess process, Signal signal) {
        signals.signalled(process.sandbox().id(), process.id(), signal);
    }

    void reportExit(SimProcess process, ContainerExit exit) {
        listener.containerExited(process.sandbox().id(), process.id(), exit);
    }

    private void collectDeadContainers(Sandbox sandbox, String name) {
        List<SimProcess> dead = new ArrayList<>();
        for (SimProcess p : sandbox.processes.values()) {
            if (p.name().equals(name) && p.state() == ContainerState.EXITED) {
                dead.add(p);
            }
        }
        for (int i = 0; i < dead.size() - DEAD_CONTAINERS_KEPT; i++) {
            removeContainer(dead.get(i).id());
        }
    }

    /** containerd's util.GenerateID for an exec: 32 random bytes in hex, from the cluster's random. */
    String newExecId() {
        return newContainerId().substring("containerd://".length());
    }

    private String newContainerId() {
        StringBuilder hex = new StringBuilder("containerd://");
        for (int i = 0; i < 4; i++) {
            hex.append(String.format("%016x", random.nextLong()));
        }
        return hex.toString();
    }

    private Sandbox requireSandbox(String sandboxId) {
        Sandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null) {
            throw new PeapodException("no pod sandbox " + sandboxId + " on node " + nodeName);
        }
        return sandbox;
    }

    private SimProcess requireContainer(String containerId) {
        SimProcess process = containers.get(containerId);
        if (process == null) {
            throw new PeapodException("no container " + containerId + " on node " + nodeName);
        }
        return process;
    }
}
