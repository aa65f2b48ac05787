package dev.peapod.admission;

import dev.peapod.store.FieldError;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.peapod.admission.ContainerValidation.nullToEmpty;
import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * ValidateNode and ValidateNodeUpdate (pkg/apis/core/validation/validation.go, v1.33), beyond the
 * metadata: taints, the capacity and allocatable quantities, pod CIDRs.
 */
final class NodeValidation {
    private NodeValidation() {
    }

    static void create(Node node, Errors errs) {
        taints(node, errs);
        resources(node, errs);
        List<String> cidrs = podCidrs(node);
        FieldPath cidrPath = FieldPath.of("spec").child("podCIDRs");
        for (int i = 0; i < cidrs.size(); i++) {
            Cidrs.validate(nullToEmpty(cidrs.get(i)), cidrPath.index(i), errs);
        }
        if (cidrs.size() > 1) {
            dualStack(cidrs, cidrPath, errs);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < cidrs.size(); i++) {
                if (!seen.add(cidrs.get(i))) {
                    errs.duplicate(cidrPath.index(i), cidrs.get(i));
                }
            }
        }
    }

    /**
     * More than one pod CIDR must be one IPv4 and one IPv6 (netutils.IsDualStackCIDRStrings, k8s.io/utils/net).
     * A CIDR that does not parse makes IsDualStackCIDRStrings fail, which ValidateNode reports as an
     * InternalError (ParseCIDRs names the first bad one, netutils.ParseCIDRSloppy's words) besides the
     * Invalid below.
     */
    private static void dualStack(List<String> cidrs, FieldPath cidrPath, Errors errs) {
        boolean v4 = false;
        boolean v6 = false;
        boolean parsed = true;
        for (String cidr : cidrs) {
            String text = nullToEmpty(cidr);
            if (!Cidrs.isValid(text)) {
                errs.add(new FieldError(cidrPath.value(), FieldError.Type.INTERNAL, null,
                        "invalid PodCIDRs. failed to check with dual stack with error:failed to parse cidr value:"
                                + GoValue.quote(text) + " with error:invalid CIDR address: " + text));
                parsed = false;
                break;
            }
            // an IPv4-mapped IPv6 CIDR counts as IPv4, as net.IP.To4 sees it
            if (IpAddresses.parse(text.substring(0, text.indexOf('/'))).orElseThrow().length == 4) {
                v4 = true;
            } else {
                v6 = true;
            }
        }
        if (!(parsed && v4 && v6) || cidrs.size() > 2) {
            errs.invalid(cidrPath, GoValue.stringSlice(cidrs.stream().map(c -> nullToEmpty(c)).toList()),
                    "may specify no more than one CIDR for each IP family");
        }
    }

    /**
     * The Node strategy's ValidateUpdate (pkg/registry/core/node/strategy.go): ValidateNode's create
     * rules on the new object, then ValidateNodeUpdate. Errors both report (taints, quantities) are
     * dropped once by {@link Errors#aggregate()}, as ToAggregate drops them.
     */
    static void createThenUpdate(Node node, Node old, Errors errs) {
        create(node, errs);
        update(node, old, errs);
    }

    /** ValidateNodeUpdate: pod CIDRs and the provider ID, once set, stay. */
    static void update(Node node, Node old, Errors errs) {
        resources(node, errs);
        addresses(node, errs);
        List<String> oldCidrs = podCidrs(old);
        List<String> newCidrs = podCidrs(node);
        String cidrChange = "node updates may not change podCIDR except from \"\" to valid";
        if (!oldCidrs.isEmpty()) {
            if (oldCidrs.size() != newCidrs.size()) {
                errs.forbidden(FieldPath.of("spec").child("podCIDRs"), cidrChange);
            } else {
                for (int i = 0; i < oldCidrs.size(); i++) {
                    if (!oldCidrs.get(i).equals(newCidrs.get(i))) {
                        errs.forbidden(FieldPath.of("spec").child("podCIDRs"), cidrChange);
                    }
                }
            }
        }
        String oldProvider = old.getSpec() == null ? "" : nullToEmpty(old.getSpec().getProviderID());
        String newProvider = node.getSpec() == null ? "" : nullToEmpty(node.getSpec().getProviderID());
        if (!oldProvider.isEmpty() && !oldProvider.equals(newProvider)) {
            errs.forbidden(FieldPath.of("spec").child("providerID"), "node updates may not change providerID except from \"\" to valid");
        }
        taints(node, errs);
    }

    /** No address twice in status.addresses, by type and address (ValidateNodeUpdate). */
    private static void addresses(Node node, Errors errs) {
        List<NodeAddress> addresses = node.getStatus() == null ? List.of() : nonNull(node.getStatus().getAddresses());
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; i < addresses.size(); i++) {
            NodeAddress address = addresses.get(i) == null ? new NodeAddress() : addresses.get(i);
            String type = nullToEmpty(address.getType());
            String value = nullToEmpty(address.getAddress());
            if (!seen.add(List.of(type, value))) {
                errs.duplicate(FieldPath.of("status").child("addresses").index(i),
                        new GoValue("core.NodeAddress{Type:" + GoValue.quote(type) + ", Address:" + GoValue.quote(value) + "}"));
            }
        }
    }

    /**
     * The pod CIDRs as the API server sees them after Convert_v1_NodeSpec_To_core_NodeSpec
     * (pkg/apis/core/v1/conversion.go, v1.33): the internal type has only {@code podCIDRs}; the
     * singular {@code podCIDR} of older clients is authoritative when it is set and differs from
     * {@code podCIDRs[0]}, and fills an empty {@code podCIDRs}. A manifest that sets only
     * {@code podCIDR} is therefore validated as {@code spec.podCIDRs[0]}.
     */
    static List<String> podCidrs(Node node) {
        if (node.getSpec() == null) {
            return List.of();
        }
        String single = nullToEmpty(node.getSpec().getPodCIDR());
        List<String> list = nonNull(node.getSpec().getPodCIDRs());
        if (!single.isEmpty() && (list.isEmpty() || !single.equals(list.get(0)))) {
            return List.of(single);
        }
        return list;
    }

    /**
     * validateNodeTaints. Upstream builds the path from "metadata", so every taint error names
     * {@code metadata.taints[i]}, not {@code spec.taints[i]}.
     */
    private static void taints(Node node, Errors errs) {
        List<Taint> taints = node.getSpec() == null ? List.of() : nonNull(node.getSpec().getTaints());
        FieldPath path = FieldPath.of("metadata").child("taints");
        Map<String, Set<String>> unique = new TreeMap<>();
        for (int i = 0; i < taints.size(); i++) {
            Taint t = taints.get(i) == null ? new Taint() : taints.get(i);
            FieldPath at = path.index(i);
            String key = nullToEmpty(t.getKey());
            String value = nullToEmpty(t.getValue());
            String effect = nullToEmpty(t.getEffect());
            taint(at, key, value, effect, errs);
            if (!unique.computeIfAbsent(effect, e -> new HashSet<>()).add(key)) {
                errs.add(new dev.peapod.store.FieldError(at.value(), dev.peapod.store.FieldError.Type.DUPLICATE,
                        new GoValue("core.Taint{Key:" + GoValue.quote(key) + ", Value:" + GoValue.quote(value) + ", Effect:"
                                + GoValue.quote(effect) + ", TimeAdded:(*v1.Time)(nil)}"),
                        "taints must be unique by key and effect pair"));
            }
        }
    }

    /**
     * validateTaint for one taint: the key a qualified name, the value a label value, the effect
     * required and one of the three (validateTaintEffect). {@link NodeFields#taint} gives the same
     * rules to {@code NodeSpec.taint}.
     */
    static void taint(FieldPath at, String key, String value, String effect, Errors errs) {
        errs.invalidEach(at.child("key"), key, Names.qualifiedName(key));
        List<String> valueErrors = Names.labelValue(value);
        if (!valueErrors.isEmpty()) {
            errs.invalid(at.child("value"), value, String.join(";", valueErrors));
        }
        if (effect.isEmpty()) {
            errs.required(at.child("effect"), "");
        } else if (!TolerationValidation.EFFECTS.contains(effect)) {
            errs.notSupported(at.child("effect"), effect, TolerationValidation.EFFECTS);
        }
    }

    /**
     * ValidateNodeResources: each capacity and allocatable quantity not negative, integer resources
     * whole. The path is built with Child, so it reads {@code status.capacity.cpu}.
     */
    private static void resources(Node node, Errors errs) {
        if (node.getStatus() == null) {
            return;
        }
        quantities(node.getStatus().getCapacity(), FieldPath.of("status").child("capacity"), errs);
        quantities(node.getStatus().getAllocatable(), FieldPath.of("status").child("allocatable"), errs);
    }

    private static void quantities(Map<String, Quantity> list, FieldPath path, Errors errs) {
        if (list == null) {
            return;
        }
        new TreeMap<>(list).forEach((name, quantity) -> ResourceValidation.quantityValue(name, quantity, path.child(name), errs));
    }
}
