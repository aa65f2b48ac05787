package dev.peapod.kubelet;

import dev.peapod.kubelet.PodActions.ContainerToKill;
import dev.peapod.kubelet.RuntimeSnapshot.State;
import dev.peapod.runtime.ContainerExit;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * computePodActions as a table, in the shape of upstream's TestComputePodActions,
 * TestComputePodActionsWithInitContainers and TestComputePodActionsWithRestartableInitContainers
 * (pkg/kubelet/kuberuntime/kuberuntime_manager_test.go, v1.33), with the cases that apply to Peapod:
 * its sandboxes never die, containers never change definition and are never in the created or unknown
 * state. Containers are named instead of indexed; kill messages are checked too.
 */
class PodActionsTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final List<String> NONE = List.of();

    /** One row: how the base pod and status change, the probe results, and the expected actions. */
    record Case(String pod, Consumer<Pod> mutatePod, Consumer<Map<String, RuntimeSnapshot.Container>> mutateStatus,
                Map<String, ProbeResult> results, PodActions expected) {
        @Override
        public String toString() {
            return pod;
        }
    }

    static Stream<Arguments> regularContainers() {
        return Stream.of(
                row("everything is good; do nothing", "base", p -> { }, s -> { }, Map.of(),
                        actions(false, false, NONE, NONE)),
                row("start pod sandbox and all containers for a new pod", "base", p -> { }, Map::clear, Map.of(),
                        new PodActions(true, true, NONE, List.of("foo1", "foo2", "foo3"), List.of())),
                row("restart exited containers if RestartPolicy == Always", "base", policy("Always"),
                        s -> { exited(s, "foo1", 0); exited(s, "foo2", 111); }, Map.of(),
                        actions(false, false, NONE, List.of("foo1", "foo2"))),
                row("restart failed containers if RestartPolicy == OnFailure", "base", policy("OnFailure"),
                        s -> { exited(s, "foo1", 0); exited(s, "foo2", 111); }, Map.of(),
                        actions(false, false, NONE, List.of("foo2"))),
                row("don't restart containers if RestartPolicy == Never", "base", policy("Never"),
                        s -> { exited(s, "foo1", 0); exited(s, "foo2", 111); }, Map.of(),
                        actions(false, false, NONE, NONE)),
                row("kill the pod when RestartPolicy == Never and all containers exited", "base", policy("Never"),
                        s -> { exited(s, "foo1", 0); exited(s, "foo2", 111); exited(s, "foo3", 0); }, Map.of(),
                        actions(true, false, NONE, NONE)),
                row("kill the pod when RestartPolicy == OnFailure and all containers succeeded", "base", policy("OnFailure"),
                        s -> { exited(s, "foo1", 0); exited(s, "foo2", 0); exited(s, "foo3", 0); }, Map.of(),
                        actions(true, false, NONE, NONE)),
                row("Kill and recreate the container if the container's spec changed", "base", policy("Always"),
                        s -> s.put("foo2", createdFrom(s.get("foo2"), "busybox:1.35")), Map.of(),
                        new PodActions(false, false, NONE, List.of("foo2"), List.of(new ContainerToKill("foo2", "id2",
                                null, "Container foo2 definition changed, will be restarted")))),
                row("a changed definition restarts the container whatever the RestartPolicy", "base", policy("Never"),
                        s -> s.put("foo2", createdFrom(s.get("foo2"), "busybox:1.35")), Map.of(),
                        new PodActions(false, false, NONE, List.of("foo2"), List.of(new ContainerToKill("foo2", "id2",
                                null, "Container foo2 definition changed, will be restarted")))),
                row("Kill and recreate the container if the liveness check has failed", "base", policy("Always"), s -> { },
                        Map.of("liveness/id2", ProbeResult.FAILURE),
                        new PodActions(false, false, NONE, List.of("foo2"), List.of(new ContainerToKill("foo2", "id2",
                                ProbeType.LIVENESS, "Container foo2 failed liveness probe, will be restarted")))),
                row("Kill and recreate the container if the startup check has failed", "base", policy("Always"), s -> { },
                        Map.of("startup/id2", ProbeResult.FAILURE),
                        new PodActions(false, false, NONE, List.of("foo2"), List.of(new ContainerToKill("foo2", "id2",
                                ProbeType.STARTUP, "Container foo2 failed startup probe, will be restarted")))),
                row("liveness wins over startup, as upstream checks it first", "base", policy("Always"), s -> { },
                        Map.of("liveness/id2", ProbeResult.FAILURE, "startup/id2", ProbeResult.FAILURE),
                        new PodActions(false, false, NONE, List.of("foo2"), List.of(new ContainerToKill("foo2", "id2",
                                ProbeType.LIVENESS, "Container foo2 failed liveness probe, will be restarted")))),
                row("kill without restart beside a kept container if RestartPolicy == Never", "base", policy("Never"), s -> { },
                        Map.of("liveness/id2", ProbeResult.FAILURE),
                        new PodActions(false, false, NONE, NONE, List.of(new ContainerToKill("foo2", "id2",
                                ProbeType.LIVENESS, "Container foo2 failed liveness probe")))),
                row("kill the pod when the last running container fails liveness and RestartPolicy == Never", "base",
                        policy("Never"), s -> { exited(s, "foo1", 0); exited(s, "foo3", 0); },
                        Map.of("liveness/id2", ProbeResult.FAILURE),
                        new PodActions(true, false, NONE, NONE, List.of(new ContainerToKill("foo2", "id2",
                                ProbeType.LIVENESS, "Container foo2 failed liveness probe")))),
                row("a container being stopped is left to its kill and keeps the pod", "base", policy("Never"),
                        s -> { exited(s, "foo1", 0); exited(s, "foo3", 0); stopping(s, "foo2"); },
                        Map.of("liveness/id2", ProbeResult.FAILURE),
                        actions(false, false, NONE, NONE)),
                row("a deleted pod restarts nothing", "base", p -> p.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z"),
                        s -> exited(s, "foo1", 1), Map.of(),
                        actions(false, false, NONE, NONE)));
    }

    static Stream<Arguments> initContainers() {
        return Stream.of(
                row("initialization completed; start all containers", "init", p -> { }, s -> { }, Map.of(),
                        actions(false, false, NONE, List.of("foo1", "foo2", "foo3"))),
                row("no init containers have been started; start the first one", "init", p -> { }, Map::clear, Map.of(),
                        actions(false, false, List.of("init1"), NONE)),
                row("a new pod with init containers: create the sandbox and start the first", "init", p -> { },
                        s -> s.clear(), Map.of(),
                        actions(false, false, List.of("init1"), NONE)),
                row("initialization in progress; do nothing", "init", policy("Always"), s -> running(s, "init3"), Map.of(),
                        actions(false, false, NONE, NONE)),
                row("an init container completed; start the next", "init", policy("Always"), s -> s.remove("init3"), Map.of(),
                        actions(false, false, List.of("init3"), NONE)),
                row("initialization failed; restart the last init container if RestartPolicy == Always", "init",
                        policy("Always"), s -> exited(s, "init3", 137), Map.of(),
                        actions(false, false, List.of("init3"), NONE)),
                row("initialization failed; restart the last init container if RestartPolicy == OnFailure", "init",
                        policy("OnFailure"), s -> exited(s, "init3", 137), Map.of(),
                        actions(false, false, List.of("init3"), NONE)),
                row("initialization failed; kill pod if RestartPolicy == Never", "init", policy("Never"),
                        s -> exited(s, "init3", 137), Map.of(),
                        actions(true, false, NONE, NONE)),
                row("some of the init container statuses are missing but the last init container is running, don't restart preceding ones",
                        "init", policy("Always"), s -> { s.remove("init1"); s.remove("init2"); running(s, "init3"); }, Map.of(),
                        actions(false, false, NONE, NONE)));
    }

    static Stream<Arguments> restartableInitContainers() {
        Map<String, ProbeResult> healthy = Map.of("liveness/initid2", ProbeResult.SUCCESS, "startup/initid2", ProbeResult.SUCCESS,
                "liveness/initid3", ProbeResult.SUCCESS, "startup/initid3", ProbeResult.SUCCESS);
        return Stream.of(
                row("initialization completed; start all containers", "sidecars", p -> { }, s -> { }, healthy,
                        actions(false, false, NONE, List.of("foo1", "foo2", "foo3"))),
                row("no init containers have been started; start the first one", "sidecars", p -> { }, Map::clear, healthy,
                        actions(false, false, List.of("restartable-init-1"), NONE)),
                row("restartable init container has started; start the next", "sidecars", policy("Always"),
                        s -> { s.remove("restartable-init-2"); s.remove("restartable-init-3"); }, healthy,
                        actions(false, false, List.of("restartable-init-2"), NONE)),
                row("livenessProbe has not been run; start the next", "sidecars", policy("Always"),
                        s -> s.remove("restartable-init-3"), without(healthy, "liveness/initid2"),
                        actions(false, false, List.of("restartable-init-3"), NONE)),
                row("livenessProbe in progress; start the next", "sidecars", policy("Always"),
                        s -> s.remove("restartable-init-3"), with(healthy, "liveness/initid2", ProbeResult.UNKNOWN),
                        actions(false, false, List.of("restartable-init-3"), NONE)),
                row("kill and recreate the restartable init container if the liveness check has failed", "sidecars",
                        policy("Always"), s -> { }, with(healthy, "liveness/initid3", ProbeResult.FAILURE),
                        new PodActions(false, false, List.of("restartable-init-3"), List.of("foo1", "foo2", "foo3"),
                                List.of(new ContainerToKill("restartable-init-3", "initid3", ProbeType.LIVENESS,
                                        "Init container restartable-init-3 failed liveness probe")))),
                row("kill and recreate the restartable init container if the container definition changes", "sidecars",
                        policy("Always"), s -> s.put("restartable-init-3", createdFrom(s.get("restartable-init-3"), "bar-image:old")),
                        healthy,
                        new PodActions(false, false, List.of("restartable-init-3"), List.of("foo1", "foo2", "foo3"),
                                List.of(new ContainerToKill("restartable-init-3", "initid3", null,
                                        "Init container restartable-init-3 definition changed")))),
                row("startupProbe has not been run; do nothing", "sidecars", policy("Always"),
                        s -> s.remove("restartable-init-3"), without(healthy, "startup/initid2"),
                        actions(false, false, NONE, NONE)),
                row("startupProbe in progress; do nothing", "sidecars", policy("Always"),
                        s -> s.remove("restartable-init-3"), with(healthy, "startup/initid2", ProbeResult.UNKNOWN),
                        actions(false, false, NONE, NONE)),
                row("kill and recreate the restartable init container if the startup check has failed", "sidecars",
                        policy("Always"), s -> { }, with(healthy, "startup/initid3", ProbeResult.FAILURE),
                        new PodActions(false, false, List.of("restartable-init-3"), NONE,
                                List.of(new ContainerToKill("restartable-init-3", "initid3", ProbeType.STARTUP,
                                        "Init container restartable-init-3 failed startup probe")))),
                row("restart terminated restartable init container and next init container", "sidecars", policy("Always"),
                        s -> { exited(s, "restartable-init-1", 0); exited(s, "restartable-init-3", 0); }, healthy,
                        actions(false, false, List.of("restartable-init-1", "restartable-init-3"), NONE)),
                row("restart terminated restartable init container and regular containers", "sidecars", policy("Always"),
                        s -> exited(s, "restartable-init-1", 0), healthy,
                        actions(false, false, List.of("restartable-init-1"), List.of("foo1", "foo2", "foo3"))),
                row("initialization failed; restart the last restartable init container even if pod's RestartPolicy == Never",
                        "sidecars", policy("Never"), s -> exited(s, "restartable-init-3", 137), healthy,
                        actions(false, false, List.of("restartable-init-3"), NONE)),
                row("restart restartable init container if regular containers are running even if pod's RestartPolicy == Never",
                        "sidecars", policy("Never"), s -> {
                            exited(s, "restartable-init-3", 137);
                            for (int i = 1; i <= 3; i++) {
                                s.put("foo" + i, run("foo" + i, "id" + i, State.RUNNING));
                            }
                        }, healthy,
                        actions(false, false, List.of("restartable-init-3"), NONE)),
                row("kill the pod if all main containers succeeded if pod's RestartPolicy == Never", "sidecars", policy("Never"),
                        s -> {
                            for (int i = 1; i <= 3; i++) {
                                s.put("foo" + i, run("foo" + i, "id" + i, State.EXITED));
                            }
                        }, healthy,
                        actions(true, false, NONE, NONE)),
                row("some of the init container statuses are missing but the last init container is running, restart restartable init and regular containers",
                        "sidecars", policy("Always"), s -> { s.remove("restartable-init-1"); s.remove("restartable-init-2"); },
                        healthy,
                        actions(false, false, List.of("restartable-init-1", "restartable-init-2"), List.of("foo1", "foo2", "foo3"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"regularContainers", "initContainers", "restartableInitContainers"})
    void computesPodActions(String description, Case test) {
        // given
        Pod pod = basePod(test.pod());
        test.mutatePod().accept(pod);
        Map<String, RuntimeSnapshot.Container> statuses = baseStatus(test.pod());
        test.mutateStatus().accept(statuses);
        String ip = description.contains("new pod") ? null : "10.244.1.2";
        RuntimeSnapshot snapshot = new RuntimeSnapshot(ip, new ArrayList<>(statuses.values()));
        // when
        PodActions actions = PodActions.compute(pod, snapshot, (type, id) -> test.results().get(type.lower() + "/" + id));
        // then
        PodActions expected = test.expected();
        if (ip == null && !expected.createSandbox()) {
            expected = new PodActions(true, true, expected.initContainersToStart(), expected.containersToStart(),
                    expected.containersToKill());
        }
        assertThat(actions).isEqualTo(expected);
    }

    // ---------------------------------------------------------------- the base pods and statuses

    /** makeBasePodAndStatus and its variants with init containers and restartable init containers. */
    private static Pod basePod(String kind) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName("foo").withNamespace("new").withUid("12345678").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("foo1").withImage("busybox").endContainer()
                .addNewContainer().withName("foo2").withImage("busybox").endContainer()
                .addNewContainer().withName("foo3").withImage("busybox").endContainer()
                .endSpec();
        if (kind.equals("init")) {
            for (int i = 1; i <= 3; i++) {
                pod.editSpec().addNewInitContainer().withName("init" + i).withImage("bar-image").endInitContainer().endSpec();
            }
        } else if (kind.equals("sidecars")) {
            for (int i = 1; i <= 3; i++) {
                ContainerBuilder c = new ContainerBuilder().withName("restartable-init-" + i).withImage("bar-image")
                        .withRestartPolicy("Always");
                if (i > 1) {
                    c.withLivenessProbe(new Probe()).withStartupProbe(new Probe());
                }
                pod.editSpec().addToInitContainers(c.build()).endSpec();
            }
        }
        return pod.build();
    }

    private static Map<String, RuntimeSnapshot.Container> baseStatus(String kind) {
        Map<String, RuntimeSnapshot.Container> statuses = new LinkedHashMap<>();
        switch (kind) {
            case "init" -> {
                for (int i = 1; i <= 3; i++) {
                    statuses.put("init" + i, exit("init" + i, "initid" + i, 0));
                }
            }
            case "sidecars" -> {
                for (int i = 1; i <= 3; i++) {
                    statuses.put("restartable-init-" + i, run("restartable-init-" + i, "initid" + i, State.RUNNING));
                }
            }
            default -> {
                for (int i = 1; i <= 3; i++) {
                    statuses.put("foo" + i, run("foo" + i, "id" + i, State.RUNNING));
                }
            }
        }
        return statuses;
    }

    /** The same run, created from another image than the spec now names (upstream: another hash). */
    private static RuntimeSnapshot.Container createdFrom(RuntimeSnapshot.Container c, String image) {
        return new RuntimeSnapshot.Container(c.name(), c.id(), c.state(), c.startedAt(), c.exit(), c.restartCount(),
                c.previousExit(), c.previousId(), c.previousStartedAt(), image);
    }

    private static RuntimeSnapshot.Container run(String name, String id, State state) {
        ContainerExit exit = state == State.EXITED ? new ContainerExit(T0, 0, "Completed") : null;
        return new RuntimeSnapshot.Container(name, id, state, T0, exit, 0, null, null, null, imageOf(name));
    }

    private static RuntimeSnapshot.Container exit(String name, String id, int code) {
        return new RuntimeSnapshot.Container(name, id, State.EXITED, T0, new ContainerExit(T0, code, code == 0 ? "Completed" : "Error"),
                0, null, null, null, imageOf(name));
    }

    /** The image basePod gives the container: busybox for regular containers, bar-image for init containers. */
    private static String imageOf(String name) {
        return name.startsWith("foo") ? "busybox" : "bar-image";
    }

    private static void exited(Map<String, RuntimeSnapshot.Container> s, String name, int code) {
        s.put(name, exit(name, s.get(name).id(), code));
    }

    private static void running(Map<String, RuntimeSnapshot.Container> s, String name) {
        s.put(name, run(name, s.get(name).id(), State.RUNNING));
    }

    private static void stopping(Map<String, RuntimeSnapshot.Container> s, String name) {
        s.put(name, run(name, s.get(name).id(), State.STOPPING));
    }

    private static Consumer<Pod> policy(String policy) {
        return p -> p.getSpec().setRestartPolicy(policy);
    }

    private static PodActions actions(boolean killPod, boolean createSandbox, List<String> init, List<String> apps) {
        return new PodActions(killPod, createSandbox, init, apps, List.of());
    }

    private static Map<String, ProbeResult> with(Map<String, ProbeResult> results, String key, ProbeResult result) {
        Map<String, ProbeResult> copy = new LinkedHashMap<>(results);
        copy.put(key, result);
        return copy;
    }

    private static Map<String, ProbeResult> without(Map<String, ProbeResult> results, String key) {
        Map<String, ProbeResult> copy = new LinkedHashMap<>(results);
        copy.remove(key);
        return copy;
    }

    private static Arguments row(String description, String pod, Consumer<Pod> mutatePod,
                                 Consumer<Map<String, RuntimeSnapshot.Container>> mutateStatus,
                                 Map<String, ProbeResult> results, PodActions expected) {
        return Arguments.of(description, new Case(pod, mutatePod, mutateStatus, results, expected));
    }
}
