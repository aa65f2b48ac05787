package dev.peapod.manifest;

import tools.jackson.core.JacksonException;

import java.util.ArrayList;
import java.util.List;

/**
 * A path into an object, printed as the API server prints a {@code field.Path}:
 * {@code spec.containers[0].image}, map keys in brackets ({@code metadata.labels[app]}).
 */
record FieldPath(List<Segment> segments) {
    static final FieldPath ROOT = new FieldPath(List.of());

    /** One step: a struct field, a list index or a map key. */
    sealed interface Segment permits Field, Index, Key {
    }

    record Field(String name) implements Segment {
    }

    record Index(int index) implements Segment {
    }

    record Key(String name) implements Segment {
    }

    FieldPath {
        segments = List.copyOf(segments);
    }

    FieldPath field(String name) {
        return append(new Field(name));
    }

    FieldPath index(int index) {
        return append(new Index(index));
    }

    FieldPath key(String name) {
        return append(new Key(name));
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    /**
     * The field names alone, as Go's encoding/json names a field in an {@code UnmarshalTypeError}:
     * {@code spec.containers.env.value}, without indices or map keys.
     */
    String goPath() {
        StringBuilder path = new StringBuilder();
        for (Segment segment : segments) {
            if (segment instanceof Field field) {
                path.append(path.length() == 0 ? "" : ".").append(field.name());
            }
        }
        return path.toString();
    }

    @Override
    public String toString() {
        StringBuilder path = new StringBuilder();
        for (Segment segment : segments) {
            if (segment instanceof Field field) {
                path.append(path.length() == 0 ? "" : ".").append(field.name());
            } else if (segment instanceof Index index) {
                path.append('[').append(index.index()).append(']');
            } else if (segment instanceof Key key) {
                path.append('[').append(key.name()).append(']');
            }
        }
        return path.toString();
    }

    /** Reads a path the API server printed ({@code spec.containers[0].image}); brackets hold an index or a key. */
    static FieldPath parse(String text) {
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int end = text.indexOf(']', i);
                end = end < 0 ? text.length() : end;
                String inside = text.substring(i + 1, end);
                segments.add(inside.matches("[0-9]+") ? new Index(Integer.parseInt(inside)) : new Key(inside));
                i = end + 1;
            } else {
                int end = i;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                segments.add(new Field(text.substring(i, end)));
                i = end;
            }
        }
        return new FieldPath(segments);
    }

    /** The path Jackson reports for a value it could not bind. */
    static FieldPath of(List<JacksonException.Reference> references) {
        List<Segment> segments = new ArrayList<>();
        for (JacksonException.Reference reference : references) {
            segments.add(reference.getPropertyName() != null
                    ? new Field(reference.getPropertyName()) : new Index(reference.getIndex()));
        }
        return new FieldPath(segments);
    }

    private FieldPath append(Segment segment) {
        List<Segment> longer = new ArrayList<>(segments);
        longer.add(segment);
        return new FieldPath(longer);
    }
}
