package dev.peapod.cucumber;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import dev.peapod.printers.PodPrinter;
import dev.peapod.printers.PodRow;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Watch;
import dev.peapod.store.WatchEvent;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.peapod.cucumber.KubectlHttp.parameters;
import static dev.peapod.cucumber.KubectlHttp.query;

/**
 * {@code kubectl get pods -w} (or {@code --watch-only}) for a stretch of virtual time (kubectl: cmd/get/get.go watch):
 * the table as {@code get} prints it, then a row per change the watch sees, each printed when it happens (AGE then),
 * laid out by kubectl's tabwriter, which remembers its column widths from one flush to the next (never narrower than
 * before, wider for a wider cell). The header comes with the first row printed. Pods only.
 */
final class KubectlWatch {
    private static final int MIN_WIDTH = 6;
    private static final int PADDING = 3;

    private final Kubectl kubectl;
    private final KubectlHttp http;
    private final FakeCluster cluster;
    private final List<Integer> widths = new ArrayList<>(); // liggitt/tabwriter RememberWidths
    private boolean headerPrinted;

    KubectlWatch(Kubectl kubectl, KubectlHttp http, FakeCluster cluster) {
        this.kubectl = kubectl;
        this.http = http;
        this.cluster = cluster;
    }

    void watch(KubectlCommand command, List<Kubectl.Target> targets, Duration watchFor) {
        KubectlResource resource = targets.get(0).resource();
        if (!resource.kind().equals("Pod") || !resource.group().isEmpty()) {
            throw new PeapodException("Peapod's \"kubectl get -w\" watches pods, not " + resource.plural()
                    + "; check the others with the workload steps");
        }
        String output = command.flag("output", "");
        if (!output.isEmpty() && !output.equals("wide")) {
            throw new PeapodException("Peapod's \"kubectl get -w\" prints the table or -o wide, not -o " + output);
        }
        if (command.isOn("show-labels", false)) {
            throw new PeapodException("Peapod's \"kubectl get -w\" does not take --show-labels");
        }
        if (targets.stream().anyMatch(t -> !t.resource().equals(resource))) {
            throw new Kubectl.Failure("error: watch is only supported on individual resources and resource collections - "
                    + "more than 1 resource was found");
        }
        boolean all = command.isOn("all-namespaces", false);
        if (all && targets.get(0).name() != null) {
            throw new Kubectl.Failure("error: a resource cannot be retrieved by name across all namespaces");
        }
        boolean wide = output.equals("wide");
        String namespace = kubectl.namespace(command);
        String selector = command.flag("selector", null);
        List<String> names = targets.stream().map(Kubectl.Target::name).filter(java.util.Objects::nonNull).toList();
        long from = cluster.context().store().resourceVersion();
        List<Map<String, Object>> tables = new ArrayList<>();
        if (names.isEmpty()) {
            KubectlHttp.Answer answer = http.get(resource.path(all ? null : namespace)
                    + query(parameters("labelSelector", selector, "includeObject", all ? "Metadata" : null)), KubectlHttp.TABLE);
            kubectl.expect(answer);
            tables.add(answer.json());
        } else {
            for (String name : names) {
                KubectlHttp.Answer answer = http.get(resource.path(namespace, name), KubectlHttp.TABLE);
                kubectl.expect(answer); // the builder reads every object before the watch: a NotFound ends here
                tables.add(answer.json());
            }
        }
        List<List<String>> lines = KubectlGet.tableLines(tables, wide, all, false);
        if (lines.isEmpty()) {
            return;
        }
        List<String> header = lines.get(0);
        if (!command.isOn("watch-only", false)) {
            print(header, lines.subList(1, lines.size()));
        }
        ListOptions options = all ? ListOptions.all() : ListOptions.inNamespace(namespace);
        if (selector != null) {
            options = options.withLabels(selector);
        }
        ListOptions watched = options;
        List<List<String>> rows = new ArrayList<>();
        Watch watch = cluster.context().loop().exclusive("kubectl get -w", () -> cluster.context().store()
                .watch(Pod.class, watched, from, (WatchEvent<Pod> event) -> {
                    Pod pod = event.object();
                    if (!names.isEmpty() && !names.contains(pod.getMetadata().getName())) {
                        return;
                    }
                    PodRow r = PodPrinter.row(pod, cluster.now()); // the server prints the event's row at its instant
                    List<String> row = new ArrayList<>(all ? List.of(pod.getMetadata().getNamespace()) : List.of());
                    row.addAll(wide ? List.of(r.name(), r.ready(), r.status(), r.restarts(), r.age(), r.ip(), r.node(),
                            r.nominatedNode(), r.readinessGates()) : List.of(r.name(), r.ready(), r.status(), r.restarts(), r.age()));
                    rows.add(row);
                }));
        try {
            cluster.advance(watchFor);
        } finally {
            watch.close();
        }
        for (List<String> row : rows) { // each event is its own flush
            print(header, List.of(row));
        }
    }

    /** One flush: the header first if not printed yet; widths as wide as before at least. */
    private void print(List<String> header, List<List<String>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<List<String>> block = new ArrayList<>();
        if (!headerPrinted) {
            block.add(header);
            headerPrinted = true;
        }
        block.addAll(rows);
        for (int column = 0; column < header.size() - 1; column++) {
            int width = MIN_WIDTH;
            for (List<String> line : block) {
                width = Math.max(width, line.get(column).codePointCount(0, line.get(column).length()) + PADDING);
            }
            if (column < widths.size()) {
                widths.set(column, Math.max(widths.get(column), width));
            } else {
                widths.add(width);
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : block) {
            for (int column = 0; column < line.size(); column++) {
                String cell = line.get(column);
                out.append(cell);
                if (column < line.size() - 1) {
                    out.append(" ".repeat(widths.get(column) - cell.codePointCount(0, cell.length())));
                }
            }
            out.append('\n');
        }
        kubectl.out(out.toString());
    }
}
