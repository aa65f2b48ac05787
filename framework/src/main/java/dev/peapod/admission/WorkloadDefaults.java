package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;

import java.util.LinkedHashMap;

/**
 * The workloads' own defaults, applied before validation because they decide validity (a
 * {@code minReadySeconds: 600} is refused against the defaulted {@code progressDeadlineSeconds: 600}):
 * pkg/apis/apps/v1/defaults.go and pkg/apis/batch/v1/defaults.go (v1.33). The pod template's
 * defaults are PodDefaults'.
 */
final class WorkloadDefaults {
    private WorkloadDefaults() {
    }

    static void apply(Object object) {
        if (object instanceof Deployment d) {
            deployment(d.getSpec());
        } else if (object instanceof ReplicaSet r) {
            replicaSet(r.getSpec());
        } else if (object instanceof DaemonSet ds) {
            daemonSet(ds.getSpec());
        } else if (object instanceof StatefulSet ss) {
            statefulSet(ss.getSpec());
        } else if (object instanceof Job j) {
            job(j);
        } else if (object instanceof CronJob c) {
            cronJob(c.getSpec());
        }
    }

    /** SetDefaults_Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
    private static void deployment(DeploymentSpec spec) {
        if (spec.getReplicas() == null) {
            spec.setReplicas(1);
        }
        DeploymentStrategy strategy = spec.getStrategy() == null ? new DeploymentStrategy() : spec.getStrategy();
        spec.setStrategy(strategy);
        if (PodDefaults.empty(strategy.getType())) {
            strategy.setType("RollingUpdate");
        }
        if (strategy.getType().equals("RollingUpdate")) {
            RollingUpdateDeployment rolling = strategy.getRollingUpdate() == null ? new RollingUpdateDeployment()
                    : strategy.getRollingUpdate();
            strategy.setRollingUpdate(rolling);
            if (rolling.getMaxUnavailable() == null) {
                rolling.setMaxUnavailable(new IntOrString("25%"));
            }
            if (rolling.getMaxSurge() == null) {
                rolling.setMaxSurge(new IntOrString("25%"));
            }
        }
        if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
        }
        if (spec.getProgressDeadlineSeconds() == null) {
            spec.setProgressDeadlineSeconds(600);
        }
    }

    /** SetDefaults_ReplicaSet: replicas 1. */
    private static void replicaSet(ReplicaSetSpec spec) {
        if (spec.getReplicas() == null) {
            spec.setReplicas(1);
        }
    }

    /**
     * SetDefaults_ReplicationController (pkg/apis/core/v1/defaults.go): with template labels, an empty
     * selector becomes them and so do empty object labels; replicas 1.
     */
    static void replicationController(ReplicationController rc) {
        ReplicationControllerSpec spec = rc.getSpec();
        java.util.Map<String, String> labels = spec.getTemplate() == null || spec.getTemplate().getMetadata() == null
                ? null : spec.getTemplate().getMetadata().getLabels();
        if (labels != null) {
            if (spec.getSelector() == null || spec.getSelector().isEmpty()) {
                spec.setSelector(new LinkedHashMap<>(labels));
            }
            if (rc.getMetadata().getLabels() == null || rc.getMetadata().getLabels().isEmpty()) {
                rc.getMetadata().setLabels(new LinkedHashMap<>(labels));
            }
        }
        if (spec.getReplicas() == null) {
            spec.setReplicas(1);
        }
    }

