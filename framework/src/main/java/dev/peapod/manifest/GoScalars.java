package dev.peapod.manifest;

import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Plain scalars typed the way kubectl types them. kubectl turns YAML into JSON with sigs.k8s.io/yaml,
 * which resolves scalars by goyaml.v2's YAML 1.1 rules (gopkg.in/yaml.v2 resolve.go, resolve()):
 * {@code yes}, {@code on} and {@code y} are booleans, {@code ~} is null, {@code 0644} is the octal 420.
 * The manifest reader builds its JSON from composed nodes, where snakeyaml-engine's default (YAML 1.2
 * JSON) schema would call all three strings.
 */
final class GoScalars {
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Map<String, Object> WORDS = Map.ofEntries(
            Map.entry("y", true), Map.entry("Y", true), Map.entry("yes", true), Map.entry("Yes", true),
            Map.entry("YES", true), Map.entry("true", true), Map.entry("True", true), Map.entry("TRUE", true),
            Map.entry("on", true), Map.entry("On", true), Map.entry("ON", true),
            Map.entry("n", false), Map.entry("N", false), Map.entry("no", false), Map.entry("No", false),
            Map.entry("NO", false), Map.entry("false", false), Map.entry("False", false), Map.entry("FALSE", false),
            Map.entry("off", false), Map.entry("Off", false), Map.entry("OFF", false),
            Map.entry(".nan", Double.NaN), Map.entry(".NaN", Double.NaN), Map.entry(".NAN", Double.NaN),
            Map.entry(".inf", Double.POSITIVE_INFINITY), Map.entry(".Inf", Double.POSITIVE_INFINITY),
            Map.entry(".INF", Double.POSITIVE_INFINITY), Map.entry("+.inf", Double.POSITIVE_INFINITY),
            Map.entry("+.Inf", Double.POSITIVE_INFINITY), Map.entry("+.INF", Double.POSITIVE_INFINITY),
            Map.entry("-.inf", Double.NEGATIVE_INFINITY), Map.entry("-.Inf", Double.NEGATIVE_INFINITY),
            Map.entry("-.INF", Double.NEGATIVE_INFINITY));
    /** goyaml.v2's yamlStyleFloat. */
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    /** Tags plain scalars by these rules while snakeyaml-engine composes; quoted scalars are strings. */
    static final Schema SCHEMA = new Schema() {
        @Override
        public ScalarResolver getScalarResolver() {
            return (value, implicit) -> Boolean.TRUE.equals(implicit) ? tagOf(plain(value)) : Tag.STR;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
            return Map.of(); // composing only: nothing is constructed
        }
    };

    private GoScalars() {
    }

    /**
     * The JSON value of a scalar node: null, Boolean, Integer (or Long, or BigInteger, as Jackson's
     * parser picks the smallest that holds it: Fabric8's IntOrString takes nothing else), Double or String.
     */
    static Object value(ScalarNode node) {
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL) || tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return plain(node.getValue());
        }
        return node.getValue(); // !!str, quoted, or a tag goyaml does not resolve: the text
    }

    /**
     * goyaml.v2 refuses a scalar whose explicit tag is not what its text resolves to (resolve.go, resolve():
     * {@code cannot decode !!str `abc` as a !!int}); an integer is a fine {@code !!float}. Untagged scalars
     * always agree: {@link #SCHEMA} tags them by their text.
     */
    static Optional<String> mismatch(ScalarNode node) {
        Tag tag = node.getTag();
        if (!tag.equals(Tag.NULL) && !tag.equals(Tag.BOOL) && !tag.equals(Tag.INT) && !tag.equals(Tag.FLOAT)) {
            return Optional.empty();
        }
        Tag resolved = tagOf(plain(node.getValue()));
        if (resolved.equals(tag) || tag.equals(Tag.FLOAT) && resolved.equals(Tag.INT)) {
            return Optional.empty();
        }
        return Optional.of("cannot decode " + shortTag(resolved) + " `" + node.getValue() + "` as a " + shortTag(tag));
    }

    /** resolve.go, shortTag: {@code tag:yaml.org,2002:int} as {@code !!int}. */
    private static String shortTag(Tag tag) {
        String prefix = Tag.PREFIX;
        return tag.getValue().startsWith(prefix) ? "!!" + tag.getValue().substring(prefix.length()) : tag.getValue();
    }

    /** goyaml.v2's resolve() of an untagged plain scalar. */
    static Object plain(String text) {
        if (NULLS.contains(text)) {
            return null;
        }
        if (WORDS.containsKey(text)) {
            return WORDS.get(text);
        }
        char first = text.charAt(0);
        if (first == '.') {
            return FLOAT.matcher(text).matches() ? Double.valueOf(text) : text;
        }
        if (first == '+' || first == '-' || (first >= '0' && first <= '9')) {
            return number(text);
        }
        return text;
    }

    private static Tag tagOf(Object value) {
        if (value == null) {
            return Tag.NULL;
        }
        if (value instanceof Boolean) {
            return Tag.BOOL;
        }
        if (value instanceof Double) {
            return Tag.FLOAT;
        }
        return value instanceof Number ? Tag.INT : Tag.STR;
    }

    /** Underscores dropped, then ParseInt, ParseUint (both base 0), then the float pattern: goyaml.v2's order. */
    private static Object number(String text) {
        String plain = text.replace("_", "");
        BigInteger signed = goInteger(plain, true);
        if (signed != null && signed.bitLength() < 32) {
            return signed.intValue();
        }
        if (signed != null && signed.bitLength() < 64) {
            return signed.longValue();
        }
        BigInteger unsigned = goInteger(plain, false);
        if (unsigned != null && unsigned.bitLength() <= 64) {
            return unsigned;
        }
        return FLOAT.matcher(plain).matches() ? Double.valueOf(plain) : text;
    }

    /** Go's strconv.ParseInt(s, 0, 64) syntax: 0x, 0o and 0b prefixes, and a leading 0 for octal. */
    private static BigInteger goInteger(String text, boolean signed) {
        boolean negative = false;
        String digits = text;
        if (signed && !digits.isEmpty() && (digits.charAt(0) == '+' || digits.charAt(0) == '-')) {
            negative = digits.charAt(0) == '-';
            digits = digits.substring(1);
        }
        int radix = 10;
        String prefix = digits.length() > 1 ? digits.substring(0, 2).toLowerCase(Locale.ROOT) : "";
        if (prefix.equals("0x") || prefix.equals("0o") || prefix.equals("0b")) {
            radix = prefix.equals("0x") ? 16 : prefix.equals("0o") ? 8 : 2;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.charAt(0) == '0') {
            radix = 8;
            digits = digits.substring(1);
        }
        int base = radix;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c < 128 && Character.digit(c, base) >= 0)) {
            return null;
        }
        BigInteger value = new BigInteger(digits, base);
        return negative ? value.negate() : value;
    }
}
