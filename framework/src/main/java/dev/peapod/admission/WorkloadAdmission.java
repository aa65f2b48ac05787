package dev.peapod.admission;

import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;

import java.util.List;
import java.util.Optional;

import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * Workloads that hold a pod template: Deployment, ReplicaSet, DaemonSet, StatefulSet
 * (pkg/apis/apps/validation/validation.go) and Job, CronJob (pkg/apis/batch/validation/validation.go).
 * Each gets its own defaults (WorkloadDefaults), its template the pod-spec defaults, then the
 * kind's full spec validation in upstream's order and words (AppsValidation, BatchValidation, the
 * template at its path), and on update the kind's update rules (WorkloadUpdateValidation).
 */
final class WorkloadAdmission {
    /** One workload object seen through its pod template. */
    private record Workload(String kind, Names.Rule nameRule, String ownerKind,
                            PodTemplateSpec template, LabelSelector selector, FieldPath specPath) {
        FieldPath templatePath() {
            return specPath.child("template");
        }
    }

    private WorkloadAdmission() {
    }

    /** Defaults and validates a workload; false when the object holds no pod template Peapod knows. */
    static boolean admit(Admission.Operation operation, HasMetadata object, HasMetadata old) {
        if (object instanceof ReplicationController rc) {
            replicationController(operation, rc);
            return true;
        }
        Optional<Workload> found = workload(object);
        if (found.isEmpty()) {
            return false;
        }
        Workload w = found.get();
        WorkloadDefaults.apply(object);
        PodSpec spec = w.template().getSpec();
        ServiceAccountPlugin.fromDeprecatedField(spec);
        PodDefaults.template(spec);
        ServiceAccountPlugin.toDeprecatedField(spec);
        Errors errs = validate(operation, object, old, w);
        if (operation == Admission.Operation.UPDATE && old != null) {
            WorkloadUpdateValidation.update(object, old, errs);
        }
        if (!errs.isEmpty()) {
            throw ApiException.invalid(w.kind(), object.getMetadata().getName(), errs.aggregate());
        }
        return true;
    }

    private static Errors validate(Admission.Operation operation, HasMetadata object, HasMetadata old, Workload w) {
        Errors errs = new Errors();
        ObjectMeta meta = object.getMetadata();
        if (operation == Admission.Operation.CREATE) {
            MetaValidation.objectMeta(meta, true, w.nameRule(), FieldPath.of("metadata"), errs);
        } else {
            MetaValidation.update(meta, FieldPath.of("metadata"), errs);
        }
        FieldPath specPath = FieldPath.of("spec");
        if (object instanceof Deployment d) {
            AppsValidation.nonNegative(d.getSpec().getReplicas(), specPath.child("replicas"), errs);
            replicaSetTemplate(w, "deployment", errs);
            AppsValidation.deploymentTail(d.getSpec(), specPath, errs);
        } else if (object instanceof ReplicaSet r) {
            AppsValidation.nonNegative(r.getSpec().getReplicas(), specPath.child("replicas"), errs);
            AppsValidation.nonNegative(r.getSpec().getMinReadySeconds(), specPath.child("minReadySeconds"), errs);
            replicaSetTemplate(w, "deployment", errs); // sic: upstream's ReplicaSet message says deployment
        } else if (object instanceof DaemonSet ds) {
            daemonSetSelector(w, errs);
            PodValidation.template(w.template(), w.templatePath(), errs);
            alwaysRestarts(w, errs);
            AppsValidation.daemonSetTail(ds.getSpec(), specPath, errs);
        } else if (object instanceof StatefulSet ss) {
            statefulSet(ss, w, errs);
        } else if (object instanceof Job j) {
            job(j, w, errs);
        } else if (object instanceof CronJob c) {
            cronJob(c, old instanceof CronJob oldCronJob ? oldCronJob : null, w, errs);
        }
        return errs;
    }

