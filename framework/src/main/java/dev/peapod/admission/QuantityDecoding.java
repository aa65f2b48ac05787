package dev.peapod.admission;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API server's JSON decoder on the quantities of a request: {@code resource.Quantity}'s
 * UnmarshalJSON refuses a text ParseQuantity cannot read, and the handler answers 400 BadRequest
 * before admission sees the object (apiserver/pkg/endpoints/handlers/rest.go transformDecodeError;
 * apimachinery/pkg/api/resource/quantity.go ErrFormatWrong, ErrSuffix):
 * <pre>
 * Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
 * </pre>
 * Fabric8 keeps any text in a {@link Quantity}, so Peapod checks them here, first of all admission,
 * so that no defaulting, plugin or derived value (the pod's QoS class) ever reads one. The answer
 * carries the field as its one cause (upstream's names none), so that a manifest error can point at
 * the line: {@code spec.containers[0].resources.limits[cpu]: Invalid value: "abc": quantities must ...}.
 */
final class QuantityDecoding {
    /** quantity.go splitREString, as ErrFormatWrong quotes it. */
    static final String FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    static final String SUFFIX = "unable to parse quantity's suffix";
    private static final List<String> SUFFIXES = List.of("", "n", "u", "m", "k", "M", "G", "T", "P", "E",
            "Ki", "Mi", "Gi", "Ti", "Pi", "Ei");
    /** Per model class, the JSON properties that can hold a quantity, in JSON name order. */
    private static final Map<Class<?>, List<Property>> PROPERTIES = new ConcurrentHashMap<>();

    private record Property(String name, Method getter, Type type) {
    }

    private record Refusal(String field, String text, String error) {
    }

    private QuantityDecoding() {
    }

    /** Throws the decoder's BadRequest for the first quantity that does not parse, in field order. */
    static void check(HasMetadata object) {
        Optional<Refusal> refusal = walk(object, object.getClass(), FieldPath.of(""));
        if (refusal.isEmpty()) {
            return;
        }
        Refusal bad = refusal.get();
        throw DecodeErrors.of(object, FieldPath.of(bad.field()), bad.text(), bad.error());
    }

    /**
     * ParseQuantity's refusal of a text, null when it parses: ErrFormatWrong from the scanner
     * (parseQuantityString), ErrSuffix when the suffix is none of quantity.go's. UnmarshalJSON trims
     * spaces first.
     */
    static String refusal(String text) {
        String str = text.strip();
        if (str.isEmpty()) {
            return FORMAT_WRONG;
        }
        int pos = 0;
        int end = str.length();
        if (str.charAt(0) == '-' || str.charAt(0) == '+') {
            pos++;
        }
        while (pos < end && isDigit(str.charAt(pos))) {
            pos++;
        }
        if (pos < end && str.charAt(pos) == '.') {
            pos++;
            while (pos < end && isDigit(str.charAt(pos))) {
                pos++;
            }
        }
        int suffixStart = pos;
        while (pos < end && "eEinumkKMGTP".indexOf(str.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos < end && (str.charAt(pos) == '-' || str.charAt(pos) == '+')) {
            pos++;
        }
        while (pos < end && isDigit(str.charAt(pos))) {
            pos++;
        }
        if (pos < end) {
            return FORMAT_WRONG; // a character after the suffix's digits
        }
        return knownSuffix(str.substring(suffixStart)) ? null : SUFFIX;
    }

    /** suffixHandler.interpret: a decimal or binary SI suffix, or e/E and a base-10 int64 exponent. */
    private static boolean knownSuffix(String suffix) {
        if (SUFFIXES.contains(suffix)) {
            return true;
        }
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            try {
                Long.parseLong(suffix.substring(1)); // strconv.ParseInt(s, 10, 64), which takes a sign
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static Optional<Refusal> walk(Object value, Type type, FieldPath path) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Quantity quantity) {
            String text = (quantity.getAmount() == null ? "" : quantity.getAmount())
                    + (quantity.getFormat() == null ? "" : quantity.getFormat());
            String error = refusal(text);
            return error == null ? Optional.empty() : Optional.of(new Refusal(path.toString(), text, error));
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) { // Go's JSON reads keys in text order; sorted is close
                Optional<Refusal> found = walk(entry.getValue(), argument(type, 1), path.key(String.valueOf(entry.getKey())));
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Optional<Refusal> found = walk(list.get(i), argument(type, 0), path.index(i));
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        for (Property property : properties(value.getClass())) {
            Optional<Refusal> found = walk(get(property, value), property.type(), path.child(property.name()));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Object get(Property property, Object owner) {
        try {
            return property.getter().invoke(owner);
        } catch (ReflectiveOperationException e) {
            return null; // a getter that fails holds nothing to decode
        }
    }

    private static List<Property> properties(Class<?> type) {
        List<Property> known = PROPERTIES.get(type);
        if (known == null) {
            known = List.copyOf(scan(type));
            PROPERTIES.put(type, known);
        }
        return known;
    }

    /** The properties of a Fabric8 model class whose type can reach a Quantity. */
    private static List<Property> scan(Class<?> type) {
        List<Property> found = new ArrayList<>();
        if (!type.getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return found;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                JsonProperty json = field.getAnnotation(JsonProperty.class);
                if (json == null || !reaches(field.getGenericType(), new java.util.HashSet<>())) {
                    continue;
                }
                String name = field.getName();
                try {
                    Method getter = type.getMethod("get" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
                    found.add(new Property(json.value().isEmpty() ? name : json.value(), getter, field.getGenericType()));
                } catch (NoSuchMethodException e) {
                    // no getter: nothing a client could have set
                }
            }
        }
        found.sort(java.util.Comparator.comparing(Property::name));
        return found;
    }

    /** Whether a value of this type can hold a Quantity; {@code seen} stops at recursive types. */
    private static boolean reaches(Type type, java.util.Set<Class<?>> seen) {
        if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                if (reaches(argument, seen)) {
                    return true;
                }
            }
            return false;
        }
        if (!(type instanceof Class<?> raw) || !seen.add(raw)) {
            return false;
        }
        if (raw == Quantity.class) {
            return true;
        }
        if (!raw.getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return false;
        }
        for (Class<?> c = raw; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getAnnotation(JsonProperty.class) != null && reaches(field.getGenericType(), seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments().length > index
                ? parameterized.getActualTypeArguments()[index] : Object.class;
    }
}
