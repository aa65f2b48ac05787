/**
 * Server-side apply and the {@code metadata.managedFields} bookkeeping of the HTTP API (issue #14), as upstream
 * v1.33 (k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager, sigs.k8s.io/structured-merge-diff/v4), as pure
 * functions on Jackson 3 trees. Nothing here touches the store or HTTP; the virtual clock's instant is passed in.
 * <p>
 * The seam, for the routes (the object JSON is the stored or to-be-stored object, after defaulting):
 * <pre>
 * ApplySchema schema = ApplySchema.forKind(apiVersion, kind);
 * // POST (create), PUT (update), PATCH json/merge/strategic, and their /status forms:
 * String manager = ManagedFields.managerOf(fieldManagerParam, userAgentHeader);
 * ManagedFields.checkFieldManager("CreateOptions" | "UpdateOptions" | "PatchOptions", fieldManagerParam, false);
 * JsonNode toStore = ManagedFields.update(storedOrNull, newObject, manager, subresource, schema, now);
 * // PATCH application/apply-patch+yaml (query fieldManager, force), on a stored object or none (creates it):
 * JsonNode toStore = ServerSideApply.apply(storedOrNull, body,
 *         new ServerSideApply.Request(apiVersion, kind, namespace, name, fieldManagerParam, force, subresource, now),
 *         schema);
 * </pre>
 * then decode, admit, validate and store {@code toStore}. A {@link dev.peapod.apiserver.patch.PatchException}
 * carries the {@code Status} to answer and is thrown before anything is written: 409 Conflict with
 * FieldManagerConflict causes, 422 Invalid for {@code fieldManager}, 400 BadRequest for a configuration that is
 * not one of this resource.
 * <p>
 * A custom resource's schema comes from its CRD version's {@code openAPIV3Schema}
 * ({@link dev.peapod.apiserver.apply.ApplySchema#forCustomResource}): its nested objects are recorded as a whole
 * when they appear ({@code ".":{}}), and a field the schema does not declare is refused.
 * <p>
 * Where Peapod differs from upstream (each said where it is done): a struct that appears as a whole in an update is
 * recorded by its leaves only for built-in kinds (upstream also records a Go pointer struct itself, as {@code ".":{}}); a status
 * write owns only fields under {@code status}; a configuration of another kind is refused with a 400 in Peapod's
 * words; duplicate list keys and missing keys answer 400 where upstream answers 500. Not done: the upgrade of
 * {@code kubectl.kubernetes.io/last-applied-configuration}, apiVersion conversion of other versions' entries.
 */
package dev.peapod.apiserver.apply;
