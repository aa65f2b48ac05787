package dev.peapod.cucumber;

import dev.peapod.core.PeapodException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.peapod.cucumber.KubectlHttp.list;
import static dev.peapod.cucumber.KubectlHttp.map;
import static dev.peapod.cucumber.KubectlHttp.parameters;
import static dev.peapod.cucumber.KubectlHttp.query;

/** {@code kubectl get}: the server's Tables, laid out as kubectl lays them out, or {@code -o name}. */
final class KubectlGet {
    private final Kubectl kubectl;
    private final KubectlHttp http;

    KubectlGet(Kubectl kubectl, KubectlHttp http) {
        this.kubectl = kubectl;
        this.http = http;
    }

    void get(KubectlCommand command) {
        List<Kubectl.Target> targets = kubectl.targets(command, command.arguments(), true);
        KubectlResource resource = targets.get(0).resource();
        if (targets.stream().anyMatch(t -> !t.resource().equals(resource))) {
            throw new PeapodException("Peapod's \"kubectl get\" prints one kind at a time; run one command per kind");
        }
        if (targets.get(0).name() != null && command.has("selector")) {
            throw new Kubectl.Failure("error: name cannot be provided when a selector is specified");
        }
        boolean all = command.isOn("all-namespaces", false);
        boolean withNamespace = all && resource.namespaced();
        boolean names = "name".equals(command.flag("output", null));
        List<String> errors = new ArrayList<>();
        List<Map<String, Object>> answers = fetch(command, targets, names ? "application/json" : KubectlHttp.TABLE,
                withNamespace, errors);
        if (names) {
            for (Map<String, Object> object : answers) {
                List<Object> items = object.containsKey("items") ? list(object.get("items")) : List.of(object);
                items.forEach(item -> kubectl.out(resource.kindWord() + "/" + map(map(item).get("metadata")).get("name") + "\n"));
            }
        } else {
            printTables(answers, "wide".equals(command.flag("output", null)), withNamespace);
            if (errors.isEmpty() && answers.stream().allMatch(t -> list(t.get("rows")).isEmpty())) {
                // get.go: only the human-readable printer says so, on standard error
                kubectl.err(resource.namespaced() && !all ? "No resources found in " + kubectl.namespace(command)
                        + " namespace.\n" : "No resources found\n");
            }
        }
        if (!errors.isEmpty()) {
            throw new Kubectl.Failure(String.join("\n", errors));
        }
    }

    /** The named objects one by one (a NotFound is kept for the end, as kubectl prints it), or the list. */
    private List<Map<String, Object>> fetch(KubectlCommand command, List<Kubectl.Target> targets, String accept,
                                            boolean withNamespace, List<String> errors) {
        KubectlResource resource = targets.get(0).resource();
        String include = withNamespace ? "Metadata" : null;
        List<Map<String, Object>> answers = new ArrayList<>();
        if (targets.get(0).name() == null) {
            String namespace = command.isOn("all-namespaces", false) ? null : kubectl.namespace(command);
            KubectlHttp.Answer answer = http.get(resource.path(namespace)
                    + query(parameters("labelSelector", command.flag("selector", null), "includeObject", include)), accept);
            kubectl.expect(answer);
            answers.add(answer.json());
            return answers;
        }
        for (Kubectl.Target target : targets) {
            KubectlHttp.Answer answer = http.get(resource.path(kubectl.namespace(command), target.name())
                    + query(parameters("includeObject", include)), accept);
            if (answer.ok()) {
                kubectl.warnings(answer);
                answers.add(answer.json());
            } else {
                errors.add(Kubectl.serverError(answer));
            }
        }
        return answers;
    }

    /**
     * One table from the server's Tables: the visible columns' names upper-cased, the cells as kubectl formats them,
     * laid out by kubectl's tabwriter (kubernetes: cli-runtime/pkg/printers/tableprinter.go, printTable).
     */
    private void printTables(List<Map<String, Object>> tables, boolean wide, boolean withNamespace) {
        if (tables.isEmpty()) {
            return;
        }
        List<Object> columns = list(tables.get(0).get("columnDefinitions"));
        List<Integer> visible = new ArrayList<>();
        List<String> header = new ArrayList<>(withNamespace ? List.of("NAMESPACE") : List.of());
        for (int i = 0; i < columns.size(); i++) {
            Map<String, Object> column = map(columns.get(i));
            if (wide || ((Number) column.getOrDefault("priority", 0)).intValue() == 0) {
                visible.add(i);
                header.add(((String) column.get("name")).toUpperCase(java.util.Locale.ROOT));
            }
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        for (Map<String, Object> table : tables) {
            for (Object row : list(table.get("rows"))) {
                List<Object> cells = list(map(row).get("cells"));
                List<String> line = new ArrayList<>();
                if (withNamespace) {
                    line.add(String.valueOf(map(map(map(row).get("object")).get("metadata")).getOrDefault("namespace", "")));
                }
                for (int i : visible) {
                    line.add(cell(i < cells.size() ? cells.get(i) : null));
                }
                lines.add(line);
            }
        }
        if (lines.size() > 1) { // kubectl prints no header for no rows
            kubectl.out(dev.peapod.printers.TabWriter.align(lines));
        }
    }

    /** fmt.Sprint of a decoded JSON cell: strings as they are, whole numbers without a fraction, nil as nothing. */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return String.valueOf(d.longValue());
        }
        String text = String.valueOf(value);
        int cut = indexOfAny(text, "\f\n\r");
        return cut < 0 ? text : text.substring(0, cut) + "...";
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

}
