package dev.peapod.printers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;

import java.time.Instant;
import java.util.Arrays;

/** Fabric8 builders for the pod shapes the printer tests need, with kubelet-like defaults. */
final class Pods {
    static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
    /** 2m57s after creation. */
    static final Instant NOW = CREATED.plusSeconds(177);

    private Pods() {
    }

    /** A pod named {@code name} with these app containers and phase, created at {@link #CREATED}. */
    static PodBuilder pod(String name, String phase, String... containers) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").withCreationTimestamp(ts(CREATED)).endMetadata()
                .withNewSpec().withContainers(Arrays.stream(containers).map(Pods::container).toList()).endSpec()
                .withNewStatus().withPhase(phase).endStatus();
    }

    static Container container(String name) {
        return new ContainerBuilder().withName(name).withImage("example/" + name).build();
    }

    /** A native sidecar: an init container with restartPolicy Always. */
    static Container sidecar(String name) {
        return new ContainerBuilder(container(name)).withRestartPolicy("Always").build();
    }

    static ContainerStatusBuilder running(String name, boolean ready) {
        return status(name).withReady(ready).withStarted(true)
                .withNewState().withNewRunning().withStartedAt(ts(CREATED)).endRunning().endState();
    }

    static ContainerStatusBuilder waiting(String name, String reason) {
        return status(name).withReady(false).withStarted(false)
                .withNewState().withNewWaiting().withReason(reason).endWaiting().endState();
    }

    static ContainerStatusBuilder terminated(String name, int exitCode, String reason) {
        return status(name).withReady(false).withStarted(false)
                .withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason)
                .withFinishedAt(ts(CREATED)).endTerminated().endState();
    }

    static ContainerStatusBuilder killedBySignal(String name, int signal) {
        return status(name).withReady(false).withStarted(false)
                .withNewState().withNewTerminated().withExitCode(128 + signal).withSignal(signal)
                .withFinishedAt(ts(CREATED)).endTerminated().endState();
    }

    /** Sets restartCount and a last termination that finished {@code ago} seconds before {@link #NOW}. */
    static ContainerStatusBuilder restarted(ContainerStatusBuilder status, int count, long secondsAgo) {
        return status.withRestartCount(count)
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                .withFinishedAt(ts(NOW.minusSeconds(secondsAgo))).endTerminated().endLastState();
    }

    static PodCondition condition(String type, String status) {
        return new PodConditionBuilder().withType(type).withStatus(status).build();
    }

    static PodCondition condition(String type, String status, String reason) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).build();
    }

    static String ts(Instant instant) {
        return instant.toString();
    }

    private static ContainerStatusBuilder status(String name) {
        return new ContainerStatusBuilder().withName(name).withImage("example/" + name).withRestartCount(0);
    }
}
