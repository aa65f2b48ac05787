package dev.peapod.cucumber;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Watch;
import dev.peapod.store.WatchEvent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code kubectl rollout status deployment/NAME [--timeout=]} (kubectl: cmd/rollout/rollout_status.go and
 * polymorphichelpers/rollout_status.go): the Deployment's status line as the watch sees it now and at each change,
 * the cluster's virtual time running until the rollout is done, fails, or the timeout passes (none: a week).
 */
final class KubectlRollout {
    private static final Duration WEEK = Duration.ofHours(168);

    private final Kubectl kubectl;
    private final FakeCluster cluster;

    KubectlRollout(Kubectl kubectl, FakeCluster cluster) {
        this.kubectl = kubectl;
        this.cluster = cluster;
    }

    void rollout(KubectlCommand command) {
        if (command.arguments().isEmpty() || !command.arguments().get(0).equals("status")) {
            throw new PeapodException("Peapod's kubectl steps run \"kubectl rollout status\" only, not \"kubectl rollout "
                    + String.join(" ", command.arguments()) + "\"");
        }
        Duration timeout = GoDuration.parse(command.flag("timeout", "0s"), "timeout", "rollout status");
        java.util.List<String> words = command.arguments().subList(1, command.arguments().size());
        if (words.isEmpty()) {
            throw new Kubectl.Failure("error: required resource not specified");
        }
        java.util.List<Kubectl.Target> targets = kubectl.targets(command, words, false);
        if (targets.size() != 1) {
            throw new Kubectl.Failure("error: rollout status is only supported on individual resources and resource "
                    + "collections - " + targets.size() + " resources were found");
        }
        Kubectl.Target target = targets.get(0);
        if (!target.resource().kind().equals("Deployment") || !target.resource().group().equals("apps")) {
            throw new PeapodException("Peapod's \"kubectl rollout status\" follows Deployments, not "
                    + target.resource().plural() + "; check the others with the workload steps");
        }
        String namespace = kubectl.namespace(command);
        kubectl.fetch(target, command); // the builder reads it first: a NotFound ends here
        AtomicReference<String> end = new AtomicReference<>(); // "" done, else the error
        Watch watch = cluster.context().loop().exclusive("kubectl rollout status", () -> cluster.context().store()
                .watch(Deployment.class, ListOptions.inNamespace(namespace), null, (WatchEvent<Deployment> event) -> {
                    if (end.get() != null || !event.object().getMetadata().getName().equals(target.name())) {
                        return;
                    }
                    if (event.type() == WatchEvent.Type.DELETED) {
                        end.set("error: object has been deleted");
                        return;
                    }
                    try {
                        String status = status(event.object());
                        kubectl.out(status);
                        if (status.endsWith("successfully rolled out\n")) {
                            end.set("");
                        }
                    } catch (Kubectl.Failure failure) {
                        end.set(failure.getMessage());
                    }
                }));
        try {
            if (end.get() == null) {
                cluster.runUntil(c -> end.get() != null, timeout.isZero() || timeout.isNegative() ? WEEK : timeout);
            }
        } finally {
            watch.close();
        }
        if (end.get() == null && (timeout.isZero() || timeout.isNegative())) {
            // rollout_status.go: no timeout (0 or negative) watches until the rollout ends, which kubectl never gives up on
            throw new Kubectl.Failure("error: timed out waiting for the condition\n"
                    + "(Peapod: kubectl waits without end here; the step stopped after " + WEEK.toHours() + "h of virtual "
                    + "time with the rollout unfinished. Give --timeout, or look at why it does not finish: a paused "
                    + "deployment, pods that never become available)");
        }
        if (end.get() == null) {
            throw new Kubectl.Failure("error: timed out waiting for the condition");
        }
        if (!end.get().isEmpty()) {
            throw new Kubectl.Failure(end.get());
        }
    }

    /** DeploymentStatusViewer.Status, the revision unpinned. */
    static String status(Deployment deployment) {
        String name = deployment.getMetadata().getName();
        var status = deployment.getStatus() == null ? new io.fabric8.kubernetes.api.model.apps.DeploymentStatus()
                : deployment.getStatus();
        long generation = deployment.getMetadata().getGeneration() == null ? 0 : deployment.getMetadata().getGeneration();
        long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
        if (generation > observed) {
            return "Waiting for deployment spec update to be observed...\n";
        }
        for (DeploymentCondition condition : status.getConditions()) {
            if (condition.getType().equals("Progressing") && "ProgressDeadlineExceeded".equals(condition.getReason())) {
                throw new Kubectl.Failure("error: deployment \"" + name + "\" exceeded its progress deadline");
            }
        }
        int updated = orZero(status.getUpdatedReplicas());
        int replicas = orZero(status.getReplicas());
        int available = orZero(status.getAvailableReplicas());
        Integer wanted = deployment.getSpec().getReplicas();
        if (wanted != null && updated < wanted) {
            return "Waiting for deployment \"" + name + "\" rollout to finish: " + updated + " out of " + wanted
                    + " new replicas have been updated...\n";
        }
        if (replicas > updated) {
            return "Waiting for deployment \"" + name + "\" rollout to finish: " + (replicas - updated)
                    + " old replicas are pending termination...\n";
        }
        if (available < updated) {
            return "Waiting for deployment \"" + name + "\" rollout to finish: " + available + " of " + updated
                    + " updated replicas are available...\n";
        }
        return "deployment \"" + name + "\" successfully rolled out\n";
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
