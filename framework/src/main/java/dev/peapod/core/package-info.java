/**
 * The lowest layer: the types every other package may use (the exception every Peapod error is).
 * It imports nothing of Peapod's, so the engine never reaches up to the façade for them (DESIGN §1).
 */
package dev.peapod.core;
