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

    private final dev.peapod.FakeCluster cluster;

    KubectlGet(Kubectl kubectl, KubectlHttp http, dev.peapod.FakeCluster cluster) {
        this.kubectl = kubectl;
        this.http = http;
        this.cluster = cluster;
    }

    void get(KubectlCommand command, java.time.Duration watchFor) {
        boolean watch = command.isOn("watch", false) || command.isOn("watch-only", false);
        if (watch != (watchFor != null)) {
            throw new PeapodException(watch
                    ? "\"kubectl get -w\" runs until it is stopped: give it a time, When I run \"kubectl get pods -w\" for 30 seconds"
                    : "only \"kubectl get -w\" (or --watch-only) runs for a time; run this command without \"for ...\"");
        }
        List<Kubectl.Target> targets = kubectl.targets(command, command.arguments(), true);
        if (watch) {
            new KubectlWatch(kubectl, http, cluster).watch(command, targets, watchFor);
            return;
        }
        KubectlResource resource = targets.get(0).resource();
        if (targets.stream().anyMatch(t -> !t.resource().equals(resource))) {
            throw new PeapodException("Peapod's \"kubectl get\" prints one kind at a time; run one command per kind");
        }
        if (targets.get(0).name() != null && command.has("selector")) {
            throw new Kubectl.Failure("error: name cannot be provided when a selector is specified");
        }
        boolean all = command.isOn("all-namespaces", false);
        if (all && targets.get(0).name() != null) {
            throw new Kubectl.Failure("error: a resource cannot be retrieved by name across all namespaces");
        }
        String output = command.flag("output", "");
        boolean labels = command.isOn("show-labels", false);
        if (labels && List.of("name", "yaml", "json").contains(output)) {
            throw new Kubectl.Failure("error: --show-labels option cannot be used with " + output + " printer");
        }
        boolean withNamespace = all && resource.namespaced();
        boolean objects = List.of("name", "yaml", "json").contains(output);
        List<String> errors = new ArrayList<>();
        List<Map<String, Object>> answers = fetch(command, targets, objects ? "application/json" : KubectlHttp.TABLE,
                withNamespace || labels, errors);
        if (output.equals("name")) {
            for (Map<String, Object> object : answers) {
                List<Object> items = object.containsKey("items") ? list(object.get("items")) : List.of(object);
                items.forEach(item -> kubectl.out(resource.kindWord() + "/" + map(map(item).get("metadata")).get("name") + "\n"));
            }
        } else if (objects) {
            Object printed = printable(resource, answers, targets.size() == 1 && targets.get(0).name() != null);
            if (printed != null) {
                kubectl.out(output.equals("yaml") ? GoYaml.marshal(printed) : GoJsonIndented.marshal(printed));
            }
        } else {
            printTables(answers, "wide".equals(output), withNamespace, labels);
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

    /**
     * What {@code -o yaml|json} prints (get.go): the object itself when one name was given and found, else a {@code List}
     * of every object found, each with its kind and apiVersion (the list's items have none) and the list's metadata
     * empty; nothing when a single named object was not found.
     */
    private static Object printable(KubectlResource resource, List<Map<String, Object>> answers, boolean singleItemImplied) {
        List<Object> items = new ArrayList<>();
        for (Map<String, Object> answer : answers) {
            if (answer.containsKey("items")) {
                for (Object item : list(answer.get("items"))) {
                    Map<String, Object> object = new java.util.LinkedHashMap<>(map(item));
                    object.put("apiVersion", resource.apiVersion());
                    object.put("kind", resource.kind());
                    items.add(object);
                }
            } else {
                items.add(answer);
            }
        }
        if (singleItemImplied) {
            return items.isEmpty() ? null : items.get(0);
        }
        Map<String, Object> list = new java.util.LinkedHashMap<>();
        list.put("apiVersion", "v1");
        list.put("items", items);
        list.put("kind", "List");
        list.put("metadata", Map.of("resourceVersion", "", "selfLink", ""));
        return list;
    }

    /** The named objects one by one (a NotFound is kept for the end, as kubectl prints it), or the list. */
    private List<Map<String, Object>> fetch(KubectlCommand command, List<Kubectl.Target> targets, String accept,
                                            boolean withMetadata, List<String> errors) {
        KubectlResource resource = targets.get(0).resource();
        String include = withMetadata ? "Metadata" : null;
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
    private void printTables(List<Map<String, Object>> tables, boolean wide, boolean withNamespace, boolean labels) {
        List<List<String>> lines = tableLines(tables, wide, withNamespace, labels);
        if (lines.size() > 1) { // kubectl prints no header for no rows
            kubectl.out(dev.peapod.printers.TabWriter.align(lines));
        }
    }

    /** The header (the visible columns' names upper-cased) and a line of cells per row; none for no tables. */
    static List<List<String>> tableLines(List<Map<String, Object>> tables, boolean wide, boolean withNamespace, boolean labels) {
        if (tables.isEmpty()) {
            return List.of();
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
        if (labels) {
            header.add("LABELS");
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
                if (labels) { // tableprinter.go decorateTable: labels.FormatLabels of the row's object
                    line.add(formatLabels(map(map(map(map(row).get("object")).get("metadata")).get("labels"))));
                }
                lines.add(line);
            }
        }
        return lines;
    }

    /** labels.FormatLabels: {@code k=v} sorted by key, joined by commas; {@code <none>} for none. */
    static String formatLabels(Map<String, Object> labels) {
        if (labels.isEmpty()) {
            return "<none>";
        }
        return String.join(",", new java.util.TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
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
