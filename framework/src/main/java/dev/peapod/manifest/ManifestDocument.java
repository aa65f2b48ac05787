package dev.peapod.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One object read from a manifest, and where it came from.
 *
 * @param source the file as the user named it ({@code deploy/web.yaml}), or the name given to {@link Manifests#parse}
 * @param index  the 1-based number of the YAML document in the file; empty documents are counted too
 * @param line   the 1-based line where the document's content starts
 * @param object the typed object, ready for {@link Manifests#apply}; applying copies it
 * @param yaml   the document's own text, starting at {@code line}
 * @param item   the 1-based position of the object in the document's {@code List}, 0 when the document is the object
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ManifestDocument(String source, int index, int line, HasMetadata object, String yaml, int item) {

    public ManifestDocument {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(object, "object");
        if (index < 1) {
            throw new IllegalArgumentException("index is 1-based, was " + index);
        }
    }

    /** A document that is not an item of a {@code List}. */
    public ManifestDocument(String source, int index, int line, HasMetadata object, String yaml) {
        this(source, index, line, object, yaml, 0);
    }

    /** {@code deploy/web.yaml, document 2 (Deployment web), line 14}; a List's item adds {@code , item 3}. */
    public String describe() {
        return Where.describe(source, index, item, Where.name(object), line, 0);
    }
}