    /**
     * A core/v1 ReplicationController: SetDefaults_ReplicationController (pkg/apis/core/v1/defaults.go:
     * the selector and, when empty, the object's labels from the template's labels; replicas 1), the
     * template's pod-spec defaults, then ValidateReplicationController (pkg/apis/core/validation/
     * validation.go: ValidateObjectMeta with a DNS-subdomain name, ValidateReplicationControllerSpec,
     * ValidatePodTemplateSpecForRC) in upstream's order and words. On update the labels, annotations and
     * owner references of ValidateObjectMetaUpdate, as for the other workloads. Not done: ValidateReadOnlyPersistentDisks
     * (Peapod's volumes have no GCE persistent disks).
     */
    private static void replicationController(Admission.Operation operation, ReplicationController rc) {
        ReplicationControllerSpec spec = rc.getSpec() == null ? new ReplicationControllerSpec() : rc.getSpec();
        rc.setSpec(spec);
        WorkloadDefaults.replicationController(rc);
        PodTemplateSpec template = spec.getTemplate();
        if (template != null) {
            template(template); // a template without a spec gets an empty one, as the Go struct has
            PodSpec podSpec = template.getSpec();
            ServiceAccountPlugin.fromDeprecatedField(podSpec);
            PodDefaults.template(podSpec);
            ServiceAccountPlugin.toDeprecatedField(podSpec);
        }
        Errors errs = new Errors();
        ObjectMeta meta = rc.getMetadata();
        FieldPath metaPath = FieldPath.of("metadata");
        if (operation == Admission.Operation.CREATE) {
            MetaValidation.objectMeta(meta, true, Names.Rule.DNS1123_SUBDOMAIN, metaPath, errs);
        } else {
            MetaValidation.update(meta, metaPath, errs);
        }
        FieldPath specPath = FieldPath.of("spec");
        AppsValidation.nonNegative(spec.getMinReadySeconds(), specPath.child("minReadySeconds"), errs);
        java.util.Map<String, String> selector = spec.getSelector() == null ? java.util.Map.of() : spec.getSelector();
        if (selector.isEmpty()) {
            errs.required(specPath.child("selector"), ""); // ValidateNonEmptySelector
        }
        AppsValidation.nonNegative(spec.getReplicas(), specPath.child("replicas"), errs);
        FieldPath templatePath = specPath.child("template");
        if (template == null) {
            errs.required(templatePath, "");
        } else {
            java.util.Map<String, String> labels = templateMeta(template).getLabels();
            if (!selector.isEmpty() && !dev.peapod.store.LabelSelector.ofLabels(selector).matches(labels == null ? java.util.Map.of() : labels)) {
                errs.invalid(templatePath.child("metadata").child("labels"), GoValue.stringMap(labels),
                        "`selector` does not match template `labels`");
            }
            PodValidation.template(template, templatePath, errs);
            alwaysRestarts(new Workload("ReplicationController", Names.Rule.DNS1123_SUBDOMAIN, "ReplicationController",
                    template, null, specPath), errs);
        }
        if (!errs.isEmpty()) {
            throw ApiException.invalid("ReplicationController", meta.getName(), errs.aggregate());
        }
    }

    /**
     * ValidateDeploymentSpec and ValidateReplicaSetSpec from the selector on: required, valid, not empty;
     * then the template (ValidatePodTemplateSpecForReplicaSet) unless LabelSelectorAsSelector fails.
     */
    private static void replicaSetTemplate(Workload w, String kindWord, Errors errs) {
        FieldPath path = w.specPath().child("selector");
        if (AppsValidation.requiredSelector(w.selector(), path, kindWord, errs)) {
            templateMatchesSelector(w, errs);
            PodValidation.template(w.template(), w.templatePath(), errs);
            alwaysRestarts(w, errs);
        } else {
            errs.invalid(path, WorkloadValues.labelSelector(w.selector()), "invalid label selector");
        }
    }

