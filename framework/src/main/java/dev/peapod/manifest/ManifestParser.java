package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;
import dev.peapod.store.FieldError;
import dev.peapod.store.RemovedApis;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import tools.jackson.core.JacksonException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the documents of one file into typed objects, refusing what kubectl and the API server refuse
 * before anything is stored: no apiVersion or kind, a kind that is not served, type errors, unknown
 * fields. A List is expanded into its items.
 */
final class ManifestParser {
    /** Fabric8's registry maps apiVersion and kind to a model class; its mapper binds the JSON. */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** kubectl's words for a document or item that is not an object (k8s.io/kubectl/pkg/validation/schema.go). */
    private static final String INVALID_OBJECT = "error validating data: invalid object to validate";

    private final String source;
    private final List<Problem> problems;
    private final List<ManifestDocument> documents = new ArrayList<>();

    private record TypeMeta(String apiVersion, String kind) {
        Class<? extends KubernetesResource> model() {
            return SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
        }

        boolean isList() {
            Class<?> model = model();
            return model != null && KubernetesResourceList.class.isAssignableFrom(model);
        }
    }

    private ManifestParser(String source, List<Problem> problems) {
        this.source = source;
        this.problems = problems;
    }

    /** The objects of a file's text; what is wrong with it goes to {@code problems}. */
    static List<ManifestDocument> parse(String source, String text, List<Problem> problems) {
        ManifestParser parser = new ManifestParser(source, problems);
        List<Problem> syntax = new ArrayList<>();
        YamlStream.read(source, text, syntax).forEach(parser::document);
        problems.addAll(syntax); // a syntax error ends the stream: it comes after the documents before it
        return parser.documents;
    }

    private void document(YamlStream.Document document) {
        Node root = document.root();
        if (YamlTree.isNull(root)) {
            return; // an empty document: counted, nothing in it
        }
        Reporter reporter = new Reporter(source, document.index(), 0, describe(root, null), 1);
        if (!(root instanceof MappingNode mapping)) {
            reporter.at(root, INVALID_OBJECT);
        } else {
            Map<String, Object> json = asObject(YamlTree.toJson(mapping, reporter));
            TypeMeta type = reporter.failed() ? null : typeMeta(mapping, json, reporter);
            if (type != null && type.isList()) {
                items(document, mapping, json, type, reporter);
            } else if (type != null) {
                object(document, 0, mapping, json, type, reporter);
            }
        }
        problems.addAll(reporter.problems());
    }

    /**
     * Each item of a List is an object of its own, numbered from 1. Items of a typed list (PodList)
     * with neither apiVersion nor kind take the list's (k8s.io/apimachinery unstructured.go, decodeToList).
     */
    private void items(YamlStream.Document document, MappingNode list, Map<String, Object> json, TypeMeta type,
                       Reporter reporter) {
        Node items = YamlTree.child(list, "items").orElse(null);
        if (items == null || YamlTree.isNull(items)) {
            return;
        }
        if (!(items instanceof SequenceNode sequence)) {
            reporter.at(YamlTree.locate(list, FieldPath.ROOT.field("items")), INVALID_OBJECT);
            return;
        }
        String kind = type.kind();
        String itemKind = kind.equals("List") || !kind.endsWith("List") ? null : kind.substring(0, kind.length() - 4);
        List<?> values = (List<?>) json.get("items");
        for (int i = 0; i < values.size(); i++) {
            Node node = sequence.getValue().get(i);
            Reporter itemReporter = new Reporter(source, document.index(), i + 1, describe(node, itemKind), 1);
            item(document, i + 1, node, values.get(i), new TypeMeta(type.apiVersion(), itemKind), itemReporter);
            problems.addAll(itemReporter.problems());
        }
    }

