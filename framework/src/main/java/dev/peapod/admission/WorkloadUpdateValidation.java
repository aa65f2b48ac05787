package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.Objects;

/**
 * What an update of a workload may not change, as a re-apply meets it:
 * <ul>
 *   <li>Deployment, ReplicaSet, DaemonSet: the selector, for apps/v1 (the strategies' ValidateUpdate in
 *       pkg/registry/apps/{deployment,replicaset,daemonset}/strategy.go);</li>
 *   <li>StatefulSet: every spec field but replicas, ordinals, template, updateStrategy,
 *       persistentVolumeClaimRetentionPolicy and minReadySeconds (ValidateStatefulSetUpdate, v1.33;
 *       revisionHistoryLimit joins the list only in v1.34);</li>
 *   <li>Job: completions (but for the elastic Indexed Job that changes it with parallelism), selector,
 *       template, completionMode, podFailurePolicy, backoffLimitPerIndex, managedBy, successPolicy
 *       (pkg/apis/batch/validation/validation.go, ValidateJobSpecUpdate). The scheduling directives a
 *       suspended Job that never started may change (validatePodTemplateUpdate) are not let through yet.</li>
 * </ul>
 */
final class WorkloadUpdateValidation {
    private static final String IMMUTABLE = "field is immutable";
    /** Compares specs as upstream's DeepEqual does, field by field, through their JSON. */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private WorkloadUpdateValidation() {
    }

    static void update(HasMetadata object, HasMetadata old, Errors errs) {
        FieldPath selector = FieldPath.of("spec").child("selector");
        if (object instanceof Deployment d && old instanceof Deployment o) {
            immutableSelector(d.getSpec().getSelector(), o.getSpec().getSelector(), selector, errs);
        } else if (object instanceof ReplicaSet r && old instanceof ReplicaSet o) {
            immutableSelector(r.getSpec().getSelector(), o.getSpec().getSelector(), selector, errs);
        } else if (object instanceof DaemonSet ds && old instanceof DaemonSet o) {
            immutableSelector(ds.getSpec().getSelector(), o.getSpec().getSelector(), selector, errs);
        } else if (object instanceof StatefulSet s && old instanceof StatefulSet o) {
            statefulSet(s.getSpec(), o.getSpec(), errs);
        } else if (object instanceof Job j && old instanceof Job o) {
            job(j.getSpec(), o.getSpec(), errs);
        }
    }

    private static void immutableSelector(io.fabric8.kubernetes.api.model.LabelSelector selector,
                                          io.fabric8.kubernetes.api.model.LabelSelector old, FieldPath path, Errors errs) {
        if (!same(selector, old)) {
            errs.invalid(path, WorkloadValues.labelSelector(selector), IMMUTABLE);
        }
    }

    private static void statefulSet(StatefulSetSpec spec, StatefulSetSpec old, Errors errs) {
        StatefulSetSpec clone = SERIALIZATION.clone(spec);
        clone.setReplicas(old.getReplicas());
        clone.setTemplate(old.getTemplate());
        clone.setUpdateStrategy(old.getUpdateStrategy());
        clone.setMinReadySeconds(old.getMinReadySeconds());
        clone.setOrdinals(old.getOrdinals());
        clone.setPersistentVolumeClaimRetentionPolicy(old.getPersistentVolumeClaimRetentionPolicy());
        if (!same(clone, old)) {
            errs.forbidden(FieldPath.of("spec"), "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
                    + "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
        }
    }

    private static void job(JobSpec spec, JobSpec old, Errors errs) {
        FieldPath path = FieldPath.of("spec");
        completions(spec, old, path.child("completions"), errs);
        immutableSelector(spec.getSelector(), old.getSelector(), path.child("selector"), errs);
        if (!same(spec.getTemplate(), old.getTemplate())) {
            // upstream prints the whole core.PodTemplateSpec with %#v; Peapod abbreviates it
            errs.invalid(path.child("template"), new GoValue("core.PodTemplateSpec{...}"), IMMUTABLE);
        }
        if (!Objects.equals(spec.getCompletionMode(), old.getCompletionMode())) {
            errs.invalid(path.child("completionMode"), spec.getCompletionMode(), IMMUTABLE);
        }
        if (!same(spec.getPodFailurePolicy(), old.getPodFailurePolicy())) {
            errs.invalid(path.child("podFailurePolicy"), new GoValue(spec.getPodFailurePolicy() == null ? "null"
                    : "batch.PodFailurePolicy{...}"), IMMUTABLE);
        }
        if (!Objects.equals(spec.getBackoffLimitPerIndex(), old.getBackoffLimitPerIndex())) {
            errs.invalid(path.child("backoffLimitPerIndex"), spec.getBackoffLimitPerIndex(), IMMUTABLE);
        }
        if (!Objects.equals(spec.getManagedBy(), old.getManagedBy())) {
            errs.invalid(path.child("managedBy"), spec.getManagedBy(), IMMUTABLE);
        }
        if (!same(spec.getSuccessPolicy(), old.getSuccessPolicy())) {
            errs.invalid(path.child("successPolicy"), new GoValue(spec.getSuccessPolicy() == null ? "null"
                    : "batch.SuccessPolicy{...}"), IMMUTABLE);
        }
    }

    /** validateCompletions with ElasticIndexedJob (GA since v1.31). */
    private static void completions(JobSpec spec, JobSpec old, FieldPath path, Errors errs) {
        if (Objects.equals(spec.getCompletions(), old.getCompletions())) {
            return;
        }
        if (!"Indexed".equals(spec.getCompletionMode())) {
            errs.invalid(path, spec.getCompletions(), IMMUTABLE);
        } else if (spec.getCompletions() != null && !spec.getCompletions().equals(spec.getParallelism())) {
            errs.invalid(path, spec.getCompletions(), "can only be modified in tandem with spec.parallelism");
        }
    }

    private static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        // maps compare regardless of key order, as Go's DeepEqual compares maps
        return SERIALIZATION.convertValue(a, java.util.Map.class).equals(SERIALIZATION.convertValue(b, java.util.Map.class));
    }
}