    /** SetDefaults_DaemonSet: RollingUpdate with maxUnavailable 1 and maxSurge 0, revisionHistoryLimit 10. */
    private static void daemonSet(DaemonSetSpec spec) {
        DaemonSetUpdateStrategy strategy = spec.getUpdateStrategy() == null ? new DaemonSetUpdateStrategy()
                : spec.getUpdateStrategy();
        spec.setUpdateStrategy(strategy);
        if (PodDefaults.empty(strategy.getType())) {
            strategy.setType("RollingUpdate");
        }
        if (strategy.getType().equals("RollingUpdate")) {
            RollingUpdateDaemonSet rolling = strategy.getRollingUpdate() == null ? new RollingUpdateDaemonSet()
                    : strategy.getRollingUpdate();
            strategy.setRollingUpdate(rolling);
            if (rolling.getMaxUnavailable() == null) {
                rolling.setMaxUnavailable(new IntOrString(1));
            }
            if (rolling.getMaxSurge() == null) {
                rolling.setMaxSurge(new IntOrString(0));
            }
        }
        if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
        }
    }

    /**
     * SetDefaults_StatefulSet: OrderedReady, RollingUpdate with partition 0, claims retained when deleted
     * and when scaled, replicas 1, revisionHistoryLimit 10. The alpha MaxUnavailableStatefulSet gate is
     * off in v1.33, so dropStatefulSetDisabledFields (pkg/registry/apps/statefulset/strategy.go) drops
     * {@code rollingUpdate.maxUnavailable}.
     */
    private static void statefulSet(StatefulSetSpec spec) {
        if (PodDefaults.empty(spec.getPodManagementPolicy())) {
            spec.setPodManagementPolicy("OrderedReady");
        }
        StatefulSetUpdateStrategy strategy = spec.getUpdateStrategy() == null ? new StatefulSetUpdateStrategy()
                : spec.getUpdateStrategy();
        spec.setUpdateStrategy(strategy);
        if (PodDefaults.empty(strategy.getType())) {
            strategy.setType("RollingUpdate");
            if (strategy.getRollingUpdate() == null) {
                strategy.setRollingUpdate(new RollingUpdateStatefulSetStrategy());
            }
        }
        RollingUpdateStatefulSetStrategy rolling = strategy.getRollingUpdate();
        if (rolling != null) {
            rolling.setMaxUnavailable(null);
            if (strategy.getType().equals("RollingUpdate") && rolling.getPartition() == null) {
                rolling.setPartition(0);
            }
        }
        var policy = spec.getPersistentVolumeClaimRetentionPolicy() == null
                ? new StatefulSetPersistentVolumeClaimRetentionPolicy() : spec.getPersistentVolumeClaimRetentionPolicy();
        spec.setPersistentVolumeClaimRetentionPolicy(policy);
        if (PodDefaults.empty(policy.getWhenDeleted())) {
            policy.setWhenDeleted("Retain");
        }
        if (PodDefaults.empty(policy.getWhenScaled())) {
            policy.setWhenScaled("Retain");
        }
        if (spec.getReplicas() == null) {
            spec.setReplicas(1);
        }
        if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
        }
    }

    /**
     * SetDefaults_Job: completions and parallelism 1 when both are unset, backoffLimit 6 (MaxInt32 with
     * backoffLimitPerIndex), the template's labels on an unlabelled Job, NonIndexed, not suspended,
     * pod-condition status True, podReplacementPolicy (Failed with a podFailurePolicy), manualSelector false.
     */
    private static void job(Job job) {
        JobSpec spec = job.getSpec();
        if (spec.getCompletions() == null && spec.getParallelism() == null) {
            spec.setCompletions(1);
            spec.setParallelism(1);
        }
        if (spec.getParallelism() == null) {
            spec.setParallelism(1);
        }
        if (spec.getBackoffLimit() == null) {
            spec.setBackoffLimit(spec.getBackoffLimitPerIndex() != null ? Integer.MAX_VALUE : 6);
        }
        var templateLabels = spec.getTemplate() == null || spec.getTemplate().getMetadata() == null ? null
                : spec.getTemplate().getMetadata().getLabels();
        var labels = job.getMetadata().getLabels();
        if (templateLabels != null && !templateLabels.isEmpty() && (labels == null || labels.isEmpty())) {
            job.getMetadata().setLabels(new LinkedHashMap<>(templateLabels));
        }
        if (spec.getCompletionMode() == null) {
            spec.setCompletionMode("NonIndexed");
        }
        if (spec.getSuspend() == null) {
            spec.setSuspend(false);
        }
        if (spec.getPodFailurePolicy() != null && spec.getPodFailurePolicy().getRules() != null) {
            spec.getPodFailurePolicy().getRules().forEach(rule -> {
                if (rule != null && rule.getOnPodConditions() != null) {
                    rule.getOnPodConditions().forEach(pattern -> {
                        if (pattern != null && PodDefaults.empty(pattern.getStatus())) {
                            pattern.setStatus("True");
                        }
                    });
                }
            });
        }
        if (spec.getPodReplacementPolicy() == null) {
            spec.setPodReplacementPolicy(spec.getPodFailurePolicy() != null ? "Failed" : "TerminatingOrFailed");
        }
        if (spec.getManualSelector() == null) {
            spec.setManualSelector(false);
        }
    }

    /** SetDefaults_CronJob: Allow, not suspended, 3 successful and 1 failed job kept. */
    private static void cronJob(CronJobSpec spec) {
        if (PodDefaults.empty(spec.getConcurrencyPolicy())) {
            spec.setConcurrencyPolicy("Allow");
        }
        if (spec.getSuspend() == null) {
            spec.setSuspend(false);
        }
        if (spec.getSuccessfulJobsHistoryLimit() == null) {
            spec.setSuccessfulJobsHistoryLimit(3);
        }
        if (spec.getFailedJobsHistoryLimit() == null) {
            spec.setFailedJobsHistoryLimit(1);
        }
    }
}
