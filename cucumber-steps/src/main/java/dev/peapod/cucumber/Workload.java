package dev.peapod.cucumber;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.apiguardian.api.API;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A workload as a step names it, the {@code {workload}} parameter: kubectl's one-word singular kind
 * ({@code deployment}, {@code replicaset}, {@code statefulset}, {@code daemonset}, {@code job},
 * {@code cronjob}, {@code service}), then its name, bare ({@code web}) or quoted ({@code "web"}),
 * in the scenario's namespace or written {@code e2e/web} as a pod may be.
 *
 * @param kind      the one-word kind, as {@code kubectl get <kind>} takes it
 * @param namespace null: the scenario's namespace
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Workload(String kind, String namespace, String name) {
    /** The kinds, in the order the README lists them; the parameter type's regex is built from them. */
    static final List<String> KINDS = List.of("deployment", "replicaset", "statefulset", "daemonset", "job", "cronjob", "service");

    /** The model class of each kind. */
    private static final Map<String, Class<? extends HasMetadata>> CLASSES = Map.of("deployment", Deployment.class,
            "replicaset", ReplicaSet.class, "statefulset", StatefulSet.class, "daemonset", DaemonSet.class, "job", Job.class,
            "cronjob", CronJob.class, "service", Service.class);

    public Workload {
        Checks.notNull(kind, "kind");
        Checks.notNull(name, "name");
        if (!KINDS.contains(kind)) {
            throw new PeapodException("kind \"" + kind + "\" must be one of " + String.join(", ", KINDS));
        }
    }

    /** {@code deployment} and {@code web}, {@code "web"} or {@code e2e/web}. */
    public static Workload parse(String kind, String name) {
        Checks.notNull(name, "name");
        String unquoted = name.length() > 1 && name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
        PodName parsed;
        try {
            parsed = PodName.parse(unquoted);
        } catch (PeapodException e) {
            throw new PeapodException(kind + " \"" + unquoted + "\" must be a name, or namespace/name as in \"e2e/web\"");
        }
        return new Workload(kind, parsed.namespace(), parsed.name());
    }

    /** The model class kubectl's kind names: {@code Deployment.class} for {@code deployment}. */
    public Class<? extends HasMetadata> type() {
        return CLASSES.get(kind);
    }

    /**
     * This workload if its kind is one of {@code kinds}; else a PeapodException that says which kinds
     * the step is for, e.g. {@code "is paused" is for a deployment, not for daemonset agent}.
     */
    Workload expect(String step, String... kinds) {
        if (Arrays.asList(kinds).contains(kind)) {
            return this;
        }
        throw new PeapodException("\"" + step + "\" is for a " + String.join(" or a ", kinds) + ", not for " + this
                + (kinds.length == 1 ? "; name a " + kinds[0] + " in it" : "; write the step with one of those kinds"));
    }

    /** {@code deployment web}, {@code deployment e2e/web}: as the step wrote it, unquoted. */
    @Override
    public String toString() {
        return kind + " " + (namespace == null ? name : namespace + "/" + name);
    }
}