    /** {@code inherited} is the list's apiVersion and its item kind; the kind is null for a plain List. */
    private void item(YamlStream.Document document, int item, Node node, Object value, TypeMeta inherited,
                      Reporter reporter) {
        if (!(node instanceof MappingNode mapping)) {
            reporter.at(node, INVALID_OBJECT);
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>(asObject(value));
        if (inherited.kind() != null && json.get("apiVersion") == null && json.get("kind") == null) {
            json.put("apiVersion", inherited.apiVersion());
            json.put("kind", inherited.kind());
        }
        TypeMeta type = typeMeta(mapping, json, reporter);
        if (type != null && type.isList()) {
            reporter.at(YamlTree.locate(mapping, FieldPath.ROOT.field("kind")), "a List inside a List is not supported");
        } else if (type != null) {
            object(document, item, mapping, json, type, reporter);
        }
    }

    /** One object: its kind resolved, its types checked, bound by Fabric8, then refused for unknown fields. */
    private void object(YamlStream.Document document, int item, MappingNode node, Map<String, Object> json,
                        TypeMeta type, Reporter reporter) {
        Class<? extends KubernetesResource> model = type.model();
        if (model == null && isCustomGroup(type.apiVersion())) {
            custom(document, item, node, json, reporter);
            return;
        }
        // Fabric8 still models group/versions that v1.33 no longer serves; the REST mapper finds none.
        if (model == null || !HasMetadata.class.isAssignableFrom(model) || RemovedApis.isRemoved(type.apiVersion(), type.kind())) {
            // The REST mapper's NoKindMatchError (k8s.io/apimachinery/pkg/api/meta/errors.go).
            reporter.at(YamlTree.locate(node, FieldPath.ROOT.field("kind")),
                    "no matches for kind \"" + FieldError.shorten(type.kind()) + "\" in version \""
                            + FieldError.shorten(type.apiVersion()) + "\"");
            return;
        }
        TypeCheck.check(node, model, reporter);
        HasMetadata object = reporter.failed() ? null : bind(json, model, node, reporter);
        if (object == null) {
            return;
        }
        for (FieldPath field : UnknownFields.of(object)) {
            reporter.at(YamlTree.locate(node, field), "strict decoding error: unknown field \"" + FieldError.shorten(field.toString()) + "\"");
        }
        if (!reporter.failed()) {
            documents.add(new ManifestDocument(source, document.index(), document.line(), object, document.text(), item));
        }
    }

    /**
     * A group a CustomResourceDefinition may define ({@code spec.group} must have a dot): its kinds are
     * known only to the cluster, at apply time, so the document is read as a
     * {@link GenericKubernetesResource} and the cluster refuses it there with the REST mapper's
     * {@code no matches for kind} when no Established CRD serves it. The CRD's schema, not Fabric8's
     * model, checks its fields.
     */
    private static boolean isCustomGroup(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        if (slash <= 0 || slash == apiVersion.length() - 1) {
            return false;
        }
        String group = apiVersion.substring(0, slash);
        return group.contains(".") && !BUILT_IN_GROUPS.contains(group);
    }

    /** The API server's own groups with a dot (v1.33): their kinds are Fabric8's or not served, never a CRD's. */
    private static final java.util.Set<String> BUILT_IN_GROUPS = java.util.Set.of("admissionregistration.k8s.io",
            "apiextensions.k8s.io", "apiregistration.k8s.io", "authentication.k8s.io", "authorization.k8s.io",
            "certificates.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "flowcontrol.apiserver.k8s.io",
            "internal.apiserver.k8s.io", "networking.k8s.io", "node.k8s.io", "rbac.authorization.k8s.io", "resource.k8s.io",
            "scheduling.k8s.io", "storage.k8s.io", "storagemigration.k8s.io");

    private void custom(YamlStream.Document document, int item, MappingNode node, Map<String, Object> json, Reporter reporter) {
        try {
            GenericKubernetesResource object = asWritten(json, SERIALIZATION.convertValue(json, GenericKubernetesResource.class));
            documents.add(new ManifestDocument(source, document.index(), document.line(), object, document.text(), item));
        } catch (RuntimeException e) {
            reporter.at(node, "cannot decode: " + FieldError.shorten(String.valueOf(e.getMessage())));
        }
    }

    /** Jackson should not fail once the types are checked; if it does, its words, at the field it names. */
    private static HasMetadata bind(Map<String, Object> json, Class<? extends KubernetesResource> model, Node node,
                                    Reporter reporter) {
        try {
            return asWritten(json, (HasMetadata) SERIALIZATION.convertValue(json, model));
        } catch (RuntimeException e) {
            JacksonException cause = e instanceof JacksonException j ? j
                    : e.getCause() instanceof JacksonException j ? j : null;
            FieldPath path = cause == null ? FieldPath.ROOT : FieldPath.of(cause.getPath());
            String reason = cause == null ? String.valueOf(e.getMessage()) : cause.getOriginalMessage();
            reporter.at(YamlTree.locate(node, path), "cannot decode " + (path.isRoot() ? "" : FieldError.shorten(path.toString()) + ": ")
                    + FieldError.shorten(reason));
            return null;
        }
    }

    /**
     * Fabric8's OwnerReference fills in {@code apiVersion: v1} and {@code kind: OwnerReference} where the
     * document has none; the API server's decoder leaves them empty, for validation to refuse
     * (validateOwnerReference). The bound references get back what the document said.
     */
    private static <T extends HasMetadata> T asWritten(Map<String, Object> json, T bound) {
        if (!(json.get("metadata") instanceof Map<?, ?> metadata) || !(metadata.get("ownerReferences") instanceof List<?> written)
                || bound.getMetadata() == null || bound.getMetadata().getOwnerReferences() == null) {
            return bound;
        }
        List<io.fabric8.kubernetes.api.model.OwnerReference> references = bound.getMetadata().getOwnerReferences();
        for (int i = 0; i < references.size() && i < written.size(); i++) {
            Map<?, ?> reference = written.get(i) instanceof Map<?, ?> map ? map : Map.of();
            if (reference.get("apiVersion") == null) {
                references.get(i).setApiVersion(null);
            }
            if (reference.get("kind") == null) {
                references.get(i).setKind(null);
            }
        }
        return bound;
    }

    /**
     * apiVersion and kind, checked as kubectl checks them first (k8s.io/kubectl/pkg/validation/schema.go,
     * getObjectKind); both errors are aggregated as utilerrors prints them: {@code [apiVersion not set, kind not set]}.
     */
    private static TypeMeta typeMeta(MappingNode node, Map<String, Object> json, Reporter reporter) {
        List<String> errors = new ArrayList<>();
        String apiVersion = typeField(json.get("apiVersion"), "apiVersion", errors);
        String kind = typeField(json.get("kind"), "kind", errors);
        if (errors.isEmpty()) {
            return new TypeMeta(apiVersion, kind);
        }
        String aggregate = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
        reporter.at(node, "error validating data: " + aggregate);
        return null;
    }

    private static String typeField(Object value, String name, List<String> errors) {
        if (value == null || value.equals("")) {
            errors.add(name + " not set");
        } else if (!(value instanceof String)) {
            errors.add(name + " isn't string type");
        } else {
            return (String) value;
        }
        return null;
    }

    private static String describe(Node node, String inheritedKind) {
        String kind = YamlTree.text(node, "kind");
        Node metadata = YamlTree.child(node, "metadata").orElse(null);
        return Where.name(kind == null ? inheritedKind : kind,
                metadata == null ? null : YamlTree.text(metadata, "name"),
                metadata == null ? null : YamlTree.text(metadata, "generateName"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object json) {
        return (Map<String, Object>) json;
    }
}
