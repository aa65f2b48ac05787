package dev.peapod.printers;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One line of {@code kubectl get deployments}, each cell exactly as kubectl prints it.
 *
 * @param name      NAME, {@code metadata.name}
 * @param ready     READY, {@code <status.readyReplicas>/<spec.replicas>}
 * @param upToDate  UP-TO-DATE, {@code status.updatedReplicas}
 * @param available AVAILABLE, {@code status.availableReplicas}
 * @param age       AGE, from {@code metadata.creationTimestamp}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record DeploymentRow(String name, String ready, String upToDate, String available, String age) {

    List<String> cells() {
        return List.of(name, ready, upToDate, available, age);
    }
}
