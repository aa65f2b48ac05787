package dev.peapod.runtime;

import dev.peapod.core.Checks;
import dev.peapod.runtime.shell.ShellProgram;
import dev.peapod.time.Timer;
import io.fabric8.kubernetes.api.model.Container;
import org.apiguardian.api.API;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * One run of a container: a state machine on the event loop (created → running → exited) that runs
 * a {@link Program} behind the test's override layer. A restart is a new process with a new id, as
 * with containerd.
 *
 * <p>Exits: the process keeps one pending exit, armed as one timer. A new request (the program's
 * exit, its reaction to SIGTERM, the runtime's SIGKILL at the timeout) replaces it when it is not
 * later; at the same instant the later decision wins, so a shutdown that would finish exactly at
 * the timeout loses to SIGKILL (137). Every request re-arms the timer.
 */
@API(status = INTERNAL, since = "0.1")
public final class SimProcess {
    private final NodeRuntime runtime;
    private final String id;
    private final Sandbox sandbox;
    private final Container spec;
    private final ContainerConfig config;
    private final int startNumber;
    private final Instant createdAt;
    private final Program program;
    private final Context context = new Context();
    private ContainerState state = ContainerState.CREATED;
    private Instant startedAt;
    private ContainerExit pending;       // the exit armed on the loop
    private boolean pendingIsKill;       // the armed exit is SIGKILL at a stop's timeout
    private boolean stopping;            // SIGTERM was sent: the exit plan no longer changes
    private boolean pendingIsPlan;       // the armed exit is the script's planned exit: a new plan replaces it
    private Timer exitTimer;
    private ContainerExit exit;          // how it ended; null until then
    private final List<LogLine> logs = new ArrayList<>();
    // kubectl logs -f, until this run ends; a client that goes away leaves from its connection's thread
    private final List<LogFollower> followers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Path root;             // this run's root file system on the node's disk
    private final ContainerFiles files;
    private ProcessTable processes;      // its PID namespace, from its start
    private int pid;                     // its main process there
    private int hostPid;                 // the same process in the node's namespace
    private final Overrides overrides;   // the runtime's, copied here: every probe reads it
    private Optional<Overrides.ScriptedContainer> script; // the override layer as last looked up; null: not yet
    private long layersSeen;             // the registry's layer count at that lookup

    SimProcess(NodeRuntime runtime, String id, Sandbox sandbox, ContainerConfig config, int startNumber, Instant createdAt,
               Program program) {
        this.runtime = runtime;
        this.overrides = runtime.overrides();
        this.id = id;
        this.sandbox = sandbox;
        var profile = runtime.profile(config.spec().getImage());
        this.config = profile.isEmpty() || profile.get().env().isEmpty() ? config : withImageEnv(config, profile.get().env());
        this.spec = config.spec();
        this.root = newRoot(runtime.disk(), id, config.mounts(),
                profile.map(dev.peapod.runtime.images.ImageProfile::files).orElse(Map.of()));
        this.files = new ContainerFiles(root, config.mounts(), runtime.disk()::settle);
        this.startNumber = startNumber;
        this.createdAt = createdAt;
        this.program = program;
    }

    /** {@code containerd://<64 hex>}. */
    public String id() {
        return id;
    }

    /** When it started; null while only created. */
    public Instant startedAt() {
        return startedAt;
    }

    /** 1 for the first run, 2 for the first restart, ... */
    public int startNumber() {
        return startNumber;
    }

    public ContainerState state() {
        return state;
    }

    /** How it ended, once it has. */
    public Optional<ContainerExit> exit() {
        return Optional.ofNullable(exit);
    }

    /** How the application answers a request now: the script if it answers, else the program. */
    public Response respond(Endpoint request, Requester who) {
        Optional<Overrides.ScriptedContainer> layer = script();
        if (layer.isPresent()) { // no lambda: every probe comes here
            Optional<Response> scripted = layer.get().answer(context, request, who);
            if (scripted.isPresent()) {
                return scripted.get();
            }
        }
        if (request.kind() == Endpoint.Kind.EXEC) {
            ExecResult result = program.onExec(context, request.command());
            return Response.exec(result.exitCode(), result.output());
        }
        return program.onRequest(context, request);
    }

    /** The test's script for a lifecycle hook of this run, if it has one: the kubelet runs it in place of the handler. */
    public Optional<HookAnswer> scriptedHook(HookAnswer.Hook hook) {
        return script().flatMap(s -> s.hook(hook, startNumber));
    }

    ContainerStatus status() {
        return new ContainerStatus(id, spec.getName(), state, createdAt, startedAt, exit, startNumber);
    }

    String name() {
        return spec.getName();
    }

    Sandbox sandbox() {
        return sandbox;
    }

    List<LogLine> logs() {
        return List.copyOf(logs);
    }

    /** Who hears each line this run writes from now on, and its end: a run that is over ends at once. */
    Runnable follow(java.util.function.Consumer<LogLine> line, Runnable ended) {
        if (state == ContainerState.EXITED) {
            ended.run();
            return () -> { };
        }
        LogFollower follower = new LogFollower(line, ended);
        followers.add(follower);
        return () -> followers.remove(follower);
    }

    private void wrote(LogLine line) {
        logs.add(line);
        for (LogFollower follower : followers) {
            follower.line().accept(line);
        }
    }

    /**
     * The run is over: its followers' streams end (the kubelet's log reader stops when the container does).
     */
    private void endFollowers() {
        List<LogFollower> ending = List.copyOf(followers);
        followers.clear();
        ending.forEach(follower -> follower.ended().run());
    }

    /** After the run's end is reported: the commands exec'd into it that still run die with it, each heard once with 137. */
    private void killExecs() {
        List<Consumer<ExecOutput>> killed = List.copyOf(execs);
        killed.forEach(exec -> exec.accept(new ExecOutput(137, "", "")));
    }

    /** The commands exec'd into this run that have not ended, each heard once ({@link #exec}). */
    private final java.util.Set<Consumer<ExecOutput>> execs = new java.util.LinkedHashSet<>();

    private record LogFollower(java.util.function.Consumer<LogLine> line, Runnable ended) {
    }

    /** This run's files: its root file system with the pod's mounts over it. */
    public ContainerFiles files() {
        return files;
    }

    /**
     * {@code kubectl exec}: runs a command in this running container, in its program: the test's
     * script answers first, a shell container runs it in a shell of its own on the container's files
     * ({@link ShellProgram#execSeparately}), any other program through {@link Program#onExec}, whose
     * output is stdout. {@code done} hears the result when the command ends, at once or later in
     * virtual time; a command the script makes hang never ends. Never on the host.
     */
    public void exec(List<String> command, Consumer<ExecOutput> heard) {
        exec(command, heard, false);
    }

    /**
     * {@code kubectl exec} through the API: as {@link #exec}, but a command the program says cannot start
     * ({@link Program#execStartError}) runs nothing and throws containerd's error
     * (internal/cri/server/container_execsync.go, v2.1: {@code failed to start exec "<64 hex>": OCI runtime
     * exec failed: exec failed: unable to start container process: <runc's error>: unknown}), the exec id
     * drawn from the cluster's random. A test's script for the command answers first, as ever.
     */
    public void execOrFailToStart(List<String> command, Consumer<ExecOutput> heard) {
        exec(command, heard, true);
    }

    private void exec(List<String> command, Consumer<ExecOutput> heard, boolean failToStart) {
        if (state != ContainerState.RUNNING) {
            throw new dev.peapod.core.PeapodException("container " + id + " is " + state + ": exec needs a running container");
        }
        // the command dies with the run: a run that ends first ends it as SIGKILL does (137), and it is heard once
        java.util.concurrent.atomic.AtomicReference<Consumer<ExecOutput>> self = new java.util.concurrent.atomic.AtomicReference<>();
        Consumer<ExecOutput> done = output -> {
            if (execs.remove(self.get())) {
                heard.accept(output);
            }
        };
        self.set(done);
        execs.add(done);
        Optional<Response> scripted = script().flatMap(s -> s.answer(context, Endpoint.exec(command), Requester.ANYONE));
        if (scripted.isPresent()) {
            Response response = scripted.get();
            if (response.hangs()) {
                return;
            }
            ExecOutput output = new ExecOutput(response.exitCode(), response.output() == null ? "" : response.output(), "");
            if (response.delay().isZero()) {
                done.accept(output);
            } else {
                context.scheduleAfter(response.delay(), () -> done.accept(output));
            }
        } else if (failToStart && program.execStartError(context, command).isPresent()) {
            execs.remove(done);
            throw new dev.peapod.core.PeapodException("failed to start exec \"" + runtime.newExecId() + "\": OCI runtime exec failed: "
                    + "exec failed: unable to start container process: " + program.execStartError(context, command).get() + ": unknown");
        } else if (program instanceof ShellProgram shell) {
            shell.execSeparately(context, command, done);
        } else {
            program.onExecAsync(context, command, done); // a server's shell may take virtual time
        }
    }

    /** The mounts the kubelet asked for, as the CRI's ContainerStatus.Mounts reports them. */
    public List<Mount> mounts() {
        return config.mounts();
    }

    void start() {
        if (state != ContainerState.CREATED) {
            throw new dev.peapod.core.PeapodException("container " + id + " is " + state + ", not CREATED: it cannot be started again");
        }
        state = ContainerState.RUNNING;
        startedAt = runtime.now();
        processes = sandbox.sharedProcesses().orElseGet(ProcessTable::new);
        // what containerd starts: the image's entrypoint and cmd under the container's command and args
        List<String> line = runtime.profile(spec.getImage()).map(p -> p.commandLine(config.command(), config.args()))
                .orElseGet(config::commandLine);
        pid = processes.spawn("root", String.join(" ", line), this::signalledByPeer);
        // the same process as the node sees it, with its host PID (hostPID pods list every container of the node)
        hostPid = processes == runtime.nodeProcesses() ? pid
                : runtime.nodeProcesses().spawn("root", String.join(" ", line), this::signalledByPeer);
        program.onStart(context);
        script().flatMap(s -> s.plannedExit(startNumber)).ifPresent(this::requestPlanned);
    }

    /**
     * The script's exits changed while this process runs: the plan it ran with is dropped and the
     * plan that now applies to this start is armed. One whose instant has passed cannot take effect:
     * that is an error, not silence.
     */
    void replan() {
        if (state != ContainerState.RUNNING || stopping) {
            return; // a container being stopped keeps its course to SIGKILL
        }
        Optional<PlannedExit> plan = script().flatMap(s -> s.plannedExit(startNumber));
        Duration ran = Duration.between(startedAt, runtime.now());
        if (plan.isPresent() && plan.get().after().compareTo(ran) < 0) {
            // refused before anything changes: the exit this run already has stays armed
            throw new dev.peapod.core.PeapodException("the exit scripted for container \"" + name() + "\" of pod "
                    + sandbox.namespace() + "/" + sandbox.name() + " (exit code " + plan.get().exitCode() + " after "
                    + Checks.readable(plan.get().after()) + ") can no longer take effect: this run of the container (start " + startNumber
                    + ") has already run " + Checks.readable(ran) + ". Script the exit before the container starts, "
                    + "give an after(...) of at least " + Checks.readable(ran) + ", or name later starts with onStarts(...)");
        }
        if (pendingIsPlan) {
            exitTimer.cancel();
            exitTimer = null;
            pending = null;
            pendingIsPlan = false;
        }
        if (plan.isEmpty()) {
            return;
        }
        requestPlanned(plan.get());
    }

    private void requestPlanned(PlannedExit plan) {
        if (request(ContainerExit.of(startedAt.plus(plan.after()), plan.oomKilled() ? 137 : plan.exitCode(), plan.oomKilled()), false)) {
            pendingIsPlan = true;
        }
    }

    /**
     * The image's stop signal now (SIGTERM unless its config says STOPSIGNAL; the script or the program
     * decides what it does), SIGKILL at {@code timeout} (containerd's StopContainer).
     */
    void stop(Duration timeout) {
        if (state != ContainerState.RUNNING) {
            return;
        }
        stopping = true;
        Signal stop = runtime.profile(spec.getImage()).map(dev.peapod.runtime.images.ImageProfile::stopSignal).orElse(Signal.SIGTERM);
        runtime.reportSignal(this, stop);
        if (script().map(s -> !s.onSigterm(context)).orElse(true)) {
            program.onSignal(context, stop);
        }
        request(ContainerExit.of(runtime.now().plus(timeout), 137, false), true); // 128 + SIGKILL
    }

    /**
     * A signal from another process of its PID namespace ({@code kill} in another container of a pod
     * sharing one): TERM reaches the script or the program as the runtime's would, KILL ends it with
     * 137 at once; other signals are not simulated and do nothing.
     */
    private void signalledByPeer(String signal) {
        if (state != ContainerState.RUNNING) {
            return;
        }
        if (signal.equals("KILL")) {
            runtime.reportSignal(this, Signal.SIGKILL);
            request(ContainerExit.of(runtime.now(), 137, false), false);
        } else if (signal.equals("TERM")) {
            runtime.reportSignal(this, Signal.SIGTERM);
            if (script().map(s -> !s.onSigterm(context)).orElse(true)) {
                program.onSignal(context, Signal.SIGTERM);
            }
        }
    }

    /** Gone with its sandbox: no exit is reported, since nobody is left to hear it. */
    void discard() {
        if (exitTimer != null) {
            exitTimer.cancel();
        }
        if (state != ContainerState.EXITED) {
            state = ContainerState.EXITED;
            exit = ContainerExit.of(runtime.now(), 137, false);
        }
        endFollowers();
        sandbox.release(id);
        leaveProcessTable();
        closeFiles();
        killExecs();
    }

    private void leaveProcessTable() {
        if (processes != null) {
            processes.exit(pid);
            runtime.nodeProcesses().exit(hostPid);
        }
    }

    /** The run's root file system is gone with it (RemoveContainer); volumes stay with the pod. */
    void closeFiles() {
        runtime.disk().settle();
        NodeDisk.deleteTree(root);
    }

    /**
     * A run's own root file system on the node's disk, never the host's (DESIGN §6): the image's
     * {@code /tmp} (world-writable as in busybox and debian images; Jimfs keeps no sticky bit) and
     * the mount points, which runc creates (a directory, or an empty file where a file is mounted).
     * Each run gets a new one: what a container writes outside its volumes is gone with a restart.
     */
    /** The image's environment (PATH, NGINX_VERSION, ...) under the container's own, which wins, as containerd merges them. */
    private static ContainerConfig withImageEnv(ContainerConfig config, Map<String, String> imageEnv) {
        Map<String, String> env = new java.util.LinkedHashMap<>(imageEnv);
        env.putAll(config.env());
        return new ContainerConfig(config.spec(), config.command(), config.args(), env, config.mounts(), config.workingDir());
    }

    static Path newRoot(NodeDisk disk, String containerId, List<Mount> mounts,
                        Map<String, dev.peapod.runtime.images.ImageFile> imageFiles) {
        Path root = disk.name(NodeDisk.CONTAINERS).resolve(containerId.substring(containerId.indexOf("://") + 3)).resolve("rootfs");
        // made when the disk is next read (NodeDisk.later), dated now: a run whose files nobody reads costs a few objects
        disk.later(() -> makeRoot(disk, root, mounts, imageFiles));
        return root;
    }

    private static void makeRoot(NodeDisk disk, Path root, List<Mount> mounts,
                                 Map<String, dev.peapod.runtime.images.ImageFile> imageFiles) throws IOException {
        NodeDisk.createDirectories(root);
        Path tmp = Files.createDirectory(root.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        for (Map.Entry<String, dev.peapod.runtime.images.ImageFile> file : imageFiles.entrySet()) {
            Path path = root.resolve(file.getKey().substring(1));
            NodeDisk.createDirectories(path.getParent());
            Files.writeString(path, file.getValue().content(), java.nio.charset.StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(path, NodeDisk.permissions(file.getValue().mode()));
        }
        for (Mount mount : mounts) {
            Path point = root.resolve(mount.containerPath().substring(1));
            if (Files.isRegularFile(mount.source(disk))) {
                NodeDisk.createDirectories(point.getParent());
                if (!Files.exists(point)) {
                    Files.createFile(point);
                }
            } else {
                NodeDisk.createDirectories(point);
            }
        }
    }

    /** True when the requested exit is now the armed one. */
    private boolean request(ContainerExit requested, boolean kill) {
        boolean replaces = pending == null || !requested.at().isAfter(pending.at());
        if (replaces) {
            pending = requested;
            pendingIsKill = kill;
            pendingIsPlan = false;
        }
        if (exitTimer != null) {
            exitTimer.cancel();
        }
        ContainerExit armed = pending;
        exitTimer = runtime.loop().schedule(armed.at(), "exit " + sandbox.namespace() + "/" + sandbox.name() + "/" + name(),
                () -> exited(armed));
        return replaces;
    }

    private void exited(ContainerExit how) {
        if (state != ContainerState.RUNNING) {
            return;
        }
        if (pendingIsKill) {
            runtime.reportSignal(this, Signal.SIGKILL);
        }
        state = ContainerState.EXITED;
        exit = how;
        pending = null;
        pendingIsKill = false;
        pendingIsPlan = false;
        exitTimer = null;
        sandbox.release(id);
        leaveProcessTable();
        endFollowers();
        runtime.reportExit(this, how);
        killExecs();
    }

    /**
     * The test's override layer of this container, if any. A test may script a container that already runs,
     * so an absent layer is asked for again whenever the registry's layer count moved; a found one is the
     * container's for good ({@link Overrides#layerCount}). Every probe asks: this keeps that to a field read.
     */
    private Optional<Overrides.ScriptedContainer> script() {
        Optional<Overrides.ScriptedContainer> known = script;
        if (known != null && known.isPresent()) {
            return known;
        }
        long count = overrides.layerCount();
        if (count < 0) {
            return overrides.forContainer(sandbox.namespace(), sandbox.name(), spec.getName()); // not counted: ask every time
        }
        if (known == null || count != layersSeen) {
            known = overrides.forContainer(sandbox.namespace(), sandbox.name(), spec.getName());
            script = known;
            layersSeen = count;
        }
        return known;
    }

    /** The program's view of its process. */
    private final class Context implements ProcessContext {
        @Override
        public Instant now() {
            return runtime.now();
        }

        @Override
        public Instant startedAt() {
            return startedAt;
        }

        @Override
        public int startNumber() {
            return startNumber;
        }

        @Override
        public Container spec() {
            return spec;
        }

        @Override
        public String podIp() {
            return sandbox.ip();
        }

        @Override
        public Timer scheduleAfter(Duration delay, Runnable action) {
            return runtime.loop().scheduleAfter(delay, "program " + sandbox.namespace() + "/" + sandbox.name() + "/" + name(), () -> {
                if (state == ContainerState.RUNNING) {
                    action.run();
                }
            });
        }

        @Override
        public void exit(int exitCode) {
            exitAfter(Duration.ZERO, exitCode);
        }

        @Override
        public void exitAfter(Duration delay, int exitCode) {
            if (state == ContainerState.RUNNING) {
                request(ContainerExit.of(runtime.now().plus(delay), exitCode, false), false);
            }
        }

        @Override
        public boolean listen(int port) {
            return sandbox.listen(port, id);
        }

        @Override
        public ContainerFiles files() {
            return files;
        }

        @Override
        public Map<String, String> env() {
            return config.env();
        }

        @Override
        public List<String> commandLine() {
            return config.commandLine();
        }

        @Override
        public ProcessTable processes() {
            return processes;
        }

        @Override
        public int pid() {
            return pid;
        }

        @Override
        public void stdout(String line) {
            wrote(new LogLine(runtime.now(), LogLine.Stream.STDOUT, line));
        }

        @Override
        public void stderr(String line) {
            wrote(new LogLine(runtime.now(), LogLine.Stream.STDERR, line));
        }
    }
}
