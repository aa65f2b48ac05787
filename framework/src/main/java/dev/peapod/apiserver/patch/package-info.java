/**
 * The PATCH algorithms of the HTTP API (issue #14): JSON patch (RFC 6902, through Fabric8's zjsonpatch), JSON merge
 * patch (RFC 7386) and strategic merge patch (as k8s.io/apimachinery/pkg/util/strategicpatch at v1.33), as pure
 * functions on Jackson 3 trees. Nothing here touches the store or HTTP.
 * <p>
 * The seam, for the PATCH route:
 * <pre>
 * PatchType type = PatchType.fromContentType(contentType).orElseThrow(() -&gt; Patches.unsupportedMediaType(schema));
 * JsonNode patched = Patches.apply(type, storedObjectAsJson, body, PatchSchema.forKind(apiVersion, kind));
 * List&lt;String&gt; warnings = Patches.strictDecodingErrors(type, body);   // fieldValidation Warn: Warning headers
 * </pre>
 * then decode {@code patched} into the kind's object, admit and store it. A {@link
 * dev.peapod.apiserver.patch.PatchException} carries the {@code Status} to answer (code, reason, message, causes);
 * it is thrown before anything is written. Messages are upstream's, in Go's words where upstream's carry Go's
 * (see {@code GoJson}); where upstream answers 500 for a malformed patch, Peapod answers 400 with the same text.
 */
package dev.peapod.apiserver.patch;
