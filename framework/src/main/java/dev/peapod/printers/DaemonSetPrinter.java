package dev.peapod.printers;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * {@code kubectl get daemonsets} as the API server's table printer computes it
 * (kubernetes: pkg/printers/internalversion/printers.go, printDaemonSet and daemonSetColumnDefinitions):
 * NAME, DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE, NODE SELECTOR, AGE. The wide columns
 * (CONTAINERS, IMAGES, SELECTOR) are not printed.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class DaemonSetPrinter {
    private static final List<String> HEADERS = List.of("NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE",
            "NODE SELECTOR", "AGE");

    private DaemonSetPrinter() {
    }

    /** The columns of one DaemonSet at {@code now}. */
    public static DaemonSetRow row(DaemonSet ds, Instant now) {
        DaemonSetStatus status = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        Map<String, String> selector = ds.getSpec() == null || ds.getSpec().getTemplate() == null
                || ds.getSpec().getTemplate().getSpec() == null ? null : ds.getSpec().getTemplate().getSpec().getNodeSelector();
        return new DaemonSetRow(ds.getMetadata().getName(), number(status.getDesiredNumberScheduled()),
                number(status.getCurrentNumberScheduled()), number(status.getNumberReady()),
                number(status.getUpdatedNumberScheduled()), number(status.getNumberAvailable()), formatLabels(selector),
                ApiTime.since(ApiTime.parse("metadata.creationTimestamp", ds.getMetadata().getCreationTimestamp()), now));
    }

    /** The text {@code kubectl get daemonsets} prints, in list order; empty for no DaemonSets. */
    public static String table(List<DaemonSet> sets, Instant now) {
        if (sets.isEmpty()) {
            return "";
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADERS);
        for (DaemonSet ds : sets) {
            lines.add(row(ds, now).cells());
        }
        return TabWriter.align(lines);
    }

    /** labels.FormatLabels: {@code k=v} pairs sorted by key, comma-separated; {@code <none>} when empty. */
    static String formatLabels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "<none>";
        }
        return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static String number(Integer value) {
        return String.valueOf(value == null ? 0 : value);
    }
}
