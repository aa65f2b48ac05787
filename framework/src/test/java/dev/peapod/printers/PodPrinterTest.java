package dev.peapod.printers;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import static dev.peapod.printers.Pods.CREATED;
import static dev.peapod.printers.Pods.NOW;
import static dev.peapod.printers.Pods.condition;
import static dev.peapod.printers.Pods.container;
import static dev.peapod.printers.Pods.killedBySignal;
import static dev.peapod.printers.Pods.pod;
import static dev.peapod.printers.Pods.restarted;
import static dev.peapod.printers.Pods.running;
import static dev.peapod.printers.Pods.sidecar;
import static dev.peapod.printers.Pods.terminated;
import static dev.peapod.printers.Pods.ts;
import static dev.peapod.printers.Pods.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * READY, STATUS, RESTARTS and AGE as printPod computes them
 * (kubernetes: pkg/printers/internalversion/printers.go, printPod; behaviour sheet §8, errata B-1, B-7).
 */
class PodPrinterTest {

    // App containers
    @Test
    void runningButUnreadyContainerShowsRunningWithNoneReady() {
        // given
        Pod pod = pod("web", "Running", "app").editStatus()
                .withContainerStatuses(running("app", false).build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status, PodRow::restarts, PodRow::age)
                .containsExactly("0/1", "Running", "0", "2m57s");
    }

    @Test
    void restartedReadyContainerShowsCountAndTimeSinceItsLastTermination() {
        // given
        Pod pod = pod("web", "Running", "app").editStatus()
                .withContainerStatuses(restarted(running("app", true), 4, 27).build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status, PodRow::restarts)
                .containsExactly("1/1", "Running", "4 (27s ago)");
    }

