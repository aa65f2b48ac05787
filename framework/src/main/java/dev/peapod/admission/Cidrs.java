package dev.peapod.admission;

/** IsValidCIDR (k8s.io/apimachinery/pkg/util/validation/ip.go), parsing as netutils.ParseCIDRSloppy. */
final class Cidrs {
    static final String INVALID_CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    private Cidrs() {
    }

    static boolean isValid(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || !text.substring(slash + 1).matches("[0-9]{1,3}")) {
            return false;
        }
        var ip = IpAddresses.parse(text.substring(0, slash));
        int bits = Integer.parseInt(text.substring(slash + 1));
        return ip.isPresent() && bits <= (text.substring(0, slash).contains(":") ? 128 : 32);
    }

    static void validate(String text, FieldPath path, Errors errs) {
        if (!isValid(text)) {
            errs.invalid(path, text, INVALID_CIDR);
        }
    }
}
