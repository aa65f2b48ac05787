package dev.peapod.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The meta.k8s.io Table the API server answers when a client asks for one
 * ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}, what {@code kubectl get} sends), for
 * a list of stored objects or for one. Columns and cells are upstream's printers' (see
 * {@link TablePrinters}); the rows carry the object the request's includeObject asks for
 * (handlers/response.go asTable), and the table the list's resourceVersion and continue token
 * (pkg/printers/tablegenerator.go GenerateTable). Time comes in as {@code now}, the cluster's virtual
 * instant: AGE is computed from it, never from a clock.
 */
final class Tables {
    private static final ObjectMapper JSON = Serialization.jsonMapper();

    /**
     * A Table and the warnings that go with it (an HTTP {@code Warning} header each): Peapod says so
     * when its columns for a kind are not the API server's.
     */
    record Result(ObjectNode table, List<String> warnings) {
        Result {
            warnings = List.copyOf(warnings);
        }
    }

    private Tables() {
    }

    /**
     * The Table of a list: one row per item, in list order, and the list's metadata (resourceVersion,
     * continue, remainingItemCount) as its own.
     */
    static Result list(Class<? extends HasMetadata> kind, List<? extends HasMetadata> items, ListMeta listMeta,
                       TableOptions options, Instant now) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(now, "now");
        return list(TablePrinters.of(kind), items, listMeta, options, now, warnings(kind));
    }

    /** The Table of a list, printed by the given printer (a custom resource's columns). */
    static Result list(TablePrinter printer, List<? extends HasMetadata> items, ListMeta listMeta, TableOptions options,
                       Instant now) {
        return list(printer, items, listMeta, options, now, List.of());
    }

    private static Result list(TablePrinter printer, List<? extends HasMetadata> items, ListMeta listMeta,
                               TableOptions options, Instant now, List<String> warnings) {
        ObjectNode table = header(options);
        ObjectNode metadata = table.putObject("metadata");
        if (listMeta != null) {
            putIfPresent(metadata, "resourceVersion", listMeta.getResourceVersion());
            putIfPresent(metadata, "continue", listMeta.getContinue());
            if (listMeta.getRemainingItemCount() != null) {
                metadata.put("remainingItemCount", listMeta.getRemainingItemCount());
            }
        }
        columns(table, printer, options);
        if (items.isEmpty() && printer == TablePrinters.DEFAULT) {
            table.putNull("rows"); // the default convertor appends to a nil slice: an empty list has no rows at all
        } else {
            ArrayNode rows = table.putArray("rows");
            for (HasMetadata item : items) {
                rows.add(row(printer, item, options, now));
            }
        }
        return new Result(table, warnings);
    }

    /** The Table of one object (a GET of one name): one row, the object's resourceVersion as the table's. */
    static Result object(HasMetadata object, TableOptions options, Instant now) {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(now, "now");
        return object(TablePrinters.of(object.getClass()), object, options, now, warnings(object.getClass()));
    }

    /** The Table of one object, printed by the given printer (a custom resource's columns). */
    static Result object(TablePrinter printer, HasMetadata object, TableOptions options, Instant now) {
        return object(printer, object, options, now, List.of());
    }

    private static Result object(TablePrinter printer, HasMetadata object, TableOptions options, Instant now,
                                 List<String> warnings) {
        ObjectNode table = header(options);
        ObjectNode metadata = table.putObject("metadata");
        putIfPresent(metadata, "resourceVersion", object.getMetadata().getResourceVersion());
        columns(table, printer, options);
        table.putArray("rows").add(row(printer, object, options, now));
        return new Result(table, warnings);
    }

    private static ObjectNode header(TableOptions options) {
        ObjectNode table = JSON.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", options.apiVersion());
        return table;
    }

    /** Every column, wide ones too (the server prints wide; kubectl hides priority 1 without -o wide); null without headers. */
    private static void columns(ObjectNode table, TablePrinter printer, TableOptions options) {
        if (options.noHeaders()) {
            table.putNull("columnDefinitions");
            return;
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        for (TableColumn column : printer.columns()) {
            ObjectNode c = columns.addObject();
            c.put("name", column.name());
            c.put("type", column.type());
            c.put("format", column.format());
            c.put("description", column.description());
            c.put("priority", column.priority());
        }
    }

    private static ObjectNode row(TablePrinter printer, HasMetadata object, TableOptions options, Instant now) {
        TableRow row = printer.cells().row(object, now);
        ObjectNode node = JSON.createObjectNode();
        ArrayNode cells = node.putArray("cells");
        for (Object cell : row.cells()) {
            if (cell instanceof Long number) {
                cells.add(number);
            } else if (cell instanceof Double number) {
                cells.add(number);
            } else if (cell instanceof Boolean bool) {
                cells.add(bool);
            } else if (cell == null) {
                cells.addNull(); // a custom resource's column without a value
            } else {
                cells.add((String) cell);
            }
        }
        if (!row.conditions().isEmpty()) {
            ArrayNode conditions = node.putArray("conditions");
            for (TableRow.Condition condition : row.conditions()) {
                ObjectNode c = conditions.addObject();
                c.put("type", condition.type());
                c.put("status", condition.status());
                putIfPresent(c, "reason", condition.reason());
                putIfPresent(c, "message", condition.message());
            }
        }
        switch (options.includeObject()) {
            case NONE -> node.putNull("object"); // a RawExtension without an object encodes as null
            case OBJECT -> node.set("object", JSON.valueToTree(object));
            case METADATA -> {
                ObjectNode partial = node.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", options.apiVersion());
                partial.set("metadata", JSON.valueToTree(object.getMetadata()));
            }
        }
        return node;
    }

    private static List<String> warnings(Class<? extends HasMetadata> kind) {
        List<String> warnings = new ArrayList<>();
        String warning = TablePrinters.warning(kind);
        if (warning != null) {
            warnings.add(warning);
        }
        return warnings;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
