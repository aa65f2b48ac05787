package dev.peapod.printers;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One line of {@code kubectl get daemonsets}, each cell as kubectl prints it.
 *
 * @param name         NAME
 * @param desired      DESIRED, {@code status.desiredNumberScheduled}
 * @param current      CURRENT, {@code status.currentNumberScheduled}
 * @param ready        READY, {@code status.numberReady}
 * @param upToDate     UP-TO-DATE, {@code status.updatedNumberScheduled}
 * @param available    AVAILABLE, {@code status.numberAvailable}
 * @param nodeSelector NODE SELECTOR, the template's nodeSelector as {@code k=v,...}, or {@code <none>}
 * @param age          AGE, from {@code metadata.creationTimestamp}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record DaemonSetRow(String name, String desired, String current, String ready, String upToDate, String available,
                           String nodeSelector, String age) {

    List<String> cells() {
        return List.of(name, desired, current, ready, upToDate, available, nodeSelector, age);
    }
}
