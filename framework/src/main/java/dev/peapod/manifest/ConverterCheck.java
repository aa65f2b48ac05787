package dev.peapod.manifest;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import tools.jackson.databind.JsonNode;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The errors of the unstructured converter (k8s.io/apimachinery runtime/converter.go, v1.33:
 * fromUnstructured), which the API server uses where a strategic merge patch's result becomes the
 * kind's object (handlers/patch.go applyPatchToObject). Its words are not encoding/json's: a string
 * where an int32 belongs is {@code unrecognized type: int32}, a whole number where a string belongs
 * {@code cannot convert int64 to string}, a string where a struct belongs {@code cannot restore struct
 * from: string}. The first error met is reported; Go walks a struct's fields in declaration order, and
 * Peapod the JSON's order, so with two bad fields the one named may differ.
 */
final class ConverterCheck {
    private ConverterCheck() {
    }

    static Optional<String> check(JsonNode object, Class<?> kind) {
        return struct(object, kind);
    }

    private static Optional<String> struct(JsonNode object, Class<?> type) {
        Map<String, ModelTypes.Property> properties = ModelTypes.properties(type);
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            ModelTypes.Property property = properties.get(entry.getKey());
            if (property != null) {
                String named = GoFieldTypes.of(type.getSimpleName(), entry.getKey());
                Optional<String> error = value(entry.getValue(), property.type(),
                        named != null ? named : ModelTypes.goType(property.type()));
                if (error.isPresent()) {
                    return error;
                }
            }
        }
        return Optional.empty();
    }

    /** {@code goType} is the destination's Go type as {@code reflect.Type.String()} prints it (v1.Protocol, int32). */
    private static Optional<String> value(JsonNode node, Type type, String goType) {
        if (node == null || node.isNull()) {
            return Optional.empty(); // a nil source leaves the zero value
        }
        Class<?> raw = ModelTypes.raw(type);
        String kind = goKind(raw);
        if (kind != null) {
            return scalar(node, kind, goType);
        }
        if (raw == IntOrString.class) {
            // its own UnmarshalJSON: a string, else the number as an int32 (k8s.io/apimachinery util/intstr)
            return node.isString() || node.isIntegralNumber() && node.canConvertToInt() ? Optional.empty()
                    : Optional.of("json: cannot unmarshal " + jsonKind(node) + " into Go value of type int32");
        }
        if (raw == Quantity.class || raw == Object.class) {
            return Optional.empty(); // its own UnmarshalJSON, or interface{}: not checked here
        }
        if (List.class.isAssignableFrom(raw)) {
            if (node.isString() && goType.equals("[]uint8")) {
                return Optional.empty(); // []byte is stored as its base64 string
            }
            if (!node.isArray()) {
                return Optional.of("cannot restore slice from " + sourceKind(node));
            }
            Type item = ModelTypes.argument(type, 0);
            String itemType = goType.startsWith("[]") ? goType.substring(2) : ModelTypes.goType(item);
            for (JsonNode element : node) {
                Optional<String> error = value(element, item, itemType);
                if (error.isPresent()) {
                    return error;
                }
            }
            return Optional.empty();
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!node.isObject()) {
                return Optional.of("cannot restore map from " + sourceKind(node));
            }
            Type element = ModelTypes.argument(type, 1);
            String elementType = goType.startsWith("map[string]") ? goType.substring("map[string]".length()) : ModelTypes.goType(element);
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                Optional<String> error = value(entry.getValue(), element, elementType);
                if (error.isPresent()) {
                    return error;
                }
            }
            return Optional.empty();
        }
        if (!ModelTypes.properties(raw).isEmpty()) {
            return node.isObject() ? struct(node, raw) : Optional.of("cannot restore struct from: " + sourceKind(node));
        }
        return Optional.empty();
    }

    /**
     * A simple destination: the source fits when Go assigns or converts it (string to string, any integer
     * to an integer or float, a float to a float, or to an integer when whole, bool to bool).
     */
    private static Optional<String> scalar(JsonNode node, String kind, String goType) {
        String source = sourceKind(node);
        boolean integer = kind.startsWith("int");
        switch (source) {
            case "string" -> {
                if (kind.equals("string")) {
                    return Optional.empty();
                }
            }
            case "bool" -> {
                if (kind.equals("bool")) {
                    return Optional.empty();
                }
            }
            case "int64" -> {
                if (integer || kind.equals("float64")) {
                    return Optional.empty();
                }
                if (kind.equals("string")) { // Go converts an integer to a string (a rune), which JSON does not
                    return Optional.of("cannot convert int64 to " + goType);
                }
            }
            case "float64" -> {
                if (kind.equals("float64") || integer && node.asDouble() == Math.rint(node.asDouble())) {
                    return Optional.empty();
                }
                if (integer) {
                    return Optional.of("cannot convert float64 to " + goType);
                }
            }
            default -> {
                // a map or a slice where a simple value belongs
            }
        }
        return Optional.of("unrecognized type: " + kind);
    }

    /** reflect.Kind of a simple destination, or null for the others. */
    private static String goKind(Class<?> raw) {
        if (raw == String.class) {
            return "string";
        }
        if (ModelTypes.isInt32(raw)) {
            return "int32";
        }
        if (raw == Long.class || raw == long.class) {
            return "int64";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "bool";
        }
        return raw == Double.class || raw == double.class ? "float64" : null;
    }

    /** reflect.Kind of a decoded JSON value (kjson.UnmarshalCaseSensitivePreserveInts: whole numbers are int64). */
    private static String sourceKind(JsonNode node) {
        if (node.isObject()) {
            return "map";
        }
        if (node.isArray()) {
            return "slice";
        }
        if (node.isString()) {
            return "string";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        return node.isIntegralNumber() && node.canConvertToLong() ? "int64" : "float64";
    }

    /** encoding/json's name of a JSON value's kind. */
    private static String jsonKind(JsonNode node) {
        if (node.isObject()) {
            return "object";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        return node.isNumber() ? "number " + node.asString() : "string";
    }
}
