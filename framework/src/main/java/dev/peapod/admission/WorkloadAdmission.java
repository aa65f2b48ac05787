package dev.peapod.admission;

import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
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
 * Their template gets the pod-spec defaults and the template validation, at the template's path,
 * plus each kind's rules on selector, restartPolicy and activeDeadlineSeconds. The workloads' own
 * defaults (replicas, strategy, history limits, ...) and their other spec fields are not handled.
 */
final class WorkloadAdmission {
    /** How a kind validates its template. */
    private enum Shape {
        /** Deployment and ReplicaSet: ValidatePodTemplateSpecForReplicaSet. */
        REPLICA_SET,
        /** ValidateDaemonSetSpec: no required selector. */
        DAEMON_SET,
        /** ValidateStatefulSetSpec: upstream leaves the template's pod spec unvalidated, and so does Peapod. */
        STATEFUL_SET,
        /** validateJobSpec: the selector is generated, restartPolicy must be OnFailure or Never. */
        JOB
    }

    /** One workload object seen through its pod template. */
    private record Workload(String kind, Names.Rule nameRule, Shape shape, String ownerKind,
                            PodTemplateSpec template, LabelSelector selector, FieldPath specPath) {
        FieldPath templatePath() {
            return specPath.child("template");
        }
    }

    private WorkloadAdmission() {
    }

    /** Defaults and validates a workload; false when the object holds no pod template Peapod knows. */
    static boolean admit(Admission.Operation operation, HasMetadata object) {
        Optional<Workload> found = workload(object);
        if (found.isEmpty()) {
            return false;
        }
        Workload w = found.get();
        PodSpec spec = w.template().getSpec();
        ServiceAccountPlugin.fromDeprecatedField(spec);
        PodDefaults.template(spec);
        ServiceAccountPlugin.toDeprecatedField(spec);
        Errors errs = validate(operation, object, w);
        if (!errs.isEmpty()) {
            throw ApiException.invalid(w.kind(), object.getMetadata().getName(), errs.aggregate());
        }
        return true;
    }

    private static Errors validate(Admission.Operation operation, HasMetadata object, Workload w) {
        Errors errs = new Errors();
        ObjectMeta meta = object.getMetadata();
        if (operation == Admission.Operation.CREATE) {
            MetaValidation.objectMeta(meta, true, w.nameRule(), FieldPath.of("metadata"), errs);
        } else {
            MetaValidation.labels(meta.getLabels(), FieldPath.of("metadata").child("labels"), errs);
            MetaValidation.annotations(meta.getAnnotations(), FieldPath.of("metadata").child("annotations"), errs);
        }
        switch (w.shape()) {
            case REPLICA_SET -> {
                selector(w, true, errs);
                PodValidation.template(w.template(), w.templatePath(), errs);
                alwaysRestarts(w, errs);
            }
            case DAEMON_SET -> {
                selector(w, false, errs);
                PodValidation.template(w.template(), w.templatePath(), errs);
                alwaysRestarts(w, errs);
            }
            case STATEFUL_SET -> {
                selector(w, true, errs);
                ObjectMeta templateMeta = templateMeta(w.template());
                MetaValidation.labels(templateMeta.getLabels(), w.templatePath().child("labels"), errs);
                MetaValidation.annotations(templateMeta.getAnnotations(), w.templatePath().child("annotations"), errs);
                alwaysRestarts(w, errs);
            }
            case JOB -> {
                PodValidation.template(w.template(), w.templatePath(), errs);
                String policy = ContainerValidation.nullToEmpty(w.template().getSpec().getRestartPolicy());
                if (!policy.equals("OnFailure") && !policy.equals("Never")) {
                    errs.notSupported(w.templatePath().child("spec").child("restartPolicy"), policy, List.of("OnFailure", "Never"));
                }
            }
        }
        cronJobNameLength(operation, object, errs);
        return errs;
    }

    /** The selector is required (except for DaemonSets), valid, and must match the template's labels. */
    private static void selector(Workload w, boolean required, Errors errs) {
        FieldPath path = w.specPath().child("selector");
        if (w.selector() == null && required) {
            errs.required(path, "");
        }
        int before = errs.size();
        MetaValidation.labelSelector(w.selector(), path, errs);
        if (errs.size() > before) {
            return; // LabelSelectorAsSelector would fail too, and then the match is not checked
        }
        var labels = templateMeta(w.template()).getLabels();
        if (!matches(w.selector(), labels)) {
            errs.invalid(w.templatePath().child("metadata").child("labels"), GoValue.stringMap(labels),
                    "`selector` does not match template `labels`");
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
    private static void cronJobNameLength(Admission.Operation operation, HasMetadata object, Errors errs) {
        String name = ContainerValidation.nullToEmpty(object.getMetadata().getName());
        if (object instanceof CronJob && operation == Admission.Operation.CREATE && Names.bytes(name) > 52) {
            errs.invalid(FieldPath.of("metadata").child("name"), name, "must be no more than 52 characters");
        }
    }

    private static Optional<Workload> workload(HasMetadata o) {
        FieldPath spec = FieldPath.of("spec");
        if (o instanceof Deployment d) {
            DeploymentSpec s = d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
            d.setSpec(s);
            s.setTemplate(template(s.getTemplate()));
            return Optional.of(new Workload("Deployment.apps", Names.Rule.DNS1123_SUBDOMAIN, Shape.REPLICA_SET, "ReplicaSet",
                    s.getTemplate(), s.getSelector(), spec));
        }
        if (o instanceof ReplicaSet r) {
            ReplicaSetSpec s = r.getSpec() == null ? new ReplicaSetSpec() : r.getSpec();
            r.setSpec(s);
            s.setTemplate(template(s.getTemplate()));
            return Optional.of(new Workload("ReplicaSet.apps", Names.Rule.DNS1123_SUBDOMAIN, Shape.REPLICA_SET, "ReplicaSet",
                    s.getTemplate(), s.getSelector(), spec));
        }
        if (o instanceof DaemonSet ds) {
            DaemonSetSpec s = ds.getSpec() == null ? new DaemonSetSpec() : ds.getSpec();
            ds.setSpec(s);
            s.setTemplate(template(s.getTemplate()));
            return Optional.of(new Workload("DaemonSet.apps", Names.Rule.DNS1123_SUBDOMAIN, Shape.DAEMON_SET, "DaemonSet",
                    s.getTemplate(), s.getSelector(), spec));
        }
        if (o instanceof StatefulSet ss) {
            // StatefulSet names are DNS labels since v1.27 (kubernetes#114172): they become pod hostnames
            StatefulSetSpec s = ss.getSpec() == null ? new StatefulSetSpec() : ss.getSpec();
            ss.setSpec(s);
            s.setTemplate(template(s.getTemplate()));
            return Optional.of(new Workload("StatefulSet.apps", Names.Rule.DNS1123_LABEL, Shape.STATEFUL_SET, "StatefulSet",
                    s.getTemplate(), s.getSelector(), spec));
        }
        return jobs(o);
    }

    private static Optional<Workload> jobs(HasMetadata o) {
        if (o instanceof Job j) {
            JobSpec s = j.getSpec() == null ? new JobSpec() : j.getSpec();
            j.setSpec(s);
            s.setTemplate(template(s.getTemplate()));
            return Optional.of(new Workload("Job.batch", Names.Rule.DNS1123_SUBDOMAIN, Shape.JOB, "Job",
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
            return Optional.of(new Workload("CronJob.batch", Names.Rule.DNS1123_SUBDOMAIN, Shape.JOB, "CronJob",
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
