package dev.peapod.kubelet;

import dev.peapod.core.PeapodException;
import dev.peapod.runtime.Endpoint;
import dev.peapod.runtime.HookAnswer;
import dev.peapod.runtime.Requester;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.SimProcess;
import dev.peapod.time.EventLoop;
import dev.peapod.time.Timer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs a container's lifecycle hook as upstream's handler runner does (pkg/kubelet/lifecycle/handlers.go
 * {@code handlerRunner.Run}, v1.33), in virtual time:
 * <ul>
 *   <li>exec: the command runs in the container through its program (a shell container's shell and
 *       files), with no timeout (Run passes 0); it fails on a non-zero exit, with the error the CRI's
 *       ExecSync gives ({@code command '<cmd>' exited with <code>: <stderr>}, remote_runtime.go) and the
 *       combined output as the message. The command is not expanded: hooks get no {@code $(VAR)}.
 *       An exec still running when the container dies ends with the killed process's 137.</li>
 *   <li>httpGet: a GET to the pod IP (or the hook's host) and port; only a transport error fails it
 *       (runHTTPHandler returns the client's error, and a 500 is no error). The kubelet's client has no
 *       timeout, so a request the container never answers never ends.</li>
 *   <li>sleep: waits its seconds in the kubelet; it cannot fail.</li>
 * </ul>
 * A test's script for the hook ({@link SimProcess#scriptedHook}) replaces the handler: it takes its
 * time and fails as a failure of that handler would.
 */
final class LifecycleHooks {
    private LifecycleHooks() {
    }

    /** How a hook run ended: failed or not, with upstream's message for a failure (handlers.go Run). */
    record Outcome(boolean failed, String message, String fallback) {
        static final Outcome OK = new Outcome(false, "", null);

        Outcome(boolean failed, String message) {
            this(failed, message, null);
        }
    }

    /** What the hook runs against: the pod and container, the run's process and the loop it waits on. */
    record Target(Pod pod, Container container, SimProcess process, String podIp, EventLoop loop) {
    }

    /** One run of a hook. It ends once: by its handler, its script, or the death of its container (exec). */
    static final class Run {
        final HookAnswer.Hook hook;
        private final Consumer<Outcome> done;
        private boolean ended;
        private Timer timer;
        /** Set for an exec run: what the hook ends with if the container dies first. */
        private Outcome onContainerDeath;

        private Run(HookAnswer.Hook hook, Consumer<Outcome> done) {
            this.hook = hook;
            this.done = done;
        }

        boolean ended() {
            return ended;
        }

        private void end(Outcome outcome) {
            if (ended) {
                return;
            }
            ended = true;
            if (timer != null) {
                timer.cancel();
            }
            done.accept(outcome);
        }

        /** The container died: an exec still running in it is killed with it (exit 137). */
        void containerDied() {
            if (onContainerDeath != null) {
                end(onContainerDeath);
            }
        }

    }

    /**
     * Starts the hook; {@code done} hears its outcome when it ends, at once when it takes no time
     * (before this returns).
     */
    static Run run(HookAnswer.Hook hook, LifecycleHandler handler, Target target, Consumer<Outcome> done) {
        Run run = new Run(hook, done);
        var scripted = target.process().scriptedHook(hook);
        boolean dead = target.process().state() != dev.peapod.runtime.ContainerState.RUNNING;
        if (dead && handler.getExec() != null) {
            // the kill of a run that has already ended still runs its preStop hook (killContainer never checks the
            // state); containerd refuses the exec (cri ExecSync: "container is in CONTAINER_EXITED state")
            run.end(execError(handler.getExec().getCommand(), target,
                    "rpc error: code = Unknown desc = container is in CONTAINER_EXITED state"));
        } else if (dead && handler.getHttpGet() != null) {
            run.end(httpFailure(handler.getHttpGet(), target, refused(request(handler.getHttpGet(), target))));
        } else if (scripted.isPresent()) {
            runScripted(run, handler, target, scripted.get());
        } else if (handler.getExec() != null) {
            exec(run, handler.getExec().getCommand(), target);
        } else if (handler.getHttpGet() != null) {
            http(run, handler.getHttpGet(), target);
        } else if (handler.getSleep() != null) {
            long seconds = handler.getSleep().getSeconds() == null ? 0 : handler.getSleep().getSeconds();
            after(run, target.loop(), Duration.ofSeconds(seconds), Outcome.OK);
        } else {
            // validation refuses a handler with no action; handlers.go's default case says this
            run.end(new Outcome(true, "Cannot run handler: invalid handler: " + handler));
        }
        return run;
    }

    /** The script's time, then its outcome in the words of the handler's own failure. */
    private static void runScripted(Run run, LifecycleHandler handler, Target target, HookAnswer answer) {
        Outcome outcome = Outcome.OK;
        if (answer.fails()) {
            if (handler.getExec() != null) {
                outcome = execFailure(handler.getExec().getCommand(), target, 1, "", "");
            } else if (handler.getHttpGet() != null) {
                Request request = request(handler.getHttpGet(), target);
                outcome = httpFailure(handler.getHttpGet(), target, refused(request));
            } else {
                throw new PeapodException("the " + run.hook.label() + " hook of container \"" + target.container().getName()
                        + "\" of pod " + target.pod().getMetadata().getNamespace() + "/" + target.pod().getMetadata().getName()
                        + " is a sleep, which cannot fail (handlers.go runSleepHandler), but the test scripted "
                        + lowerFirst(run.hook.label()) + "().fails(): script only its time with takes(...)");
            }
        }
        if (handler.getExec() != null) {
            run.onContainerDeath = execFailure(handler.getExec().getCommand(), target, 137, "", ""); // a command dies with its container
        } else if (handler.getHttpGet() != null) {
            run.onContainerDeath = httpFailure(handler.getHttpGet(), target, eof(request(handler.getHttpGet(), target)));
        }
        after(run, target.loop(), answer.takes(), outcome);
    }

    private static void after(Run run, EventLoop loop, Duration delay, Outcome outcome) {
        if (delay.isZero()) {
            run.end(outcome);
        } else {
            run.timer = loop.scheduleAfter(delay, "hook", () -> run.end(outcome));
        }
    }

    private static void exec(Run run, List<String> command, Target target) {
        run.onContainerDeath = execFailure(command, target, 137, "", "");
        target.process().exec(command, output -> run.end(output.exitCode() == 0 ? Outcome.OK
                : execFailure(command, target, output.exitCode(), output.stdout(), output.stderr())));
    }

    /**
     * {@code Exec lifecycle hook ([cmd]) for Container "c" in Pod "name_ns(uid)" failed - error:
     * command 'cmd' exited with N: <stderr>, message: "<stdout><stderr>"} (handlers.go Run with
     * remote_runtime.go ExecSync's CodeExitError, and RunInContainer appending stderr to stdout).
     */
    private static Outcome execFailure(List<String> command, Target target, int code, String stdout, String stderr) {
        String error = "command '" + String.join(" ", command) + "' exited with " + code + ": " + stderr;
        return execError(command, target, error, stdout + stderr);
    }

    private static Outcome execError(List<String> command, Target target, String error) {
        return execError(command, target, error, "");
    }

    private static Outcome execError(List<String> command, Target target, String error, String output) {
        return new Outcome(true, "Exec lifecycle hook (" + "[" + String.join(" ", command) + "]" + ") for Container "
                + GoQuote.quote(target.container().getName()) + " in Pod " + GoQuote.quote(podFormat(target.pod()))
                + " failed - error: " + error + ", message: " + GoQuote.quote(output));
    }

    private record Request(String url, String hostPort, int port, String path) {
    }

    private static void http(Run run, HTTPGetAction action, Target target) {
        Request request = request(action, target);
        if (request.port < 0) {
            // probe/util.go ResolveContainerPort: a name the container does not declare is parsed as a number
            run.end(httpFailure(action, target, "strconv.Atoi: parsing " + GoQuote.quote(action.getPort().getStrVal())
                    + ": invalid syntax"));
            return;
        }
        Response response = target.process().respond(Endpoint.http(request.port, Endpoint.path(request.path)), Requester.ANYONE);
        if (response.refused()) {
            run.end(httpFailure(action, target, refused(request)));
            return;
        }
        // a request still waiting for its answer when the container dies: the socket closes and Go's client returns EOF
        run.onContainerDeath = httpFailure(action, target, eof(request));
        if (response.hangs()) {
            return; // the kubelet's lifecycle client has no timeout: the request waits as long as the container lives
        } else if (action.getScheme() != null && action.getScheme().equalsIgnoreCase("HTTPS")) {
            // the container's servers speak plain HTTP: Go's client fails with "server gave HTTP response to HTTPS
            // client", runHTTPHandler retries with HTTP, and a Warning LifecycleHTTPFallback event says so
            after(run, target.loop(), response.delay(), new Outcome(false, "", "request to HTTPS lifecycle hook "
                    + request.hostPort + " got HTTP response, retry with HTTP succeeded"));
        } else {
            after(run, target.loop(), response.delay(), Outcome.OK);
        }
    }

    /**
     * The request's URL as probe/http formatURL builds it: the scheme in lower case, host:port, and the
     * path as written (none when empty, a slash before a relative one, as Go's url.URL prints it).
     */
    private static Request request(HTTPGetAction action, Target target) {
        String host = action.getHost() == null || action.getHost().isEmpty() ? target.podIp() : action.getHost();
        int port = Endpoint.port(action.getPort(), target.container());
        String scheme = action.getScheme() == null ? "http" : action.getScheme().toLowerCase(Locale.ROOT);
        String path = action.getPath() == null ? "" : action.getPath();
        String hostPort = host + ":" + port;
        String shown = path.isEmpty() || path.startsWith("/") ? path : "/" + path;
        return new Request(scheme + "://" + hostPort + shown, hostPort, port, path);
    }

    private static String eof(Request request) {
        return "Get \"" + request.url + "\": EOF";
    }

    private static String refused(Request request) {
        return "Get \"" + request.url + "\": dial tcp " + request.hostPort + ": connect: connection refused";
    }

    /** {@code HTTP lifecycle hook (<path>) for Container "c" in Pod "name_ns(uid)" failed - error: <err>} (handlers.go Run). */
    private static Outcome httpFailure(HTTPGetAction action, Target target, String error) {
        return new Outcome(true, "HTTP lifecycle hook (" + (action.getPath() == null ? "" : action.getPath()) + ") for Container "
                + GoQuote.quote(target.container().getName()) + " in Pod " + GoQuote.quote(podFormat(target.pod()))
                + " failed - error: " + error);
    }

    /** pkg/kubelet/util/format.Pod: {@code name_namespace(uid)}. */
    static String podFormat(Pod pod) {
        return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")";
    }

    private static String lowerFirst(String label) {
        return Character.toLowerCase(label.charAt(0)) + label.substring(1);
    }

    /** Whether a container declares this hook. */
    static LifecycleHandler handler(Container container, HookAnswer.Hook hook) {
        if (container.getLifecycle() == null) {
            return null;
        }
        return hook == HookAnswer.Hook.POST_START ? container.getLifecycle().getPostStart() : container.getLifecycle().getPreStop();
    }
}
