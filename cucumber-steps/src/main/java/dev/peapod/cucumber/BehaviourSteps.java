package dev.peapod.cucumber;

import org.apiguardian.api.API;

import dev.peapod.behaviour.ContainerBehaviour;
import dev.peapod.runtime.Requester;
import dev.peapod.behaviour.Rule;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What an application does, in the words of its behaviour; each step scripts the container's simulated process. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class BehaviourSteps {
    /** How long a "fails N times" step may run the clock to see those failures. */
    static final Duration PROBE_FAILURE_LIMIT = Duration.ofHours(1);

    private final PeapodWorld world;

    public BehaviourSteps(PeapodWorld world) {
        this.world = world;
    }

    /**
     * Makes the probe fail its next {@code times} runs and lets virtual time pass until it has:
     * afterwards the kubelet has reacted (a liveness kill, a restart, an unready pod).
     */
    @When("the {probe} probe of container {string} in pod {pod} fails {int} time(s)")
    public void theProbeFails(String type, String container, PodName pod, int times) {
        Requester requester = requester(type);
        Container spec = container(world.currentPod(pod), container);
        Probe probe = probe(spec, type);
        if (probe == null) {
            throw new dev.peapod.core.PeapodException("container \"" + container + "\" of pod \"" + pod + "\" has no " + type + " probe");
        }
        Rule rule = world.container(pod, container).probeFails(requester, probe, spec).nextTimes(times);
        if (!world.cluster().runUntil(c -> rule.remaining() == 0, PROBE_FAILURE_LIMIT)) {
            throw new AssertionError("the " + type + " probe of container \"" + container + "\" in pod \"" + pod
                    + "\" ran fewer than " + times + " times in " + PROBE_FAILURE_LIMIT.toMinutes() + " virtual minutes");
        }
    }

    /** What the application answers to HTTP probes (and exec'd clients) on that port and path, from its start. */
    @Given("container {string} of pod {pod} answers HTTP {int} on port {int} path {string}")
    public void answersHttp(String container, PodName pod, int status, int port, String path) {
        behaviour(pod, container).httpReturns(port, path, status);
    }

    /** The same, from that long after each start of the container; before, it answers 200. */
    @Given("container {string} of pod {pod} answers HTTP {int} on port {int} path {string} from {duration} after it starts")
    public void answersHttpFrom(String container, PodName pod, int status, int port, String path, Duration from) {
        behaviour(pod, container).httpReturns(port, path, status).fromStart(from);
    }

    /**
     * Nothing listens on the port: TCP and HTTP probes on it fail with connection refused. Example: {@code Given
     * container "app" of pod "web" refuses connections on port 8080}.
     */
    @Given("container {string} of pod {pod} refuses connections on port {int}")
    public void refuses(String container, PodName pod, int port) {
        behaviour(pod, container).tcpRefuses(port);
    }

    /**
     * An exec probe's command exits 1 from that long after each start of the container. Example: {@code Given command
     * "cat /tmp/healthy" in container "app" of pod "web" fails from 30 seconds after it starts}.
     */
    @Given("command {string} in container {string} of pod {pod} fails from {duration} after it starts")
    public void commandFailsFrom(String command, String container, PodName pod, Duration from) {
        behaviour(pod, container).execFails(words(command), "").fromStart(from);
    }

    /** The same, printing the output (the probe's event message quotes it). */
    @Given("command {string} in container {string} of pod {pod} fails from {duration} after it starts with output {string}")
    public void commandFailsFromWithOutput(String command, String container, PodName pod, Duration from, String output) {
        behaviour(pod, container).execFails(words(command), output).fromStart(from);
    }

    /** Each run of the container exits with the code that long after it starts. */
    @Given("container {string} of pod {pod} exits with code {int} after {duration}")
    public void exitsAfter(String container, PodName pod, int code, Duration after) {
        behaviour(pod, container).exitsWith(code).after(after);
    }

    /**
     * Connections to the container's ports are refused until that long after each start. Example: {@code Given
     * container "app" of pod "web" starts listening after 20 seconds}.
     */
    @Given("container {string} of pod {pod} starts listening after {duration}")
    public void listensAfter(String container, PodName pod, Duration after) {
        behaviour(pod, container).listensAfter(after);
    }

    /** The container keeps running on SIGTERM, so only SIGKILL after the grace period stops it (exit code 137). */
    @Given("container {string} of pod {pod} ignores SIGTERM")
    public void ignoresSigterm(String container, PodName pod) {
        behaviour(pod, container).ignoresSigterm();
    }

    /** Every pull of the image fails: {@code ErrImagePull}, then {@code ImagePullBackOff}. */
    @Given("image {string} cannot be pulled")
    public void imageCannotBePulled(String image) {
        world.cluster().imageCannotBePulled(image);
    }

    private ContainerBehaviour behaviour(PodName pod, String container) {
        return world.container(pod, container);
    }

    static Requester requester(String type) {
        return Requester.valueOf(type.toUpperCase(Locale.ROOT) + "_PROBE");
    }

    static Probe probe(Container container, String type) {
        return switch (type) {
            case "liveness" -> container.getLivenessProbe();
            case "readiness" -> container.getReadinessProbe();
            default -> container.getStartupProbe();
        };
    }

    static Container container(Pod pod, String name) {
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        return all.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow(() -> new dev.peapod.core.PeapodException(
                "pod \"" + pod.getMetadata().getName() + "\" has no container \"" + name + "\"; it has "
                        + all.stream().map(Container::getName).toList()));
    }

    /** Splits a command line on spaces, as the probe's exec.command list would hold it. */
    private static List<String> words(String command) {
        return List.of(command.trim().split("\\s+"));
    }
}