    @Test
    void crashLoopingContainerShowsCrashLoopBackOffWhileWaiting() {
        // given
        Pod pod = pod("web", "Running", "app").editStatus()
                .withContainerStatuses(restarted(waiting("app", "CrashLoopBackOff"), 4, 27).build())
                .endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status, PodRow::restarts, PodRow::age)
                .containsExactly("0/1", "CrashLoopBackOff", "4 (27s ago)", "2m57s");
    }

    @Test
    void restartsWithoutALastTerminationShowOnlyTheCount() {
        // given
        Pod pod = pod("web", "Running", "app").editStatus()
                .withContainerStatuses(running("app", true).withRestartCount(2).build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.restarts()).isEqualTo("2");
    }

    @Test
    void failedPodShowsItsContainersErrorRatherThanFailed() {
        // given
        Pod pod = pod("job-x", "Failed", "app").editStatus()
                .withContainerStatuses(terminated("app", 1, "Error").build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status).containsExactly("0/1", "Error");
    }

    @Test
    void succeededPodShowsCompleted() {
        // given
        Pod pod = pod("job-x", "Succeeded", "app").editStatus()
                .withContainerStatuses(terminated("app", 0, "Completed").build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status).containsExactly("0/1", "Completed");
    }

    @Test
    void terminationWithoutReasonShowsTheSignal() {
        // given
        Pod pod = pod("web", "Running", "app").editStatus()
                .withContainerStatuses(killedBySignal("app", 9).build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("Signal:9");
    }

    @Test
    void terminationWithoutReasonOrSignalShowsTheExitCode() {
        // given
        Pod pod = pod("web", "Running", "app").editStatus()
                .withContainerStatuses(terminated("app", 3, null).build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("ExitCode:3");
    }

    @Test
    void containerBeingCreatedShowsContainerCreating() {
        // given
        Pod pod = pod("web", "Pending", "app").editSpec().withNodeName("node-1").endSpec().editStatus()
                .withContainerStatuses(waiting("app", "ContainerCreating").build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status).containsExactly("0/1", "ContainerCreating");
    }

    @Test
    void alphabeticallyFirstContainerWinsBecauseTheKubeletSortsStatusesByName() {
        // given: spec order [web, app]; the kubelet lists statuses by name (errata B-1)
        Pod pod = pod("shop", "Pending", "web", "app").editStatus()
                .withContainerStatuses(
                        waiting("app", "ErrImagePull").build(),
                        restarted(waiting("web", "CrashLoopBackOff"), 2, 5).build())
                .endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status, PodRow::restarts)
                .containsExactly("0/2", "ErrImagePull", "2 (5s ago)");
    }

    @Test
    void statusesAreReadInTheirListOrderWithoutResorting() {
        // given: a list not in name order; the printer walks it as it is
        Pod pod = pod("shop", "Pending", "web", "app").editStatus()
                .withContainerStatuses(
                        waiting("web", "CrashLoopBackOff").build(),
                        waiting("app", "ErrImagePull").build())
                .endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("CrashLoopBackOff");
    }

    @Test
    void restartTimeIsTheLatestLastTerminationAmongTheContainers() {
        // given
        Pod pod = pod("shop", "Running", "web", "app").editStatus()
                .withContainerStatuses(
                        restarted(running("app", true), 1, 90).build(),
                        restarted(running("web", true), 2, 40).build())
                .endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::restarts).containsExactly("2/2", "3 (40s ago)");
    }

    // Completed beside running (errata B-7)
    @Test
    void completedBesideAReadyRunningContainerShowsNotReadyWhenThePodIsNotReady() {
        // given
        Pod pod = pod("batch", "Running", "a-job", "b-web").editStatus()
                .withConditions(condition("Ready", "False"))
                .withContainerStatuses(terminated("a-job", 0, "Completed").build(), running("b-web", true).build())
                .endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status).containsExactly("1/2", "NotReady");
    }

    @Test
    void completedBesideAReadyRunningContainerShowsRunningWhenThePodIsReady() {
        // given
        Pod pod = pod("batch", "Running", "a-job", "b-web").editStatus()
                .withConditions(condition("Ready", "True"))
                .withContainerStatuses(terminated("a-job", 0, "Completed").build(), running("b-web", true).build())
                .endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status).containsExactly("1/2", "Running");
    }

    @Test
    void completedBesideAnUnreadyRunningContainerStaysCompleted() {
        // given: hasRunning is set only for a ready and running container (errata B-7)
        Pod pod = pod("batch", "Running", "a-job", "b-web").editStatus()
                .withConditions(condition("Ready", "False"))
                .withContainerStatuses(terminated("a-job", 0, "Completed").build(), running("b-web", false).build())
                .endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status).containsExactly("0/2", "Completed");
    }

    // Phase and pod reasons
    @Test
    void unscheduledPodShowsPending() {
        // given
        Pod pod = pod("web", "Pending", "app").editStatus()
                .withConditions(condition("PodScheduled", "False", "Unschedulable")).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status, PodRow::restarts, PodRow::node)
                .containsExactly("0/1", "Pending", "0", "<none>");
    }

    @Test
    void schedulingGatedPodShowsSchedulingGated() {
        // given
        Pod pod = pod("web", "Pending", "app").editStatus()
                .withConditions(condition("PodScheduled", "False", "SchedulingGated")).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("SchedulingGated");
    }

    @Test
    void podReasonShowsWhenNoContainerCarriesOne() {
        // given
        Pod pod = pod("web", "Failed", "app").editStatus().withReason("Evicted").endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("Evicted");
    }

    @Test
    void podReasonIsHiddenByAContainerReason() {
        // given
        Pod pod = pod("web", "Failed", "app").editStatus().withReason("Evicted")
                .withContainerStatuses(terminated("app", 137, "Error").build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("Error");
    }

    @Test
    void podReasonOfALostNodeShowsUntilThePodIsDeleted() {
        // given
        Pod pod = pod("web", "Running", "app").editStatus().withReason("NodeLost")
                .withContainerStatuses(running("app", true).build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("NodeLost");
    }

    // Deletion
    @Test
    void deletedRunningPodShowsTerminating() {
        // given
        Pod pod = pod("web", "Running", "app").editMetadata().withDeletionTimestamp(ts(NOW)).endMetadata()
                .editStatus().withContainerStatuses(running("app", true).build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status).containsExactly("1/1", "Terminating");
    }

    @Test
    void deletedPodThatAlreadySucceededKeepsCompleted() {
        // given
        Pod pod = pod("job-x", "Succeeded", "app").editMetadata().withDeletionTimestamp(ts(NOW)).endMetadata()
                .editStatus().withContainerStatuses(terminated("app", 0, "Completed").build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("Completed");
    }

    @Test
    void deletedPodOnALostNodeShowsUnknown() {
        // given
        Pod pod = pod("web", "Running", "app").editMetadata().withDeletionTimestamp(ts(NOW)).endMetadata()
                .editStatus().withReason("NodeLost")
                .withContainerStatuses(running("app", true).build()).endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("Unknown");
    }

    // Init containers
    private Pod initializing(ContainerStatus... initStatuses) {
        return pod("web", "Pending", "app").editSpec()
                .withInitContainers(container("init-a"), container("init-b")).endSpec()
                .editStatus()
                .withConditions(condition("Initialized", "False"))
                .withInitContainerStatuses(initStatuses)
                .withContainerStatuses(restarted(waiting("app", "PodInitializing"), 5, 1).build())
                .endStatus().build();
    }

    @Test
    void firstInitContainerRunningShowsInitZeroOfTwo() {
        // given
        Pod pod = initializing(running("init-a", false).build(), waiting("init-b", "PodInitializing").build());
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status, PodRow::restarts)
                .containsExactly("0/1", "Init:0/2", "0");
    }

    @Test
    void secondInitContainerRunningShowsInitOneOfTwo() {
        // given
        Pod pod = initializing(terminated("init-a", 0, "Completed").build(), running("init-b", false).build());
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("Init:1/2");
    }

    @Test
    void initContainerWaitingForPodInitializingCountsAsNotDone() {
        // given
        Pod pod = initializing(waiting("init-a", "PodInitializing").build(), waiting("init-b", "PodInitializing").build());
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("Init:0/2");
    }

    @Test
    void crashLoopingInitContainerShowsItsReasonAndOnlyInitRestarts() {
        // given: app restarts are not counted while the pod initializes
        Pod pod = initializing(restarted(waiting("init-a", "CrashLoopBackOff"), 3, 27).build(),
                waiting("init-b", "PodInitializing").build());
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::status, PodRow::restarts)
                .containsExactly("Init:CrashLoopBackOff", "3 (27s ago)");
    }

    @Test
    void failedInitContainerShowsInitAndItsTerminationReason() {
        // given
        Pod pod = initializing(terminated("init-a", 1, "Error").build(), waiting("init-b", "PodInitializing").build());
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("Init:Error");
    }

    @Test
    void failedInitContainerWithoutReasonShowsInitExitCode() {
        // given
        Pod pod = initializing(terminated("init-a", 0, "Completed").build(), terminated("init-b", 3, "").build());
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("Init:ExitCode:3");
    }

    @Test
    void initContainerKilledBySignalWithoutReasonShowsInitSignal() {
        // given
        Pod pod = initializing(killedBySignal("init-a", 9).build(), waiting("init-b", "PodInitializing").build());
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.status()).isEqualTo("Init:Signal:9");
    }

    @Test
    void appContainerWaitingAfterInitializationShowsPodInitializing() {
        // given
        Pod pod = pod("web", "Pending", "app").editSpec().withInitContainers(container("init-a")).endSpec()
                .editStatus()
                .withConditions(condition("Initialized", "True"))
                .withInitContainerStatuses(terminated("init-a", 0, "Completed").build())
                .withContainerStatuses(waiting("app", "PodInitializing").build())
                .endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status).containsExactly("0/1", "PodInitializing");
    }

    @Test
    void initContainerRerunningOnAnInitializedPodKeepsItsStatusButCountsAppContainers() {
        // given: Initialized is still True (e.g. a recreated sandbox); upstream then walks the app containers too
        Pod pod = pod("web", "Running", "app").editSpec().withInitContainers(container("init-a")).endSpec()
                .editStatus()
                .withConditions(condition("Initialized", "True"))
                .withInitContainerStatuses(restarted(running("init-a", false), 1, 10).build())
                .withContainerStatuses(restarted(running("app", true), 2, 50).build())
                .endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status, PodRow::restarts)
                .containsExactly("1/1", "Init:0/1", "2 (50s ago)");
    }

    // Native sidecars
    private Pod withSidecar(ContainerStatus proxy, String initialized) {
        return pod("web", "Running", "app").editSpec().withInitContainers(sidecar("proxy")).endSpec()
                .editStatus()
                .withConditions(condition("Initialized", initialized))
                .withInitContainerStatuses(proxy)
                .withContainerStatuses(running("app", true).build())
                .endStatus().build();
    }

    @Test
    void readySidecarCountsInReadyAndInTheTotal() {
        // given
        Pod pod = withSidecar(running("proxy", true).build(), "True");
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status).containsExactly("2/2", "Running");
    }

    @Test
    void unreadySidecarStillCountsInTheTotal() {
        // given
        Pod pod = withSidecar(running("proxy", false).build(), "True");
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status).containsExactly("1/2", "Running");
    }

    @Test
    void sidecarNotYetStartedHoldsInitialization() {
        // given: running, but its startup probe has not passed
        Pod pod = withSidecar(running("proxy", false).withStarted(false).build(), "False");
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status).containsExactly("0/2", "Init:0/1");
    }

    @Test
    void sidecarRestartsStayCountedButRegularInitRestartsDropOnceInitialized() {
        // given: setup restarted last, but it is a regular init container and no longer counts
        Pod pod = pod("web", "Running", "app").editSpec()
                .withInitContainers(container("setup"), sidecar("proxy")).endSpec()
                .editStatus()
                .withConditions(condition("Initialized", "True"), condition("Ready", "True"))
                .withInitContainerStatuses(
                        restarted(terminated("setup", 0, "Completed"), 2, 10).build(),
                        restarted(running("proxy", true), 1, 60).build())
                .withContainerStatuses(restarted(running("app", true), 3, 90).build())
                .endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ready, PodRow::status, PodRow::restarts)
                .containsExactly("2/2", "Running", "4 (60s ago)");
    }

    // AGE and the wide columns
    @Test
    void ageCountsFromTheWholeSecondTheApiServerStores() {
        // given: now is 119.6s after 00:00:00.900 but 120.4s after the stored 00:00:00 (time_proto.go drops nanos)
        Pod pod = pod("web", "Pending", "app").editMetadata()
                .withCreationTimestamp("2025-01-01T00:00:00.900Z").endMetadata().build();
        // when
        PodRow row = PodPrinter.row(pod, CREATED.plusMillis(120_400));
        // then
        assertThat(row.age()).isEqualTo("2m");
    }

    @Test
    void missingCreationTimestampShowsUnknownAge() {
        // given
        Pod pod = pod("web", "Pending", "app").editMetadata().withCreationTimestamp(null).endMetadata().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.age()).isEqualTo("<unknown>");
    }

    @Test
    void unsetWideColumnsShowNone() {
        // given
        Pod pod = pod("web", "Pending", "app").build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ip, PodRow::node, PodRow::nominatedNode, PodRow::readinessGates)
                .containsExactly("<none>", "<none>", "<none>", "<none>");
    }

    @Test
    void wideColumnsShowIpNodeNominatedNodeAndTrueReadinessGates() {
        // given: three gates; one True, one False, one without a condition
        Pod pod = pod("web", "Running", "app").editSpec().withNodeName("node-1")
                .addNewReadinessGate("example.com/lb").addNewReadinessGate("example.com/dns")
                .addNewReadinessGate("example.com/waf").endSpec()
                .editStatus().withPodIP("10.244.1.5").withNominatedNodeName("node-2")
                .withConditions(condition("example.com/lb", "True"), condition("example.com/dns", "False"))
                .endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row).extracting(PodRow::ip, PodRow::node, PodRow::nominatedNode, PodRow::readinessGates)
                .containsExactly("10.244.1.5", "node-1", "node-2", "1/3");
    }

    @Test
    void firstPodIpsEntryShowsWhenPodIpIsEmpty() {
        // given
        Pod pod = pod("web", "Running", "app").editStatus()
                .addNewPodIP("fd00::5").addNewPodIP("10.244.1.5").endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.ip()).isEqualTo("fd00::5");
    }

    @Test
    void podIpWinsOverADifferentFirstPodIpsEntry() {
        // given: conversion to the internal type makes podIP authoritative (pkg/apis/core/v1/conversion.go)
        Pod pod = pod("web", "Running", "app").editStatus()
                .withPodIP("10.244.1.5").addNewPodIP("10.244.9.9").endStatus().build();
        // when
        PodRow row = PodPrinter.row(pod, NOW);
        // then
        assertThat(row.ip()).isEqualTo("10.244.1.5");
    }

    // Arguments
    @Test
    void nullPodIsRejectedByName() {
        // when / then
        assertThatThrownBy(() -> PodPrinter.row(null, NOW))
                .isInstanceOf(PeapodException.class)
                .hasMessage("PodPrinter: pod must not be null");
    }

    @Test
    void malformedTimestampIsRejectedNamingTheField() {
        // given
        Pod pod = pod("web", "Pending", "app").editMetadata().withCreationTimestamp("yesterday").endMetadata().build();
        // when / then
        assertThatThrownBy(() -> PodPrinter.row(pod, NOW))
                .isInstanceOf(PeapodException.class)
                .hasMessage("metadata.creationTimestamp: Invalid value: \"yesterday\": not an RFC 3339 time");
    }
}
