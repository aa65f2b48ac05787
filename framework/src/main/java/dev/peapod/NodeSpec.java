package dev.peapod;

import dev.peapod.admission.NodeFields;
import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A fake node: name, labels, taints, allocatable resources, pod CIDR. Immutable; every option returns
 * a new spec: {@code NodeSpec.named("node-1").label("disktype", "ssd").cpu("2")}. Every value is
 * checked when it is given, as the API server checks a Node (ValidateNode in
 * pkg/apis/core/validation/validation.go): the name, label pairs, taints, resource quantities and the
 * pod CIDR; a bad one throws a {@link PeapodException} naming the node, the method and the field.
 *
 * @param podCidr    null: the cluster assigns {@code 10.244.<index>.0/24} as kind does
 * @param internalIp null: the cluster assigns {@code 172.18.0.<index + 2>} as kind's docker network does
 * @param images     null: the node has every image a registry would give; else the images it holds at
 *                   start, as {@link #images(String...)} says
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record NodeSpec(String name, Map<String, String> labels, List<Taint> taints, Map<String, String> allocatable,
                       String podCidr, boolean unschedulable, String internalIp, List<String> images) {

    /** Allocatable resources of a node that does not say otherwise. */
    public static final Map<String, String> DEFAULT_ALLOCATABLE = Map.of(
            "cpu", "4", "memory", "16Gi", "pods", "110", "ephemeral-storage", "100Gi");

    public NodeSpec {
        Checks.notNull(name, "name");
        Checks.notNull(labels, "labels");
        Checks.elementsNotNull(Checks.notNull(taints, "taints"), "taints");
        Checks.notNull(allocatable, "allocatable");
        // Insertion order, not Map.copyOf's per-JVM order: node labels must print the same on every run
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        taints = List.copyOf(taints);
        allocatable = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(allocatable));
        check(name, "name", NodeFields.name(name));
        String node = name;
        labels.forEach((key, value) -> checkLabel(node, "labels", key, value));
        for (int i = 0; i < taints.size(); i++) {
            checkTaint(name, "taints", i, taints.get(i));
        }
        allocatable.forEach((resource, quantity) -> checkQuantity(node, "allocatable", resource, quantity));
        if (podCidr != null) {
            check(name, "podCidr", NodeFields.podCidr(podCidr));
        }
        if (images != null) {
            images = List.copyOf(Checks.elementsNotNull(images, "images"));
            images.forEach(image -> checkImage(node, image));
        }
        if (internalIp != null && !isIpv4(internalIp)) {
            throw new PeapodException("the InternalIP of node \"" + name + "\" must be an IPv4 address such as 10.0.0.5, but was \""
                    + internalIp + "\"");
        }
    }

    /** A spec that lists no images: the node has every image. */
    public NodeSpec(String name, Map<String, String> labels, List<Taint> taints, Map<String, String> allocatable,
                    String podCidr, boolean unschedulable, String internalIp) {
        this(name, labels, taints, allocatable, podCidr, unschedulable, internalIp, null);
    }

    /** A spec with the cluster's InternalIP. */
    public NodeSpec(String name, Map<String, String> labels, List<Taint> taints, Map<String, String> allocatable,
                    String podCidr, boolean unschedulable) {
        this(name, labels, taints, allocatable, podCidr, unschedulable, null);
    }

    /** A node with {@link #DEFAULT_ALLOCATABLE} resources; the name must be a DNS-1123 subdomain, as a Node's. */
    public static NodeSpec named(String name) {
        Checks.notNull(name, "name");
        check(name, "NodeSpec.named", NodeFields.name(name));
        return new NodeSpec(name, Map.of(), List.of(), DEFAULT_ALLOCATABLE, null, false);
    }

    /** A label, as {@code kubectl label}: the key a qualified name, the value a label value (may be empty). */
    public NodeSpec label(String key, String value) {
        checkLabel(name, "label", key, value);
        Map<String, String> copy = new LinkedHashMap<>(labels);
        copy.put(key, value);
        return new NodeSpec(name, copy, taints, allocatable, podCidr, unschedulable, internalIp, images);
    }

    public NodeSpec labels(Map<String, String> more) {
        Checks.notNull(more, "labels");
        more.forEach((key, value) -> checkLabel(name, "labels", key, value));
        Map<String, String> copy = new LinkedHashMap<>(labels);
        copy.putAll(more);
        return new NodeSpec(name, copy, taints, allocatable, podCidr, unschedulable, internalIp, images);
    }

    /** A taint; value may be empty. Effect: NoSchedule, PreferNoSchedule or NoExecute. */
    public NodeSpec taint(String key, String value, String effect) {
        Checks.notNull(key, "key");
        Checks.notNull(effect, "effect");
        Taint taint = new TaintBuilder().withKey(key).withValue(value == null || value.isEmpty() ? null : value)
                .withEffect(effect).build();
        checkTaint(name, "taint", taints.size(), taint);
        List<Taint> copy = new ArrayList<>(taints);
        copy.add(taint);
        return new NodeSpec(name, labels, copy, allocatable, podCidr, unschedulable, internalIp, images);
    }

    /** Parses {@code key=value:Effect} or {@code key:Effect}, as {@code kubectl taint}. */
    public NodeSpec taint(String taint) {
        Taint parsed = parseTaint(taint);
        return taint(parsed.getKey(), parsed.getValue(), parsed.getEffect());
    }

    /** {@code key=value:Effect} or {@code key:Effect} as written, not yet checked. */
    static Taint parseTaint(String taint) {
        Checks.notNull(taint, "taint");
        int colon = taint.lastIndexOf(':');
        if (colon < 0) {
            throw new PeapodException("taint \"" + taint + "\" must look like key=value:Effect");
        }
        String keyValue = taint.substring(0, colon);
        int eq = keyValue.indexOf('=');
        String value = eq < 0 ? null : keyValue.substring(eq + 1);
        return new TaintBuilder().withKey(eq < 0 ? keyValue : keyValue.substring(0, eq))
                .withValue(value == null || value.isEmpty() ? null : value).withEffect(taint.substring(colon + 1)).build();
    }

    /** The API server's errors for one taint, as {@link NodeEditor} checks a taint it adds. */
    static void checkTaint(String node, String method, int index, Taint taint) {
        check(node, method, NodeFields.taint(index, taint.getKey(), taint.getValue(), taint.getEffect()));
    }

    /** The API server's errors for one label pair. */
    static void checkLabel(String node, String method, String key, String value) {
        Checks.notNull(key, "key");
        Checks.notNull(value, "value");
        check(node, method, NodeFields.label(key, value));
    }

    /** An allocatable resource, a Kubernetes quantity: {@code allocatable("nvidia.com/gpu", "2")}. */
    public NodeSpec allocatable(String resource, String quantity) {
        Checks.notNull(resource, "resource");
        checkQuantity(name, "allocatable", resource, quantity);
        Map<String, String> copy = new LinkedHashMap<>(allocatable);
        copy.put(resource, quantity);
        return new NodeSpec(name, labels, taints, copy, podCidr, unschedulable, internalIp, images);
    }

    public NodeSpec cpu(String quantity) {
        checkQuantity(name, "cpu", "cpu", quantity);
        return allocatable("cpu", quantity);
    }

    public NodeSpec memory(String quantity) {
        checkQuantity(name, "memory", "memory", quantity);
        return allocatable("memory", quantity);
    }

    public NodeSpec pods(int count) {
        checkQuantity(name, "pods", "pods", Integer.toString(count));
        return allocatable("pods", Integer.toString(count));
    }

    /** The node's pod CIDR, an IPv4 range of /24 or wider: {@code podCidr("10.244.7.0/24")}. */
    public NodeSpec podCidr(String cidr) {
        Checks.notNull(cidr, "cidr");
        check(name, "podCidr", NodeFields.podCidr(cidr));
        return new NodeSpec(name, labels, taints, allocatable, cidr, unschedulable, internalIp, images);
    }

    /**
     * The node's InternalIP address, the hostIP of its pods: {@code NodeSpec.named("worker0").internalIp("10.0.0.5")}.
     * It must be a dotted IPv4 address.
     */
    public NodeSpec internalIp(String address) {
        return new NodeSpec(name, labels, taints, allocatable, podCidr, unschedulable, Checks.notNull(address, "address"), images);
    }

    private static void checkQuantity(String node, String method, String resource, String quantity) {
        Checks.notNull(quantity, resource + " quantity");
        check(node, method, NodeFields.allocatable(resource, quantity));
    }

    /** Throws the API server's errors, prefixed by the node and the method that was given the bad value. */
    private static void check(String node, String method, List<String> errors) {
        if (!errors.isEmpty()) {
            throw new PeapodException("node \"" + node + "\", " + method + ": " + String.join("; ", errors));
        }
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
        return new NodeSpec(name, labels, taints, allocatable, podCidr, true, internalIp, images);
    }

    /**
     * The images the node holds at start, as a node's container runtime lists them: then it has exactly
     * these, and learns the ones it pulls. A container with {@code imagePullPolicy: IfNotPresent} of
     * another image pulls it there (in the image's pull time) and the next one finds it
     * {@code already present on machine}; {@code Never} fails with ErrImageNeverPull. A node that lists
     * no images (the default) has every image a registry would give, so a spec need not list them;
     * {@link #noImages()} is a node that holds none. Its Node object's {@code status.images} lists
     * what it holds. ({@code images()} without arguments is the record's accessor: the list, or null
     * for a node with every image.)
     */
    public NodeSpec images(String... images) {
        Checks.notNull(images, "images");
        return new NodeSpec(name, labels, taints, allocatable, podCidr, unschedulable, internalIp, List.of(images));
    }

    /** A node that holds no image at start: every image it runs is pulled there first ({@link #images(String...)}). */
    public NodeSpec noImages() {
        return new NodeSpec(name, labels, taints, allocatable, podCidr, unschedulable, internalIp, List.of());
    }

    /** An image reference as a container's {@code image} must be one (ValidatePodSpec's image check, as admission makes it). */
    private static void checkImage(String node, String image) {
        if (image.isBlank() || !image.strip().equals(image)) {
            throw new PeapodException("node \"" + node + "\", images: \"" + image
                    + "\" is not an image reference; give one such as nginx:1.25 or registry.example.com/team/app:2");
        }
    }
}
