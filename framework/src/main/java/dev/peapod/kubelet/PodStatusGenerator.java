package dev.peapod.kubelet;

import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunningBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateWaitingBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIPBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.ContainerUser;
import io.fabric8.kubernetes.api.model.LinuxContainerUser;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountStatus;
import dev.peapod.runtime.ContainerExit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The API status of a pod as a pure function of the pod (its spec and the conditions the API has),
 * the runtime's snapshot, the kubelet's caches (probe results, reasons), the status published
 * before and the instant: generateAPIPodStatus, getPhase and convertToAPIContainerStatuses
 * (pkg/kubelet/kubelet_pods.go) and the conditions of pkg/kubelet/status/generate.go, with
 * lastTransitionTime kept while a condition does not flip.
 */
final class PodStatusGenerator {
    private static final Set<String> KUBELET_CONDITIONS = Set.of(
            "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");

    private PodStatusGenerator() {
    }

    /** Why a container waits, as the reason cache holds it (pkg/kubelet/kuberuntime ReasonCache). */
    record Waiting(String reason, String message) {
    }

    /** The kubelet's caches the status reads: probe results by container id, and the reason cache. */
    interface Caches {
        /** The cached probe result; null when none was cached. */
        ProbeResult result(ProbeType type, String containerId);

        /** Why the container waits (CrashLoopBackOff, ErrImagePull, ...); null when it does not. */
        Waiting waiting(String container);
    }

    /**
     * The status: {@code old} is the status published before (a terminal phase never changes; the QoS
     * class is kept), {@code hostIp} the node's, {@code startTime} when the sandbox was set up, and
     * {@code podIsTerminal} whether the pod worker has finished the pod.
     */
    static PodStatus generate(Pod pod, RuntimeSnapshot runtime, Caches caches, PodStatus old, Instant now,
                              String hostIp, Instant startTime, boolean podIsTerminal) {
        return generate(pod, runtime, caches, old, now, hostIp, startTime, podIsTerminal, null);
    }

    /** Why a pod sync handler fails the pod (lifecycle.ShouldEvictResponse): its reason and message. */
    record Eviction(String reason, String message) {
    }

