package dev.peapod.admission;

import dev.peapod.store.FieldError;
import org.apiguardian.api.API;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The checks ValidateNode (pkg/apis/core/validation/validation.go, v1.33) makes on the fields a test
 * gives a fake node ({@code NodeSpec}, {@code @PeapodNode}), one field at a time, so a bad value is
 * refused when it is written, in the API server's words and field paths. Each returns the errors
 * as the API server prints them; none is an empty list.
 */
@API(status = INTERNAL, since = "0.1")
public final class NodeFields {
    /** IsIntegerResourceName (pkg/apis/core/helper/helpers.go): counted resources a node offers. */
    private static final Set<String> INTEGER_RESOURCES = Set.of("pods");
    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private NodeFields() {
    }

    /** ValidateNodeName: a DNS-1123 subdomain. */
    public static List<String> name(String name) {
        return render(Names.dns1123Subdomain(name).stream().map(m -> FieldError.invalid("metadata.name", name, m)).toList());
    }

    /** ValidateLabels: the key a qualified name, the value a label value; errors name {@code metadata.labels}. */
    public static List<String> label(String key, String value) {
        Errors errs = new Errors();
        errs.invalidEach(FieldPath.of("metadata.labels"), key, Names.qualifiedName(key));
        errs.invalidEach(FieldPath.of("metadata.labels"), value, Names.labelValue(value));
        return render(errs);
    }

    /** validateNodeTaints for the taint at {@code index}: key a label name, value a label value, a known effect. */
    public static List<String> taint(int index, String key, String value, String effect) {
        Errors errs = new Errors();
        FieldPath at = FieldPath.of("spec.taints").index(index);
        NodeValidation.taint(at, key == null ? "" : key, value == null ? "" : value, effect == null ? "" : effect, errs);
        return render(errs);
    }

    /**
     * A resource the node offers ({@code status.allocatable}): a resource name as validateResourceName
     * checks a container's (ValidateNode itself leaves node resource names alone, but no pod could
     * request one that fails it, so a node offering it tests nothing); a quantity (else the decoder's
     * ErrFormatWrong), then ValidateResourceQuantityValue: not negative, whole for counted resources.
     */
    public static List<String> allocatable(String resource, String quantity) {
        Errors names = new Errors();
        ResourceValidation.standardOrQualified(resource == null ? "" : resource, FieldPath.of("status.allocatable"), names);
        if (!names.isEmpty()) {
            return render(names);
        }
        String field = "status.allocatable." + resource;
        Optional<Quantities.Parsed> parsed = quantity == null ? Optional.empty() : Quantities.parse(quantity);
        if (parsed.isEmpty()) {
            return List.of(FieldError.invalid(field, quantity, QuantityDecoding.FORMAT_WRONG).toString());
        }
        BigDecimal value = parsed.get().value();
        Errors errs = new Errors();
        if (value.signum() < 0) {
            errs.invalid(FieldPath.of(field), quantity, ProbeValidation.NEGATIVE);
        }
        if (INTEGER_RESOURCES.contains(resource) && value.stripTrailingZeros().scale() > 0) {
            errs.invalid(FieldPath.of(field), quantity, ResourceValidation.IS_NOT_INTEGER);
        }
        return render(errs);
    }

    /**
     * {@code spec.podCIDRs[0]} as ValidateNode checks it (IsValidCIDRForLegacyField), then what
     * Peapod's kubelet needs: it gives pods addresses {@code a.b.c.2}, {@code a.b.c.3}, ... from an
     * IPv4 range of /24 or wider.
     */
    public static List<String> podCidr(String cidr) {
        String field = "spec.podCIDRs[0]";
        java.util.regex.Matcher m = IPV4_CIDR.matcher(cidr);
        boolean ipv4 = m.matches() && octets(m) && Integer.parseInt(m.group(5)) <= 32;
        if (!ipv4 && !cidr.contains(":")) {
            return List.of(FieldError.invalid(field, cidr, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)").toString());
        }
        if (!ipv4 || Integer.parseInt(m.group(5)) > 24) {
            return List.of(FieldError.invalid(field, cidr, "Peapod gives pod addresses from an IPv4 range of /24 or wider, "
                    + "e.g. 10.244.1.0/24").toString());
        }
        return List.of();
    }

    /** Four decimal octets 0-255 without leading zeros (the strict parsing of v1.33's netip-based checks). */
    private static boolean octets(java.util.regex.Matcher m) {
        for (int i = 1; i <= 4; i++) {
            String octet = m.group(i);
            if ((octet.length() > 1 && octet.charAt(0) == '0') || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        String prefix = m.group(5);
        return !(prefix.length() > 1 && prefix.charAt(0) == '0');
    }

    private static List<String> render(Errors errs) {
        return render(errs.aggregate());
    }

    private static List<String> render(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).toList();
    }
}
