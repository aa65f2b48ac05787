package dev.peapod.kubelet;

import dev.peapod.core.PeapodException;

/**
 * The kubelet could not build a container's configuration (its environment, its mounts): the
 * message is upstream's error text word for word, the one a {@code CreateContainerConfigError}
 * waiting state carries (pkg/kubelet/kuberuntime/kuberuntime_container.go {@code startContainer}).
 * It never leaves the kubelet: {@link ContainerEnv} turns it into a result.
 */
final class ContainerConfigException extends PeapodException {
    ContainerConfigException(String message) {
        super(message);
    }
}
