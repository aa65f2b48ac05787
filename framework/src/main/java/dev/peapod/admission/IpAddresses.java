package dev.peapod.admission;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP checks of k8s.io/apimachinery/pkg/util/validation/ip.go (IsValidIP) and ValidateNonSpecialIP
 * (pkg/apis/core/validation/validation.go). Parsing is netutils.ParseIPSloppy's: IPv4 parts may
 * carry leading zeros. Nothing here ever resolves a host name.
 */
final class IpAddresses {
    static final String INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    private static final Pattern IPV4 = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    /** The address's bytes, 4 or 16 of them. */
    static Optional<byte[]> parse(String text) {
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(v4.group(i + 1));
                if (part > 255) {
                    return Optional.empty();
                }
                out[i] = (byte) part;
            }
            return Optional.of(out);
        }
        if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            return Optional.empty(); // only literals reach InetAddress, so no name is ever looked up
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            return Optional.of(address.getAddress()); // an IPv4-mapped literal comes back as IPv4, as Go's To4 sees it
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** ValidateNonSpecialIP: not unspecified, loopback, link-local unicast or link-local multicast. */
    static void nonSpecial(String text, FieldPath path, Errors errs) {
        Optional<byte[]> parsed = parse(text);
        if (parsed.isEmpty()) {
            errs.invalid(path, text, "must be a valid IP address");
            return;
        }
        byte[] ip = parsed.get();
        if (isAllZero(ip)) {
            errs.invalid(path, text, "may not be unspecified (" + text + ")");
        }
        if (ip.length == 4 ? (ip[0] & 0xff) == 127 : isV6Loopback(ip)) {
            errs.invalid(path, text, "may not be in the loopback range (127.0.0.0/8, ::1/128)");
        }
        if (ip.length == 4 ? (ip[0] & 0xff) == 169 && (ip[1] & 0xff) == 254
                : (ip[0] & 0xff) == 0xfe && (ip[1] & 0xc0) == 0x80) {
            errs.invalid(path, text, "may not be in the link-local range (169.254.0.0/16, fe80::/10)");
        }
        if (ip.length == 4 ? (ip[0] & 0xff) == 224 && ip[1] == 0 && ip[2] == 0
                : (ip[0] & 0xff) == 0xff && (ip[1] & 0x0f) == 0x02) {
            errs.invalid(path, text, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
        }
    }

    private static boolean isAllZero(byte[] ip) {
        for (byte b : ip) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isV6Loopback(byte[] ip) {
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }
}
