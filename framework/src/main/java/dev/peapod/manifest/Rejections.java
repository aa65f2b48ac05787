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
    private Rejections() {
    }

    /** One problem per field error of an Invalid answer; otherwise one, at the object's first line. */
    static List<Problem> of(ManifestDocument document, ApiException rejection) {
        Optional<Node> object = objectNode(document);
        List<Problem> problems = new ArrayList<>();
        if (rejection.causes().isEmpty()) {
            problems.add(problem(document, object.flatMap(Node::getStartMark), rejection.getMessage()));
        }
        for (FieldError cause : rejection.causes()) {
            Optional<Mark> field = object.flatMap(node -> YamlTree.locate(node, FieldPath.parse(cause.field())));
            problems.add(problem(document, field, cause.toString()));
        }
        return problems;
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
