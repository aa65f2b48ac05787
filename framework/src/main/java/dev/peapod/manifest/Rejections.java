package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;
import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An object the API server refused, as problems placed at the lines of the fields it named. */
final class Rejections {
    private static final FieldPath NAMESPACE = FieldPath.parse("metadata.namespace");
    private static final FieldPath KIND = FieldPath.parse("kind");

    private Rejections() {
    }

    /**
     * One problem per field error of an Invalid answer; otherwise one, at the object's first line,
     * or at {@code metadata.namespace} for a namespace that does not exist.
     */
    static List<Problem> of(ManifestDocument document, ApiException rejection) {
        Optional<Node> object = objectNode(document);
        List<Problem> problems = new ArrayList<>();
        if (rejection.causes().isEmpty()) {
            // the store's NotFound for the object's namespace (ObjectStore.requireNamespace) is about that field,
            // when the manifest names it; a namespace the cluster chose is the document's as a whole
            Optional<Mark> at = isMissingNamespace(rejection)
                    ? object.filter(node -> YamlTree.node(node, NAMESPACE).isPresent()).flatMap(node -> YamlTree.locate(node, NAMESPACE))
                    : isNoKindMatch(rejection) ? object.flatMap(node -> YamlTree.locate(node, KIND)) : Optional.empty();
            problems.add(problem(document, at.or(() -> object.flatMap(Node::getStartMark)), rejection.getMessage()));
        }
        for (FieldError cause : rejection.causes()) {
            Optional<Mark> field = object.flatMap(node -> YamlTree.locate(node, FieldPath.parse(written(node, cause.field()))));
            problems.add(problem(document, field, cause.toString()));
        }
        return problems;
    }

    /** The REST mapper's answer for a custom resource no CRD serves is about its kind, as the parser places it. */
    private static boolean isNoKindMatch(ApiException rejection) {
        return rejection.code() == 404 && rejection.getMessage().startsWith("no matches for kind ");
    }

    private static boolean isMissingNamespace(ApiException rejection) {
        return rejection.code() == 404 && rejection.getMessage().startsWith("namespaces \"");
    }

    /**
     * The field as the manifest wrote it. The API server names fields of the object it validates, and
     * two of them are not where the user wrote them: a ConfigMap's size is checked on the whole object
     * ({@code field.NewPath("")}, printed {@code []}; pkg/apis/core/validation/validation.go,
     * ValidateConfigMap), which is its {@code data} (or {@code binaryData}); and a Secret's
     * {@code stringData} is merged into {@code data} before validation, so {@code data} and
     * {@code data[key]} may stand for {@code stringData} and {@code stringData[key]}.
     */
    private static String written(Node object, String field) {
        if (field.equals("[]")) {
            return present(object, "data") ? "data" : present(object, "binaryData") ? "binaryData" : field;
        }
        if ((field.equals("data") || field.startsWith("data[")) && !present(object, "data") && present(object, "stringData")) {
            return "stringData" + field.substring("data".length());
        }
        return field;
    }

    private static boolean present(Node object, String field) {
        return YamlTree.child(object, field).isPresent();
    }

    private static Problem problem(ManifestDocument document, Optional<Mark> mark, String message) {
        int line = mark.map(m -> document.line() + m.getLine()).orElse(document.line());
        return new Problem(document.source(), document.index(), document.item(), Where.name(document.object()),
                line, 0, message);
    }

    /** The object's node in the document's own text, whose first line is the document's line. */
    private static Optional<Node> objectNode(ManifestDocument document) {
        if (document.yaml() == null || document.yaml().isBlank()) {
            return Optional.empty();
        }
        Optional<Node> root = YamlStream.first(document.yaml());
        if (document.item() == 0) {
            return root;
        }
        FieldPath item = FieldPath.ROOT.field("items").index(document.item() - 1);
        return root.flatMap(node -> YamlTree.node(node, item));
    }
}
