/**
 * The API server's HTTP face (issue #14), an engine part: it reads and writes the store and answers
 * in the API server's words. So far the pure pieces a server calls: {@link dev.peapod.apiserver.MediaTypes}
 * negotiates the Accept header, {@link dev.peapod.apiserver.Tables} makes the meta.k8s.io Table
 * {@code kubectl get} asks for, {@link dev.peapod.apiserver.PartialObjects} the metadata-only answers.
 * Time comes in as the cluster's virtual instant; nothing here reads a clock or touches the network.
 */
package dev.peapod.apiserver;
