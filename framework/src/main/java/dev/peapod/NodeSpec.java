package dev.peapod;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A fake node: name, labels, taints, allocatable resources, pod CIDR. Immutable; every option returns
 * a new spec: {@code NodeSpec.named("node-1").label("disktype", "ssd").cpu("2")}.
 *
 * @param podCidr    null: the cluster assigns {@code 10.244.<index>.0/24} as kind does
 * @param internalIp null: the cluster assigns {@code 172.18.0.<index + 2>} as kind's docker network does
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record NodeSpec(String name, Map<String, String> labels, List<Taint> taints, Map<String, String> allocatable,
                       String podCidr, boolean unschedulable, String internalIp) {

    /** Allocatable resources of a node that does not say otherwise. */
    public static final Map<String, String> DEFAULT_ALLOCATABLE = Map.of(
            "cpu", "4", "memory", "16Gi", "pods", "110", "ephemeral-storage", "100Gi");

    public NodeSpec {
        Objects.requireNonNull(name, "name");
        // Insertion order, not Map.copyOf's per-JVM order: node labels must print the same on every run
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        taints = List.copyOf(taints);
        allocatable = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(allocatable));
        if (internalIp != null && !isIpv4(internalIp)) {
            throw new PeapodException("the InternalIP of node \"" + name + "\" must be an IPv4 address such as 10.0.0.5, but was \""
                    + internalIp + "\"");
        }
    }

    /** A spec with the cluster's InternalIP. */
    public NodeSpec(String name, Map<String, String> labels, List<Taint> taints, Map<String, String> allocatable,
                    String podCidr, boolean unschedulable) {
        this(name, labels, taints, allocatable, podCidr, unschedulable, null);
    }

    public static NodeSpec named(String name) {
        return new NodeSpec(name, Map.of(), List.of(), DEFAULT_ALLOCATABLE, null, false);
    }

    public NodeSpec label(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(labels);
        copy.put(key, value);
        return new NodeSpec(name, copy, taints, allocatable, podCidr, unschedulable, internalIp);
    }

    public NodeSpec labels(Map<String, String> more) {
        Map<String, String> copy = new LinkedHashMap<>(labels);
        copy.putAll(more);
        return new NodeSpec(name, copy, taints, allocatable, podCidr, unschedulable, internalIp);
    }

    /** A taint; value may be empty. Effect: NoSchedule, PreferNoSchedule or NoExecute. */
    public NodeSpec taint(String key, String value, String effect) {
        List<Taint> copy = new ArrayList<>(taints);
        copy.add(new TaintBuilder().withKey(key).withValue(value == null || value.isEmpty() ? null : value)
                .withEffect(effect).build());
        return new NodeSpec(name, labels, copy, allocatable, podCidr, unschedulable, internalIp);
    }

    /** Parses {@code key=value:Effect} or {@code key:Effect}, as {@code kubectl taint}. */
    public NodeSpec taint(String taint) {
        int colon = taint.lastIndexOf(':');
        if (colon < 0) {
            throw new PeapodException("taint \"" + taint + "\" must look like key=value:Effect");
        }
        String keyValue = taint.substring(0, colon);
        int eq = keyValue.indexOf('=');
        return eq < 0 ? taint(keyValue, null, taint.substring(colon + 1))
                : taint(keyValue.substring(0, eq), keyValue.substring(eq + 1), taint.substring(colon + 1));
    }

    public NodeSpec allocatable(String resource, String quantity) {
        Map<String, String> copy = new LinkedHashMap<>(allocatable);
        copy.put(resource, quantity);
        return new NodeSpec(name, labels, taints, copy, podCidr, unschedulable, internalIp);
    }

    public NodeSpec cpu(String quantity) {
        return allocatable("cpu", quantity);
    }

    public NodeSpec memory(String quantity) {
        return allocatable("memory", quantity);
    }

    public NodeSpec pods(int count) {
        return allocatable("pods", Integer.toString(count));
    }

    public NodeSpec podCidr(String cidr) {
        return new NodeSpec(name, labels, taints, allocatable, cidr, unschedulable, internalIp);
    }

    /**
     * The node's InternalIP address, the hostIP of its pods: {@code NodeSpec.named("worker0").internalIp("10.0.0.5")}.
     * It must be a dotted IPv4 address.
     */
    public NodeSpec internalIp(String address) {
        return new NodeSpec(name, labels, taints, allocatable, podCidr, unschedulable, java.util.Objects.requireNonNull(address, "address"));
    }

    /** Four decimal octets 0-255 without leading zeros, as Go's net.ParseIP reads an IPv4 address. */
    private static boolean isIpv4(String address) {
        String[] octets = address.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (octet.length() > 1 && octet.charAt(0) == '0') || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Cordoned: {@code spec.unschedulable: true}. */
    public NodeSpec cordoned() {
        return new NodeSpec(name, labels, taints, allocatable, podCidr, true, internalIp);
    }
}
