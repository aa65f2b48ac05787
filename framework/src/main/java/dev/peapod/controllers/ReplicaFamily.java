package dev.peapod.controllers;

import dev.peapod.store.Copies;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerCondition;
import io.fabric8.kubernetes.api.model.ReplicationControllerConditionBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kind a {@link ReplicaSetController} runs: ReplicaSets, or ReplicationControllers seen as
 * ReplicaSets, as upstream's ReplicationManager wraps the ReplicaSet controller
 * (pkg/controller/replication/replication_controller.go, conversion.go).
 */
record ReplicaFamily(Class<? extends HasMetadata> type, String kind, String component, String queueName) {
    static final ReplicaFamily REPLICA_SET = new ReplicaFamily(ReplicaSet.class, "ReplicaSet", "replicaset-controller", "replicaset");
    static final ReplicaFamily REPLICATION_CONTROLLER = new ReplicaFamily(ReplicationController.class, "ReplicationController",
            "replication-controller", "replicationmanager");

    /** The object as a ReplicaSet; for a ReplicationController, a converted copy that keeps its kind and metadata. */
    ReplicaSet view(HasMetadata object) {
        if (object instanceof ReplicaSet rs) {
            return rs;
        }
        return toReplicaSet((ReplicationController) object);
    }

    /** A copy of the stored object with {@code status}, for the status subresource. */
    HasMetadata withStatus(HasMetadata object, ReplicaSetStatus status) {
        HasMetadata copy = Copies.copy(object);
        if (copy instanceof ReplicaSet rs) {
            rs.setStatus(status);
        } else {
            ((ReplicationController) copy).setStatus(toRcStatus(status));
        }
        return copy;
    }

    /**
     * convertRCtoRS (Convert_v1_ReplicationController_To_apps_ReplicaSet): the selector map becomes
     * matchLabels. Admission stores ReplicationControllers with SetDefaults_ReplicationController's
     * selector and replicas (WorkloadAdmission); the same defaults here only guard an object put in the
     * store without admission.
     */
    static ReplicaSet toReplicaSet(ReplicationController rc) {
        ReplicaSet rs = new ReplicaSet();
        rs.setApiVersion("v1");
        rs.setKind("ReplicationController");
        rs.setMetadata(rc.getMetadata());
        ReplicaSetSpec spec = new ReplicaSetSpec();
        var source = rc.getSpec();
        Map<String, String> templateLabels = source == null || source.getTemplate() == null || source.getTemplate().getMetadata() == null
                ? null : source.getTemplate().getMetadata().getLabels();
        Map<String, String> selector = source == null ? null : source.getSelector();
        if ((selector == null || selector.isEmpty()) && templateLabels != null) {
            selector = templateLabels;
        }
        spec.setSelector(new LabelSelectorBuilder().withMatchLabels(selector == null ? new LinkedHashMap<>() : new LinkedHashMap<>(selector)).build());
        spec.setReplicas(source == null || source.getReplicas() == null ? 1 : source.getReplicas());
        spec.setMinReadySeconds(source == null ? null : source.getMinReadySeconds());
        spec.setTemplate(source == null ? null : source.getTemplate());
        rs.setSpec(spec);
        ReplicationControllerStatus status = rc.getStatus();
        if (status != null) {
            List<ReplicaSetCondition> conditions = status.getConditions() == null ? null : status.getConditions().stream()
                    .map(c -> new ReplicaSetConditionBuilder().withType(c.getType()).withStatus(c.getStatus()).withReason(c.getReason())
                            .withMessage(c.getMessage()).withLastTransitionTime(c.getLastTransitionTime()).build()).toList();
            rs.setStatus(new ReplicaSetStatusBuilder().withReplicas(status.getReplicas())
                    .withFullyLabeledReplicas(status.getFullyLabeledReplicas()).withReadyReplicas(status.getReadyReplicas())
                    .withAvailableReplicas(status.getAvailableReplicas()).withObservedGeneration(status.getObservedGeneration())
                    .withConditions(conditions).build());
        }
        return rs;
    }

    static ReplicationControllerStatus toRcStatus(ReplicaSetStatus status) {
        List<ReplicationControllerCondition> conditions = status.getConditions() == null ? null : status.getConditions().stream()
                .map(c -> new ReplicationControllerConditionBuilder().withType(c.getType()).withStatus(c.getStatus())
                        .withReason(c.getReason()).withMessage(c.getMessage()).withLastTransitionTime(c.getLastTransitionTime()).build())
                .toList();
        return new ReplicationControllerStatusBuilder().withReplicas(status.getReplicas())
                .withFullyLabeledReplicas(status.getFullyLabeledReplicas()).withReadyReplicas(status.getReadyReplicas())
                .withAvailableReplicas(status.getAvailableReplicas()).withObservedGeneration(status.getObservedGeneration())
                .withConditions(conditions).build();
    }
}
