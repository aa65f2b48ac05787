package dev.peapod.apiserver.patch;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * What strategic merge patch needs to know about one kind: for each field, its patch strategies and merge key,
 * and the schema of what it holds (upstream's LookupPatchMeta over a Go struct). The first implementation reads
 * {@code patch-strategies.txt} beside this class, which copies upstream v1.33's struct tags; a kind not in it is a
 * custom resource, for which upstream refuses strategic merge patch.
 */
@API(status = INTERNAL, since = "0.1")
public final class PatchSchema {
    private static final String RESOURCE = "patch-strategies.txt";
    private static final PatchSchema NONE = new PatchSchema("struct", Map.of(), true);
    private static final PatchSchema CUSTOM_RESOURCE = new PatchSchema("custom resource", Map.of(), false);
    private static final Map<String, PatchSchema> KINDS = load();

    /** A field's tags: {@code patchStrategy} (comma separated in upstream's tag), {@code patchMergeKey}, its schema. */
    record Field(List<String> strategies, String mergeKey, PatchSchema schema) {
        static final Field UNTAGGED = new Field(List.of(), "", NONE);
    }

    private final String name;
    private final Map<String, Field> fields;
    private final boolean strategic;

    private PatchSchema(String name, Map<String, Field> fields, boolean strategic) {
        this.name = name;
        this.fields = fields;
        this.strategic = strategic;
    }

    /**
     * The schema of a kind Peapod serves ({@code apiVersion} as in a manifest: {@code v1}, {@code apps/v1}); any
     * other kind is treated as a custom resource.
     */
    public static PatchSchema forKind(String apiVersion, String kind) {
        return KINDS.getOrDefault(apiVersion + " " + kind, CUSTOM_RESOURCE);
    }

    /** The schema of a custom resource: upstream serves no strategic merge patch for those. */
    public static PatchSchema customResource() {
        return CUSTOM_RESOURCE;
    }

    /** False for custom resources: a strategic merge patch is answered 415, as upstream's CRD handler does. */
    public boolean supportsStrategicMerge() {
        return strategic;
    }

    /** A field's patch strategies ({@code merge}, {@code retainKeys}, {@code replace}); none for an untagged field. */
    public List<String> strategiesOf(String field) {
        return field(field).strategies();
    }

    /** A field's {@code patchMergeKey}; empty when it has none. */
    public String mergeKeyOf(String field) {
        return field(field).mergeKey();
    }

    /** The schema of what a field holds (a list's elements for a list). For kubectl's client-side apply patch. */
    public PatchSchema schemaOf(String field) {
        return field(field).schema();
    }

    /** The tags of a field; an unknown field has none (its maps merge, its lists are replaced). */
    Field field(String field) {
        return fields.getOrDefault(field, Field.UNTAGGED);
    }

    /**
     * The tags of the field at a dotted path of field names ({@code spec.template.spec.containers}); a list's
     * elements are passed through, as the merge does ({@code spec.containers.env} is the env of any container).
     */
    Field at(String path) {
        Field field = new Field(List.of(), "", this);
        for (String name : path.split("\\.")) {
            field = field.schema().field(name);
        }
        return field;
    }

    /**
     * What upstream's errors call this schema (PatchMetaFromStruct.Name: the Go kind of the element type). Lists
     * merged without a merge key hold strings in every kind served, so their element schema is named "string".
     */
    String name() {
        return name;
    }

    @Override
    public String toString() {
        return "PatchSchema[" + name + "]";
    }

    private static Map<String, PatchSchema> load() {
        try (InputStream in = PatchSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new PeapodException("missing resource " + RESOURCE + " beside " + PatchSchema.class.getName());
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), RESOURCE);
        } catch (IOException e) {
            throw new PeapodException("cannot read " + RESOURCE, e);
        }
    }

    /** Reads schemas in the format of {@code patch-strategies.txt}, keyed "apiVersion Kind" (tests read their own). */
    static Map<String, PatchSchema> read(BufferedReader reader, String source) throws IOException {
        Map<String, Map<String, String[]>> types = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        Map<String, String[]> current = null;
        for (String line; (line = reader.readLine()) != null; ) {
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] words = content.split("\\s+");
            if (words[0].equals("kind") && words.length == 4) {
                kinds.put(words[1] + " " + words[2], words[3]);
            } else if (words[0].equals("type") && words.length == 2) {
                current = new LinkedHashMap<>();
                types.put(words[1], current);
            } else if (current != null && words.length == 4) {
                current.put(words[0], words);
            } else {
                throw new PeapodException(source + ": cannot read line: " + line);
            }
        }
        Map<String, PatchSchema> built = new LinkedHashMap<>();
        Map<String, PatchSchema> result = new LinkedHashMap<>();
        kinds.forEach((kind, type) -> result.put(kind, build(type, types, built, source)));
        return Map.copyOf(result);
    }

    /** Builds a type's schema, once per type. */
    private static PatchSchema build(String type, Map<String, Map<String, String[]>> types,
                                     Map<String, PatchSchema> built, String source) {
        PatchSchema done = built.get(type);
        if (done != null) {
            return done;
        }
        Map<String, String[]> lines = types.get(type);
        if (lines == null) {
            throw new PeapodException(source + ": type " + type + " is used but not defined");
        }
        // Registered before its fields are read, so that a type may hold itself (a list of its own kind).
        Map<String, Field> fields = new LinkedHashMap<>();
        PatchSchema schema = new PatchSchema("struct", Collections.unmodifiableMap(fields), true);
        built.put(type, schema);
        lines.forEach((name, words) -> {
            List<String> strategies = words[1].equals("-") ? List.of() : List.of(words[1].split(","));
            String mergeKey = words[2].equals("-") ? "" : words[2];
            PatchSchema held = words[3].equals("-")
                    ? (mergeKey.isEmpty() && !strategies.isEmpty() ? new PatchSchema("string", Map.of(), true) : NONE)
                    : build(words[3], types, built, source);
            fields.put(name, new Field(strategies, mergeKey, held));
        });
        return schema;
    }
}
