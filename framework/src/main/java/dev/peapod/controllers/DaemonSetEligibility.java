package dev.peapod.controllers;

import dev.peapod.core.Checks;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import org.apiguardian.api.API;

import java.util.Optional;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Whether a DaemonSet should run a pod on a node, asked of the DaemonSet controller's own predicates
 * (pkg/controller/daemon/daemon_controller.go NodeShouldRunDaemonPod), so that a check on a DaemonSet
 * ({@code runsOnEveryEligibleNode()}) and its failure message say what the controller decides.
 */
@API(status = INTERNAL, since = "0.1")
public final class DaemonSetEligibility {
    private DaemonSetEligibility() {
    }

    /**
     * Empty when the DaemonSet should run a pod on the node; otherwise why not, e.g. {@code the pod does
     * not tolerate its taint node-role.kubernetes.io/control-plane:NoSchedule} or {@code its labels do
     * not match the nodeSelector agent=yes}.
     */
    public static Optional<String> whyNot(Node node, DaemonSet daemonSet) {
        Checks.notNull(node, "node");
        Checks.notNull(daemonSet, "daemonSet");
        return DaemonSetPredicates.verdict(node, daemonSet).whyNot();
    }

    /**
     * True when the controller keeps a pod already running on the node though it would not start one
     * there now (shouldContinueRunning: a NoSchedule taint added after the pod started); upstream counts
     * such a pod as misscheduled and leaves it.
     */
    public static boolean keepsRunning(Node node, DaemonSet daemonSet) {
        Checks.notNull(node, "node");
        Checks.notNull(daemonSet, "daemonSet");
        return DaemonSetPredicates.verdict(node, daemonSet).fit().shouldContinueRunning();
    }
}
