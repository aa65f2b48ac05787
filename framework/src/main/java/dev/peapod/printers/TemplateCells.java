package dev.peapod.printers;

import dev.peapod.store.ApiException;
import dev.peapod.store.LabelSelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import org.apiguardian.api.API;

import java.util.List;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The wide cells every workload printer shares (kubernetes: pkg/printers/internalversion/printers.go,
 * layoutContainerCells, and metav1.FormatLabelSelector): CONTAINERS, IMAGES and SELECTOR. For the API
 * server's Table, which always carries the wide columns.
 */
@API(status = INTERNAL, since = "0.1")
public final class TemplateCells {
    private TemplateCells() {
    }

    /** CONTAINERS: the template's container names, comma-separated; "" without a template. */
    public static String containers(PodTemplateSpec template) {
        return containersOf(template).stream().map(Container::getName).collect(Collectors.joining(","));
    }

    /** IMAGES: the template's container images, comma-separated, in container order. */
    public static String images(PodTemplateSpec template) {
        return containersOf(template).stream().map(Container::getImage).collect(Collectors.joining(","));
    }

    /** metav1.FormatLabelSelector: the selector as a string, {@code <none>} when it selects everything or is unset. */
    public static String formatLabelSelector(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        try {
            String text = selector == null ? "" : LabelSelector.of(selector).toString();
            return text.isEmpty() ? "<none>" : text;
        } catch (ApiException e) {
            return "<error>";
        }
    }

    /**
     * LabelSelectorAsSelector(..).String() as printDeployment shows it: "" when it selects everything or
     * is unset, {@code <invalid>} when it cannot be read.
     */
    public static String selectorString(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        try {
            return selector == null ? "" : LabelSelector.of(selector).toString();
        } catch (ApiException e) {
            return "<invalid>";
        }
    }

    private static List<Container> containersOf(PodTemplateSpec template) {
        return template == null || template.getSpec() == null || template.getSpec().getContainers() == null
                ? List.of() : template.getSpec().getContainers();
    }
}
