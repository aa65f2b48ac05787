package dev.peapod.manifest;

import dev.peapod.store.FieldError;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.Locale;

/**
 * How messages name a place in the manifests and the objects found there. Names are users' values:
 * a long one is shortened as {@link FieldError#shorten} shortens values.
 */
final class Where {
    private Where() {
    }

    /** {@code deploy/web.yaml, document 2, item 1 (Pod web), line 14, column 3}; absent parts left out. */
    static String describe(String source, int document, int item, String object, int line, int column) {
        StringBuilder where = new StringBuilder(source);
        if (document > 0) {
            where.append(", document ").append(document);
        }
        if (item > 0) {
            where.append(", item ").append(item);
        }
        if (object != null) {
            where.append(" (").append(object).append(')');
        }
        if (line > 0) {
            where.append(", line ").append(line);
        }
        if (column > 0) {
            where.append(", column ").append(column);
        }
        return where.toString();
    }

    /** {@code Pod web}; {@code Pod generateName web-} before the API server picks a name; null without a kind. */
    static String name(String kind, String name, String generateName) {
        if (kind == null || kind.isEmpty()) {
            return null;
        }
        if (name != null && !name.isEmpty()) {
            return FieldError.shorten(kind) + " " + FieldError.shorten(name);
        }
        if (generateName != null && !generateName.isEmpty()) {
            return FieldError.shorten(kind) + " generateName " + FieldError.shorten(generateName);
        }
        return FieldError.shorten(kind);
    }

    static String name(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        return name(kind(object), meta == null ? null : meta.getName(), meta == null ? null : meta.getGenerateName());
    }

    /** {@code pod/web}, as kubectl names what it applied. */
    static String reference(HasMetadata object) {
        String name = object.getMetadata() == null ? "" : object.getMetadata().getName();
        return kind(object).toLowerCase(Locale.ROOT) + "/" + FieldError.shorten(name);
    }

    private static String kind(HasMetadata object) {
        String kind = object.getKind();
        return kind == null || kind.isEmpty() ? HasMetadata.getKind(object.getClass()) : kind;
    }
}
