package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.Taint;
import org.apiguardian.api.API;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * What a kubelet registers its node with, every value resolved: the façade builds it from the
 * user's {@code NodeSpec}, so the kubelet never imports the façade (the layering rule, LayeringTest).
 *
 * @param labels the node's own labels, after the ones the kubelet always sets, in insertion order
 * @param allocatable resource name to quantity, e.g. {@code cpu -> 4}
 * @param podCidr the node's pod CIDR, e.g. {@code 10.244.1.0/24}; pods get addresses from it
 * @param internalIp the node's InternalIP, the hostIP of its pods
 * @param images the images the node holds at start; null: it has every image a registry would give
 */
@API(status = INTERNAL, since = "0.1")
public record NodeConfig(String name, Map<String, String> labels, List<Taint> taints, Map<String, String> allocatable,
                         String podCidr, String internalIp, boolean unschedulable, List<String> images) {
    public NodeConfig {
        Objects.requireNonNull(name, "name");
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        taints = List.copyOf(taints);
        allocatable = Collections.unmodifiableMap(new TreeMap<>(allocatable));
        Objects.requireNonNull(podCidr, "podCidr");
        Objects.requireNonNull(internalIp, "internalIp");
        images = images == null ? null : List.copyOf(images);
    }

    /** A node with every image. */
    public NodeConfig(String name, Map<String, String> labels, List<Taint> taints, Map<String, String> allocatable,
                      String podCidr, String internalIp, boolean unschedulable) {
        this(name, labels, taints, allocatable, podCidr, internalIp, unschedulable, null);
    }

    /**
     * The pod CIDR of the cluster's {@code index}-th node (from 1) when its spec names none: kind's
     * {@code 10.244.<index>.0/24}. Past the 255th node, kind's 10.244.0.0/16 is full (the node IPAM
     * controller would say CIDRNotAvailable); Peapod goes on in 10.245.0.0/24, 10.245.1.0/24, ..., as
     * a cluster CIDR of 10.244.0.0/14 would, so a spec can have a thousand nodes.
     */
    public static String defaultPodCidr(int index) {
        return "10." + (244 + index / 256) + "." + (index % 256) + ".0/24";
    }

    /** The InternalIP of the cluster's {@code index}-th node (from 1): {@code 172.18.0.<index + 2>}, as kind's docker network gives. */
    public static String defaultInternalIp(int index) {
        return "172.18." + (index + 2) / 256 + "." + (index + 2) % 256;
    }
}
