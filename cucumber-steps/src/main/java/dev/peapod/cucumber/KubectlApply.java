package dev.peapod.cucumber;

import dev.peapod.apiserver.patch.PatchSchema;
import dev.peapod.core.PeapodException;
import dev.peapod.manifest.GoYamlValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.peapod.cucumber.KubectlHttp.list;
import static dev.peapod.cucumber.KubectlHttp.map;
import static dev.peapod.cucumber.KubectlHttp.parameters;
import static dev.peapod.cucumber.KubectlHttp.query;

/**
 * {@code kubectl apply -f}: client-side, with the {@code last-applied-configuration} annotation and a three-way
 * patch, or {@code --server-side}, an apply patch the API server merges (kubectl: cmd/apply/apply.go, patcher.go).
 *
 * <p>A built-in kind gets kubectl's three-way strategic merge patch ({@link StrategicThreeWay}); a custom resource (or
 * a kind kubectl v1.20 does not know) a three-way JSON merge patch. An unchanged manifest sends nothing, as kubectl.
 */
final class KubectlApply {
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /**
     * Built-in kinds Peapod serves at a version kubectl v1.20's scheme does not know: kubectl sends those a JSON merge
     * patch, as to a custom resource (patcher.go: runtime.IsNotRegisteredError).
     */
    private static final java.util.Set<String> UNKNOWN_TO_KUBECTL_1_20 = java.util.Set.of("batch/v1 CronJob",
            "policy/v1 PodDisruptionBudget", "discovery.k8s.io/v1 EndpointSlice", "autoscaling/v2 HorizontalPodAutoscaler");

    private final Kubectl kubectl;
    private final KubectlHttp http;

    KubectlApply(Kubectl kubectl, KubectlHttp http) {
        this.kubectl = kubectl;
        this.http = http;
    }

