package dev.peapod.admission;

/**
 * A field path printed as upstream's {@code field.Path} prints it
 * (k8s.io/apimachinery/pkg/util/validation/field/path.go): {@code spec.containers[0].ports[1]},
 * map keys in brackets: {@code resources.limits[cpu]}.
 *
 * <p>Like upstream's {@code Path} (a parent pointer and a name), a child keeps its parent and its own
 * part, and the text is put together only when it is read: validation walks every field of every
 * object it admits, and only a refused or warned field's path is ever printed (issue #13: the
 * concatenation on every step was a fortieth of creating a pod). Equal when the text is.
 */
final class FieldPath {
    private final FieldPath parent;
    /** The field name, or the map key; null for an index. */
    private final String part;
    private final int index;
    private final Kind kind;
    private String value;

    private enum Kind { ROOT, CHILD, INDEX, KEY }

    private FieldPath(FieldPath parent, String part, int index, Kind kind) {
        this.parent = parent;
        this.part = part;
        this.index = index;
        this.kind = kind;
    }

    FieldPath(String value) {
        this(null, value, 0, Kind.ROOT);
        this.value = value;
    }

    static FieldPath of(String root) {
        return new FieldPath(root);
    }

    FieldPath child(String name) {
        return new FieldPath(this, name, 0, Kind.CHILD);
    }

    FieldPath index(int i) {
        return new FieldPath(this, null, i, Kind.INDEX);
    }

    FieldPath key(String key) {
        return new FieldPath(this, key, 0, Kind.KEY);
    }

    /** The path as upstream prints it. */
    String value() {
        if (value == null) {
            String above = parent.value();
            value = switch (kind) {
                case CHILD -> above.isEmpty() ? part : above + "." + part;
                case INDEX -> above + "[" + index + "]";
                case KEY -> above + "[" + part + "]";
                case ROOT -> part;
            };
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldPath path && value().equals(path.value());
    }

    @Override
    public int hashCode() {
        return value().hashCode();
    }

    @Override
    public String toString() {
        return value();
    }
}
