package dev.peapod.printers;

import dev.peapod.core.PeapodException;
import dev.peapod.store.LabelSelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * {@code kubectl get rs} and {@code kubectl get rc} as the API server's table printer computes them
 * (kubernetes: pkg/printers/internalversion/printers.go, printReplicaSet, printReplicationController
 * and their column definitions): NAME DESIRED CURRENT READY AGE, and with {@code -o wide} CONTAINERS
 * IMAGES SELECTOR.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ReplicaSetPrinter {
    private static final List<String> HEADERS = List.of("NAME", "DESIRED", "CURRENT", "READY", "AGE");
    private static final List<String> WIDE_HEADERS = List.of("CONTAINERS", "IMAGES", "SELECTOR");

    /** One ReplicaSet's or ReplicationController's cells. */
    public record Row(String name, String desired, String current, String ready, String age,
                      String containers, String images, String selector) {
        /** The cells kubectl prints, the wide ones too when asked. */
        public List<String> cells(boolean wide) {
            return wide ? List.of(name, desired, current, ready, age, containers, images, selector)
                    : List.of(name, desired, current, ready, age);
        }
    }

    private ReplicaSetPrinter() {
    }

    /** The row of a ReplicaSet or a ReplicationController at {@code now}. */
    public static Row row(HasMetadata object, Instant now) {
        if (object == null || now == null) {
            throw new PeapodException("ReplicaSetPrinter.row(object, now): " + (object == null ? "object" : "now") + " must not be null");
        }
        Integer desired;
        Integer current;
        Integer ready;
        PodTemplateSpec template;
        String selector;
        if (object instanceof ReplicaSet rs) {
            desired = rs.getSpec() == null ? null : rs.getSpec().getReplicas();
            current = rs.getStatus() == null ? null : rs.getStatus().getReplicas();
            ready = rs.getStatus() == null ? null : rs.getStatus().getReadyReplicas();
            template = rs.getSpec() == null ? null : rs.getSpec().getTemplate();
            // metav1.FormatLabelSelector: <none> for an empty one
            selector = rs.getSpec() == null || rs.getSpec().getSelector() == null ? "<none>"
                    : orNone(LabelSelector.of(rs.getSpec().getSelector()).toString());
        } else if (object instanceof ReplicationController rc) {
            desired = rc.getSpec() == null ? null : rc.getSpec().getReplicas();
            current = rc.getStatus() == null ? null : rc.getStatus().getReplicas();
            ready = rc.getStatus() == null ? null : rc.getStatus().getReadyReplicas();
            template = rc.getSpec() == null ? null : rc.getSpec().getTemplate();
            Map<String, String> labels = rc.getSpec() == null ? null : rc.getSpec().getSelector();
            selector = labels == null || labels.isEmpty() ? "<none>" : LabelSelector.ofLabels(labels).toString(); // labels.FormatLabels
        } else {
            throw new PeapodException("ReplicaSetPrinter prints ReplicaSets and ReplicationControllers, not " + object.getKind());
        }
        List<Container> containers = template == null || template.getSpec() == null || template.getSpec().getContainers() == null
                ? List.of() : template.getSpec().getContainers();
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (Container container : containers) {
            names.add(container.getName());
            images.add(container.getImage());
        }
        return new Row(object.getMetadata().getName(), count(desired), count(current), count(ready),
                ApiTime.since(ApiTime.parse("metadata.creationTimestamp", object.getMetadata().getCreationTimestamp()), now),
                String.join(",", names), String.join(",", images), selector);
    }

    /** The text {@code kubectl get rs [-o wide]} prints, in list order; empty for none. */
    public static String table(List<? extends HasMetadata> objects, Instant now, boolean wide) {
        if (objects.isEmpty()) {
            return "";
        }
        List<List<String>> lines = new ArrayList<>();
        List<String> headers = new ArrayList<>(HEADERS);
        if (wide) {
            headers.addAll(WIDE_HEADERS);
        }
        lines.add(headers);
        for (HasMetadata object : objects) {
            lines.add(row(object, now).cells(wide));
        }
        return TabWriter.align(lines);
    }

    /** An unset int32 prints as 0, as the Go struct's zero value does. */
    private static String count(Integer value) {
        return String.valueOf(value == null ? 0 : value);
    }

    private static String orNone(String text) {
        return text == null || text.isEmpty() ? "<none>" : text;
    }
}
