package dev.peapod.apiserver.apply;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * What server-side apply needs to know about one kind: which lists are atomic, sets, or maps keyed by some of their
 * elements' fields, which maps and structs are atomic (sigs.k8s.io/structured-merge-diff's schema, from the kind's
 * OpenAPI extensions). Read from {@code list-types.txt} beside this class; a kind not in it (a custom resource) has
 * every object merge field by field and every list atomic.
 */
@API(status = INTERNAL, since = "0.1")
public final class ApplySchema {
    private static final String RESOURCE = "list-types.txt";
    private static final Map<String, ApplySchema> KINDS = load();
    private static final ApplySchema UNKNOWN = new ApplySchema(new Shape(Shape.Kind.STRUCT, Map.of(), null, List.of()));
    /**
     * ObjectMeta's shape in a custom resource: the fields of metav1.ObjectMeta (list-types.txt's shapes for those it
     * lists), and no other, as the static OpenAPI's ObjectMeta that upstream merges into a CRD's models declares them.
     */
    private static final Shape OBJECT_META = closedObjectMeta(KINDS.get("v1 ConfigMap").root().child("metadata"));

    private static Shape closedObjectMeta(Shape listed) {
        Map<String, Shape> fields = new LinkedHashMap<>();
        for (String name : List.of("annotations", "creationTimestamp", "deletionGracePeriodSeconds", "deletionTimestamp",
                "finalizers", "generateName", "generation", "labels", "managedFields", "name", "namespace", "ownerReferences",
                "resourceVersion", "selfLink", "uid")) {
            fields.put(name, listed.child(name));
        }
        return new Shape(Shape.Kind.STRUCT, java.util.Collections.unmodifiableMap(fields), null, List.of(), true, false);
    }

    /** A list-map key: its field name and the value it has when an element leaves it out. */
    record Key(String name, JsonNode defaultValue) {
    }

    /**
     * The shape of a value: a struct (fields merge, unknown fields too unless it is {@code closed}), a granular map
     * ({@code element} is the shape of its values), an atomic value, or a list that is a set or a map keyed by
     * {@code keys}. A closed struct is one of a custom resource's schema without
     * {@code x-kubernetes-preserve-unknown-fields}: a field it does not declare is refused, as structured-merge-diff
     * refuses it ({@code .spec.foo: field not declared in schema}). A {@code whole} struct is recorded itself when it
     * appears or disappears in an update ({@code ".":{}}), as upstream records every nested object of an unstructured
     * custom resource (and a Go pointer struct of a built-in kind, which this schema does not know).
     */
    record Shape(Kind kind, Map<String, Shape> fields, Shape element, List<Key> keys, boolean closed, boolean whole) {
        enum Kind { STRUCT, MAP, ATOMIC, SET, LIST_MAP }

        static final Shape ANY = new Shape(Kind.STRUCT, Map.of(), null, List.of());
        /** A value of any type in an unstructured object (structured-merge-diff's deduced type). */
        static final Shape ANY_WHOLE = new Shape(Kind.STRUCT, Map.of(), null, List.of(), false, true);

        Shape(Kind kind, Map<String, Shape> fields, Shape element, List<Key> keys) {
            this(kind, fields, element, keys, false, false);
        }

        /** The shape of a field or map entry. */
        Shape child(String name) {
            if (kind == Kind.MAP) {
                return element == null ? any() : element;
            }
            Shape field = fields.get(name);
            return field == null ? any() : field;
        }

        /** The shape of a list's elements. */
        Shape item() {
            return element == null ? any() : element;
        }

        private Shape any() {
            return whole ? ANY_WHOLE : ANY;
        }

        boolean associative() {
            return kind == Kind.SET || kind == Kind.LIST_MAP;
        }

        @Override
        public String toString() {
            return "Shape[" + kind + "]";
        }
    }

    private final Shape root;
    /** Built-in schemas share one type converter that knows every served kind; a CRD's knows its own kind only. */
    private final boolean builtIn;

    private ApplySchema(Shape root) {
        this(root, true);
    }

    private ApplySchema(Shape root, boolean builtIn) {
        this.root = root;
        this.builtIn = builtIn;
    }

