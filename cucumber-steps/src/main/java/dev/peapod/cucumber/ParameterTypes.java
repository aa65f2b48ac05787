package dev.peapod.cucumber;

import org.apiguardian.api.API;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import io.cucumber.java.ParameterType;

import java.time.Duration;

/** The step library's parameter types, all in one place. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ParameterTypes {
    /**
     * kubectl's TYPE/NAME words for a workload whose pod a step may name, as its resource mapper reads
     * them: singular, plural, short name, each also with its group ({@code deployment/api},
     * {@code deployments/api}, {@code deploy/api}, {@code deployments.apps/api}).
     */
    private static final java.util.Map<String, String> WORKLOAD_KINDS = workloadKinds();

    private static java.util.Map<String, String> workloadKinds() {
        java.util.Map<String, String> kinds = new java.util.HashMap<>();
        // kind, group, short name (none for job)
        String[][] resources = {{"deployment", "apps", "deploy"}, {"replicaset", "apps", "rs"},
                {"statefulset", "apps", "sts"}, {"daemonset", "apps", "ds"}, {"job", "batch", null}};
        for (String[] r : resources) {
            for (String word : new String[] {r[0], r[0] + "s", r[2]}) {
                if (word != null) {
                    kinds.put(word, r[0]);
                    kinds.put(word + "." + r[1], r[0]);
                }
            }
        }
        return java.util.Map.copyOf(kinds);
    }

    private final PeapodWorld world;

    public ParameterTypes(PeapodWorld world) {
        this.world = world;
    }

    /** {@code 30 seconds}, {@code 1 second}, {@code 2 minutes}, {@code 1 hour}, {@code 90s}, {@code 5m}, {@code 2h}. */
    @ParameterType("(\\d+) ?(seconds?|s|minutes?|m|hours?|h)")
    public Duration duration(String amount, String unit) {
        String written = amount + " " + unit;
        try {
            long n = Long.parseLong(amount);
            Duration duration = switch (unit.charAt(0)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
            return Checks.duration(duration, "duration \"" + written + "\"");
        } catch (NumberFormatException | ArithmeticException tooLong) { // more digits than a long or a Duration holds
            throw new PeapodException("duration \"" + written + "\" must be at most " + Checks.MAX_DURATION.toDays()
                    + " days (a thousand years of virtual time)");
        }
    }

    /**
     * A pod in quotes: {@code "web"}, in the scenario's namespace, or {@code "e2e/web"}. A step that
     * says {@code {pod}} reads {@code pod "web"} exactly as one that says {@code {string}} did.
     *
     * <p>A workload's pod, whose name its controller generates, is named in kubectl's TYPE/NAME form
     * that {@code logs} and {@code exec} take: {@code "deployment/api"} (or {@code deploy/}, {@code replicaset/},
     * {@code rs/}, {@code statefulset/}, {@code sts/}, {@code daemonset/}, {@code ds/}, {@code job/}),
     * {@code "e2e/deployment/api"} in another namespace. It is the first, in name order, of the
     * workload's pods not being deleted when the step runs (kubectl ranks them by state, podutils.ByLogging;
     * Peapod takes the first by name, the same pod on every run); the step then holds for that pod by name.
     * The first step that names a pod is the scenario's first sighting of it (see {@code is still on the same node}).
     */
    @ParameterType("\"([^\"]*)\"")
    public PodName pod(String text) {
        String[] parts = text.split("/", -1);
        PodName pod;
        if (parts.length == 2 && WORKLOAD_KINDS.containsKey(parts[0])) {
            pod = world.firstPodOf(null, WORKLOAD_KINDS.get(parts[0]), parts[1], text);
        } else if (parts.length == 3 && WORKLOAD_KINDS.containsKey(parts[1])) {
            pod = world.firstPodOf(parts[0], WORKLOAD_KINDS.get(parts[1]), parts[2], text);
        } else {
            pod = PodName.parse(text);
        }
        if (world.started()) {
            world.pod(pod); // the scenario's first sighting of the pod, which "is still on the same node" compares with
        }
        return pod;
    }

    /**
     * A workload: kubectl's one-word kind, then its name bare or quoted, optionally {@code namespace/name}:
     * {@code deployment web}, {@code statefulset "web"}, {@code job e2e/pi}. See {@link Workload}.
     */
    @ParameterType("(deployment|replicaset|statefulset|daemonset|job|cronjob|service) "
            + "(\"[^\"]*\"|[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?(?:/[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)?)")
    public Workload workload(String kind, String name) {
        return Workload.parse(kind, name);
    }

    /**
     * A moment of the scenario as the timeline prints it, time since the cluster started:
     * {@code 00:01:00}, {@code 01:30:00}.
     */
    @ParameterType("(\\d{2,}):([0-5]\\d):([0-5]\\d)")
    public Duration clock(String hours, String minutes, String seconds) {
        return Duration.ofHours(Long.parseLong(hours)).plusMinutes(Long.parseLong(minutes)).plusSeconds(Long.parseLong(seconds));
    }

    /** The probe types as a spec names them: liveness, readiness, startup. */
    @ParameterType("liveness|readiness|startup")
    public String probe(String type) {
        return type;
    }

    /**
     * Instants of virtual time since the cluster started, in seconds: {@code 50 seconds},
     * {@code 50 and 100 seconds}, {@code 0, 50 and 100 seconds}.
     */
    @ParameterType("(\\d+(?:(?:, | and )\\d+)*) seconds?")
    public Duration[] instants(String seconds) {
        return java.util.Arrays.stream(seconds.split(", | and ")).map(s -> duration(s, "seconds"))
                .toArray(Duration[]::new);
    }
}
