/**
 * The API server's HTTP face (issue #14), an engine part: it reads and writes the store and answers
 * in the API server's words. So far the pure pieces a server calls: {@link dev.peapod.apiserver.MediaTypes}
 * negotiates the Accept header, {@link dev.peapod.apiserver.Tables} makes the meta.k8s.io Table
 * {@code kubectl get} asks for, {@link dev.peapod.apiserver.PartialObjects} the metadata-only answers.
 * Time comes in as the cluster's virtual instant; those pieces read no clock and touch no network.
 *
 * <p>The server itself: {@link dev.peapod.apiserver.ApiServer} (Vert.x on 127.0.0.1, started by the
 * façade on first use) hands each request to {@code HttpFront}, which routes watches to
 * {@code WatchStreamer} and everything else to {@code ResourceDispatcher} (a Fabric8 mock web server
 * {@code Dispatcher}): {@code RequestPath} reads the path, {@code Discovery} answers the discovery
 * documents, {@code Bodies} reads request bodies, {@code ListPages} pages lists, {@code Statuses} words
 * the errors, {@code Transform} turns an answer into the Table or PartialObjectMetadata the Accept
 * header asked for, {@code PodSubresources} serves pods/log, pods/eviction and pods/binding,
 * {@code PatchRequests} serves PATCH and records managedFields, {@code CustomResourceRoutes} serves
 * CustomResourceDefinitions' kinds and {@code CustomResourcePatches} their PATCH, decoding and managedFields. Writes and watches enter the engine through {@code EventLoop.exclusive}.
 */
package dev.peapod.apiserver;
