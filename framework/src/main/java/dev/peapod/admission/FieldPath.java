package dev.peapod.admission;

/**
 * A field path printed as upstream's {@code field.Path} prints it
 * (k8s.io/apimachinery/pkg/util/validation/field/path.go): {@code spec.containers[0].ports[1]},
 * map keys in brackets: {@code resources.limits[cpu]}.
 */
record FieldPath(String value) {
    static FieldPath of(String root) {
        return new FieldPath(root);
    }

    FieldPath child(String name) {
        return new FieldPath(value.isEmpty() ? name : value + "." + name);
    }

    FieldPath index(int i) {
        return new FieldPath(value + "[" + i + "]");
    }

    FieldPath key(String key) {
        return new FieldPath(value + "[" + key + "]");
    }

    @Override
    public String toString() {
        return value;
    }
}
