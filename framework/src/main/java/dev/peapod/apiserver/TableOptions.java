package dev.peapod.apiserver;

import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;

/**
 * How a Table is asked for: its version (meta.k8s.io v1 or v1beta1, from the Accept header), which
 * object each row carries (the {@code includeObject} query parameter), and whether the column
 * definitions are left out (upstream sets that on every watch event after the first).
 */
record TableOptions(String version, IncludeObject includeObject, boolean noHeaders) {

    /** metav1.IncludeObjectPolicy. */
    enum IncludeObject {
        /** No object: {@code "object": null}. */
        NONE("None"),
        /** A PartialObjectMetadata of the object, the default. */
        METADATA("Metadata"),
        /** The whole object. */
        OBJECT("Object");

        private final String apiName;

        IncludeObject(String apiName) {
            this.apiName = apiName;
        }

        String apiName() {
            return apiName;
        }
    }

    TableOptions {
        if (!version.equals("v1") && !version.equals("v1beta1")) {
            throw new IllegalArgumentException("no Table exists in group version meta.k8s.io/" + version);
        }
    }

    /**
     * The options of a request: {@code includeObject} as the query gave it (null or "" for the default,
     * Metadata). Any other value is upstream's BadRequest (handlers/response.go optionsForTransform and
     * apimachinery's ValidateTableOptions).
     */
    static TableOptions of(String version, String includeObject) {
        if (includeObject == null || includeObject.isEmpty()) {
            return new TableOptions(version, IncludeObject.METADATA, false);
        }
        for (IncludeObject policy : IncludeObject.values()) {
            if (policy.apiName.equals(includeObject)) {
                return new TableOptions(version, policy, false);
            }
        }
        FieldError error = FieldError.invalid("includeObject", includeObject, "must be 'Metadata', 'Object', 'None', or empty");
        throw ApiException.badRequest("Unable to convert to Table as requested: " + error);
    }

    /** These options for a watch event after the first: no column definitions. */
    TableOptions withoutHeaders() {
        return new TableOptions(version, includeObject, true);
    }

    String apiVersion() {
        return "meta.k8s.io/" + version;
    }
}
