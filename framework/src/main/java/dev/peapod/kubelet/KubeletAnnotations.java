package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The annotations the kubelet adds to its own copy of every pod it admits: pkg/kubelet/config/config.go
 * podStorage.merge sets {@code kubernetes.io/config.source} to the pod's source ({@code api} for
 * the API server's pods) and recordFirstSeenTime sets {@code kubernetes.io/config.seen} to
 * kubetypes.NewTimestamp().GetString(), the time it first saw the pod in RFC 3339 with nanoseconds
 * (pkg/kubelet/types/types.go). They never reach the API server, but the downward API reads the
 * kubelet's copy, so a {@code metadata.annotations} file or env value shows them.
 */
final class KubeletAnnotations {
    static final String CONFIG_SOURCE = "kubernetes.io/config.source";
    static final String CONFIG_SEEN = "kubernetes.io/config.seen";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final String seen;
    /** Only a pod whose downward API reads annotations needs the copy: the others are handed on as they are. */
    private final boolean read;

    KubeletAnnotations(Pod pod, Instant firstSeen) {
        this.seen = rfc3339Nano(firstSeen);
        this.read = readsAnnotations(pod);
    }

    /** The pod as the kubelet holds it: the API's pod with the kubelet's two annotations (config.go updateAnnotations keeps them). */
    Pod kubeletsCopy(Pod pod) {
        if (!read) {
            return pod;
        }
        return new PodBuilder(pod).editMetadata()
                .addToAnnotations(CONFIG_SOURCE, "api")
                .addToAnnotations(CONFIG_SEEN, seen)
                .endMetadata().build();
    }

    /** Go's time.RFC3339Nano on a UTC clock: the fraction without its trailing zeros, none when whole; Z for UTC. */
    static String rfc3339Nano(Instant t) {
        String fraction = "";
        if (t.getNano() != 0) {
            fraction = "." + String.format("%09d", t.getNano()).replaceAll("0+$", "");
        }
        return SECONDS.format(t) + fraction + "Z";
    }

    private static boolean readsAnnotations(Pod pod) {
        List<Container> containers = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            containers.addAll(pod.getSpec().getInitContainers());
        }
        containers.addAll(pod.getSpec().getContainers());
        for (Container c : containers) {
            for (EnvVar var : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null
                        && annotations(var.getValueFrom().getFieldRef().getFieldPath())) {
                    return true;
                }
            }
        }
        return pod.getSpec().getVolumes() != null && pod.getSpec().getVolumes().stream().anyMatch(v -> {
            Stream<DownwardAPIVolumeFile> items = Stream.empty();
            if (v.getDownwardAPI() != null && v.getDownwardAPI().getItems() != null) {
                items = v.getDownwardAPI().getItems().stream();
            }
            if (v.getProjected() != null && v.getProjected().getSources() != null) {
                items = Stream.concat(items, v.getProjected().getSources().stream()
                        .map(VolumeProjection::getDownwardAPI)
                        .filter(d -> d != null && d.getItems() != null)
                        .flatMap(d -> d.getItems().stream()));
            }
            return items.anyMatch(i -> i.getFieldRef() != null && annotations(i.getFieldRef().getFieldPath()));
        });
    }

    private static boolean annotations(String fieldPath) {
        return fieldPath != null && fieldPath.startsWith("metadata.annotations");
    }
}