    void apply(KubectlCommand command, String namespace, boolean explicitNamespace, String text) {
        String file = command.flag("filename", null);
        List<String> errors = new ArrayList<>();
        for (Map<String, Object> object : objects(file, text)) {
            KubectlResource resource = resource(file, object);
            Map<String, Object> metadata = mutableMap(object, "metadata");
            Object name = metadata.get("name");
            if (!(name instanceof String) || ((String) name).isEmpty()) {
                throw new Kubectl.Failure("error: error when retrieving current configuration of:\nResource: \""
                        + resource.group() + "/" + resource.version() + ", Resource=" + resource.plural() + "\", GroupVersionKind: \""
                        + resource.group() + "/" + resource.version() + ", Kind=" + resource.kind() + "\"\nName: \"\", Namespace: \""
                        + namespace + "\"\nfrom server for: \"" + file + "\": resource name may not be empty");
            }
            String objectNamespace = null;
            if (resource.namespaced()) {
                Object declared = metadata.get("namespace");
                if (declared instanceof String d && !d.isEmpty() && explicitNamespace && !d.equals(namespace)) {
                    throw new Kubectl.Failure("error: the namespace from the provided object \"" + d + "\" does not match the "
                            + "namespace \"" + namespace + "\". You must pass '--namespace=" + d + "' to perform this operation.");
                }
                objectNamespace = declared instanceof String d && !d.isEmpty() ? d : namespace;
                metadata.put("namespace", objectNamespace);
            }
            try {
                if (command.isOn("server-side", false)) {
                    serverSide(command, resource, objectNamespace, (String) name, object);
                } else {
                    clientSide(file, resource, objectNamespace, (String) name, object);
                }
            } catch (Kubectl.Failure failure) {
                errors.add(failure.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new Kubectl.Failure(String.join("\n", errors));
        }
    }

    private void serverSide(KubectlCommand command, KubectlResource resource, String namespace, String name,
                            Map<String, Object> object) {
        String path = resource.path(namespace, name) + query(parameters("fieldManager", command.flag("field-manager", "kubectl"),
                "force", command.isOn("force-conflicts", false) ? "true" : null));
        KubectlHttp.Answer answer = http.send("PATCH", path, "application/apply-patch+yaml", dev.peapod.core.GoJsonText.marshal(object));
        if (answer.code() == 409 && "Conflict".equals(answer.json().get("reason"))) {
            throw new Kubectl.Failure("error: " + answer.json().get("message") + CONFLICT_ADVICE);
        }
        kubectl.expect(answer);
        kubectl.out(resource.kindWord() + "/" + name + " serverside-applied\n");
    }

    /** kubectl's advice after a server-side apply conflict (cmd/apply/apply.go). */
    private static final String CONFLICT_ADVICE = """

            Please review the fields above--they currently have other managers. Here
            are the ways you can resolve this warning:
            * If you intend to manage all of these fields, please re-run the apply
              command with the `--force-conflicts` flag.
            * If you do not intend to manage all of the fields, please edit your
              manifest to remove references to the fields that should keep their
              current managers.
            * You may co-own fields by updating your manifest to match the existing
              value; in this case, you'll become the manager if the other manager(s)
              stop managing the field (remove it from their configuration).
            See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts""";

    private void clientSide(String file, KubectlResource resource, String namespace, String name, Map<String, Object> object) {
        Map<String, Object> modified = withLastApplied(object);
        String path = resource.path(namespace, name);
        KubectlHttp.Answer current = http.get(path, "application/json");
        if (current.code() == 404) {
            KubectlHttp.Answer created = http.send("POST", resource.path(namespace)
                    + query(parameters("fieldManager", "kubectl-client-side-apply")), "application/json", dev.peapod.core.GoJsonText.marshal(modified));
            if (!created.ok()) {
                throw new Kubectl.Failure(withSource(created, "creating", file));
            }
            kubectl.warnings(created);
            kubectl.out(resource.kindWord() + "/" + name + " created\n");
            return;
        }
        kubectl.expect(current);
        Map<String, Object> live = current.json();
        Object original = map(map(live.get("metadata")).get("annotations")).get(LAST_APPLIED);
        if (original == null) {
            kubectl.err("Warning: resource " + resource.plural() + "/" + name + " is missing the " + LAST_APPLIED
                    + " annotation which is required by kubectl apply. kubectl apply should only be used on resources created "
                    + "declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be "
                    + "patched automatically.\n");
        }
        Map<String, Object> last = original == null ? Map.of() : map(yaml(original.toString(), "the annotation"));
        PatchSchema schema = PatchSchema.forKind(resource.apiVersion(), resource.kind());
        boolean strategic = schema.supportsStrategicMerge() && !UNKNOWN_TO_KUBECTL_1_20.contains(resource.apiVersion() + " " + resource.kind());
        Map<String, Object> patch = strategic ? StrategicThreeWay.patch(last, modified, live, schema) : threeWay(last, modified, live);
        if (patch.isEmpty()) {
            kubectl.out(resource.kindWord() + "/" + name + " unchanged\n");
            return;
        }
        KubectlHttp.Answer patched = http.send("PATCH", path + query(parameters("fieldManager", "kubectl-client-side-apply")),
                strategic ? "application/strategic-merge-patch+json" : "application/merge-patch+json",
                dev.peapod.core.GoJsonText.marshal(patch));
        if (!patched.ok()) {
            throw new Kubectl.Failure(withSource(patched, "applying patch:\n" + dev.peapod.core.GoJsonText.marshal(patch) + "\nto:\n"
                    + "Resource: \"" + resource.group() + "/" + resource.version() + ", Resource=" + resource.plural()
                    + "\", GroupVersionKind: \"" + resource.group() + "/" + resource.version() + ", Kind=" + resource.kind()
                    + "\"\nName: \"" + name + "\", Namespace: \"" + (namespace == null ? "" : namespace) + "\"\nfor:", file));
        }
        kubectl.warnings(patched);
        kubectl.out(resource.kindWord() + "/" + name + " configured\n");
    }

    /** kubectl's AddSourceToErr: the Status's message gets {@code error when <verb> "<file>": } before it. */
    private static String withSource(KubectlHttp.Answer answer, String verb, String file) {
        Map<String, Object> status;
        try {
            status = answer.json();
        } catch (RuntimeException notJson) {
            return Kubectl.serverError(answer);
        }
        Map<String, Object> sourced = new LinkedHashMap<>(status);
        sourced.put("message", "error when " + verb + " \"" + file + "\": " + status.get("message"));
        return Kubectl.serverError(new KubectlHttp.Answer(answer.code(), dev.peapod.core.GoJsonText.marshal(sourced), answer.warnings()));
    }

    /**
     * The manifest with its own JSON in the {@code last-applied-configuration} annotation, as kubectl makes it
     * (util.GetModifiedConfiguration): written with an annotations map (empty if the manifest has none) and
     * without that annotation, as {@code json.Encoder} writes it, newline included.
     */
    static Map<String, Object> withLastApplied(Map<String, Object> object) {
        Map<String, Object> metadata = mutableMap(object, "metadata");
        Map<String, Object> annotations = mutableMap(metadata, "annotations");
        annotations.remove(LAST_APPLIED);
        String applied = dev.peapod.core.GoJsonText.marshal(object) + "\n";
        annotations.put(LAST_APPLIED, applied);
        return object;
    }

    /**
     * What to send so that the live object holds the manifest: each field the manifest sets that the live object
     * lacks or holds otherwise, and a null for each field the previous apply set and this manifest no longer does
     * (kubectl: CreateThreeWayMergePatch). A list counts as unchanged when it equals the one applied last and each
     * of its items is contained in the live list's item at that place (the server adds defaults to items).
     */
    static Map<String, Object> threeWay(Map<String, Object> original, Map<String, Object> modified, Map<String, Object> live) {
        Map<String, Object> patch = new LinkedHashMap<>();
        for (String key : original.keySet()) {
            if (!modified.containsKey(key) && live.containsKey(key)) {
                patch.put(key, null);
            }
        }
        for (Map.Entry<String, Object> entry : modified.entrySet()) {
            String key = entry.getKey();
            Object mine = entry.getValue();
            Object theirs = live.get(key);
            if (mine instanceof Map<?, ?> && theirs instanceof Map<?, ?>) {
                Map<String, Object> inner = threeWay(map(original.get(key)), map(mine), map(theirs));
                if (!inner.isEmpty()) {
                    patch.put(key, inner);
                }
            } else if (mine instanceof List<?> items) {
                boolean same = original.containsKey(key) ? Objects.equals(original.get(key), items) && contained(items, theirs)
                        : contained(items, theirs);
                if (!same) {
                    patch.put(key, mine);
                }
            } else if (!live.containsKey(key) || !sameValue(mine, theirs)) {
                patch.put(key, mine);
            }
        }
        return patch;
    }

    /**
     * Whether {@code mine} is in {@code theirs}: equal scalars, maps whose every key is contained, lists item by
     * item.
     */
    static boolean contained(Object mine, Object theirs) {
        if (mine instanceof Map<?, ?> m) {
            return theirs instanceof Map<?, ?> t && m.entrySet().stream()
                    .allMatch(e -> t.containsKey(e.getKey()) && contained(e.getValue(), t.get(e.getKey())));
        }
        if (mine instanceof List<?> m) {
            List<Object> t = list(theirs);
            if (!(theirs instanceof List<?>) || t.size() != m.size()) {
                return false;
            }
            for (int i = 0; i < m.size(); i++) {
                if (!contained(m.get(i), t.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return sameValue(mine, theirs);
    }

    /** Equal JSON values; numbers by value (a manifest's 1 and a decoded 1.0 are the same number). */
    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b);
    }

    private KubectlResource resource(String file, Map<String, Object> object) {
        Object apiVersion = object.get("apiVersion");
        Object kind = object.get("kind");
        if (!(apiVersion instanceof String) || !(kind instanceof String)) {
            throw new Kubectl.Failure("error: error validating \"" + file + "\": error validating data: ["
                    + (apiVersion instanceof String ? "" : "apiVersion not set")
                    + (apiVersion instanceof String || kind instanceof String ? "" : ", ")
                    + (kind instanceof String ? "" : "kind not set") + "]; if you choose to ignore these errors, "
                    + "turn validation off with --validate=false");
        }
        return kubectl.resourceOf((String) apiVersion, (String) kind)
                .orElseThrow(() -> new Kubectl.Failure("error: unable to recognize \"" + file + "\": no matches for kind \""
                        + kind + "\" in version \"" + apiVersion + "\""));
    }

    /** The manifest's objects, each document's, with the items of a {@code List} in their place. */
    private static List<Map<String, Object>> objects(String file, String text) {
        List<Map<String, Object>> objects = new ArrayList<>();
        // kubectl v1.20 reads YAML 1.1 (sigs.k8s.io/yaml on goyaml.v2): 0755 is 493, yes is true
        GoYamlValues.Read read = GoYamlValues.documents(file, text);
        read.error().ifPresent(error -> {
            throw new Kubectl.Failure("error: error parsing " + file + ": error converting YAML to JSON: " + error);
        });
        for (Object document : read.documents()) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?>)) {
                throw new Kubectl.Failure("error: error parsing " + file + ": a document is not an object: " + document);
            }
            Map<String, Object> object = mutable(map(document));
            if ("List".equals(object.get("kind")) && object.get("items") instanceof List<?> items) {
                items.forEach(item -> objects.add(mutable(map(item))));
            } else {
                objects.add(object);
            }
        }
        if (objects.isEmpty()) {
            throw new Kubectl.Failure("error: no objects passed to apply");
        }
        return objects;
    }

    /**
     * YAML (or JSON) text as maps, lists and scalars, read as sigs.k8s.io/yaml's ToJSON reads it (goyaml.v2, YAML 1.1,
     * the first document): a {@code -p} patch, an annotation. A syntax error is kubectl's {@code unable to parse}.
     */
    static Object yaml(String text, String what) {
        GoYamlValues.Read read = GoYamlValues.documents("text", text);
        read.error().ifPresent(error -> {
            throw new Kubectl.Failure("error: unable to parse " + what + ": " + error);
        });
        return read.documents().isEmpty() ? null : read.documents().get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mutable(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v instanceof Map<?, ?> m ? mutable((Map<String, Object>) m)
                : v instanceof List<?> l ? mutableList(l) : v));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mutableList(List<?> list) {
        List<Object> copy = new ArrayList<>();
        list.forEach(v -> copy.add(v instanceof Map<?, ?> m ? mutable((Map<String, Object>) m) : v instanceof List<?> l ? mutableList(l) : v));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mutableMap(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value instanceof Map<?, ?>) {
            return (Map<String, Object>) value;
        }
        if (value != null) {
            throw new PeapodException("the manifest's " + key + " is not an object: " + value);
        }
        Map<String, Object> created = new LinkedHashMap<>();
        parent.put(key, created);
        return created;
    }
}
