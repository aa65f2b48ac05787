package dev.peapod;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.runtime.ExecOutput;
import dev.peapod.runtime.LogLine;
import dev.peapod.runtime.NodeRuntime;
import dev.peapod.runtime.SimProcess;
import dev.peapod.spi.ClusterContext;
import dev.peapod.time.EngineLock;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What {@code kubectl exec}, {@code kubectl cp} and {@code kubectl logs} show of one container, from
 * {@link FakeCluster#inContainer(String, String)}:
 * <pre>{@code
 * ExecOutput ls = cluster.inContainer("web", "app").exec("ls", "-la", "/data");   // in virtual time
 * String page = cluster.inContainer("web", "app").file("/data/index.html");
 * String now = cluster.inContainer("web", "app").logs();                           // kubectl logs
 * String before = cluster.inContainer("e2e", "web", "app").previousLogs();         // kubectl logs --previous
 * }</pre>
 * Everything runs in the container's simulated program on the node's in-memory disk, never on the
 * host. The view names a container, not one run of it: each call reads the pod's status again and
 * finds the run that status shows, as kubectl does.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ContainerView {
    /** How long {@link #exec} lets virtual time pass for a command to end, unless {@link #within} says otherwise. */
    public static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofMinutes(1);

    private final ClusterContext context;
    private final Function<String, Optional<NodeRuntime>> runtimes;
    private final EngineLock.Guard guard;
    private final String namespace;
    private final String pod;
    private final String container;
    private final Duration timeout;

    ContainerView(ClusterContext context, Function<String, Optional<NodeRuntime>> runtimes, EngineLock.Guard guard,
                  String namespace, String pod, String container, Duration timeout) {
        this.context = context;
        this.runtimes = runtimes;
        this.guard = guard;
        this.namespace = namespace;
        this.pod = pod;
        this.container = container;
        this.timeout = timeout;
    }

    /** The same view, whose {@link #exec} lets at most {@code timeout} of virtual time pass. */
    public ContainerView within(Duration timeout) {
        Checks.duration(timeout, "within(timeout): timeout");
        return new ContainerView(context, runtimes, guard, namespace, pod, container, timeout);
    }

    /**
     * {@code kubectl exec <pod> -c <container> -- <command...>}: runs the command in the running
     * container's program (a shell container's shell, else the program's exec answer; the test's
     * script first) and lets virtual time pass until it ends, at most the timeout (1 minute unless
     * {@link #within} says otherwise). The cluster goes on meanwhile: probes, exits, restarts.
     *
     * @throws PeapodException when the container is not running, or the command does not end in time
     */
    public ExecOutput exec(String... command) {
        try (EngineLock.Held held = guard.enter("ContainerView.exec")) {
            if (command == null || command.length == 0) {
                throw new PeapodException("exec(command...) needs a command, e.g. exec(\"ls\", \"-la\", \"/data\")");
            }
            List<String> line = List.of(command);
            SimProcess process = running("run " + quoted(line) + " in");
            ExecOutput[] result = new ExecOutput[1];
            process.exec(line, output -> result[0] = output);
            if (!context.loop().runUntil(() -> result[0] != null, timeout)) {
                throw new PeapodException(quoted(line) + " in " + where() + " did not end within " + Checks.readable(timeout)
                        + " of virtual time; give it longer with within(Duration), or check that the container still runs");
            }
            return result[0];
        }
    }

    /**
     * {@code pods/exec} through the HTTP API: checks that the container runs and returns what starts the
     * command in it (the run it finds then); {@code done} hears the output when the command ends, in virtual
     * time (on the engine's thread), or 137 when the run ends first. A command the runtime cannot start makes
     * the returned task throw containerd's error ({@code failed to exec in container: failed to start exec ...}).
     *
     * @throws PeapodException {@code container not found ("web")}, the kubelet's words, when the container is not running
     */
    Runnable prepareExec(List<String> command, java.util.function.Consumer<ExecOutput> done) {
        try (EngineLock.Held held = guard.enter("pods/exec")) {
            runningForExec();
            return () -> {
                try (EngineLock.Held starting = guard.enter("pods/exec")) {
                    SimProcess process = runningForExec();
                    try {
                        process.execOrFailToStart(command, done);
                    } catch (PeapodException notStarted) {
                        // containerd's streaming Exec (internal/cri/server/streaming.go) wraps the start's error
                        throw new PeapodException("failed to exec in container: " + notStarted.getMessage());
                    }
                }
            };
        }
    }

    /** The running process, or the kubelet's findContainer refusal (it looks only at running containers). */
    private SimProcess runningForExec() {
        try {
            return running("exec in");
        } catch (PeapodException notRunning) {
            throw new PeapodException("container not found (\"" + container + "\")");
        }
    }

    /**
     * The contents of a file as the running container sees it (its own files and the pod's volumes
     * mounted over them), as {@code kubectl exec -- cat <path>} prints it.
     *
     * @throws PeapodException when the container is not running, or the path is no file in it
     */
    public String file(String path) {
        try (EngineLock.Held held = guard.enter("ContainerView.file")) {
            Checks.notNull(path, "file(path): path");
            if (!path.startsWith("/")) {
                throw new PeapodException("file(path): a path in a container is absolute, like /tmp/healthy, but was \"" + path + "\"");
            }
            SimProcess process = running("read file " + path + " in");
            Path file = process.files().path(path);
            if (Files.isDirectory(file)) {
                throw new PeapodException("file " + path + " in " + where() + " is a directory; list it with exec(\"ls\", \"-la\", \"" + path + "\")");
            }
            if (!Files.isRegularFile(file)) {
                throw new PeapodException("file " + path + " in " + where() + " does not exist; list its directory with exec(\"ls\", \"-la\", \""
                        + parent(path) + "\")");
            }
            try {
                return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code kubectl logs <pod> -c <container>}: what the current run wrote to stdout and stderr, interleaved, a line each. */
    public String logs() {
        try (EngineLock.Held held = guard.enter("ContainerView.logs")) {
            return logs(false);
        }
    }

    /**
     * {@code kubectl logs --previous}: what the run before the current one wrote (the runtime keeps
     * one dead run per container).
     *
     * @throws PeapodException {@code previous terminated container "c" in pod "p" not found} when there was none
     */
    public String previousLogs() {
        try (EngineLock.Held held = guard.enter("ContainerView.previousLogs")) {
            return logs(true);
        }
    }

    private String logs(boolean previous) {
        StringBuilder text = new StringBuilder();
        for (LogLine line : logLines(previous)) {
            text.append(line.text()).append('\n');
        }
        return text.toString();
    }

    /** The lines of the current run, or of the one before it, with their instants: what the HTTP API's pods/log reads. */
    List<LogLine> logLines(boolean previous) {
        try (EngineLock.Held held = guard.enter("ContainerView.logLines")) {
            Pod current = requirePod();
            String id = logContainerId(current, previous);
            NodeRuntime runtime = runtimeOf(current);
            try {
                return runtime.logs(id);
            } catch (PeapodException gone) {
                throw new PeapodException("the logs of " + (previous ? "the previous run of " : "") + where()
                        + " are gone with its container (" + id + "): the runtime keeps only the last dead run");
            }
        }
    }

    /**
     * The lines so far of the run {@link #logLines} reads, and each new one it writes to {@code line}
     * until it ends ({@code ended}, at once for a run that is over): what {@code pods/log?follow=true}
     * streams. Both in one hold of the engine, so that no line falls between them.
     */
    dev.peapod.apiserver.PodLogSource.Following followLogLines(boolean previous, java.util.function.Consumer<LogLine> line,
                                                               Runnable ended) {
        try (EngineLock.Held held = guard.enter("ContainerView.followLogLines")) {
            Pod current = requirePod();
            String id = logContainerId(current, previous);
            NodeRuntime runtime = runtimeOf(current);
            try {
                List<LogLine> lines = runtime.logs(id);
                return new dev.peapod.apiserver.PodLogSource.Following(lines, runtime.followLogs(id, line, ended));
            } catch (PeapodException gone) {
                throw new PeapodException("the logs of " + (previous ? "the previous run of " : "") + where()
                        + " are gone with its container (" + id + "): the runtime keeps only the last dead run");
            }
        }
    }

    /**
     * Which run's logs to read, from the pod's status: kubelet_pods.go validateContainerLogStatus
     * (v1.33), with its error texts.
     */
    private String logContainerId(Pod current, boolean previous) {
        ContainerStatus status = statusOf(current).orElseThrow(() -> new PeapodException(
                "container " + goQuote(container) + " in pod " + goQuote(pod) + " is not available"));
        ContainerState last = status.getLastState();
        String lastId = last == null || last.getTerminated() == null ? null : last.getTerminated().getContainerID();
        ContainerState state = status.getState();
        if (previous) {
            if (lastId == null || lastId.isEmpty()) {
                throw new PeapodException("previous terminated container " + goQuote(container) + " in pod " + goQuote(pod) + " not found");
            }
            return lastId;
        }
        if (state != null && state.getRunning() != null) {
            return status.getContainerID();
        }
        if (state != null && state.getTerminated() != null) {
            String id = state.getTerminated().getContainerID();
            if (id != null && !id.isEmpty()) {
                return id;
            }
            if (lastId != null && !lastId.isEmpty()) {
                return lastId;
            }
            throw new PeapodException("container " + goQuote(container) + " in pod " + goQuote(pod) + " is terminated");
        }
        if (lastId != null && !lastId.isEmpty()) {
            return lastId;
        }
        if (state != null && state.getWaiting() != null) {
            String reason = state.getWaiting().getReason();
            String why = switch (reason == null ? "" : reason) {
                case "ErrImagePull" -> "image can't be pulled";
                case "ImagePullBackOff" -> "trying and failing to pull image";
                default -> reason;
            };
            throw new PeapodException("container " + goQuote(container) + " in pod " + goQuote(pod) + " is waiting to start: " + why);
        }
        throw new PeapodException("container " + goQuote(container) + " in pod " + goQuote(pod) + " is waiting to start - no logs yet");
    }

    /** The current run, which must be running; {@code doing} says what the caller wanted, for the error. */
    private SimProcess running(String doing) {
        Pod current = requirePod();
        Optional<ContainerStatus> status = statusOf(current);
        if (status.isEmpty() || status.get().getState() == null || status.get().getState().getRunning() == null) {
            throw new PeapodException("cannot " + doing + " " + where() + ": the container is not running ("
                    + describe(status) + "); wait until it runs, e.g. cluster.await(...).until(...)");
        }
        return runtimeOf(current).container(status.get().getContainerID());
    }

    private Pod requirePod() {
        Pod current = context.store().require(Pod.class, namespace, pod);
        List<String> names = new ArrayList<>();
        for (Container c : nullToEmpty(current.getSpec().getInitContainers())) {
            names.add(c.getName());
        }
        for (Container c : nullToEmpty(current.getSpec().getContainers())) {
            names.add(c.getName());
        }
        if (!names.contains(container)) {
            // the API server's words (pkg/registry/core/pod/strategy.go validateContainer), then what there is
            throw new PeapodException("container " + container + " is not valid for pod " + pod + "; its containers are " + names);
        }
        return current;
    }

    private NodeRuntime runtimeOf(Pod current) {
        String node = current.getSpec().getNodeName();
        if (node == null || node.isEmpty()) {
            throw new PeapodException("pod " + namespace + "/" + pod + " is not on a node yet: " + where() + " has not run");
        }
        return runtimes.apply(node).orElseThrow(() -> new PeapodException("pod " + namespace + "/" + pod + " is bound to node "
                + node + ", which has no kubelet in this cluster"));
    }

    private Optional<ContainerStatus> statusOf(Pod current) {
        if (current.getStatus() == null) {
            return Optional.empty();
        }
        List<ContainerStatus> all = new ArrayList<>(nullToEmpty(current.getStatus().getContainerStatuses()));
        all.addAll(nullToEmpty(current.getStatus().getInitContainerStatuses()));
        return all.stream().filter(s -> container.equals(s.getName())).findFirst();
    }

    private static String describe(Optional<ContainerStatus> status) {
        if (status.isEmpty() || status.get().getState() == null) {
            return "it has no status yet";
        }
        ContainerState state = status.get().getState();
        if (state.getTerminated() != null) {
            return "it terminated with exit code " + state.getTerminated().getExitCode() + ", reason " + state.getTerminated().getReason();
        }
        if (state.getWaiting() != null) {
            return "it is waiting: " + state.getWaiting().getReason();
        }
        return "it has no state";
    }

    private String where() {
        return "container \"" + container + "\" of pod " + namespace + "/" + pod;
    }

    private static String quoted(List<String> command) {
        return "\"" + String.join(" ", command) + "\"";
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** Go's %q for the names upstream quotes. */
    private static String goQuote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