    /**
     * Whether the type converter behind this schema has a type for {@code apiVersion} and {@code kind}
     * (managedfields typeConverter.ObjectToTyped: none is {@code no corresponding type for ...}): a custom
     * resource's converter is built from its CRD alone (apiextensions-apiserver customresource_handler.go).
     */
    public boolean hasType(String apiVersion, String kind) {
        return builtIn && KINDS.containsKey(apiVersion + " " + kind);
    }

    /** The schema of a served kind ({@code apiVersion} as in a manifest); any other kind merges field by field. */
    public static ApplySchema forKind(String apiVersion, String kind) {
        return KINDS.getOrDefault(apiVersion + " " + kind, UNKNOWN);
    }

    /** The schema of a kind Peapod does not know: objects merge field by field, lists are atomic. */
    public static ApplySchema unknown() {
        return UNKNOWN;
    }

    /**
     * The schema of a custom resource, from its version's {@code openAPIV3Schema} (as JSON), as kube-openapi's
     * schemaconv turns a CRD's structural schema into structured-merge-diff's: lists are atomic unless
     * {@code x-kubernetes-list-type} is {@code set}, or {@code map} keyed by {@code x-kubernetes-list-map-keys} (a
     * key's {@code default} stands for it when an element leaves it out); objects with {@code properties} are
     * structs whose undeclared fields are refused unless {@code x-kubernetes-preserve-unknown-fields}; objects with
     * {@code additionalProperties} are granular maps; {@code x-kubernetes-map-type: atomic} makes either atomic.
     * {@code metadata} is ObjectMeta's shape, as for built-in kinds ({@code x-kubernetes-embedded-resource} objects
     * get it too).
     */
    public static ApplySchema forCustomResource(JsonNode openApiV3Schema) {
        return new ApplySchema(custom(openApiV3Schema, true), false);
    }

