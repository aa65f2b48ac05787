package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;
import dev.peapod.manifest.ManifestSources.Source;
import dev.peapod.store.ApiException;
import dev.peapod.store.ObjectStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Reads Kubernetes manifests and applies them to a store, refusing bad input as kubectl and the API
 * server would, with the file, document, object and line of every problem.
 *
 * <p>Reading is all or nothing: a file that does not parse, a kind that is not served, an unknown
 * field or a value of the wrong type fails the whole read with a {@link ManifestException} listing
 * every problem found. Plain scalars are typed as kubectl types them (YAML 1.1: {@code 0644} is octal,
 * {@code yes} is true).
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
     * Creates each object in order, as {@code kubectl create -f} does. An object the API server rejects
     * is not created; the others are. If any was rejected, a {@link ManifestException} names each
     * rejection at its line and lists what was applied.
     *
     * @return the created objects, as the store returned them
     */
    public static List<HasMetadata> apply(ObjectStore store, List<ManifestDocument> documents) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(documents, "documents");
        List<HasMetadata> applied = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (ManifestDocument document : documents) {
            Objects.requireNonNull(document, "documents contains null");
            try {
                applied.add(store.create(document.object()));
            } catch (ApiException rejection) {
                problems.addAll(Rejections.of(document, rejection));
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems, applied);
        }
        return List.copyOf(applied);
    }

    /**
     * Applies each object in order as {@code kubectl apply -f} does: creates it, or updates the object
     * that exists with the manifest's fields over its own (see {@link ApplyMerge}) through the API's
     * update validation; an update that changes nothing is not written. An object the API server
     * rejects is left as it was; the others are applied. If any was rejected, a
     * {@link ManifestException} names each rejection at its line and lists what was applied.
     *
     * @return what happened to each object, in order: created, configured or unchanged
     */
    public static List<Applied> applyAll(ObjectStore store, List<ManifestDocument> documents) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(documents, "documents");
        List<Applied> applied = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (ManifestDocument document : documents) {
            Objects.requireNonNull(document, "documents contains null");
            try {
                applied.add(applyObject(store, document.object()));
            } catch (ApiException rejection) {
                problems.addAll(Rejections.of(document, rejection));
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems, applied.stream().map(Applied::object).toList());
        }
        return List.copyOf(applied);
    }

    /**
     * Applies one object as {@code kubectl apply} does (see {@link #applyAll}); the API server's
     * rejection is thrown as it is. An object without a name (only a generateName) is always created.
     */
    public static Applied applyObject(ObjectStore store, HasMetadata object) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(object, "object");
        String name = object.getMetadata() == null ? null : object.getMetadata().getName();
        HasMetadata live = name == null || name.isEmpty() ? null
                : store.peek(object.getClass(), object.getMetadata().getNamespace(), name);
        if (live == null) {
            return new Applied(store.create(object), Applied.Action.CREATED);
        }
        return store.updateIfChanged(ApplyMerge.merge(live, object))
                .map(updated -> new Applied(updated, Applied.Action.CONFIGURED))
                .orElseGet(() -> new Applied(store.get(object.getClass(), live.getMetadata().getNamespace(), name).orElseThrow(),
                        Applied.Action.UNCHANGED));
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
}