    /**
     * ValidateStatefulSetSpec: upstream leaves the template's pod spec unvalidated (only its labels and
     * annotations), and so does Peapod.
     */
    private static void statefulSet(StatefulSet set, Workload w, Errors errs) {
        FieldPath specPath = FieldPath.of("spec");
        AppsValidation.statefulSetHead(set.getSpec(), specPath, errs);
        if (AppsValidation.requiredSelector(w.selector(), specPath.child("selector"), "statefulset", errs)) {
            templateMatchesSelector(w, errs);
            ObjectMeta templateMeta = templateMeta(w.template());
            MetaValidation.labels(templateMeta.getLabels(), w.templatePath().child("labels"), errs);
            MetaValidation.annotations(templateMeta.getAnnotations(), w.templatePath().child("annotations"), errs);
        } else {
            errs.invalid(specPath.child("selector"), WorkloadValues.labelSelector(w.selector()), "");
        }
        alwaysRestarts(w, errs);
    }

    /** ValidateDaemonSetSpec: the selector is validated, matched when it parses, and must not be empty. */
    private static void daemonSetSelector(Workload w, Errors errs) {
        FieldPath path = w.specPath().child("selector");
        int before = errs.size();
        MetaValidation.labelSelector(w.selector(), path, errs);
        if (errs.size() == before) {
            templateMatchesSelector(w, errs);
        }
        if (w.selector() != null && AppsValidation.isEmpty(w.selector())) {
            errs.invalid(path, WorkloadValues.labelSelector(w.selector()), "empty selector is invalid for daemonset");
        }
    }

    /** A missing selector selects nothing (LabelSelectorAsSelector(nil) is labels.Nothing()). */
    private static void templateMatchesSelector(Workload w, Errors errs) {
        var labels = templateMeta(w.template()).getLabels();
        if (!matches(w.selector(), labels)) {
            errs.invalid(w.templatePath().child("metadata").child("labels"), GoValue.stringMap(labels),
                    "`selector` does not match template `labels`");
        }
    }

    /**
     * ValidateJob. Upstream generates the selector before validation (pkg/registry/batch/job/strategy.go,
     * generateSelector) from the uid, which Peapod's store assigns after admission; so the selector rules
     * apply to a {@code manualSelector: true} Job only.
     */
    private static void job(Job job, Workload w, Errors errs) {
        JobSpec spec = job.getSpec();
        generatedSelector(job, errs);
        jobSpec(spec, w, errs);
        if (Boolean.TRUE.equals(spec.getManualSelector())) {
            FieldPath path = w.specPath().child("selector");
            int before = errs.size();
            if (spec.getSelector() == null) {
                errs.required(path, "");
            } else {
                MetaValidation.labelSelector(spec.getSelector(), path, errs);
            }
            if (errs.size() == before || spec.getSelector() == null) {
                templateMatchesSelector(w, errs);
            }
        }
        BatchValidation.indexedHostname(ContainerValidation.nullToEmpty(job.getMetadata().getName()), spec, errs);
    }

