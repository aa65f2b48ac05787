package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.util.Optional;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Where the runtime finds the layer in front of a container's program: the test's script
 * ({@code dev.peapod.behaviour} implements this; the runtime sits below it and does not import it,
 * DESIGN §1). Asked again on every use, since a test may script a container that already runs.
 */
@API(status = INTERNAL, since = "0.1")
@FunctionalInterface
public interface Overrides {
    /** No overrides: every container runs its program alone. */
    Overrides NONE = (namespace, pod, container) -> Optional.empty();

    /** The override layer of one container, if the test scripted it. */
    Optional<ScriptedContainer> forContainer(String namespace, String pod, String container);

    /**
     * How many layers there are now, for a caller that keeps what {@link #forContainer} answered. A registry
     * that counts (0 or more) promises that a layer, once there, stays the same object for good, so a found
     * layer is kept and, while the count has not moved, an absent one is still absent. -1, the default: no
     * such promise, ask every time.
     */
    default long layerCount() {
        return -1;
    }

    /** One container's override layer: each method either decides or leaves the decision to the program. */
    @API(status = INTERNAL, since = "0.1")
    interface ScriptedContainer {
        /** The scripted answer to this request, or empty to pass it to the program. */
        Optional<Response> answer(ProcessContext process, Endpoint request, Requester who);

        /** The exit scripted for this start of the container, if any. */
        Optional<PlannedExit> plannedExit(int startNumber);

        /** Handles SIGTERM through the context (exit later, or ignore it) and returns true; false leaves it to the program. */
        boolean onSigterm(ProcessContext process);

        /**
         * Whether the script says anything about the process itself (answers, exits, ports, signals): then the
         * container runs the well-behaved server behind it; a script of hooks alone leaves the image's program.
         */
        default boolean scriptsTheProcess() {
            return true;
        }

        /** The scripted answer of a lifecycle hook on this start of the container, or empty to run its handler. */
        default Optional<HookAnswer> hook(HookAnswer.Hook hook, int startNumber) {
            return Optional.empty();
        }
    }
}
