package dev.peapod.assertions;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A state a pod can be in, shared by a check ({@code isReady()}), a wait ({@code becomesReady()})
 * and a wait condition ({@code podIsReady("web")}), so the three agree on what it means and how to
 * say that it does not hold.
 *
 * @param toBe     {@code to be ready}: the expectation, after the subject
 * @param toBecome {@code to become ready}: the same, for a wait
 * @param holds    whether the pod is in the state now
 * @param actual   what the pod is instead, e.g. {@code its Ready condition is False since 00:00:50}
 * @param topic    which facts of the timeline explain why it does not hold ({@link Causes})
 */
record PodState(String toBe, String toBecome, Predicate<Pod> holds, BiFunction<Pod, VirtualTime, String> actual,
                Causes.Topic topic) {

    /** A state the timeline does not explain: its failure has no cause chain. */
    PodState(String toBe, String toBecome, Predicate<Pod> holds, BiFunction<Pod, VirtualTime, String> actual) {
        this(toBe, toBecome, holds, actual, Causes.Topic.NONE);
    }
}