    /**
     * validateGeneratedSelector: without {@code manualSelector: true}, a selector the user wrote must
     * still select the generated labels (the Job's uid and name), which in practice it never does. The
     * uid is not known yet here, so a selector that names a controller-uid never matches; upstream's
     * printed value also holds the generated {@code batch.kubernetes.io/controller-uid} entry, which
     * Peapod's leaves out.
     */
    private static void generatedSelector(Job job, Errors errs) {
        JobSpec spec = job.getSpec();
        if (Boolean.TRUE.equals(spec.getManualSelector()) || spec.getSelector() == null) {
            return;
        }
        Errors selectorErrors = new Errors();
        MetaValidation.labelSelector(spec.getSelector(), FieldPath.of("spec").child("selector"), selectorErrors);
        if (!selectorErrors.isEmpty()) {
            return; // LabelSelectorAsSelector fails, so upstream does not compare
        }
        String name = ContainerValidation.nullToEmpty(job.getMetadata().getName());
        // on create the uid is not known yet (Peapod's store assigns it after admission), so a selector that
        // names a controller-uid never matches; on update it is the stored Job's, which generateSelector used
        String uid = job.getMetadata().getUid();
        String unknownUid = uid == null || uid.isEmpty() ? "\u0000" : uid;
        java.util.Map<String, String> expected = java.util.Map.of("batch.kubernetes.io/controller-uid", unknownUid,
                "batch.kubernetes.io/job-name", name, "controller-uid", unknownUid, "job-name", name);
        if (!dev.peapod.store.LabelSelector.of(spec.getSelector()).matches(expected)) {
            errs.invalid(FieldPath.of("spec").child("selector"), WorkloadValues.labelSelector(spec.getSelector()),
                    "`selector` not auto-generated");
        }
    }

    /** validateJobSpec: the spec's own rules, the template, restartPolicy OnFailure or Never. */
    private static void jobSpec(JobSpec spec, Workload w, Errors errs) {
        BatchValidation.jobSpecHead(spec, w.specPath(), errs);
        PodValidation.template(w.template(), w.templatePath(), errs);
        String policy = ContainerValidation.nullToEmpty(w.template().getSpec().getRestartPolicy());
        FieldPath restartPolicy = w.templatePath().child("spec").child("restartPolicy");
        if (policy.equals("Always") || policy.isEmpty()) {
            // PodSpec defaulting sets Always when none is given, so v1.33 says what is missing
            errs.required(restartPolicy, "valid values: \"OnFailure\", \"Never\"");
        } else if (!policy.equals("OnFailure") && !policy.equals("Never")) {
            errs.notSupported(restartPolicy, policy, List.of("OnFailure", "Never"));
        } else {
            BatchValidation.restartPolicyWithFailurePolicy(spec, w.templatePath(), errs);
        }
    }

    /** ValidateCronJobCreate / ValidateCronJobUpdate's validateCronJobSpec, then the name length on create. */
    private static void cronJob(CronJob cronJob, CronJob old, Workload w, Errors errs) {
        FieldPath specPath = FieldPath.of("spec");
        BatchValidation.cronJobHead(cronJob.getSpec(), old == null ? null : old.getSpec(), specPath, errs);
        JobSpec jobSpec = cronJob.getSpec().getJobTemplate().getSpec();
        jobSpec(jobSpec, w, errs);
        BatchValidation.jobTemplateSelector(jobSpec, w.specPath(), errs);
        BatchValidation.cronJobTail(cronJob.getSpec(), specPath, errs);
        if (old == null) {
            cronJobNameLength(cronJob, errs);
        }
    }

    /** A missing selector selects nothing (LabelSelectorAsSelector(nil) is labels.Nothing()). */
    private static boolean matches(LabelSelector selector, java.util.Map<String, String> labels) {
        return selector != null && dev.peapod.store.LabelSelector.of(selector).matches(labels);
    }

    private static void alwaysRestarts(Workload w, Errors errs) {
        PodSpec spec = w.template().getSpec();
        String policy = ContainerValidation.nullToEmpty(spec.getRestartPolicy());
        FieldPath specPath = w.templatePath().child("spec");
        if (!policy.equals("Always")) {
            errs.notSupported(specPath.child("restartPolicy"), policy, List.of("Always"));
        }
        if (spec.getActiveDeadlineSeconds() != null) {
            errs.forbidden(specPath.child("activeDeadlineSeconds"), "activeDeadlineSeconds in " + w.ownerKind() + " is not Supported");
        }
    }

    /** ValidateCronJobCreate: job names get an 11-character suffix and must stay DNS-1035 labels. */
    private static void cronJobNameLength(CronJob cronJob, Errors errs) {
        String name = ContainerValidation.nullToEmpty(cronJob.getMetadata().getName());
        if (Names.bytes(name) > 52) {
            errs.invalid(FieldPath.of("metadata").child("name"), name, "must be no more than 52 characters");
        }
    }

