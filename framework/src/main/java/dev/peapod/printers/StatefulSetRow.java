package dev.peapod.printers;

import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One line of {@code kubectl get statefulsets -o wide}, each cell as kubectl prints it.
 *
 * @param name       NAME
 * @param ready      READY, {@code <readyReplicas>/<spec.replicas>}
 * @param age        AGE, from {@code metadata.creationTimestamp}
 * @param containers CONTAINERS (wide), the template's container names
 * @param images     IMAGES (wide), their images
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record StatefulSetRow(String name, String ready, String age, String containers, String images) {
}
