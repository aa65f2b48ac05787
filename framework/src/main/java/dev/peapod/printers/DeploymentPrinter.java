package dev.peapod.printers;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * {@code kubectl get deployments} as the API server's table printer computes it
 * (kubernetes: pkg/printers/internalversion/printers.go, printDeployment and deploymentColumnDefinitions).
 * The wide columns (CONTAINERS, IMAGES, SELECTOR) are not printed.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class DeploymentPrinter {
    private static final List<String> HEADERS = List.of("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");

    private DeploymentPrinter() {
    }

    /** The cells printDeployment fills at {@code now}. */
    public static DeploymentRow row(Deployment deployment, Instant now) {
        if (deployment == null || now == null) {
            throw new PeapodException((deployment == null ? "deployment" : "now") + " must not be null");
        }
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        int desired = deployment.getSpec() == null || deployment.getSpec().getReplicas() == null ? 0 : deployment.getSpec().getReplicas();
        return new DeploymentRow(deployment.getMetadata().getName(), orZero(status.getReadyReplicas()) + "/" + desired,
                String.valueOf(orZero(status.getUpdatedReplicas())), String.valueOf(orZero(status.getAvailableReplicas())),
                ApiTime.since(ApiTime.parse("metadata.creationTimestamp", deployment.getMetadata().getCreationTimestamp()), now));
    }

    /** The text {@code kubectl get deployments} prints for these Deployments; empty for none. */
    public static String table(List<Deployment> deployments, Instant now) {
        if (deployments.isEmpty()) {
            return "";
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADERS);
        for (Deployment deployment : deployments) {
            lines.add(row(deployment, now).cells());
        }
        return TabWriter.align(lines);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
