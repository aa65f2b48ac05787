package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The text of a {@link ManifestException}: one block per document (or List item) with problems,
 * then what was applied. A block with one problem puts its line in the heading; a block with several
 * gives each its own line.
 */
final class Report {
    private Report() {
    }

    static String format(List<Problem> problems, List<HasMetadata> applied) {
        StringBuilder text = new StringBuilder();
        for (List<Problem> block : blocks(problems)) {
            append(text, block);
        }
        return text.append(applied(applied)).toString();
    }

    /** As {@link #format}, for a refusal after a clean dry run: which documents were applied, which not. */
    static String stopped(List<Problem> problems, List<ManifestDocument> applied, List<ManifestDocument> notApplied) {
        StringBuilder text = new StringBuilder();
        for (List<Problem> block : blocks(problems)) {
            append(text, block);
        }
        text.append("every document had passed a dry run, but this one was refused when applied, so the apply stopped there\n");
        text.append("applied: ").append(applied.isEmpty() ? "none" : documents(applied)).append('\n');
        return text.append("not applied: ").append(documents(notApplied)).toString();
    }

    /** {@code deploy/web.yaml, document 1 (pod/a), deploy/web.yaml, document 2, item 1 (configmap/b)}. */
    private static String documents(List<ManifestDocument> documents) {
        return documents.stream().map(d -> Where.describe(d.source(), d.index(), d.item(), Where.reference(d.object()), 0, 0))
                .collect(Collectors.joining("; "));
    }

    private static void append(StringBuilder text, List<Problem> block) {
        Problem first = block.get(0);
        if (first.document() == 0) {
            block.forEach(problem -> text.append(problem.message()).append('\n'));
        } else if (block.size() == 1) {
            text.append(first.where()).append(":\n  ").append(first.message()).append('\n');
        } else {
            text.append(Where.describe(first.source(), first.document(), first.item(), object(block), 0, 0)).append(":\n");
            for (Problem problem : block) {
                text.append("  ").append(problem.line() > 0 ? "line " + problem.line() + ": " : "")
                        .append(problem.message()).append('\n');
            }
        }
    }

    /** Problems grouped by file, document and item, in the order they were found. */
    private static List<List<Problem>> blocks(List<Problem> problems) {
        Map<List<Object>, List<Problem>> blocks = new LinkedHashMap<>();
        for (Problem problem : problems) {
            blocks.computeIfAbsent(List.of(problem.source(), problem.document(), problem.item()), k -> new ArrayList<>())
                    .add(problem);
        }
        return new ArrayList<>(blocks.values());
    }

    private static String object(List<Problem> block) {
        return block.stream().map(Problem::object).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static String applied(List<HasMetadata> applied) {
        return applied.isEmpty() ? "nothing was applied"
                : "applied: " + applied.stream().map(Where::reference).collect(Collectors.joining(", "));
    }
}
