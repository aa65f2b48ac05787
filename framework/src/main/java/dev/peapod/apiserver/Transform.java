package dev.peapod.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMeta;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a response's object becomes once the Accept header is negotiated, as handlers/response.go
 * doTransformObject does it: the object itself, a meta.k8s.io Table ({@link Tables}) or a
 * PartialObjectMetadata(List) ({@link PartialObjects}). A Status is never transformed. A Table's
 * options come from the query (optionsForTransform: {@code includeObject}, refused with upstream's
 * BadRequest before anything is read).
 *
 * <p>A watch keeps one Transform for its whole stream: its first event carries the Table's column
 * definitions and every later one leaves them out (handlers/watch.go watchEmbeddedEncoder sets
 * NoHeaders after the first object). An event the transform cannot make is sent as the object
 * itself, as upstream's embedded encoder does after logging the error.
 */
final class Transform {
    private final MediaTypes.Negotiated negotiated;
    /** The Table's options when a Table is asked for, else null; a watch drops the headers after its first event. */
    private TableOptions table;
    /** The Table's printer when it is not the kind's own (a custom resource's columns); null: the kind's. */
    private final TablePrinter printer;

    /** A body and the warnings to send with it (one {@code Warning} header each). */
    record Answer(Object body, List<String> warnings) {
    }

    private Transform(MediaTypes.Negotiated negotiated, TableOptions table, TablePrinter printer) {
        this.negotiated = negotiated;
        this.table = table;
        this.printer = printer;
    }

    /** This transform with the given printer for its Tables (a CRD version's additionalPrinterColumns). */
    Transform withPrinter(TablePrinter printer) {
        return new Transform(negotiated, table, Objects.requireNonNull(printer, "printer"));
    }

    /** The transform a request asks for; a bad {@code includeObject} with a Table is upstream's 400. */
    static Transform of(MediaTypes.Negotiated negotiated, Query query) {
        Objects.requireNonNull(negotiated, "negotiated");
        TableOptions table = negotiated.isTable() ? TableOptions.of(negotiated.version(), query.get("includeObject")) : null;
        return new Transform(negotiated, table, null);
    }

    /** The answer for one object (GET of a name, or what a write answers); a Status map passes as it is. */
    Answer object(Object object, Instant now) {
        if (!(object instanceof HasMetadata found) || negotiated.as() == null) {
            return new Answer(object, List.of());
        }
        return switch (negotiated.as()) {
            case "Table" -> {
                Tables.Result result = printer == null ? Tables.object(found, table, now) : Tables.object(printer, found, table, now);
                yield new Answer(result.table(), result.warnings());
            }
            case "PartialObjectMetadata" -> new Answer(PartialObjects.object(found, negotiated.version()), List.of());
            case "PartialObjectMetadataList" -> throw PartialObjects.objectAskedAsList(found.getClass());
            default -> throw new IllegalStateException("negotiation let through as=" + negotiated.as());
        };
    }

    /**
     * transformResponseObject (handlers/response.go): what a write answers (create, update, patch, delete:
     * the object, or a Status, which stays as it is) in the form the Accept header asks, with the write's
     * warnings before the transform's.
     */
    io.fabric8.mockwebserver.http.MockResponse written(int code, Object object, List<String> warnings, Instant now) {
        Answer answer = object(object, now);
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(answer.warnings());
        return Warnings.add(Statuses.json(code, answer.body()), all);
    }

    /** The answer for a list: {@code plain} (the resource's own list) unless a transform is asked for. */
    Answer list(Class<? extends HasMetadata> kind, List<? extends HasMetadata> items, ListMeta listMeta, Object plain,
                Instant now) {
        if (negotiated.as() == null) {
            return new Answer(plain, List.of());
        }
        return switch (negotiated.as()) {
            case "Table" -> {
                Tables.Result result = printer == null ? Tables.list(kind, items, listMeta, table, now)
                        : Tables.list(printer, items, listMeta, table, now);
                yield new Answer(result.table(), result.warnings());
            }
            case "PartialObjectMetadataList" -> new Answer(PartialObjects.list(items, listMeta, negotiated.version()), List.of());
            case "PartialObjectMetadata" -> throw PartialObjects.listAskedAsObject(kind);
            default -> throw new IllegalStateException("negotiation let through as=" + negotiated.as());
        };
    }

    /**
     * The object of one watch event: transformed as {@link #object} is, or the object itself when it
     * cannot be (a PartialObjectMetadataList asked of a watch, a bookmark no printer can read). After
     * the first event a Table leaves its column definitions out.
     */
    synchronized Object event(HasMetadata object, Instant now) {
        Object body;
        try {
            body = object(object, now).body();
        } catch (RuntimeException cannot) {
            body = object;
        }
        if (table != null && !table.noHeaders()) {
            table = table.withoutHeaders();
        }
        return body;
    }
}
