package dev.peapod.printers;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One line of {@code kubectl get nodes}, each cell exactly as kubectl prints it.
 *
 * @param name             NAME
 * @param status           STATUS: {@code Ready}, {@code NotReady} or {@code Unknown}, then {@code ,SchedulingDisabled} when cordoned
 * @param roles            ROLES: the {@code node-role.kubernetes.io/<role>} and {@code kubernetes.io/role} labels, sorted, or {@code <none>}
 * @param age              AGE, from {@code metadata.creationTimestamp}
 * @param version          VERSION, {@code status.nodeInfo.kubeletVersion}
 * @param internalIp       INTERNAL-IP (wide), or {@code <none>}
 * @param externalIp       EXTERNAL-IP (wide), or {@code <none>}
 * @param osImage          OS-IMAGE (wide), or {@code <unknown>}
 * @param kernelVersion    KERNEL-VERSION (wide), or {@code <unknown>}
 * @param containerRuntime CONTAINER-RUNTIME (wide), or {@code <unknown>}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record NodeRow(String name, String status, String roles, String age, String version, String internalIp,
                      String externalIp, String osImage, String kernelVersion, String containerRuntime) {

    /** The cells in column order; the last five carry priority 1 upstream and show only with -o wide. */
    List<String> cells(boolean wide) {
        return wide ? List.of(name, status, roles, age, version, internalIp, externalIp, osImage, kernelVersion, containerRuntime)
                : List.of(name, status, roles, age, version);
    }

    /** The line kubectl prints for this row alone, without the header, columns separated by three spaces. */
    @Override
    public String toString() {
        return String.join("   ", cells(false));
    }
}
