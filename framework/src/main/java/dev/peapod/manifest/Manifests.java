package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;
import dev.peapod.manifest.ManifestSources.Source;
import dev.peapod.store.ApiException;
import dev.peapod.store.CustomResources;
import dev.peapod.store.ServedKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import dev.peapod.store.ObjectStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Reads Kubernetes manifests and applies them to a store, refusing bad input as kubectl and the API
 * server would, with the file, document, object and line of every problem.
 *
 * <p>Reading is all or nothing: a file that does not parse, a kind that is not served, an unknown
 * field or a value of the wrong type fails the whole read with a {@link ManifestException} listing
 * every problem found. Plain scalars are typed as kubectl types them (YAML 1.1: {@code 0644} is octal,
 * {@code yes} is true).
 *
 * <p>Applying is all or nothing too: every document of a file, a folder or a {@code List} is first
 * written in a dry run, in order, and only when the API server accepts them all are they written for
 * real. One refusal means nothing is stored, and the error names every refusal.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Manifests {
    private Manifests() {
    }

    /**
     * The objects of a YAML or JSON text: every document of a multi-document stream, every item of a
     * {@code List}.
     *
     * @param sourceName how messages name the text: {@code "inline"}, or a file path as the user gave it
     */
    public static List<ManifestDocument> parse(String yaml, String sourceName) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        return parse(sourceName, List.of(new Source(sourceName, yaml, null)));
    }

    /**
     * The objects of a file, or of every {@code *.yaml}, {@code *.yml} and {@code *.json} file in a
     * folder and its subfolders, in path order. Files are named in messages from the path as given.
     */
    public static List<ManifestDocument> load(Path fileOrFolder) {
        Objects.requireNonNull(fileOrFolder, "fileOrFolder");
        return parse(fileOrFolder.toString(), ManifestSources.fromPath(fileOrFolder));
    }

    /**
     * The objects of a file or folder found by the context class loader, in a directory or a jar, as
     * {@link #load} reads them. Files are named from {@code classpathPath}.
     */
    public static List<ManifestDocument> loadResource(String classpathPath) {
        Objects.requireNonNull(classpathPath, "classpathPath");
        return parse(classpathPath, ManifestSources.fromClasspath(classpathPath));
    }

    /**
     * Creates every object, as {@code kubectl create -f} does, or none of them. First every document
     * is created in a dry run ({@link ObjectStore#dryRun}), in order, so that a document sees the
     * ones before it (a Namespace, then pods in it); if the API server refuses any, nothing is stored
     * and a {@link ManifestException} names every refusal at its file, document, line and field and
     * says that nothing was applied. Otherwise the documents are created for real. Should one still
     * be refused then (something reacted to an earlier one), the exception says exactly which
     * documents were applied and which were not.
     *
     * @return the created objects, as the store returned them
     */
    public static List<HasMetadata> apply(ObjectStore store, List<ManifestDocument> documents) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(documents, "documents");
        return allOrNothing(store, documents, ObjectStore::create, object -> object);
    }

    /**
     * Applies every object as {@code kubectl apply -f} does, or none of them: each is created, or the
     * object that exists is updated with the manifest's fields over its own (see {@link ApplyMerge})
     * through the API's update validation; an update that changes nothing is not written. The whole
     * list is first applied in a dry run, as {@link #apply} says; one refusal anywhere (a file, a
     * folder, a {@code List}) means nothing is applied and the {@link ManifestException} names every
     * refusal.
     *
     * @return what happened to each object, in order: created, configured or unchanged
     */
    public static List<Applied> applyAll(ObjectStore store, List<ManifestDocument> documents) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(documents, "documents");
        return allOrNothing(store, documents, Manifests::applyObject, Applied::object);
    }

    /**
     * Applies objects built in Java as {@link #applyAll} applies documents, all or none: after a dry
     * run of them all, in order, a refusal throws an {@link ApiException} with the first refused
     * object's code, reason and field errors (the API server's own error as its cause, the other
     * refusals attached as suppressed) whose message names every refused argument by its index and
     * says that nothing was applied; nothing is stored. A single object's refusal is the API server's
     * error as it is. A refusal after a clean
     * dry run throws a {@link dev.peapod.core.PeapodException} naming the objects that were applied,
     * with the API server's error as its cause.
     *
     * @return what happened to each object, in order: created, configured or unchanged
     */
    public static List<Applied> applyObjects(ObjectStore store, List<? extends HasMetadata> objects) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(objects, "objects");
        objects.forEach(object -> Objects.requireNonNull(object, "objects contains null"));
        if (objects.size() > 1) {
            List<ApiException> refusals = new ArrayList<>();
            List<String> lines = store.dryRun(() -> {
                List<String> refused = new ArrayList<>();
                for (int i = 0; i < objects.size(); i++) {
                    try {
                        applyObject(store, objects.get(i));
                    } catch (ApiException rejection) {
                        refusals.add(rejection);
                        refused.add("objects[" + i + "] (" + Where.name(objects.get(i)) + "): " + rejection.getMessage());
                    }
                }
                return refused;
            });
            if (!refusals.isEmpty()) {
                throw refusedObjects(refusals, lines);
            }
        }
        List<Applied> applied = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            try {
                applied.add(applyObject(store, objects.get(i)));
            } catch (ApiException rejection) {
                if (i == 0) {
                    throw rejection; // nothing was applied: the API server's answer as it is
                }
                throw new dev.peapod.core.PeapodException("object " + (i + 1) + " of " + objects.size() + " ("
                        + Where.reference(objects.get(i)) + ") was refused although a dry run of every object had passed: "
                        + rejection.getMessage() + "\napplied: " + applied.stream().map(a -> Where.reference(a.object()))
                        .collect(java.util.stream.Collectors.joining(", ")) + "\nnot applied: "
                        + objects.subList(i, objects.size()).stream().map(Where::reference)
                        .collect(java.util.stream.Collectors.joining(", ")), rejection);
            }
        }
        return List.copyOf(applied);
    }

    /**
     * The first refusal of a dry run of several objects, as an {@link ApiException} still (same code,
     * reason and field errors, the API server's own exception as its cause, the other refusals
     * attached as suppressed), whose message says which argument was refused and that nothing was
     * applied, as the manifest path says it:
     * {@code objects[1] (Pod j2): Pod "j2" is invalid: spec.containers: Required value\nnothing was applied}.
     */
    private static ApiException refusedObjects(List<ApiException> refusals, List<String> lines) {
        ApiException first = refusals.get(0);
        ApiException refused = new ApiException(first.code(), first.reason(),
                String.join("\n", lines) + "\nnothing was applied", first.causes());
        refused.initCause(first);
        refusals.subList(1, refusals.size()).forEach(refused::addSuppressed);
        return refused;
    }

    /** The dry run of every document, then the real writes; see {@link #apply}. */
    private static <R> List<R> allOrNothing(ObjectStore store, List<ManifestDocument> documents,
                                            BiFunction<ObjectStore, HasMetadata, R> write, Function<R, HasMetadata> stored) {
        documents.forEach(document -> Objects.requireNonNull(document, "documents contains null"));
        List<Problem> problems = store.dryRun(() -> {
            List<Problem> refusals = new ArrayList<>();
            for (ManifestDocument document : documents) {
                try {
                    write.apply(store, document.object());
                } catch (ApiException rejection) {
                    refusals.addAll(Rejections.of(document, rejection));
                }
            }
            return refusals;
        });
        if (!problems.isEmpty()) {
            throw new ManifestException(problems, List.of());
        }
        List<R> applied = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            try {
                applied.add(write.apply(store, documents.get(i).object()));
            } catch (ApiException rejection) {
                throw ManifestException.stopped(Rejections.of(documents.get(i), rejection),
                        documents.subList(0, i), applied.stream().map(stored).toList(), documents.subList(i, documents.size()));
            }
        }
        return List.copyOf(applied);
    }

    /**
     * Applies one object as {@code kubectl apply} does (see {@link #applyAll}); the API server's
     * rejection is thrown as it is, its warnings come first in {@link Applied#warnings()}. An object without a name (only a generateName) is always created.
     */
    public static Applied applyObject(ObjectStore store, HasMetadata object) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(object, "object");
        String name = object.getMetadata() == null ? null : object.getMetadata().getName();
        if (object instanceof GenericKubernetesResource custom) {
            return applyCustom(store, custom, name);
        }
        HasMetadata live = name == null || name.isEmpty() ? null
                : store.peek(object.getClass(), object.getMetadata().getNamespace(), name);
        List<String> warnings = new ArrayList<>();
        if (live == null) {
            return Applied.withApiWarnings(store.create(object, warnings::add), Applied.Action.CREATED, warnings);
        }
        return store.updateIfChanged(ApplyMerge.merge(live, object), warnings::add)
                .map(updated -> Applied.withApiWarnings(updated, Applied.Action.CONFIGURED, warnings))
                .orElseGet(() -> new Applied(store.get(object.getClass(), live.getMetadata().getNamespace(), name).orElseThrow(),
                        Applied.Action.UNCHANGED));
    }

    /** {@link #applyObject} for a custom resource, whose kind is found among the CRDs' served kinds. */
    private static Applied applyCustom(ObjectStore store, GenericKubernetesResource object, String name) {
        CustomResources custom = store.customResources();
        Optional<ServedKind> kind = custom.findKind(object.getApiVersion(), object.getKind());
        Optional<GenericKubernetesResource> live = kind.isEmpty() || name == null || name.isEmpty() ? Optional.empty()
                : custom.get(kind.get().group(), kind.get().plural(), object.getMetadata().getNamespace(), name);
        if (live.isEmpty()) {
            return new Applied(custom.create(object), Applied.Action.CREATED); // no CRD: the REST mapper's "no matches for kind"
        }
        return custom.updateIfChanged(ApplyMerge.merge(live.get(), object))
                .map(updated -> new Applied(updated, Applied.Action.CONFIGURED))
                .orElseGet(() -> new Applied(live.get(), Applied.Action.UNCHANGED));
    }

    /**
     * {@code name} is the file, folder or text as the user named it. Input without a single object
     * (empty, only comments, only {@code ---}, an empty List) is refused as {@code kubectl apply} refuses
     * it (k8s.io/kubectl/pkg/cmd/apply/apply.go, Run: {@code no objects passed to apply}, printed with
     * kubectl's {@code error: } prefix): a test that applies nothing is almost always a wrong path or
     * an unsaved file.
     */
    private static List<ManifestDocument> parse(String name, List<Source> sources) {
        List<ManifestDocument> documents = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Source source : sources) {
            if (source.unreadable() != null) {
                problems.add(source.unreadable());
            } else {
                documents.addAll(ManifestParser.parse(source.name(), source.text(), problems));
            }
        }
        if (problems.isEmpty() && documents.isEmpty()) {
            problems.add(new Problem(name, 0, 0, null, 0, 0, "error: no objects passed to apply: " + name
                    + (sources.size() > 1 ? " holds " + sources.size() + " files, none with an object" : " holds no object")
                    + " (it is empty, or only comments and ---)"));
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems, List.of());
        }
        return List.copyOf(documents);
    }

    /**
     * The first of encoding/json's type errors in a request body bound to a model class, as the API
     * server's decoder words it ({@code json: cannot unmarshal string into Go struct field
     * DeploymentSpec.spec.replicas of type int32}); empty when every value fits. For the HTTP API, whose
     * bodies Jackson would otherwise coerce ("2" into 2). The text is JSON or YAML, read as the loader reads it.
     */
    @API(status = org.apiguardian.api.API.Status.INTERNAL, since = "0.1")
    public static java.util.Optional<String> typeError(tools.jackson.databind.JsonNode tree, Class<?> kind) {
        java.util.Optional<org.snakeyaml.engine.v2.nodes.Node> root = JsonNodes.asYaml(tree);
        if (root.isEmpty()) { // a fraction, whose text Go's message quotes as written: from the text, as YAML reads it
            return typeError(tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(tree), kind);
        }
        return typeError(root.get(), kind);
    }

    /**
     * The first error of the API server's unstructured converter binding {@code tree} to a model class, in its
     * words ({@code unrecognized type: int32}, {@code cannot convert int64 to string}); empty when every value
     * fits. Where a strategic merge patch's result becomes the object (handlers/patch.go applyPatchToObject).
     */
    @API(status = org.apiguardian.api.API.Status.INTERNAL, since = "0.1")
    public static java.util.Optional<String> converterError(tools.jackson.databind.JsonNode tree, Class<?> kind) {
        return tree != null && tree.isObject() ? ConverterCheck.check(tree, kind) : java.util.Optional.empty();
    }

    /** The same, from a request's text (JSON or YAML). */
    @API(status = org.apiguardian.api.API.Status.INTERNAL, since = "0.1")
    public static java.util.Optional<String> typeError(String text, Class<?> kind) {
        return YamlStream.first(text).flatMap(root -> typeError(root, kind));
    }

    private static java.util.Optional<String> typeError(org.snakeyaml.engine.v2.nodes.Node root, Class<?> kind) {
        if (!(root instanceof org.snakeyaml.engine.v2.nodes.MappingNode mapping)) {
            return java.util.Optional.empty();
        }
        Reporter reporter = new Reporter("request", 1, 0, null, 1);
        TypeCheck.check(mapping, kind, reporter);
        return reporter.problems().stream().map(ManifestException.Problem::message).findFirst();
    }

    /**
     * The fields of a bound model object that its class does not have (Fabric8 keeps them aside), as the
     * API server's strict decoding names them: {@code spec.containers[0].livenesProbe}. Outermost only.
     * For the HTTP API's {@code fieldValidation}.
     */
    @API(status = org.apiguardian.api.API.Status.INTERNAL, since = "0.1")
    public static List<String> unknownFields(Object object) {
        return UnknownFields.of(object).stream().map(FieldPath::toString).toList();
    }
}
