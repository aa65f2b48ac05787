package dev.peapod.apiserver;

import java.util.List;

/**
 * One row's cells and conditions (metav1.TableRow without its object, which {@link Tables} adds as
 * the request's includeObject says). Cells are Strings, Longs, Doubles or Booleans, or null (a custom resource's
 * column without a value).
 */
record TableRow(List<Object> cells, List<Condition> conditions) {

    /** metav1.TableRowCondition: only Completed exists upstream. */
    record Condition(String type, String status, String reason, String message) {
    }

    TableRow {
        cells = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(cells));
        conditions = List.copyOf(conditions);
    }

    static TableRow of(Object... cells) {
        return new TableRow(java.util.Arrays.asList(cells), List.of());
    }
}
