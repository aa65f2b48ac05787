package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * YAML text as the JSON values kubectl v1.20 makes of it (sigs.k8s.io/yaml on goyaml.v2, YAML 1.1):
 * {@code 0755} is 493, {@code yes}, {@code Y} and {@code on} are true. The manifest loader's reading, without
 * its checks of kinds and fields: for the kubectl steps, which send what kubectl sends and let the server judge.
 */
@API(status = INTERNAL, since = "0.1")
public final class GoYamlValues {

    /**
     * The documents' values (null for an empty document), or goyaml's error in its words
     * ({@code yaml: line 3: mapping values are not allowed in this context}): the first one found.
     */
    public record Read(List<Object> documents, Optional<String> error) {
    }

    private GoYamlValues() {
    }

    /** Every document of the text, as maps, lists and scalars. */
    public static Read documents(String source, String text) {
        List<Problem> problems = new ArrayList<>();
        List<Object> documents = new ArrayList<>();
        for (YamlStream.Document document : YamlStream.read(source, text, problems)) {
            Reporter reporter = new Reporter(source, document.index(), 0, null, 1);
            documents.add(YamlTree.isNull(document.root()) ? null : YamlTree.toJson(document.root(), reporter));
            if (reporter.failed()) {
                return new Read(documents, Optional.of(words(reporter.problems().get(0))));
            }
        }
        return new Read(documents, problems.stream().findFirst().map(GoYamlValues::words));
    }

    /**
     * goyaml's {@code yaml: line N: problem}: the line is put after the {@code yaml:} prefix, and the loader's
     * explanation in parentheses, which goyaml does not print, is left out.
     */
    private static String words(Problem problem) {
        String message = problem.message();
        int explained = message.indexOf(" (");
        if (explained > 0 && message.endsWith(")")) {
            message = message.substring(0, explained);
        }
        if (problem.line() > 0 && message.startsWith("yaml: ")) {
            return "yaml: line " + problem.line() + ": " + message.substring("yaml: ".length());
        }
        return message;
    }
}
