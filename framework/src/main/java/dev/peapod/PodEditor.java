package dev.peapod;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.Timestamps;
import dev.peapod.time.EngineLock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What a controller or kubectl does to one pod, from {@link FakeCluster#editPod(String, String)}:
 * <pre>{@code
 * cluster.editPod("web").setCondition("example.com/feature-1", "True");   // a readiness gate opens
 * cluster.editPod("e2e", "web").delete(Duration.ofSeconds(5));            // kubectl delete --grace-period=5
 * }</pre>
 * Each verb writes through the API store and the cluster settles after it.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class PodEditor {
    private static final Set<String> STATUSES = Set.of("True", "False", "Unknown");

    private final ClusterContext context;
    private final String namespace;
    private final String name;
    /** The cluster's check that it is open and on its thread, run before every verb with the verb's name. */
    private final EngineLock.Guard guard;

    PodEditor(ClusterContext context, String namespace, String name, EngineLock.Guard guard) {
        this.context = context;
        this.guard = guard;
        this.namespace = namespace;
        this.name = name;
    }

    /**
     * Sets a condition through the {@code status} subresource, as a controller serving a readiness
     * gate does ({@code kubectl patch pod web --subresource=status}): one condition per type, the
     * others kept. Its lastTransitionTime is now when the status changes and kept when it does not,
     * as upstream's condition helpers do. The kubelet reacts at once to a gate that now disagrees
     * with Ready.
     *
     * @param status True, False or Unknown
     */
    public PodEditor setCondition(String type, String status) {
        return setCondition(type, status, null, null);
    }

    /** As {@link #setCondition(String, String)}, with a reason and a message (either may be null). */
    public PodEditor setCondition(String type, String status, String reason, String message) {
        try (EngineLock.Held held = guard.enter("PodEditor.setCondition")) {
            Checks.notNull(type, "type");
            Checks.notNull(status, "status");
            if (!STATUSES.contains(status)) {
                throw new PeapodException("condition status must be True, False or Unknown, but was \"" + status + "\"");
            }
            String now = Timestamps.format(context.clock().now());
            context.store().shared().editStatus(Pod.class, namespace, name, pod -> {
                if (pod.getStatus() == null) {
                    pod.setStatus(new PodStatus());
                }
                List<PodCondition> conditions = new ArrayList<>(Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()));
                Optional<PodCondition> old = conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
                String since = old.filter(c -> status.equals(c.getStatus())).map(PodCondition::getLastTransitionTime).orElse(now);
                PodCondition condition = new PodConditionBuilder().withType(type).withStatus(status).withReason(reason)
                        .withMessage(message).withLastTransitionTime(since).build();
                old.ifPresentOrElse(c -> conditions.set(conditions.indexOf(c), condition), () -> conditions.add(condition));
                pod.getStatus().setConditions(conditions);
            });
            context.loop().settle();
            return this;
        }
    }

    /**
     * {@code kubectl set image pod/<name> <container>=<image>}: an update of the pod's spec, admitted as
     * the API server admits it (the image is the one container field a pod update may change). The
     * kubelet restarts a running container whose image changed, whatever the restart policy, with the
     * Killing event {@code Container <c> definition changed, will be restarted} ({@code Init container
     * <c> definition changed} for a sidecar), and its crash-loop back-off starts again from 10 s.
     *
     * @param container the name of a container, init container or sidecar of the pod
     * @throws PeapodException when the pod has no container of that name
     * @throws dev.peapod.store.ApiException when the API server refuses the update (an empty image)
     */
    public PodEditor setImage(String container, String image) {
        try (EngineLock.Held held = guard.enter("PodEditor.setImage")) {
            Checks.notNull(container, "container");
            Checks.notNull(image, "image");
            context.store().shared().edit(Pod.class, namespace, name, pod -> {
                List<io.fabric8.kubernetes.api.model.Container> all = new ArrayList<>(pod.getSpec().getContainers());
                all.addAll(Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()));
                io.fabric8.kubernetes.api.model.Container target = all.stream().filter(c -> container.equals(c.getName()))
                        .findFirst().orElseThrow(() -> new PeapodException("pod " + namespace + "/" + name
                                + " has no container \"" + container + "\"; its containers are " + all.stream()
                                .map(io.fabric8.kubernetes.api.model.Container::getName).toList()));
                target.setImage(image);
            });
            context.loop().settle();
            return this;
        }
    }

    /** {@code kubectl delete pod}: gracefully, with the pod's terminationGracePeriodSeconds, when it runs on a node. */
    public void delete() {
        try (EngineLock.Held held = guard.enter("PodEditor.delete")) {
            context.store().shared().delete(Pod.class, namespace, name);
            context.loop().settle();
        }
    }

    /**
     * {@code kubectl delete pod --grace-period=<seconds>}: a shorter period than one already running
     * shortens the deletion grace period, a longer one does not lengthen it, and a kill the kubelet
     * already began runs out its first period, as in v1.33. Zero deletes at once, as {@code --force}.
     */
    public void delete(Duration gracePeriod) {
        try (EngineLock.Held held = guard.enter("PodEditor.delete")) {
            context.store().shared().delete(Pod.class, namespace, name, FakeCluster.graceSeconds(gracePeriod));
            context.loop().settle();
        }
    }

    /** The pod as stored now; NotFound once it is gone. */
    public Pod pod() {
        try (EngineLock.Held held = guard.enter("PodEditor.pod")) {
            return context.store().require(Pod.class, namespace, name);
        }
    }
}
