package dev.peapod.cucumber;

import dev.peapod.FakeCluster;
import dev.peapod.assertions.ClusterAssert;
import dev.peapod.assertions.PeapodAssertions;
import dev.peapod.core.PeapodException;
import dev.peapod.store.Propagation;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verbs every workload kind shares, written one way for all: {@code the <kind> <name> ...}, where
 * {@code <kind>} is kubectl's one-word singular and the name is bare or quoted ({@link Workload}):
 * <pre>
 * When the deployment web is scaled to 2 replicas
 * Then the replicaset frontend has 3 ready replicas within 30 seconds
 * And kubectl shows statefulset web as "3/3"
 * When I delete replicaset frontend with cascade foreground
 * </pre>
 * A verb names the kinds it means something for; another kind fails the step with a message saying
 * which. Each step delegates to the kind's view ({@code cluster.deployment(..)}) or assertion
 * ({@code assertThat(cluster).deployment(..)}); the kind-specific verbs are in the kind's own step class.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class WorkloadSteps {
    private final PeapodWorld world;

    public WorkloadSteps(PeapodWorld world) {
        this.world = world;
    }

    // ---------------------------------------------------------------- verbs

    /** {@code kubectl scale deployment/web --replicas=N}: a deployment, replicaset or statefulset. */
    @When("(the ){workload} is scaled to {int} replica(s)")
    public void scaled(Workload workload, int replicas) {
        String namespace = world.namespaceOf(workload);
        FakeCluster cluster = world.cluster();
        switch (workload.expect("is scaled to N replicas", "deployment", "replicaset", "statefulset").kind()) {
            case "deployment" -> cluster.deployment(namespace, workload.name()).scale(replicas);
            case "replicaset" -> cluster.replicaSet(namespace, workload.name()).scale(replicas);
            default -> cluster.statefulSet(namespace, workload.name()).scale(replicas);
        }
    }

    /** {@code kubectl set image deployment/web app=nginx:1.26}: a deployment, statefulset or daemonset. */
    @When("container {string} of (the ){workload} is set to image {string}")
    public void setImage(String container, Workload workload, String image) {
        String namespace = world.namespaceOf(workload);
        FakeCluster cluster = world.cluster();
        switch (workload.expect("container \"c\" of ... is set to image \"i\"", "deployment", "statefulset", "daemonset").kind()) {
            case "deployment" -> cluster.deployment(namespace, workload.name()).setImage(container, image);
            case "statefulset" -> cluster.statefulSet(namespace, workload.name()).setImage(container, image);
            default -> cluster.daemonSet(namespace, workload.name()).setImage(container, image);
        }
    }

    /**
     * {@code kubectl delete deployment web}: background, as kubectl's default; the garbage collector then deletes its
     * dependents. Example: {@code When I delete the replicaset frontend}.
     */
    @When("I delete (the ){workload}")
    public void delete(Workload workload) {
        world.cluster().delete(workload.type(), world.namespaceOf(workload), workload.name());
    }

    /** {@code kubectl delete rs web --cascade=background|foreground|orphan}. */
    @When("I delete (the ){workload} with cascade {word}")
    public void deleteWithCascade(Workload workload, String cascade) {
        Propagation propagation = switch (cascade.toLowerCase(Locale.ROOT)) {
            case "background" -> Propagation.BACKGROUND;
            case "foreground" -> Propagation.FOREGROUND;
            case "orphan" -> Propagation.ORPHAN;
            default -> throw new PeapodException("--cascade must be background, foreground or orphan, as kubectl's, but was "
                    + cascade);
        };
        world.cluster().delete(workload.type(), world.namespaceOf(workload), workload.name(), propagation);
    }

    /** {@code spec.suspend: true}: a job or a cronjob. */
    @When("(the ){workload} is suspended")
    public void suspended(Workload workload) {
        String namespace = world.namespaceOf(workload);
        if (workload.expect("is suspended", "job", "cronjob").kind().equals("job")) {
            world.cluster().job(namespace, workload.name()).suspend();
        } else {
            world.cluster().cronJob(namespace, workload.name()).suspend();
        }
    }

    /** {@code kubectl rollout resume deployment/web}, or {@code spec.suspend: false} for a job or a cronjob. */
    @When("(the ){workload} is resumed")
    public void resumed(Workload workload) {
        String namespace = world.namespaceOf(workload);
        switch (workload.expect("is resumed", "deployment", "job", "cronjob").kind()) {
            case "deployment" -> world.cluster().deployment(namespace, workload.name()).resume();
            case "job" -> world.cluster().job(namespace, workload.name()).resume();
            default -> world.cluster().cronJob(namespace, workload.name()).resume();
        }
    }

    // ---------------------------------------------------------------- replica counts

    /**
     * {@code status.replicas} is N now: a replicaset's CURRENT column; a deployment's or a statefulset's
     * pods (a deployment's across its ReplicaSets, as kubectl describe's "N total").
     */
    @Then("(the ){workload} has {int} replica(s)")
    public void hasReplicas(Workload workload, int count) {
        replicasWithin(workload, count, Duration.ZERO);
    }

    /** Lets at most that much virtual time pass, stopping at the first instant {@code status.replicas} is N. */
    @Then("(the ){workload} has {int} replica(s) within {duration}")
    public void reachesReplicas(Workload workload, int count, Duration limit) {
        replicasWithin(workload, count, limit);
    }

    private void replicasWithin(Workload workload, int count, Duration limit) {
        String namespace = world.namespaceOf(workload);
        String name = workload.name();
        switch (workload.kind()) {
            case "deployment" -> check().deployment(namespace, name).reachesReplicas(count).within(limit);
            case "replicaset" -> check().replicaSet(namespace, name).reachesReplicas(count).within(limit);
            case "statefulset" -> check().statefulSet(namespace, name).reachesReplicas(count).within(limit);
            default -> throw new PeapodException("\"has N replicas\" reads status.replicas, which only a deployment, a replicaset "
                    + "and a statefulset have; " + workload + " has none" + instead(workload));
        }
    }

    /** What a kind without {@code status.replicas} offers in its place, for the refusal to point to. */
    private static String instead(Workload workload) {
        String hint = switch (workload.kind()) {
            case "daemonset" -> "has N ready pods";
            case "job" -> "kubectl shows " + workload + " as \"Complete 3/3\"";
            case "cronjob" -> "has N active jobs";
            case "service" -> "has N ready endpoints";
            default -> null;
        };
        return hint == null ? "" : ": for a " + workload.kind() + ", write \"" + (hint.startsWith("kubectl") ? hint
                : "the " + workload + " " + hint) + "\"";
    }

    /** READY now: a deployment's, replicaset's or statefulset's readyReplicas, a daemonset's numberReady. */
    @Then("(the ){workload} has {int} ready replica(s)")
    public void hasReadyReplicas(Workload workload, int count) {
        readyWithin(workload, count, Duration.ZERO);
    }

    /** Lets at most that much virtual time pass, stopping at the first instant READY is N. */
    @Then("(the ){workload} has {int} ready replica(s) within {duration}")
    public void reachesReadyReplicas(Workload workload, int count, Duration limit) {
        readyWithin(workload, count, limit);
    }

    /** AVAILABLE now: a deployment's, replicaset's or statefulset's availableReplicas. */
    @Then("(the ){workload} has {int} available replica(s)")
    public void hasAvailableReplicas(Workload workload, int count) {
        availableWithin(workload, count, Duration.ZERO);
    }

    /** Lets at most that much virtual time pass, stopping at the first instant AVAILABLE is N. */
    @Then("(the ){workload} has {int} available replica(s) within {duration}")
    public void reachesAvailableReplicas(Workload workload, int count, Duration limit) {
        availableWithin(workload, count, limit);
    }

    private void readyWithin(Workload workload, int count, Duration limit) {
        String namespace = world.namespaceOf(workload);
        String name = workload.name();
        switch (workload.expect("has N ready replicas", "deployment", "replicaset", "statefulset", "daemonset").kind()) {
            case "deployment" -> check().deployment(namespace, name).reachesReadyReplicas(count).within(limit);
            case "replicaset" -> check().replicaSet(namespace, name).reachesReadyReplicas(count).within(limit);
            case "statefulset" -> check().statefulSet(namespace, name).reachesReadyReplicas(count).within(limit);
            default -> check().daemonSet(namespace, name).reachesReadyPods(count).within(limit);
        }
    }

    private void availableWithin(Workload workload, int count, Duration limit) {
        String namespace = world.namespaceOf(workload);
        String name = workload.name();
        switch (workload.expect("has N available replicas", "deployment", "replicaset", "statefulset").kind()) {
            case "deployment" -> check().deployment(namespace, name).reachesAvailableReplicas(count).within(limit);
            case "replicaset" -> check().replicaSet(namespace, name).reachesAvailableReplicas(count).within(limit);
            default -> check().statefulSet(namespace, name).reachesAvailableReplicas(count).within(limit);
        }
    }

    // ---------------------------------------------------------------- rollouts

    /** {@code kubectl rollout status} finishes within the time: a deployment, statefulset or daemonset. */
    @Then("the rollout of {workload} completes within {duration}")
    public void rolloutCompletesWithin(Workload workload, Duration limit) {
        String namespace = world.namespaceOf(workload);
        String name = workload.name();
        switch (workload.expect("the rollout of ... completes", "deployment", "statefulset", "daemonset").kind()) {
            case "deployment" -> check().deployment(namespace, name).rolloutCompletes().within(limit);
            case "statefulset" -> check().statefulSet(namespace, name).rolloutCompletes().within(limit);
            default -> check().daemonSet(namespace, name).rolloutCompletes().within(limit);
        }
    }

    /** {@code the rollout of web completes within 2 minutes}: a deployment's, as kubectl rollout's default kind. */
    @Then("the rollout of {word} completes within {duration}")
    public void deploymentRolloutCompletesWithin(String name, Duration limit) {
        rolloutCompletesWithin(Workload.parse("deployment", name), limit);
    }

    /**
     * Without a limit, waits as {@code kubectl rollout status} does for a deployment: until its
     * progressDeadlineSeconds (600 s by default) has passed, and a second more for the controller's check.
     * A statefulset or daemonset has no such deadline: give one ({@code within 5 minutes}).
     * Example: {@code Then the rollout of statefulset web completes}.
     */
    @Then("the rollout of {workload} completes")
    public void rolloutCompletes(Workload workload) {
        if (!workload.expect("the rollout of ... completes", "deployment", "statefulset", "daemonset").kind().equals("deployment")) {
            throw new PeapodException("the rollout of " + workload + " has no progress deadline to wait for, as a deployment's; "
                    + "give a limit: \"the rollout of " + workload + " completes within 5 minutes\"");
        }
        Integer deadline = world.cluster().deployment(world.namespaceOf(workload), workload.name()).get().getSpec()
                .getProgressDeadlineSeconds();
        rolloutCompletesWithin(workload, Duration.ofSeconds((deadline == null ? 600 : deadline) + 1L));
    }

    /** {@code the rollout of web completes}: a deployment's. */
    @Then("the rollout of {word} completes")
    public void deploymentRolloutCompletes(String name) {
        rolloutCompletes(Workload.parse("deployment", name));
    }

    /** The line {@code kubectl rollout status <kind>/<name>} prints now: a deployment, statefulset or daemonset. */
    @Then("the rollout status of {workload} reads {string}")
    public void rolloutStatus(Workload workload, String text) {
        String namespace = world.namespaceOf(workload);
        String name = workload.name();
        FakeCluster cluster = world.cluster();
        String status = switch (workload.expect("the rollout status of ... reads", "deployment", "statefulset", "daemonset").kind()) {
            case "deployment" -> cluster.deployment(namespace, name).rolloutStatus();
            case "statefulset" -> cluster.statefulSet(namespace, name).rolloutStatus();
            default -> cluster.daemonSet(namespace, name).rolloutStatus();
        };
        assertThat(status).as("kubectl rollout status %s/%s", workload.kind(), name).isEqualTo(text);
    }

    /** {@code the rollout status of web reads "..."}: a deployment's. */
    @Then("the rollout status of {word} reads {string}")
    public void deploymentRolloutStatus(String name, String text) {
        rolloutStatus(Workload.parse("deployment", name), text);
    }

    // ---------------------------------------------------------------- kubectl get, existence

    /**
     * {@code kubectl get <kind> <name>}'s cells between NAME and AGE, as many as the text gives, separated
     * by spaces: {@code kubectl shows statefulset web as "3/3"} (READY), {@code kubectl shows job pi as
     * "Complete 1/1"} (STATUS COMPLETIONS), {@code kubectl shows deployment web as "3/3 3 3"}.
     */
    @Then("kubectl shows {workload} as {string}")
    public void kubectlShows(Workload workload, String cells) {
        String namespace = world.namespaceOf(workload);
        String name = workload.name();
        FakeCluster cluster = world.cluster();
        Record row = switch (workload.kind()) {
            case "deployment" -> cluster.deployment(namespace, name).row();
            case "replicaset" -> cluster.replicaSet(namespace, name).row();
            case "statefulset" -> cluster.statefulSet(namespace, name).row();
            case "daemonset" -> cluster.daemonSet(namespace, name).row();
            case "job" -> cluster.job(namespace, name).row();
            case "cronjob" -> cluster.cronJob(namespace, name).row();
            default -> cluster.service(namespace, name).row();
        };
        List<String> shown = betweenNameAndAge(row);
        List<String> expected = List.of(cells.strip().split("\\s+"));
        if (cells.isBlank() || expected.size() > shown.size() || !shown.subList(0, expected.size()).equals(expected)) {
            throw new AssertionError("Expecting kubectl get " + workload.kind() + " " + name + " (namespace " + namespace
                    + ") to show \"" + String.join(" ", expected) + "\" after NAME, but it shows \"" + String.join(" ", shown)
                    + "\" (" + headers(row) + ")");
        }
    }

    /** It has left the API: a foreground deletion's finalizer is gone, or it was deleted in the background. */
    @Then("(the ){workload} no longer exists")
    public void noLongerExists(Workload workload) {
        String namespace = world.namespaceOf(workload);
        if (workload.kind().equals("replicaset")) {
            check().replicaSet(namespace, workload.name()).doesNotExist();
            return;
        }
        Optional<? extends HasMetadata> found = world.cluster().context().store().get(workload.type(), namespace, workload.name());
        if (found.isPresent()) {
            String deleting = found.get().getMetadata().getDeletionTimestamp() == null ? ""
                    : " (being deleted since " + found.get().getMetadata().getDeletionTimestamp() + ", finalizers "
                    + found.get().getMetadata().getFinalizers() + ")";
            throw new AssertionError("Expecting " + workload.kind() + " " + namespace + "/" + workload.name()
                    + " to no longer exist, but it does" + deleting);
        }
    }

    // ---------------------------------------------------------------- events

    /** An event with this reason about it (a cronjob's from {@code CronJobAssert}, with its Jobs and timeline). */
    @Then("(the ){workload} has an event {string}")
    public void hasEvent(Workload workload, String reason) {
        if (workload.kind().equals("cronjob")) {
            check().cronJob(world.namespaceOf(workload), workload.name()).hasEvent(reason);
        } else if (events(workload).stream().noneMatch(e -> reason.equals(e.getReason()))) {
            throw eventFailure(workload, "to have an event " + reason + ", but it has none");
        }
    }

    /** An event with this reason and exactly this message about it. */
    @Then("(the ){workload} has an event {string} with message {string}")
    public void hasEventWithMessage(Workload workload, String reason, String message) {
        if (workload.kind().equals("cronjob")) {
            check().cronJob(world.namespaceOf(workload), workload.name()).hasEvent(reason, message);
        } else if (events(workload).stream().noneMatch(e -> reason.equals(e.getReason()) && message.equals(e.getMessage()))) {
            throw eventFailure(workload, "to have an event " + reason + " \"" + message + "\", but it has none");
        }
    }

    /** No event with this reason about it. Example: {@code Then the cronjob hello has no event "MissSchedule"}. */
    @Then("(the ){workload} has no event {string}")
    public void hasNoEvent(Workload workload, String reason) {
        if (workload.kind().equals("cronjob")) {
            check().cronJob(world.namespaceOf(workload), workload.name()).hasNoEvent(reason);
            return;
        }
        Optional<Event> found = events(workload).stream().filter(e -> reason.equals(e.getReason())).findFirst();
        if (found.isPresent()) {
            throw eventFailure(workload, "to have no event " + reason + ", but it has \"" + found.get().getMessage() + "\"");
        }
    }

    /** The events about the workload, oldest first, from its view. */
    private List<Event> events(Workload workload) {
        String namespace = world.namespaceOf(workload);
        String name = workload.name();
        FakeCluster cluster = world.cluster();
        return switch (workload.kind()) {
            case "deployment" -> cluster.deployment(namespace, name).events();
            case "replicaset" -> cluster.replicaSet(namespace, name).events();
            case "statefulset" -> cluster.statefulSet(namespace, name).events();
            case "daemonset" -> cluster.daemonSet(namespace, name).events();
            case "job" -> cluster.job(namespace, name).events();
            case "cronjob" -> cluster.cronJob(namespace, name).events();
            default -> cluster.service(namespace, name).events();
        };
    }

    /** {@code Expecting deployment default/web to have an event X, but it has none; its events: ...}. */
    private AssertionError eventFailure(Workload workload, String expectation) {
        List<Event> events = events(workload);
        StringBuilder message = new StringBuilder("Expecting " + workload.kind() + " " + world.namespaceOf(workload) + "/"
                + workload.name() + " " + expectation + ".\nIts events, oldest first:");
        if (events.isEmpty()) {
            message.append(" none");
        }
        for (Event event : events) {
            message.append("\n  ").append(event.getReason()).append(": ").append(event.getMessage());
        }
        return new AssertionError(message.toString());
    }

    private ClusterAssert check() {
        return PeapodAssertions.assertThat(world.cluster());
    }

    /** A printer row's cells after NAME and before AGE, in column order. */
    private static List<String> betweenNameAndAge(Record row) {
        List<String> cells = new ArrayList<>();
        for (RecordComponent component : row.getClass().getRecordComponents()) {
            if (component.getName().equals("age")) {
                break;
            }
            if (!component.getName().equals("name")) {
                try {
                    cells.add(String.valueOf(component.getAccessor().invoke(row)));
                } catch (ReflectiveOperationException e) {
                    throw new PeapodException("cannot read column " + component.getName() + " of " + row, e);
                }
            }
        }
        return cells;
    }

    /** The names of those cells, for the failure message: {@code ready, upToDate, available}. */
    private static String headers(Record row) {
        List<String> names = new ArrayList<>();
        for (RecordComponent component : row.getClass().getRecordComponents()) {
            if (component.getName().equals("age")) {
                break;
            }
            if (!component.getName().equals("name")) {
                names.add(component.getName());
            }
        }
        return String.join(", ", names);
    }
}
