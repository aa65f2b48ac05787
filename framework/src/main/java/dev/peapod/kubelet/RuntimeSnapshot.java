package dev.peapod.kubelet;

import dev.peapod.runtime.ContainerExit;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the runtime holds for one pod at one instant, as upstream's {@code kubecontainer.PodStatus}
 * (pkg/kubelet/container/runtime.go): the sandbox's IP, null before the sandbox exists, and the
 * latest run of every container the runtime created, in spec order (init containers first). A
 * container never created is absent. Immutable: {@link PodActions#compute} and the status generator
 * read it and nothing else of the runtime.
 */
record RuntimeSnapshot(String podIp, List<Container> containers) {
    RuntimeSnapshot {
        containers = List.copyOf(containers);
    }

    /** A container's state in the runtime (kubecontainer.State), plus one Peapod needs. */
    enum State {
        RUNNING,
        /**
         * Running, with a stop under way. Upstream's killContainer returns only when the container has
         * stopped, so its SyncPod never sees this state; Peapod's stop takes virtual time, during which
         * other syncs run and must leave the container to its kill.
         */
        STOPPING,
        EXITED
    }

    /**
     * The latest run of one container (kubecontainer.Status) and the run before it, whose exit is
     * the container's lastState and what doBackOff reads while the latest run is running. {@code image}
     * is the image the latest run was created from, as the spec wrote it then (the runtime's
     * {@code Status.Image}); a spec whose image differs has changed its definition.
     */
    record Container(String name, String id, State state, Instant startedAt, ContainerExit exit, int restartCount,
                     ContainerExit previousExit, String previousId, Instant previousStartedAt, String image, User user) {
        Container {
            Objects.requireNonNull(user, "user");
        }

        /** A run whose process runs as root in group 0 alone: for tests that do not look at the user. */
        Container(String name, String id, State state, Instant startedAt, ContainerExit exit, int restartCount,
                  ContainerExit previousExit, String previousId, Instant previousStartedAt, String image) {
            this(name, id, state, startedAt, exit, restartCount, previousExit, previousId, previousStartedAt, image,
                    new User(0, 0, List.of(0L)));
        }

        boolean running() {
            return state != State.EXITED;
        }
    }

    /**
     * The identity of a run's process as the runtime reports it (CRI ContainerStatus.user, kept by
     * containerd from the OCI spec it created the container with): uid, primary gid, and the
     * supplemental groups, which include the primary group (containerd's ensureAdditionalGids).
     */
    record User(long uid, long gid, List<Long> supplementalGroups) {
        User {
            supplementalGroups = List.copyOf(supplementalGroups);
        }

        /**
         * The identity the runtime gives a new run's process: root (simulated processes run as root whatever
         * runAsUser says, and the apply says so), in the groups containerd puts in the OCI spec: the primary
         * group, the image's groups of root (oci.WithAdditionalGIDs) and the groups the kubelet asks for,
         * fsGroup then supplementalGroups (kuberuntime security_context.go determineEffectiveSecurityContext),
         * merged without duplicates in ascending order (containerd internal/cri/opts mergeGids). With
         * {@code supplementalGroupsPolicy: Strict} the image's groups are left out.
         */
        static User of(Pod pod, String image) {
            java.util.TreeSet<Long> groups = new java.util.TreeSet<>();
            groups.add(0L);
            var context = pod.getSpec().getSecurityContext();
            if (context == null || !"Strict".equals(context.getSupplementalGroupsPolicy())) {
                groups.addAll(dev.peapod.runtime.Images.rootGroups(image)); // Strict: containerd skips WithAdditionalGIDs
            }
            if (context != null && context.getFsGroup() != null) {
                groups.add(context.getFsGroup());
            }
            if (context != null && context.getSupplementalGroups() != null) {
                groups.addAll(context.getSupplementalGroups());
            }
            return new User(0, 0, List.copyOf(groups));
        }
    }

    /** FindContainerStatusByName; null when the runtime never created it. */
    Container find(String name) {
        for (Container c : containers) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