    /**
     * The status as above, with {@code evict} (null: none) the answer of the pod sync handlers'
     * ShouldEvict: it overrides the phase with Failed and sets the reason and message, before the
     * conditions are generated from that phase (kubelet_pods.go generateAPIPodStatus).
     */
    static PodStatus generate(Pod pod, RuntimeSnapshot runtime, Caches caches, PodStatus old, Instant now,
                              String hostIp, Instant startTime, boolean podIsTerminal, Eviction evict) {
        List<Container> initSpecs = nullToEmpty(pod.getSpec().getInitContainers());
        boolean hasInit = !initSpecs.isEmpty();
        List<ContainerStatus> init = new ArrayList<>();
        for (Container c : initSpecs) {
            init.add(containerStatus(pod, c, isSidecar(c) ? Kind.SIDECAR : Kind.INIT, runtime, caches, hasInit, podIsTerminal));
        }
        List<ContainerStatus> apps = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            apps.add(containerStatus(pod, c, Kind.APP, runtime, caches, hasInit, podIsTerminal));
        }
        apps.sort(Comparator.comparing(ContainerStatus::getName)); // SortedContainerStatuses: by name (errata A-8)
        String phase = phase(pod, runtime, init, apps, podIsTerminal);
        String oldPhase = old == null ? null : old.getPhase();
        if ("Succeeded".equals(oldPhase) || "Failed".equals(oldPhase)) {
            phase = oldPhase; // a terminal phase never changes (generateAPIPodStatus)
        }
        // generatePodReadyToStartContainersCondition reads the sandbox, not the phase an eviction forces
        boolean sandboxReady = runtime.podIp() != null && !podIsTerminal && !"Succeeded".equals(phase) && !"Failed".equals(phase);
        if (evict != null) {
            phase = "Failed";
        }
        List<PodCondition> conditions = conditions(pod, now, init, apps, phase, sandboxReady);
        PodStatusBuilder status = new PodStatusBuilder()
                .withPhase(phase)
                .withConditions(conditions)
                .withHostIP(hostIp)
                .withHostIPs(new HostIPBuilder().withIp(hostIp).build())
                .withPodIP(runtime.podIp())
                .withStartTime(Timestamps.format(startTime))
                .withQosClass(old == null ? null : old.getQosClass());
        if (runtime.podIp() != null) { // no sandbox yet: no podIPs at all (an element without its ip key is a 500 for SSA)
            status.withPodIPs(new PodIPBuilder().withIp(runtime.podIp()).build());
        }
        if (evict != null) {
            status.withReason(evict.reason()).withMessage(evict.message());
        }
        PodStatus built = status.build();
        // the container statuses were made above for this status alone: set as they are, where the builder
        // would copy each one again (the same contents, in an ArrayList as the builder's)
        built.setContainerStatuses(apps);
        if (!init.isEmpty()) {
            built.setInitContainerStatuses(init);
        }
        return built;
    }

    private enum Kind { APP, INIT, SIDECAR }

    private static boolean isSidecar(Container c) {
        return "Always".equals(c.getRestartPolicy());
    }

    // ---------------------------------------------------------------- container statuses

    /** Started: the startup probe succeeded, or there is none and the container runs (prober_manager UpdatePodStatus). */
    private static boolean started(Container spec, Kind kind, RuntimeSnapshot.Container run, Caches caches) {
        if (run == null || !run.running()) {
            return false;
        }
        boolean probed = kind != Kind.INIT && spec.getStartupProbe() != null;
        return !probed || caches.result(ProbeType.STARTUP, run.id()) == ProbeResult.SUCCESS;
    }

    /**
     * Ready: started, running, and readiness succeeded or there is no readiness probe. A regular init
     * container is ready only once it completed (status/generate.go, reference §2.5).
     */
    private static boolean ready(Container spec, Kind kind, RuntimeSnapshot.Container run, Caches caches) {
        if (kind == Kind.INIT) {
            return run != null && run.exit() != null && run.exit().exitCode() == 0;
        }
        if (!started(spec, kind, run, caches)) {
            return false;
        }
        return spec.getReadinessProbe() == null || caches.result(ProbeType.READINESS, run.id()) == ProbeResult.SUCCESS;
    }

    private static ContainerStatus containerStatus(Pod pod, Container spec, Kind kind, RuntimeSnapshot runtime, Caches caches,
                                                   boolean podHasInit, boolean podIsTerminal) {
        RuntimeSnapshot.Container run = runtime.find(spec.getName());
        Waiting waiting = caches.waiting(spec.getName());
        ContainerStatus status = new ContainerStatus();
        status.setName(spec.getName());
        // A container the runtime never created has the default waiting status, whose image is the
        // spec's text (convertToAPIContainerStatuses: Image: container.Image); once it ran, the
        // runtime's status gives the normalized reference (Image: cs.Image).
        status.setImage(run != null ? normalizedImage(run.image()) : spec.getImage());
        status.setRestartCount(run == null ? 0 : run.restartCount());
        status.setReady(ready(spec, kind, run, caches));
        status.setStarted(started(spec, kind, run, caches));
        status.setVolumeMounts(volumeMounts(spec));
        if (run != null) {
            status.setResources(resources(spec, run.running()));
            status.setAllocatedResources(allocatedResources(spec));
            status.setUser(user(run.user()));
        }
        if (run == null) {
            String reason = waiting != null ? waiting.reason() : podHasInit ? "PodInitializing" : "ContainerCreating";
            status.setState(waiting(reason, waiting == null ? null : waiting.message()));
            status.setImageID("");
            status.setLastState(new ContainerState());
            return status;
        }
        status.setImageID(imageId(run.image()));
        status.setContainerID(run.id());
        if (run.running()) {
            status.setState(new ContainerState(new ContainerStateRunningBuilder()
                    .withStartedAt(Timestamps.format(run.startedAt())).build(), null, null));
            status.setLastState(lastState(run));
        } else if (waiting != null && shouldRestart(pod, kind, run, podIsTerminal)) {
            // A cached waiting reason shows the exit as lastState (convertToAPIContainerStatuses)
            status.setState(waiting(waiting.reason(), waiting.message()));
            status.setLastState(new ContainerState(null, terminated(run.exit(), run.id(), run.startedAt()), null));
        } else {
            status.setState(new ContainerState(null, terminated(run.exit(), run.id(), run.startedAt()), null));
            status.setLastState(lastState(run));
        }
        return status;
    }

    // ---------------------------------------------------------------- v1.33 status fields

    /**
     * status.volumeMounts (kubelet_pods.go convertToAPIContainerStatuses, RecursiveReadOnlyMounts: GA and
     * on in v1.33, pkg/features/kube_features.go): every mount of the spec, for every container, whether
     * it ran or not; recursiveReadOnly only for a read-only mount: Disabled unless the mount asks for it
     * (resolveRecursiveReadOnly). The simulated runtime supports recursive read-only mounts, as
     * containerd 2 on a kernel of 5.12 or later does, so IfPossible and Enabled resolve to Enabled.
     * Upstream copies them from the previous status once the container exists ("immutable"); the spec's
     * mounts cannot change, so the spec gives the same. Null when the container has no mount.
     */
    private static List<VolumeMountStatus> volumeMounts(Container spec) {
        if (spec.getVolumeMounts() == null || spec.getVolumeMounts().isEmpty()) {
            return null;
        }
        List<VolumeMountStatus> mounts = new ArrayList<>();
        for (VolumeMount m : spec.getVolumeMounts()) {
            boolean readOnly = Boolean.TRUE.equals(m.getReadOnly());
            VolumeMountStatus status = new VolumeMountStatus();
            status.setName(m.getName());
            status.setMountPath(m.getMountPath());
            if (readOnly) {
                status.setReadOnly(true); // omitempty: false is left out
                String mode = m.getRecursiveReadOnly();
                status.setRecursiveReadOnly("IfPossible".equals(mode) || "Enabled".equals(mode) ? "Enabled" : "Disabled");
            }
            mounts.add(status);
        }
        return mounts;
    }

    /**
     * status.resources (convertContainerStatusResources; InPlacePodVerticalScaling is beta and on in
     * v1.33): for a container the runtime has, the allocated resources (the spec's: Peapod has no
     * resize), of which a running container shows what the runtime applied for the cpu limit, the
     * memory limit and the cpu request. The runtime's cpu values come back exactly (quota and shares
     * round-trip, and values under the 10m limit and 2m shares minimums keep the allocated ones), the
     * memory limit as bytes (resource.BinarySI), which the API prints in binary units when 1024 divides it
     * ({@code 512M} becomes {@code 500000Ki}). {@code resources: {}} for a container without any.
     */
    private static ResourceRequirements resources(Container spec, boolean running) {
        ResourceRequirements allocated = spec.getResources() == null ? new ResourceRequirements() : spec.getResources();
        ResourceRequirements copy = new ResourceRequirements();
        copy.setClaims(allocated.getClaims() == null ? null : new ArrayList<>(allocated.getClaims()));
        copy.setLimits(copyOf(allocated.getLimits()));
        copy.setRequests(copyOf(allocated.getRequests()));
        if (running && copy.getLimits() != null && copy.getLimits().get("memory") != null) {
            copy.getLimits().put("memory", new Quantity(bytesAsRuntimeReports(copy.getLimits().get("memory"))));
        }
        return copy;
    }

    /** status.allocatedResources: the allocated requests, for a container the runtime has (v1.33: PR #130880). */
    private static Map<String, Quantity> allocatedResources(Container spec) {
        return spec.getResources() == null ? null : copyOf(spec.getResources().getRequests());
    }

    /** status.user (SupplementalGroupsPolicy: beta and on in v1.33): the identity the runtime reports. */
    private static ContainerUser user(RuntimeSnapshot.User user) {
        return new ContainerUser(new LinuxContainerUser(user.gid(), new ArrayList<>(user.supplementalGroups()), user.uid()));
    }

    private static Map<String, Quantity> copyOf(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return list == null ? null : new LinkedHashMap<>();
        }
        Map<String, Quantity> copy = new LinkedHashMap<>();
        list.forEach((name, q) -> copy.put(name, new Quantity(q.toString())));
        return copy;
    }

    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

    /**
     * A memory limit as the runtime reports it, resource.NewQuantity(bytes, BinarySI), and the API server
     * stores it: in binary units when 1024 divides the bytes (quantity.go CanonicalizeBytes,
     * AsCanonicalBase1024Bytes), else as the decimal quantity the spec's canonical text already is.
     */
    static String bytesAsRuntimeReports(Quantity limit) {
        java.math.BigDecimal bytes = Quantity.getAmountInBytes(limit);
        java.math.BigInteger whole;
        try {
            whole = bytes.toBigIntegerExact();
        } catch (ArithmeticException e) {
            return limit.toString();
        }
        java.math.BigInteger kibi = java.math.BigInteger.valueOf(1024);
        if (whole.signum() <= 0 || whole.mod(kibi).signum() != 0) {
            return limit.toString();
        }
        int exponent = 0;
        while (exponent < BINARY_SUFFIXES.length - 1 && whole.mod(kibi).signum() == 0) {
            whole = whole.divide(kibi);
            exponent++;
        }
        return whole + BINARY_SUFFIXES[exponent];
    }

    /** pkg/kubelet/status/status_manager.go TerminatePod: what a container still waiting in a terminated pod becomes. */
    static final String STATUS_UNKNOWN = "ContainerStatusUnknown";
    static final String STATUS_UNKNOWN_MESSAGE = "The container could not be located when the pod was terminated";

    /**
     * TerminatePod (status_manager.go, v1.33), as SyncTerminatedPod applies it to the pod's final status:
     * once the pod has initialized, every app container not terminated is reported terminated with
     * reason ContainerStatusUnknown, exit code 137; so is every init container but the trailing ones
     * that never left Waiting (the first is always kept in the converted set). {@code previous} is the
     * status the API holds, which hasPodInitialized reads.
     */
    static PodStatus terminatePod(Pod pod, PodStatus status, PodStatus previous) {
        boolean initialized = hasPodInitialized(pod, previous == null ? status : previous);
        List<ContainerStatus> apps = new ArrayList<>();
        boolean changed = false;
        for (ContainerStatus c : nullToEmpty(status.getContainerStatuses())) {
            ContainerStatus t = initialized ? unknownIfNotTerminated(c) : c;
            changed |= t != c;
            apps.add(t);
        }
        List<ContainerStatus> inits = new ArrayList<>(nullToEmpty(status.getInitContainerStatuses()));
        int attempted = initializedCount(inits);
        for (int i = 0; i < attempted; i++) {
            ContainerStatus t = unknownIfNotTerminated(inits.get(i));
            changed |= t != inits.get(i);
            inits.set(i, t);
        }
        // "Marking terminal pod as failed": a pod still Pending or Running when it is terminated is Failed
        boolean failed = "Pending".equals(status.getPhase()) || "Running".equals(status.getPhase());
        if (!changed && !failed) {
            return status;
        }
        PodStatus copy = new io.fabric8.kubernetes.api.model.PodStatusBuilder(status).build();
        if (failed) {
            copy.setPhase("Failed");
        }
        copy.setContainerStatuses(apps);
        if (status.getInitContainerStatuses() != null) {
            copy.setInitContainerStatuses(inits);
        }
        return copy;
    }

    private static ContainerStatus unknownIfNotTerminated(ContainerStatus c) {
        if (c.getState() != null && c.getState().getTerminated() != null) {
            return c;
        }
        ContainerStatus copy = new io.fabric8.kubernetes.api.model.ContainerStatusBuilder(c).build();
        copy.setState(new io.fabric8.kubernetes.api.model.ContainerStateBuilder().withNewTerminated()
                .withReason(STATUS_UNKNOWN).withMessage(STATUS_UNKNOWN_MESSAGE).withExitCode(137).endTerminated().build());
        return copy;
    }

    /** status_manager.go hasPodInitialized, on the status the API holds. */
    private static boolean hasPodInitialized(Pod pod, PodStatus status) {
        List<Container> inits = nullToEmpty(pod.getSpec().getInitContainers());
        if (inits.isEmpty()) {
            return true;
        }
        for (ContainerStatus c : nullToEmpty(status.getContainerStatuses())) {
            if (lastTerminated(c) != null || c.getState() == null || c.getState().getWaiting() == null) {
                return true;
            }
        }
        Container lastInit = inits.get(inits.size() - 1);
        String last = lastInit.getName();
        for (ContainerStatus c : nullToEmpty(status.getInitContainerStatuses())) {
            if (c.getName().equals(last) && isSidecar(lastInit)) {
                // a restartable init container has initialized the pod once it runs and has started
                return c.getState() != null && c.getState().getRunning() != null && Boolean.TRUE.equals(c.getStarted());
            }
            if (c.getName().equals(last)) {
                if (lastTerminated(c) != null) {
                    return lastTerminated(c).getExitCode() == 0;
                }
                return c.getState() != null && c.getState().getTerminated() != null && c.getState().getTerminated().getExitCode() == 0;
            }
        }
        return false;
    }

    private static io.fabric8.kubernetes.api.model.ContainerStateTerminated lastTerminated(ContainerStatus c) {
        return c.getLastState() == null ? null : c.getLastState().getTerminated();
    }

    /** status_manager.go initializedContainers: how many lead up to the last that ever left Waiting; at least one. */
    private static int initializedCount(List<ContainerStatus> inits) {
        for (int i = inits.size() - 1; i >= 0; i--) {
            ContainerStatus c = inits.get(i);
            if (c.getState() == null || c.getState().getWaiting() == null || lastTerminated(c) != null) {
                return i + 1;
            }
        }
        return inits.isEmpty() ? 0 : 1;
    }

    /** ShouldContainerBeRestarted for an exited run; regular init containers behave as OnFailure unless Never. */
    private static boolean shouldRestart(Pod pod, Kind kind, RuntimeSnapshot.Container run, boolean podIsTerminal) {
        // ShouldContainerBeRestarted has no notion of a terminal pod: a restartable container of a pod failed by its
        // deadline still shows Waiting here, and TerminatePod ({@link #terminatePod}) then reports it unknown
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        if (kind == Kind.SIDECAR) {
            return true;
        }
        String policy = PodActions.restartPolicy(pod);
        if (kind == Kind.INIT && !"Never".equals(policy)) {
            policy = "OnFailure";
        }
        return switch (policy) {
            case "Never" -> false;
            case "OnFailure" -> run.exit().exitCode() != 0;
            default -> true;
        };
    }

    /** lastState holds only the most recent previous termination (reference §3.2). */
    private static ContainerState lastState(RuntimeSnapshot.Container run) {
        if (run.previousExit() == null) {
            return new ContainerState();
        }
        return new ContainerState(null, terminated(run.previousExit(), run.previousId(), run.previousStartedAt()), null);
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerState(null, null, new ContainerStateWaitingBuilder().withReason(reason).withMessage(message).build());
    }

    private static ContainerStateTerminated terminated(ContainerExit exit, String id, Instant startedAt) {
        return new ContainerStateTerminatedBuilder()
                .withExitCode(exit.exitCode())
                .withReason(exit.reason())
                .withMessage(exit.message())
                .withStartedAt(Timestamps.format(startedAt))
                .withFinishedAt(Timestamps.format(exit.at()))
                .withContainerID(id)
                .build();
    }

    static String normalizedImage(String image) {
        return dev.peapod.runtime.Images.normalized(image);
    }

    /**
     * The image's id as containerd reports it: a digest derived from the name, so that the same image always
     * has the same id, or the digest an image pulled by digest names (one rule with the node's image list).
     */
    static String imageId(String image) {
        return dev.peapod.runtime.Images.digestReference(image);
    }

    // ---------------------------------------------------------------- phase

    /** getPhase (kubelet_pods.go, v1.33 with errata B-2 to B-4). */
    static String phase(Pod pod, RuntimeSnapshot runtime, List<ContainerStatus> init, List<ContainerStatus> apps,
                        boolean podIsTerminal) {
        List<Container> initSpecs = nullToEmpty(pod.getSpec().getInitContainers());
        int pendingRegularInit = 0;
        int pendingSidecars = 0;
        int failedInit = 0;
        int unknown = 0;
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (int i = 0; i < initSpecs.size(); i++) {
            ContainerStatus s = init.get(i);
            ContainerState state = s.getState();
            if (isSidecar(initSpecs.get(i))) {
                if (state.getRunning() != null) {
                    if (!Boolean.TRUE.equals(s.getStarted())) {
                        pendingSidecars++;
                    }
                    running++;
                } else if (state.getWaiting() != null && terminatedBefore(s) == null) {
                    pendingSidecars++;
                    waiting++;
                }
                continue; // terminated sidecars, and sidecars restarting, are ignored
            }
            if (state.getRunning() != null) {
                pendingRegularInit++;
            } else if (state.getTerminated() != null) {
                if (state.getTerminated().getExitCode() != 0) {
                    failedInit++;
                }
            } else if (state.getWaiting() != null && terminatedBefore(s) != null) {
                if (terminatedBefore(s).getExitCode() != 0) {
                    failedInit++;
                }
            } else {
                pendingRegularInit++;
            }
        }
        for (ContainerStatus s : apps) {
            ContainerState state = s.getState();
            if (state.getRunning() != null) {
                running++;
            } else if (state.getTerminated() != null) {
                stopped++;
                if (state.getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (state.getWaiting() != null && terminatedBefore(s) != null) {
                stopped++;
            } else if (state.getWaiting() != null) {
                waiting++;
            } else {
                unknown++;
            }
        }
        String policy = PodActions.restartPolicy(pod);
        boolean podHasInitialized = pod.getSpec().getContainers().stream().anyMatch(c -> runtime.find(c.getName()) != null);
        if (failedInit > 0 && "Never".equals(policy)) {
            return "Failed";
        }
        if (pendingRegularInit > 0 || (pendingSidecars > 0 && !podHasInitialized)) {
            return "Pending";
        }
        if (waiting > 0) {
            return "Pending";
        }
        if (running > 0 && unknown == 0) {
            return "Running";
        }
        if (running == 0 && stopped > 0 && unknown == 0) {
            if (podIsTerminal) {
                return stopped == succeeded ? "Succeeded" : "Failed";
            }
            if ("Always".equals(policy)) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return "Never".equals(policy) ? "Failed" : "Running";
        }
        return "Pending";
    }

    private static ContainerStateTerminated terminatedBefore(ContainerStatus s) {
        return s.getLastState() == null ? null : s.getLastState().getTerminated();
    }

    // ---------------------------------------------------------------- conditions

    /**
     * Non-kubelet conditions first (readiness gates, DisruptionTarget, ... as the API has them), then
     * PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled (generateAPIPodStatus).
     */
    private static List<PodCondition> conditions(Pod pod, Instant now, List<ContainerStatus> init, List<ContainerStatus> apps,
                                                 String phase, boolean sandboxReady) {
        List<PodCondition> old = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? List.of() : pod.getStatus().getConditions();
        List<PodCondition> result = new ArrayList<>();
        for (PodCondition c : old) {
            if (!KUBELET_CONDITIONS.contains(c.getType())) {
                result.add(c);
            }
        }
        List<ContainerStatus> all = new ArrayList<>(init); // allContainerStatuses: init statuses, then the others
        all.addAll(apps);
        PodSpec spec = pod.getSpec();
        // generatePodReadyToStartContainersCondition: a sandbox with its network; none while the volumes wait to mount
        result.add(condition(old, now, "PodReadyToStartContainers", sandboxReady ? "True" : "False", null, null));
        result.add(condition(old, now, initialized(spec, all, phase)));
        // GeneratePodReadyCondition sees the conditions gathered so far: the preserved ones and the two above
        result.add(condition(old, now, podReady(spec, result, all, phase)));
        result.add(condition(old, now, containersReady(spec, all, phase)));
        result.add(condition(old, now, "PodScheduled", "True", null, null));
        return result;
    }

    /**
     * status.NeedToReconcilePodReadiness (pkg/kubelet/status/status_manager.go): whether a pod the API
     * sent with a change of status alone must be synced because its Ready condition no longer matches
     * its readiness gates. Upstream, kubelet.HandlePodReconcile then dispatches a SyncPodSync to the
     * pod worker, whose sync regenerates the status. Like upstream it reads only
     * {@code status.containerStatuses}, not the init containers' statuses.
     */
    static boolean needToReconcilePodReadiness(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getReadinessGates() == null || pod.getSpec().getReadinessGates().isEmpty()) {
            return false;
        }
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        List<PodCondition> conditions = status.getConditions() == null ? List.of() : status.getConditions();
        Generated expected = podReady(pod.getSpec(), conditions, status.getContainerStatuses(), status.getPhase());
        PodCondition current = find(conditions, "Ready");
        return current != null && (!Objects.equals(current.getStatus(), expected.status())
                || !Objects.equals(emptyToNull(current.getMessage()), expected.message()));
    }

    /** A generated condition before the status manager gives it its lastTransitionTime. */
    private record Generated(String type, String status, String reason, String message) {
    }

    /** GeneratePodInitializedCondition (pkg/kubelet/status/generate.go). */
    private static Generated initialized(PodSpec spec, List<ContainerStatus> statuses, String phase) {
        if (statuses == null && !nullToEmpty(spec.getInitContainers()).isEmpty()) {
            return new Generated("Initialized", "False", "UnknownContainerStatuses", null);
        }
        List<String> unknown = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        for (Container c : nullToEmpty(spec.getInitContainers())) {
            ContainerStatus s = status(statuses, c.getName());
            if (s == null) {
                unknown.add(c.getName());
            } else if (!isInitContainerInitialized(c, s)) {
                incomplete.add(c.getName());
            }
        }
        if ("Succeeded".equals(phase) && unknown.isEmpty()) {
            return new Generated("Initialized", "True", "PodCompleted", null);
        }
        // A regular container that has started means the pod was initialized before, even if a sidecar restarts
        if (hasAnyRegularContainerStarted(spec, statuses)) {
            return new Generated("Initialized", "True", null, null);
        }
        List<String> messages = new ArrayList<>();
        if (!unknown.isEmpty()) {
            messages.add("containers with unknown status: " + goList(unknown));
        }
        if (!incomplete.isEmpty()) {
            messages.add("containers with incomplete status: " + goList(incomplete));
        }
        if (!messages.isEmpty()) {
            return new Generated("Initialized", "False", "ContainersNotInitialized", String.join(", ", messages));
        }
        return new Generated("Initialized", "True", null, null);
    }

    /** isInitContainerInitialized: a sidecar counts once started, a regular init container once ready (completed). */
    private static boolean isInitContainerInitialized(Container c, ContainerStatus s) {
        if ("Always".equals(c.getRestartPolicy())) {
            return Boolean.TRUE.equals(s.getStarted());
        }
        return Boolean.TRUE.equals(s.getReady());
    }

    /**
     * kubecontainer.HasAnyRegularContainerStarted (pkg/kubelet/container/helpers.go): an API status of a
     * regular container that is running or terminated. A container waiting in CrashLoopBackOff does not count.
     */
    private static boolean hasAnyRegularContainerStarted(PodSpec spec, List<ContainerStatus> statuses) {
        if (statuses == null) {
            return false;
        }
        Set<String> names = new HashSet<>();
        for (Container c : nullToEmpty(spec.getContainers())) {
            names.add(c.getName());
        }
        for (ContainerStatus s : statuses) {
            if (names.contains(s.getName()) && s.getState() != null
                    && (s.getState().getRunning() != null || s.getState().getTerminated() != null)) {
                return true;
            }
        }
        return false;
    }

    /** GenerateContainersReadyCondition: sidecars, then app containers; unknown listed before unready. */
    private static Generated containersReady(PodSpec spec, List<ContainerStatus> statuses, String phase) {
        if (statuses == null) {
            return new Generated("ContainersReady", "False", "UnknownContainerStatuses", null);
        }
        List<String> unknown = new ArrayList<>();
        List<String> unready = new ArrayList<>();
        List<Container> containers = new ArrayList<>();
        for (Container c : nullToEmpty(spec.getInitContainers())) {
            if ("Always".equals(c.getRestartPolicy())) {
                containers.add(c); // sidecars are listed before app containers (errata B-5)
            }
        }
        containers.addAll(nullToEmpty(spec.getContainers()));
        for (Container c : containers) {
            ContainerStatus s = status(statuses, c.getName());
            if (s == null) {
                unknown.add(c.getName());
            } else if (!Boolean.TRUE.equals(s.getReady())) {
                unready.add(c.getName());
            }
        }
        if ("Succeeded".equals(phase) && unknown.isEmpty()) {
            return new Generated("ContainersReady", "False", "PodCompleted", null);
        }
        if ("Failed".equals(phase)) {
            return new Generated("ContainersReady", "False", "PodFailed", null);
        }
        List<String> messages = new ArrayList<>();
        if (!unknown.isEmpty()) {
            messages.add("containers with unknown status: " + goList(unknown));
        }
        if (!unready.isEmpty()) {
            messages.add("containers with unready status: " + goList(unready));
        }
        if (!messages.isEmpty()) {
            return new Generated("ContainersReady", "False", "ContainersNotReady", String.join(", ", messages));
        }
        return new Generated("ContainersReady", "True", null, null);
    }

    /**
     * GeneratePodReadyCondition: ContainersReady's status, reason and message while it is not True;
     * otherwise False/ReadinessGatesNotReady for every {@code readinessGates[].conditionType} that is
     * missing from {@code conditions} or not True, the messages joined with ", "; else True.
     */
    private static Generated podReady(PodSpec spec, List<PodCondition> conditions, List<ContainerStatus> statuses,
                                      String phase) {
        Generated containersReady = containersReady(spec, statuses, phase);
        if (!"True".equals(containersReady.status())) {
            return new Generated("Ready", containersReady.status(), containersReady.reason(), containersReady.message());
        }
        List<String> messages = new ArrayList<>();
        for (PodReadinessGate gate : nullToEmpty(spec.getReadinessGates())) {
            String type = gate.getConditionType();
            PodCondition c = find(conditions, type);
            if (c == null) {
                // fmt.Sprintf("corresponding condition of pod readiness gate %q does not exist.", ...)
                messages.add("corresponding condition of pod readiness gate " + goQuote(type) + " does not exist.");
            } else if (!"True".equals(c.getStatus())) {
                // fmt.Sprintf("the status of pod readiness gate %q is not \"True\", but %v", ..., c.Status)
                messages.add("the status of pod readiness gate " + goQuote(type) + " is not \"True\", but "
                        + (c.getStatus() == null ? "" : c.getStatus()));
            }
        }
        if (!messages.isEmpty()) {
            return new Generated("Ready", "False", "ReadinessGatesNotReady", String.join(", ", messages));
        }
        return new Generated("Ready", "True", null, null);
    }

    /** podutil.GetPodConditionFromList: the first condition of that type. */
    private static PodCondition find(List<PodCondition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        for (PodCondition c : conditions) {
            if (Objects.equals(c.getType(), type)) {
                return c;
            }
        }
        return null;
    }

    /** podutil.GetContainerStatus: the status with that name. */
    private static ContainerStatus status(List<ContainerStatus> statuses, String name) {
        if (statuses == null) {
            return null;
        }
        for (ContainerStatus s : statuses) {
            if (Objects.equals(s.getName(), name)) {
                return s;
            }
        }
        return null;
    }

    /** Go's %q for a condition type (a qualified name: no quotes, backslashes or control characters to escape). */
    private static String goQuote(String s) {
        return "\"" + (s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Go's %s of a []string: {@code [a b]}. */
    private static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    private static PodCondition condition(List<PodCondition> old, Instant now, Generated g) {
        return condition(old, now, g.type(), g.status(), g.reason(), g.message());
    }

    /**
     * Whether the status has a kubelet condition whose lastTransitionTime is the instant it was generated
     * at: one the pod's API status does not have with that status ({@link #condition}). Another instant
     * would give another status, so such a status depends on the clock.
     */
    static boolean transitionsAt(Pod pod, PodStatus status) {
        List<PodCondition> old = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? List.of() : pod.getStatus().getConditions();
        for (PodCondition c : status.getConditions()) {
            if (KUBELET_CONDITIONS.contains(c.getType()) && !keeps(old, c.getType(), c.getStatus())) {
                return true;
            }
        }
        return false;
    }

    /** The API's conditions hold one of that type and status with a lastTransitionTime, which a generated one keeps. */
    private static boolean keeps(List<PodCondition> old, String type, String status) {
        for (PodCondition c : old) {
            if (c.getType().equals(type) && Objects.equals(c.getStatus(), status) && c.getLastTransitionTime() != null) {
                return true;
            }
        }
        return false;
    }

    /** A condition whose lastTransitionTime moves only when its status flips (status manager). */
    private static PodCondition condition(List<PodCondition> old, Instant now, String type, String status, String reason,
                                          String message) {
        String since = null;
        for (PodCondition c : old) {
            if (c.getType().equals(type) && java.util.Objects.equals(c.getStatus(), status) && c.getLastTransitionTime() != null) {
                since = c.getLastTransitionTime(); // the last such one, as before
            }
        }
        if (since == null) {
            since = Timestamps.format(now); // formatted only for a condition that flips now
        }
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).withLastProbeTime(null).build();
    }
}
