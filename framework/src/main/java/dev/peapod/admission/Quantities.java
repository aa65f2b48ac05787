package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource quantities as k8s.io/apimachinery/pkg/api/resource/quantity.go reads and prints them:
 * the value, the format its suffix implies, and the canonical text the API server stores
 * ({@code 0.5} is stored and reported as {@code 500m}, {@code 1024Mi} as {@code 1Gi}).
 */
final class Quantities {
    private static final Pattern SYNTAX = Pattern.compile("([+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+))([eEinumkKMGTP]*[-+]?[0-9]*)");
    private static final Map<String, Integer> DECIMAL_SUFFIXES = Map.ofEntries(
            Map.entry("n", -9), Map.entry("u", -6), Map.entry("m", -3), Map.entry("", 0), Map.entry("k", 3),
            Map.entry("M", 6), Map.entry("G", 9), Map.entry("T", 12), Map.entry("P", 15), Map.entry("E", 18));
    private static final Map<String, Integer> BINARY_SUFFIXES = Map.of(
            "Ki", 1, "Mi", 2, "Gi", 3, "Ti", 4, "Pi", 5, "Ei", 6);
    private static final String[] BINARY_NAMES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigInteger KI = BigInteger.valueOf(1024);

    private Quantities() {
    }

    /** The suffix families of quantity.go: they decide how the canonical form is printed. */
    enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    /** A parsed quantity: its exact value and the format its suffix asked for. */
    record Parsed(BigDecimal value, Format format) {
    }

    /** Parses the text of a Fabric8 quantity; empty when Go's ParseQuantity would refuse it. */
    static Optional<Parsed> parse(Quantity quantity) {
        if (quantity == null) {
            return Optional.empty();
        }
        String text = (quantity.getAmount() == null ? "" : quantity.getAmount())
                + (quantity.getFormat() == null ? "" : quantity.getFormat());
        return parse(text.trim());
    }

    static Optional<Parsed> parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
        String suffix = m.group(2);
        if (DECIMAL_SUFFIXES.containsKey(suffix)) {
            return Optional.of(new Parsed(number.scaleByPowerOfTen(DECIMAL_SUFFIXES.get(suffix)), Format.DECIMAL_SI));
        }
        if (BINARY_SUFFIXES.containsKey(suffix)) {
            BigDecimal factor = new BigDecimal(KI.pow(BINARY_SUFFIXES.get(suffix)));
            return Optional.of(new Parsed(number.multiply(factor), Format.BINARY_SI));
        }
        if (suffix.matches("[eE][-+]?[0-9]+")) {
            return Optional.of(new Parsed(number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))), Format.DECIMAL_EXPONENT));
        }
        return Optional.empty();
    }

    /**
     * The stored form: rounded up to milli-units (SetDefaults_ResourceList, pkg/apis/core/v1/defaults.go),
     * then printed as Quantity.String() prints it (CanonicalizeBytes).
     */
    static String canonical(Parsed parsed) {
        BigDecimal value = parsed.value().setScale(3, RoundingMode.UP).stripTrailingZeros();
        if (value.signum() == 0) {
            return "0";
        }
        Format format = parsed.format();
        if (format == Format.BINARY_SI && (value.abs().compareTo(BigDecimal.valueOf(1024)) < 0 || value.scale() > 0)) {
            format = Format.DECIMAL_SI; // small or fractional binary values would lose precision in Ki, Mi, ...
        }
        return format == Format.BINARY_SI ? base1024(value.toBigIntegerExact()) : base10(value, format);
    }

    /** The canonical text of a Fabric8 quantity, or its own text when it does not parse. */
    static String canonical(Quantity quantity) {
        return parse(quantity).map(Quantities::canonical).orElseGet(quantity::toString);
    }

    private static String base1024(BigInteger value) {
        int exponent = 0;
        while (exponent < BINARY_NAMES.length - 1 && value.mod(KI).signum() == 0) {
            value = value.divide(KI);
            exponent++;
        }
        return value + BINARY_NAMES[exponent];
    }

    /** AsCanonicalBytes: the mantissa without trailing zeros, its exponent lowered to a multiple of 3. */
    private static String base10(BigDecimal value, Format format) {
        BigInteger mantissa = value.unscaledValue();
        int exponent = -value.scale();
        int shift = Math.floorMod(exponent, 3);
        mantissa = mantissa.multiply(BigInteger.TEN.pow(shift));
        exponent -= shift;
        return mantissa + suffix(exponent, format);
    }

    private static String suffix(int exponent, Format format) {
        if (format == Format.DECIMAL_SI && exponent >= -9 && exponent <= 18) {
            for (Map.Entry<String, Integer> e : DECIMAL_SUFFIXES.entrySet()) {
                if (e.getValue() == exponent) {
                    return e.getKey();
                }
            }
        }
        return exponent == 0 ? "" : "e" + exponent;
    }
}
