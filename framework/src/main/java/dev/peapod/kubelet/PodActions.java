package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one SyncPod must do to a pod, decided by {@link #compute} before anything is done
 * (pkg/kubelet/kuberuntime/kuberuntime_manager.go {@code podActions}). Containers are named, in the
 * order SyncPod acts on them.
 *
 * @param killPod               kill every running container (nothing is left to keep or start, or
 *                              an init container failed under restartPolicy Never)
 * @param createSandbox         the pod has no sandbox yet
 * @param initContainersToStart init containers and sidecars to start, in spec order
 * @param containersToStart     regular containers to start, in spec order
 * @param containersToKill      running containers to kill, with the reason and the Killing message
 */
record PodActions(boolean killPod, boolean createSandbox, List<String> initContainersToStart,
                  List<String> containersToStart, List<ContainerToKill> containersToKill) {

    PodActions {
        initContainersToStart = List.copyOf(initContainersToStart);
        containersToStart = List.copyOf(containersToStart);
        containersToKill = List.copyOf(containersToKill);
    }

    /** containerToKillInfo: the probe that failed (null for a definition change) and the Killing event's message. */
    record ContainerToKill(String name, String containerId, ProbeType reason, String message) {
    }

    /** The probe results caches as computePodActions reads them (livenessManager.Get, startupManager.Get). */
    interface Results {
        /** The cached result; null when none was cached (upstream's {@code found == false}). */
        ProbeResult get(ProbeType type, String containerId);
    }

    /** Whether SyncPod must kill this container (and start it again when it is also to start). */
    boolean kills(String name) {
        return containersToKill.stream().anyMatch(k -> k.name().equals(name));
    }

    /**
     * computePodActions (kuberuntime_manager.go, v1.33), for pods whose sandbox never changes: no
     * unknown states, no ephemeral containers, no resize; a definition change is a changed image, the
     * only container field a pod update may change. Pure: the
     * pod, the runtime's snapshot and the probe results decide; back-off is applied when SyncPod starts
     * a container (doBackOff), not here.
     */
    static PodActions compute(Pod pod, RuntimeSnapshot runtime, Results results) {
        Builder actions = new Builder();
        actions.createSandbox = runtime.podIp() == null;
        actions.killPod = actions.createSandbox; // podActions.KillPod starts as createPodSandbox
        boolean initialized = computeInitContainerActions(pod, runtime, results, actions);
        if (actions.killPod && !actions.createSandbox || !initialized) {
            return actions.build(); // initialization failed or still in progress: skip the regular containers
        }
        int keepCount = 0;
        boolean restart = shouldRestartOnFailure(pod);
        for (Container container : pod.getSpec().getContainers()) {
            RuntimeSnapshot.Container status = runtime.find(container.getName());
            if (status == null || status.state() == RuntimeSnapshot.State.EXITED) {
                if (shouldContainerBeRestarted(pod, status)) {
                    actions.containersToStart.add(container.getName());
                }
                continue;
            }
            if (status.state() == RuntimeSnapshot.State.STOPPING) {
                keepCount++; // the SyncPod that kills it has not returned yet, as upstream sees it
                continue;
            }
            ProbeType reason = null;
            String message;
            boolean restartIt = restart;
            if (!java.util.Objects.equals(status.image(), container.getImage())) {
                // containerChanged: the spec's hash differs from the running container's (only the image
                // may change on a pod update); restart regardless of the restart policy
                message = "Container " + container.getName() + " definition changed";
                restartIt = true;
            } else if (results.get(ProbeType.LIVENESS, status.id()) == ProbeResult.FAILURE) {
                reason = ProbeType.LIVENESS;
                message = "Container " + container.getName() + " failed liveness probe";
            } else if (results.get(ProbeType.STARTUP, status.id()) == ProbeResult.FAILURE) {
                reason = ProbeType.STARTUP;
                message = "Container " + container.getName() + " failed startup probe";
            } else {
                keepCount++;
                continue;
            }
            if (restartIt) {
                // kill it, and make the intent clear in the message; the pod is not killed
                message += ", will be restarted";
                actions.containersToStart.add(container.getName());
            }
            actions.containersToKill.add(new ContainerToKill(container.getName(), status.id(), reason, message));
        }
        if (keepCount == 0 && actions.containersToStart.isEmpty()) {
            actions.killPod = true;
            actions.initContainersToStart.clear(); // sidecars must not keep the pod alive
        }
        return actions.build();
    }

    /**
     * computeInitContainerActions (kuberuntime_manager.go, v1.33): walks the init containers from the
     * last, finds the next one to run and the sidecars to restart or kill; true when the pod has
     * initialized. A pod whose regular container the runtime ever created has initialized: its sandbox
     * never changes here, so upstream's case of exited containers from an old sandbox cannot arise.
     */
    private static boolean computeInitContainerActions(Pod pod, RuntimeSnapshot runtime, Results results, Builder actions) {
        List<Container> inits = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        if (inits.isEmpty()) {
            return true;
        }
        boolean podHasInitialized = pod.getSpec().getContainers().stream().anyMatch(c -> runtime.find(c.getName()) != null);
        boolean isPreviouslyInitialized = podHasInitialized;
        boolean restartOnFailure = shouldRestartOnFailure(pod);
        List<String> toStart = new ArrayList<>();
        for (int i = inits.size() - 1; i >= 0; i--) {
            Container container = inits.get(i);
            boolean sidecar = isSidecar(container);
            RuntimeSnapshot.Container status = runtime.find(container.getName());
            if (status == null) {
                if (isPreviouslyInitialized && sidecar) {
                    toStart.add(container.getName());
                }
                continue;
            }
            if (isPreviouslyInitialized && !sidecar) {
                continue; // after initialization only sidecars are kept running
            }
            if (status.state() == RuntimeSnapshot.State.EXITED) {
                if (sidecar) {
                    toStart.add(container.getName());
                } else if (status.exit().exitCode() != 0) {
                    if (!restartOnFailure) {
                        actions.killPod = true;
                        actions.initContainersToStart.clear();
                        return false;
                    }
                    toStart.add(container.getName());
                } else if (i == inits.size() - 1) {
                    podHasInitialized = true;
                } else {
                    toStart.add(inits.get(i + 1).getName()); // initialized for the first time: start the next
                }
            } else if (sidecar) {
                sidecarActions(inits, i, status, isPreviouslyInitialized, results, toStart, actions);
                if (i == inits.size() - 1 && sidecarStarted(container, status, results)) {
                    podHasInitialized = true;
                }
            }
            // a running regular init container: nothing to do but wait for it to finish
            isPreviouslyInitialized = true;
        }
        if (!isPreviouslyInitialized) {
            toStart.add(inits.get(0).getName()); // no init container has run: start the first
        }
        Collections.reverse(toStart); // the walk went backwards; SyncPod starts them in spec order
        actions.initContainersToStart.addAll(toStart);
        return podHasInitialized;
    }

    /** A running sidecar: killed on a startup or liveness failure and started again, else it lets the next one start. */
    private static void sidecarActions(List<Container> inits, int i, RuntimeSnapshot.Container status,
                                       boolean isPreviouslyInitialized, Results results, List<String> toStart,
                                       Builder actions) {
        Container container = inits.get(i);
        boolean stopping = status.state() == RuntimeSnapshot.State.STOPPING;
        if (container.getStartupProbe() != null) {
            ProbeResult startup = results.get(ProbeType.STARTUP, status.id());
            if (startup != ProbeResult.SUCCESS) {
                if (startup == ProbeResult.FAILURE && !stopping) {
                    killAndRestart(container, status, ProbeType.STARTUP, toStart, actions);
                }
                return; // not started yet: wait for its startup probe
            }
        }
        if (i < inits.size() - 1 && !isPreviouslyInitialized) {
            toStart.add(inits.get(i + 1).getName()); // initialized for the first time: start the next
        }
        if (!stopping && !java.util.Objects.equals(status.image(), container.getImage())) {
            // a running sidecar whose definition changed is restarted; upstream's message has no ", will be restarted"
            actions.containersToKill.add(new ContainerToKill(container.getName(), status.id(), null,
                    "Init container " + container.getName() + " definition changed"));
            toStart.add(container.getName());
            return;
        }
        // a sidecar's liveness probe does not hold back the next init container
        if (container.getLivenessProbe() != null && !stopping
                && results.get(ProbeType.LIVENESS, status.id()) == ProbeResult.FAILURE) {
            killAndRestart(container, status, ProbeType.LIVENESS, toStart, actions);
        }
    }

    private static boolean sidecarStarted(Container container, RuntimeSnapshot.Container status, Results results) {
        return container.getStartupProbe() == null || results.get(ProbeType.STARTUP, status.id()) == ProbeResult.SUCCESS;
    }

    /** A sidecar is always restarted, and its message names it an init container. */
    private static void killAndRestart(Container container, RuntimeSnapshot.Container status, ProbeType reason,
                                       List<String> toStart, Builder actions) {
        actions.containersToKill.add(new ContainerToKill(container.getName(), status.id(), reason,
                "Init container " + container.getName() + " failed " + reason.lower() + " probe"));
        toStart.add(container.getName());
    }

    /** ShouldContainerBeRestarted (pkg/kubelet/container/helpers.go) for a container that is not running. */
    static boolean shouldContainerBeRestarted(Pod pod, RuntimeSnapshot.Container status) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false; // once a pod has been marked deleted, it is not restarted
        }
        if (status == null) {
            return true; // never started
        }
        String policy = restartPolicy(pod);
        if ("Never".equals(policy)) {
            return false;
        }
        return !"OnFailure".equals(policy) || status.exit().exitCode() != 0;
    }

    static String restartPolicy(Pod pod) {
        String policy = pod.getSpec().getRestartPolicy();
        return policy == null ? "Always" : policy;
    }

    private static boolean shouldRestartOnFailure(Pod pod) {
        return !"Never".equals(restartPolicy(pod));
    }

    static boolean isSidecar(Container container) {
        return "Always".equals(container.getRestartPolicy());
    }

    private static final class Builder {
        boolean killPod;
        boolean createSandbox;
        final List<String> initContainersToStart = new ArrayList<>();
        final List<String> containersToStart = new ArrayList<>();
        final List<ContainerToKill> containersToKill = new ArrayList<>();

        PodActions build() {
            return new PodActions(killPod, createSandbox, initContainersToStart, containersToStart, containersToKill);
        }
    }
}
