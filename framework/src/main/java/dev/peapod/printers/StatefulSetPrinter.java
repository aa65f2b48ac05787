package dev.peapod.printers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * {@code kubectl get statefulsets} (kubernetes: pkg/printers/internalversion/printers.go
 * printStatefulSet): NAME, READY ({@code <readyReplicas>/<spec.replicas>}), AGE; with
 * {@code -o wide} also CONTAINERS and IMAGES (the template's, comma-separated).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class StatefulSetPrinter {
    private StatefulSetPrinter() {
    }

    /** One line of {@code kubectl get sts -o wide} at {@code now}. */
    public static StatefulSetRow row(StatefulSet set, Instant now) {
        int ready = set.getStatus() == null || set.getStatus().getReadyReplicas() == null ? 0 : set.getStatus().getReadyReplicas();
        int desired = set.getSpec() == null || set.getSpec().getReplicas() == null ? 0 : set.getSpec().getReplicas();
        List<Container> containers = set.getSpec() == null || set.getSpec().getTemplate() == null
                || set.getSpec().getTemplate().getSpec() == null || set.getSpec().getTemplate().getSpec().getContainers() == null
                ? List.of() : set.getSpec().getTemplate().getSpec().getContainers();
        return new StatefulSetRow(set.getMetadata().getName(), ready + "/" + desired,
                ApiTime.since(ApiTime.parse("metadata.creationTimestamp", set.getMetadata().getCreationTimestamp()), now),
                containers.stream().map(Container::getName).collect(Collectors.joining(",")),
                containers.stream().map(Container::getImage).collect(Collectors.joining(",")));
    }

    /** The text {@code kubectl get statefulsets [-o wide]} prints: a header, then a line per set, aligned; "" for none. */
    public static String table(List<StatefulSet> sets, Instant now, boolean wide) {
        if (sets.isEmpty()) {
            return "";
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(wide ? List.of("NAME", "READY", "AGE", "CONTAINERS", "IMAGES") : List.of("NAME", "READY", "AGE"));
        for (StatefulSet set : sets) {
            StatefulSetRow row = row(set, now);
            lines.add(wide ? List.of(row.name(), row.ready(), row.age(), row.containers(), row.images())
                    : List.of(row.name(), row.ready(), row.age()));
        }
        return TabWriter.align(lines);
    }

    /**
     * {@code kubectl rollout status statefulset/<name>}'s line (kubectl: polymorphichelpers/rollout_status.go
     * StatefulSetStatusViewer), with its trailing newline. Only RollingUpdate sets have one: for
     * others kubectl fails with "rollout status is only available for RollingUpdate strategy type",
     * which this returns as the text.
     */
    public static String rolloutStatus(StatefulSet set) {
        var spec = set.getSpec();
        var status = set.getStatus() == null ? new io.fabric8.kubernetes.api.model.apps.StatefulSetStatus() : set.getStatus();
        String type = spec.getUpdateStrategy() == null ? null : spec.getUpdateStrategy().getType();
        if (!"RollingUpdate".equals(type)) {
            return "rollout status is only available for RollingUpdate strategy type";
        }
        long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
        long generation = set.getMetadata().getGeneration() == null ? 0 : set.getMetadata().getGeneration();
        if (observed == 0 || generation > observed) {
            return "Waiting for statefulset spec update to be observed...\n";
        }
        int ready = status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
        int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
        if (spec.getReplicas() != null && ready < spec.getReplicas()) {
            return "Waiting for " + (spec.getReplicas() - ready) + " pods to be ready...\n";
        }
        var rolling = spec.getUpdateStrategy().getRollingUpdate();
        if (rolling != null) {
            if (spec.getReplicas() != null && rolling.getPartition() != null && updated < spec.getReplicas() - rolling.getPartition()) {
                return "Waiting for partitioned roll out to finish: " + updated + " out of "
                        + (spec.getReplicas() - rolling.getPartition()) + " new pods have been updated...\n";
            }
            return "partitioned roll out complete: " + updated + " new pods have been updated...\n";
        }
        if (!java.util.Objects.equals(status.getUpdateRevision(), status.getCurrentRevision())) {
            return "waiting for statefulset rolling update to complete " + updated + " pods at revision "
                    + status.getUpdateRevision() + "...\n";
        }
        int current = status.getCurrentReplicas() == null ? 0 : status.getCurrentReplicas();
        return "statefulset rolling update complete " + current + " pods at revision " + status.getCurrentRevision() + "...\n";
    }
}
