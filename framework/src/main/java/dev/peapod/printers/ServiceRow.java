package dev.peapod.printers;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One line of {@code kubectl get services}, each cell exactly as kubectl prints it.
 *
 * @param name       NAME, {@code metadata.name}
 * @param type       TYPE, {@code spec.type}
 * @param clusterIp  CLUSTER-IP, {@code spec.clusterIPs[0]}, {@code None} when headless, or {@code <none>}
 * @param externalIp EXTERNAL-IP, {@code <none>}, the external IPs, {@code <pending>} or the external name
 * @param ports      PORT(S), e.g. {@code 80/TCP} or {@code 80:30080/TCP,443/TCP}, or {@code <none>}
 * @param age        AGE, from {@code metadata.creationTimestamp}
 * @param selector   SELECTOR (wide), {@code app=web}, or {@code <none>}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ServiceRow(String name, String type, String clusterIp, String externalIp, String ports, String age,
                         String selector) {

    /** The cells in column order; SELECTOR carries priority 1 upstream and shows only with -o wide. */
    List<String> cells(boolean wide) {
        return wide ? List.of(name, type, clusterIp, externalIp, ports, age, selector)
                : List.of(name, type, clusterIp, externalIp, ports, age);
    }

    /** The line kubectl prints for this row alone, without the header, columns separated by three spaces. */
    @Override
    public String toString() {
        return String.join("   ", cells(false));
    }
}
