package dev.peapod.printers;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One line of {@code kubectl get pods -o wide}, each cell exactly as kubectl prints it.
 *
 * @param name           NAME, {@code metadata.name}
 * @param ready          READY, {@code <ready>/<total>}, sidecars included
 * @param status         STATUS, e.g. {@code Running}, {@code CrashLoopBackOff}, {@code Init:1/2}, {@code Terminating}
 * @param restarts       RESTARTS, {@code 4} or {@code 4 (27s ago)}
 * @param age            AGE, from {@code metadata.creationTimestamp}
 * @param ip             IP (wide), or {@code <none>}
 * @param node           NODE (wide), or {@code <none>}
 * @param nominatedNode  NOMINATED NODE (wide), or {@code <none>}
 * @param readinessGates READINESS GATES (wide), {@code <true>/<total>} or {@code <none>}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record PodRow(String name, String ready, String status, String restarts, String age,
                     String ip, String node, String nominatedNode, String readinessGates) {

    /** The cells in column order; the wide columns carry priority 1 upstream and show only with -o wide. */
    List<String> cells(boolean wide) {
        return wide
                ? List.of(name, ready, status, restarts, age, ip, node, nominatedNode, readinessGates)
                : List.of(name, ready, status, restarts, age);
    }
}
