package dev.peapod.manifest;

import dev.peapod.store.FieldError;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The type errors the API server's JSON decoder reports, found before Fabric8 coerces them away:
 * Jackson binds {@code value: 8080} to the string "8080", Go refuses it. Messages are encoding/json's
 * UnmarshalTypeError, as the API server returns them:
 * {@code json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string}.
 * Unknown fields are left to {@link UnknownFields}.
 */
final class TypeCheck {
    private final Reporter reporter;

    private TypeCheck(Reporter reporter) {
        this.reporter = reporter;
    }

    static void check(MappingNode node, Class<?> kind, Reporter reporter) {
        new TypeCheck(reporter).fields(node, kind, FieldPath.ROOT);
    }

    private void fields(MappingNode node, Class<?> type, FieldPath path) {
        Map<String, ModelTypes.Property> properties = ModelTypes.properties(type);
        for (YamlTree.Entry entry : YamlTree.entries(node)) {
            ModelTypes.Property property = properties.get(entry.key());
            if (property != null) {
                String named = GoFieldTypes.of(type.getSimpleName(), entry.key());
                value(entry.value(), property.type(), named != null ? named : ModelTypes.goType(property.type()),
                        path.field(entry.key()), type.getSimpleName(), entry.keyNode().getStartMark());
            }
        }
    }

    /**
     * {@code goType} is the Go type of the value, as the error names it; {@code struct} is the Go struct
     * holding the field; {@code at} is where to report.
     */
    private void value(Node node, Type type, String goType, FieldPath path, String struct, Optional<Mark> at) {
        Class<?> raw = ModelTypes.raw(type);
        Object scalar = node instanceof ScalarNode s ? GoScalars.value(s) : null;
        if (node instanceof ScalarNode && scalar == null) {
            return; // JSON null leaves any field unset
        }
        if (!fits(node, scalar, raw)) {
            reporter.at(at, "json: cannot unmarshal " + jsonValue(node, scalar, raw) + " into Go struct field "
                    + struct + "." + FieldError.shorten(path.goPath()) + " of type " + goType);
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                value(items.get(i), ModelTypes.argument(type, 0), inner(goType, ModelTypes.argument(type, 0)), path.index(i),
                        struct, items.get(i).getStartMark());
            }
        } else if (node instanceof MappingNode mapping && Map.class.isAssignableFrom(raw)) {
            for (YamlTree.Entry entry : YamlTree.entries(mapping)) {
                value(entry.value(), ModelTypes.argument(type, 1), inner(goType, ModelTypes.argument(type, 1)),
                        path.key(entry.key()), struct, entry.keyNode().getStartMark());
            }
        } else if (node instanceof MappingNode mapping) {
            fields(mapping, raw, path);
        }
    }

    /**
     * The Go type of a slice's item or a map's value: what follows {@code []} or {@code map[K]}; for a
     * named map or slice (v1.ResourceList), the Java type's.
     */
    private static String inner(String goType, Type item) {
        if (goType.startsWith("[]")) {
            return goType.substring(2);
        }
        if (goType.startsWith("map[")) {
            int depth = 0;
            for (int i = 3; i < goType.length(); i++) {
                char c = goType.charAt(i);
                depth += c == '[' ? 1 : c == ']' ? -1 : 0;
                if (depth == 0) {
                    return goType.substring(i + 1);
                }
            }
        }
        return ModelTypes.goType(item);
    }

    private static boolean fits(Node node, Object scalar, Class<?> raw) {
        if (raw == String.class) {
            return scalar instanceof String;
        }
        if (ModelTypes.isInteger(raw)) {
            return isInteger(scalar, raw);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return scalar instanceof Boolean;
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            return scalar instanceof Number;
        }
        if (raw == IntOrString.class) {
            return scalar instanceof String || isInteger(scalar, Integer.class);
        }
        if (raw == Quantity.class) {
            return scalar instanceof String || scalar instanceof Number;
        }
        if (List.class.isAssignableFrom(raw)) {
            return node instanceof SequenceNode;
        }
        if (Map.class.isAssignableFrom(raw) || !ModelTypes.properties(raw).isEmpty()) {
            return node instanceof MappingNode;
        }
        return true; // interface{}, RawExtension and the like take any value
    }

    /**
     * Whole numbers that fit. sigs.k8s.io/yaml writes a float such as 2.0 as the JSON number 2, so a
     * whole float fits an integer field too.
     */
    private static boolean isInteger(Object scalar, Class<?> raw) {
        long min = ModelTypes.isInt32(raw) ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long max = ModelTypes.isInt32(raw) ? Integer.MAX_VALUE : Long.MAX_VALUE;
        if (scalar instanceof Integer || scalar instanceof Long) {
            long value = ((Number) scalar).longValue();
            return value >= min && value <= max;
        }
        if (scalar instanceof Double value) {
            return value == Math.rint(value) && value >= min && value <= max;
        }
        return false;
    }

    /** encoding/json's UnmarshalTypeError.Value: the JSON kind, with the literal when a number does not fit. */
    private static String jsonValue(Node node, Object scalar, Class<?> raw) {
        if (node instanceof MappingNode) {
            return "object";
        }
        if (node instanceof SequenceNode) {
            return "array";
        }
        if (scalar instanceof Boolean) {
            return "bool";
        }
        if (scalar instanceof Number) {
            boolean integerSlot = ModelTypes.isInteger(raw) || raw == IntOrString.class;
            return integerSlot ? "number " + FieldError.shorten(((ScalarNode) node).getValue()) : "number";
        }
        return "string";
    }
}
