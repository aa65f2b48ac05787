package dev.peapod.apiserver;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * encoding/json's UnmarshalTypeError for a value of the wrong JSON type, as the API server reports it:
 * {@code json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string}
 * (the struct holding the field, the field's JSON path without indices, the Go type). Read from
 * Jackson's refusal: its path names the model classes, which Fabric8 names as upstream's Go structs.
 */
final class GoTypes {
    private GoTypes() {
    }

    static String unmarshalError(MismatchedInputException refused, JsonNode body) {
        List<tools.jackson.core.JacksonException.Reference> path = refused.getPath();
        List<String> fields = new ArrayList<>();
        JsonNode value = body;
        String struct = null;
        for (tools.jackson.core.JacksonException.Reference step : path) {
            if (step.getPropertyName() != null) {
                fields.add(step.getPropertyName());
                struct = step.from() instanceof Class<?> type ? type.getSimpleName()
                        : step.from() == null ? null : step.from().getClass().getSimpleName();
                value = value == null ? null : value.get(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                value = value == null ? null : value.get(step.getIndex());
            }
        }
        String target = goType(refused.getTargetType());
        String json = jsonType(value);
        if (struct == null || fields.isEmpty()) {
            return "json: cannot unmarshal " + json + " into Go value of type " + target;
        }
        return "json: cannot unmarshal " + json + " into Go struct field " + struct + "." + String.join(".", fields)
                + " of type " + target;
    }

    /** The Go type a model field decodes into, as reflect prints it. */
    static String goType(Class<?> type) {
        if (type == null) {
            return "interface {}";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Integer.class || type == int.class) {
            return "int32";
        }
        if (type == Long.class || type == long.class) {
            return "int64";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "bool";
        }
        if (type == Double.class || type == double.class) {
            return "float64";
        }
        if (type == IntOrString.class) {
            return "intstr.IntOrString";
        }
        if (type == Quantity.class) {
            return "resource.Quantity";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "map[string]string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "[]string";
        }
        String pkg = type.getPackageName();
        String last = pkg.substring(pkg.lastIndexOf('.') + 1);
        return (last.matches("v[0-9]+((alpha|beta)[0-9]+)?") ? last : "v1") + "." + type.getSimpleName();
    }

    private static String jsonType(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isString()) {
            return "string";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        return node.isArray() ? "array" : "object";
    }
}
