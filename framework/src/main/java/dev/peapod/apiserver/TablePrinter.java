package dev.peapod.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Instant;
import java.util.List;

/** A kind's table: its column definitions and how one stored object fills a row at a virtual instant. */
record TablePrinter(List<TableColumn> columns, Cells cells) {

    /** Computes one row; the API server always prints wide, so every column has its cell. */
    @FunctionalInterface
    interface Cells {
        TableRow row(HasMetadata object, Instant now);
    }

    TablePrinter {
        columns = List.copyOf(columns);
    }
}
