/**
 * The kube-controller-manager's controllers as components on the virtual clock: each watches the
 * store, puts keys on a {@link dev.peapod.time.WorkQueue}, reconciles in its sync step and writes
 * back to the store, as upstream's {@code pkg/controller/...} do. They never call each other or
 * the kubelets: they meet in the store (DESIGN §1, §4).
 */
package dev.peapod.controllers;
