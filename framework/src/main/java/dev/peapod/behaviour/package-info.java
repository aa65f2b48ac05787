/**
 * What a test scripts for a container: answers, exits and signal handling
 * ({@link dev.peapod.behaviour.ContainerBehaviour}), kept in the cluster's behaviour registry. A
 * script is an override layer in front of the container's program: what it does not say, the
 * program decides (DESIGN §6). This package sits above the engine, beside the façade; the runtime
 * reaches it only through {@link dev.peapod.runtime.Overrides}.
 */
package dev.peapod.behaviour;