    private static Shape custom(JsonNode schema, boolean resource) {
        if (schema == null || !schema.isObject()) {
            return Shape.ANY_WHOLE;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return new Shape(Shape.Kind.ATOMIC, Map.of(), null, List.of());
        }
        String type = schema.path("type").asString("");
        boolean atomic = "atomic".equals(schema.path("x-kubernetes-map-type").asString(""));
        if (type.equals("array")) {
            Shape item = custom(schema.get("items"), false);
            return switch (schema.path("x-kubernetes-list-type").asString("atomic")) {
                case "set" -> new Shape(Shape.Kind.SET, Map.of(), item, List.of());
                case "map" -> new Shape(Shape.Kind.LIST_MAP, Map.of(), item, listMapKeys(schema));
                default -> new Shape(Shape.Kind.ATOMIC, Map.of(), item, List.of()); // its items' shape, for validation
            };
        }
        boolean embedded = resource || schema.path("x-kubernetes-embedded-resource").asBoolean(false);
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (!type.equals("object") && properties == null && additional == null && !embedded) {
            // a scalar, or a value of any type (x-kubernetes-preserve-unknown-fields without a type)
            return preserve ? Shape.ANY_WHOLE : new Shape(Shape.Kind.ATOMIC, Map.of(), null, List.of());
        }
        if (atomic) {
            return new Shape(Shape.Kind.ATOMIC, Map.of(), null, List.of());
        }
        if (additional != null && additional.isObject() && properties == null && !embedded) {
            return new Shape(Shape.Kind.MAP, Map.of(), custom(additional, false), List.of());
        }
        Map<String, Shape> fields = new LinkedHashMap<>();
        if (properties != null) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                fields.put(property.getKey(), custom(property.getValue(), false));
            }
        }
        if (embedded) {
            fields.put("apiVersion", new Shape(Shape.Kind.ATOMIC, Map.of(), null, List.of()));
            fields.put("kind", new Shape(Shape.Kind.ATOMIC, Map.of(), null, List.of()));
            fields.put("metadata", OBJECT_META);
        }
        boolean open = preserve || additional != null && additional.asBoolean(false);
        return new Shape(Shape.Kind.STRUCT, java.util.Collections.unmodifiableMap(fields), null, List.of(), !open, true);
    }

    private static List<Key> listMapKeys(JsonNode schema) {
        JsonNode itemProperties = schema.path("items").path("properties");
        List<Key> keys = new ArrayList<>();
        for (JsonNode key : schema.path("x-kubernetes-list-map-keys")) {
            JsonNode fallback = itemProperties.path(key.asString()).get("default");
            keys.add(new Key(key.asString(), fallback == null ? null : fallback.deepCopy()));
        }
        return List.copyOf(keys);
    }

    Shape root() {
        return root;
    }

    private static Map<String, ApplySchema> load() {
        try (InputStream in = ApplySchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new PeapodException("missing resource " + RESOURCE + " beside " + ApplySchema.class.getName());
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), RESOURCE);
        } catch (IOException e) {
            throw new PeapodException("cannot read " + RESOURCE, e);
        }
    }

    /** Reads schemas in the format of {@code list-types.txt}, keyed "apiVersion Kind". */
    static Map<String, ApplySchema> read(BufferedReader reader, String source) throws IOException {
        Map<String, List<String[]>> types = new LinkedHashMap<>();
        Map<String, Boolean> atomicTypes = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        List<String[]> current = null;
        for (String line; (line = reader.readLine()) != null; ) {
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] words = content.split("\\s+");
            if (words[0].equals("kind") && words.length == 4) {
                kinds.put(words[1] + " " + words[2], words[3]);
            } else if (words[0].equals("type") && (words.length == 2 || words.length == 3 && words[2].equals("atomic"))) {
                current = new ArrayList<>();
                types.put(words[1], current);
                atomicTypes.put(words[1], words.length == 3);
            } else if (current != null && words.length == 4) {
                current.add(words);
            } else {
                throw new PeapodException(source + ": cannot read line: " + line);
            }
        }
        Map<String, Shape> built = new LinkedHashMap<>();
        Map<String, ApplySchema> result = new LinkedHashMap<>();
        kinds.forEach((kind, type) -> result.put(kind, new ApplySchema(struct(type, types, atomicTypes, built, source))));
        return Map.copyOf(result);
    }

    private static Shape struct(String type, Map<String, List<String[]>> types, Map<String, Boolean> atomicTypes,
                                Map<String, Shape> built, String source) {
        Shape done = built.get(type);
        if (done != null) {
            return done;
        }
        List<String[]> lines = types.get(type);
        if (lines == null) {
            throw new PeapodException(source + ": type " + type + " is used but not defined");
        }
        if (atomicTypes.get(type)) {
            Shape atomic = new Shape(Shape.Kind.ATOMIC, Map.of(), null, List.of());
            built.put(type, atomic);
            return atomic;
        }
        // Registered before its fields are read, so that a type may hold itself.
        Map<String, Shape> fields = new LinkedHashMap<>();
        Shape shape = new Shape(Shape.Kind.STRUCT, java.util.Collections.unmodifiableMap(fields), null, List.of());
        built.put(type, shape);
        for (String[] words : lines) {
            Shape held = words[3].equals("-") ? null : struct(words[3], types, atomicTypes, built, source);
            Shape field = switch (words[1]) {
                case "-" -> held == null ? Shape.ANY : held;
                case "atomic" -> new Shape(Shape.Kind.ATOMIC, Map.of(), null, List.of());
                case "granular" -> new Shape(Shape.Kind.MAP, Map.of(), held, List.of());
                case "set" -> new Shape(Shape.Kind.SET, Map.of(), held, List.of());
                case "map" -> new Shape(Shape.Kind.LIST_MAP, Map.of(), held, keys(words[2]));
                default -> throw new PeapodException(source + ": unknown relation " + words[1] + " of " + type);
            };
            fields.put(words[0], field);
        }
        return shape;
    }

    private static List<Key> keys(String words) {
        List<Key> keys = new ArrayList<>();
        for (String word : words.split(",")) {
            int equals = word.indexOf('=');
            keys.add(equals < 0 ? new Key(word, null)
                    : new Key(word.substring(0, equals), JsonNodeFactory.instance.stringNode(word.substring(equals + 1))));
        }
        return List.copyOf(keys);
    }
}
