package dev.peapod.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields Fabric8 could not bind. It keeps them in each model object's additionalProperties; the
 * API server's strict field validation refuses them (k8s.io/apimachinery runtime.NewStrictDecodingError:
 * {@code strict decoding error: unknown field "spec.containers[0].livenesProbe"}).
 */
final class UnknownFields {
    private UnknownFields() {
    }

    /** The path of every unknown field, outermost only: an unknown object's own fields are not listed. */
    static List<FieldPath> of(Object object) {
        List<FieldPath> unknown = new ArrayList<>();
        walk(object, FieldPath.ROOT, unknown);
        return unknown;
    }

    private static void walk(Object value, FieldPath path, List<FieldPath> unknown) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path.index(i), unknown);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path.key(String.valueOf(key)), unknown));
        } else if (value != null) {
            for (ModelTypes.Property property : ModelTypes.properties(value.getClass()).values()) {
                walk(property.read(value), path.field(property.name()), unknown);
            }
            ModelTypes.additionalProperties(value).keySet().forEach(name -> unknown.add(path.field(name)));
        }
    }
}