    private static Optional<Workload> workload(HasMetadata o) {
        FieldPath spec = FieldPath.of("spec");
        if (o instanceof Deployment d) {
            DeploymentSpec s = d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
            d.setSpec(s);
            s.setTemplate(template(s.getTemplate()));
            return Optional.of(new Workload("Deployment.apps", Names.Rule.DNS1123_SUBDOMAIN, "ReplicaSet",
                    s.getTemplate(), s.getSelector(), spec));
        }
        if (o instanceof ReplicaSet r) {
            ReplicaSetSpec s = r.getSpec() == null ? new ReplicaSetSpec() : r.getSpec();
            r.setSpec(s);
            s.setTemplate(template(s.getTemplate()));
            return Optional.of(new Workload("ReplicaSet.apps", Names.Rule.DNS1123_SUBDOMAIN, "ReplicaSet",
                    s.getTemplate(), s.getSelector(), spec));
        }
        if (o instanceof DaemonSet ds) {
            DaemonSetSpec s = ds.getSpec() == null ? new DaemonSetSpec() : ds.getSpec();
            ds.setSpec(s);
            s.setTemplate(template(s.getTemplate()));
            return Optional.of(new Workload("DaemonSet.apps", Names.Rule.DNS1123_SUBDOMAIN, "DaemonSet",
                    s.getTemplate(), s.getSelector(), spec));
        }
        if (o instanceof StatefulSet ss) {
            // StatefulSet names are DNS labels since v1.27 (kubernetes#114172): they become pod hostnames
            StatefulSetSpec s = ss.getSpec() == null ? new StatefulSetSpec() : ss.getSpec();
            ss.setSpec(s);
            s.setTemplate(template(s.getTemplate()));
            return Optional.of(new Workload("StatefulSet.apps", Names.Rule.DNS1123_LABEL, "StatefulSet",
                    s.getTemplate(), s.getSelector(), spec));
        }
        return jobs(o);
    }

    private static Optional<Workload> jobs(HasMetadata o) {
        if (o instanceof Job j) {
            JobSpec s = j.getSpec() == null ? new JobSpec() : j.getSpec();
            j.setSpec(s);
            s.setTemplate(template(s.getTemplate()));
            return Optional.of(new Workload("Job.batch", Names.Rule.DNS1123_SUBDOMAIN, "Job",
                    s.getTemplate(), s.getSelector(), FieldPath.of("spec")));
        }
        if (o instanceof CronJob c) {
            CronJobSpec s = c.getSpec() == null ? new CronJobSpec() : c.getSpec();
            c.setSpec(s);
            JobTemplateSpec jobTemplate = s.getJobTemplate() == null ? new JobTemplateSpec() : s.getJobTemplate();
            s.setJobTemplate(jobTemplate);
            JobSpec jobSpec = jobTemplate.getSpec() == null ? new JobSpec() : jobTemplate.getSpec();
            jobTemplate.setSpec(jobSpec);
            jobSpec.setTemplate(template(jobSpec.getTemplate()));
            return Optional.of(new Workload("CronJob.batch", Names.Rule.DNS1123_SUBDOMAIN, "CronJob",
                    jobSpec.getTemplate(), jobSpec.getSelector(), FieldPath.of("spec").child("jobTemplate").child("spec")));
        }
        return Optional.empty();
    }

    /** Go decodes a missing template as its zero value, which defaulting then fills in. */
    private static PodTemplateSpec template(PodTemplateSpec template) {
        PodTemplateSpec t = template == null ? new PodTemplateSpec() : template;
        if (t.getSpec() == null) {
            t.setSpec(new PodSpec());
        }
        return t;
    }

    private static ObjectMeta templateMeta(PodTemplateSpec template) {
        return template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    }
}
