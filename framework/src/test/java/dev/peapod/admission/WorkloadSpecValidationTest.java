package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import org.junit.jupiter.api.Test;

import static dev.peapod.admission.Manifests.app;
import static dev.peapod.admission.Manifests.created;
import static dev.peapod.admission.Manifests.rejection;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workloads' own spec fields, defaulted and validated as v1.33 does
 * (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go, pkg/apis/apps/validation/validation.go,
 * pkg/apis/batch/validation/validation.go).
 */
class WorkloadSpecValidationTest {

    // Deployment

    @Test
    void deploymentWithNegativeReplicasIsRejected() {
        // given
        Deployment deployment = deployment();
        deployment.getSpec().setReplicas(-1);
        // when / then
        assertThat(rejection(deployment)).isEqualTo("Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: "
                + "must be greater than or equal to 0");
    }

    @Test
    void deploymentGetsTheApiServersDefaults() {
        // when
        Deployment deployment = created(deployment());
        // then
        var spec = deployment.getSpec();
        assertThat(spec.getReplicas()).isEqualTo(1);
        assertThat(spec.getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(spec.getStrategy().getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString("25%"));
        assertThat(spec.getStrategy().getRollingUpdate().getMaxUnavailable()).isEqualTo(new IntOrString("25%"));
        assertThat(spec.getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(spec.getProgressDeadlineSeconds()).isEqualTo(600);
    }

    @Test
    void deploymentMayNotHaveBothMaxSurgeAndMaxUnavailableZero() {
        // given
        Deployment deployment = deployment();
        deployment.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(0))
                .withMaxUnavailable(new IntOrString("0%")).endRollingUpdate().build());
        // when / then
        assertThat(rejection(deployment)).isEqualTo("Deployment.apps \"web\" is invalid: "
                + "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: "
                + "may not be 0 when `maxSurge` is 0");
    }

    @Test
    void deploymentMaxUnavailableMustBeANumberOrAPercentUpTo100() {
        // given
        Deployment bad = deployment();
        bad.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withNewRollingUpdate().withMaxUnavailable(new IntOrString("half")).withMaxSurge(new IntOrString(-1))
                .endRollingUpdate().build());
        Deployment tooMuch = deployment();
        tooMuch.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withNewRollingUpdate().withMaxUnavailable(new IntOrString("150%")).endRollingUpdate().build());
        // when / then
        assertThat(rejection(bad)).isEqualTo("Deployment.apps \"web\" is invalid: ["
                + "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"half\"}: "
                + "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', "
                + "regex used for validation is '[0-9]+%'), "
                + "spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0]");
        assertThat(rejection(tooMuch)).isEqualTo("Deployment.apps \"web\" is invalid: "
                + "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: "
                + "must not be greater than 100%");
        // strconv.Atoi's range error is ignored and its value the largest int: far more than 100% (review)
        Deployment overflowing = deployment();
        overflowing.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withNewRollingUpdate().withMaxUnavailable(new IntOrString("99999999999%")).endRollingUpdate().build());
        assertThat(rejection(overflowing)).isEqualTo("Deployment.apps \"web\" is invalid: "
                + "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"99999999999%\"}: "
                + "must not be greater than 100%");
    }

    @Test
    void deploymentStrategyTypeAndRecreateRules() {
        // given
        Deployment unknown = deployment();
        unknown.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withType("BlueGreen").build());
        Deployment recreate = deployment();
        recreate.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withType("Recreate").withNewRollingUpdate().withMaxSurge(new IntOrString(1)).endRollingUpdate().build());
        // when / then
        assertThat(rejection(unknown)).isEqualTo("Deployment.apps \"web\" is invalid: spec.strategy: Unsupported value: "
                + "apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: "
                + "supported values: \"Recreate\", \"RollingUpdate\"");
        assertThat(rejection(recreate)).isEqualTo("Deployment.apps \"web\" is invalid: spec.strategy.rollingUpdate: "
                + "Forbidden: may not be specified when strategy `type` is 'Recreate'");
    }

    @Test
    void minReadySecondsMustStayBelowTheDefaultedProgressDeadline() {
        // given
        Deployment deployment = deployment();
        deployment.getSpec().setMinReadySeconds(600);
        // when / then
        assertThat(rejection(deployment)).isEqualTo("Deployment.apps \"web\" is invalid: spec.progressDeadlineSeconds: "
                + "Invalid value: 600: must be greater than minReadySeconds");
    }

    @Test
    void deploymentHistoryLimitAndMinReadySecondsAreNonNegative() {
        // given
        Deployment deployment = deployment();
        deployment.getSpec().setRevisionHistoryLimit(-1);
        deployment.getSpec().setMinReadySeconds(-5);
        // when / then
        assertThat(rejection(deployment)).isEqualTo("Deployment.apps \"web\" is invalid: ["
                + "spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0, "
                + "spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0]");
    }

    @Test
    void deploymentSelectorMayNotBeEmpty() {
        // given
        Deployment deployment = deployment();
        deployment.getSpec().setSelector(new LabelSelector());
        // when / then: an empty selector selects everything, so the template is not checked against it
        assertThat(rejection(deployment)).isEqualTo("Deployment.apps \"web\" is invalid: spec.selector: Invalid value: "
                + "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: "
                + "empty selector is invalid for deployment");
    }

    @Test
    void anUnparsableSelectorSkipsTheTemplateAndSaysSo() {
        // given
        Deployment deployment = deployment();
        deployment.getSpec().getSelector().getMatchLabels().put("app", "web!");
        // when / then
        assertThat(rejection(deployment)).isEqualTo("Deployment.apps \"web\" is invalid: ["
                + "spec.selector.matchLabels: Invalid value: \"web!\": a valid label must be an empty string or consist of "
                + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                + "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'), "
                + "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web!\"}, "
                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: invalid label selector]");
    }

    // ReplicaSet

    @Test
    void replicaSetRulesUseUpstreamsWords() {
        // given
        ReplicaSet set = new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(-2).withMinReadySeconds(-1).withSelector(new LabelSelector())
                .withTemplate(template("web")).endSpec().build();
        // when / then: upstream's ReplicaSet message says "deployment"
        assertThat(rejection(set)).isEqualTo("ReplicaSet.apps \"web\" is invalid: ["
                + "spec.replicas: Invalid value: -2: must be greater than or equal to 0, "
                + "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0, "
                + "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment]");
    }

    // DaemonSet

    @Test
    void daemonSetGetsItsDefaultsAndRefusesSurgeWithUnavailable() {
        // given
        DaemonSet valid = daemonSet();
        DaemonSet surging = daemonSet();
        surging.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategyBuilder()
                .withNewRollingUpdate().withMaxSurge(new IntOrString(1)).endRollingUpdate().build());
        // when
        created(valid);
        // then
        assertThat(valid.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(valid.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(valid.getSpec().getUpdateStrategy().getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString(0));
        assertThat(valid.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(rejection(surging)).isEqualTo("DaemonSet.apps \"agent\" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: "
                + "Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero");
    }

    @Test
    void daemonSetNeedsSomeoneUnavailableOrSurging() {
        // given
        DaemonSet set = daemonSet();
        set.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategyBuilder()
                .withNewRollingUpdate().withMaxUnavailable(new IntOrString(0)).endRollingUpdate().build());
        // when / then
        assertThat(rejection(set)).isEqualTo("DaemonSet.apps \"agent\" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: "
                + "Required value: cannot be 0 when maxSurge is 0");
    }

    @Test
    void daemonSetUpdateStrategyTypeIsReportedWithTheWholeStrategy() {
        // given
        DaemonSet set = daemonSet();
        set.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategyBuilder()
                .withType("Surge").build());
        // when / then
        assertThat(rejection(set)).isEqualTo("DaemonSet.apps \"agent\" is invalid: spec.updateStrategy: Unsupported value: "
                + "apps.DaemonSetUpdateStrategy{Type:\"Surge\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: "
                + "supported values: \"RollingUpdate\", \"OnDelete\"");
    }

    // StatefulSet

    @Test
    void statefulSetGetsItsDefaults() {
        // when
        StatefulSet set = created(statefulSet());
        // then
        var spec = set.getSpec();
        assertThat(spec.getPodManagementPolicy()).isEqualTo("OrderedReady");
        assertThat(spec.getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(spec.getUpdateStrategy().getRollingUpdate().getPartition()).isZero();
        assertThat(spec.getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(spec.getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
        assertThat(spec.getReplicas()).isEqualTo(1);
        assertThat(spec.getRevisionHistoryLimit()).isEqualTo(10);
    }

    @Test
    void statefulSetSpecFieldsAreValidatedInUpstreamsOrder() {
        // given
        StatefulSet set = statefulSet();
        set.getSpec().setPodManagementPolicy("Random");
        set.getSpec().setReplicas(-1);
        set.getSpec().setOrdinals(new io.fabric8.kubernetes.api.model.apps.StatefulSetOrdinals(-3));
        set.getSpec().setPersistentVolumeClaimRetentionPolicy(
                new io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy("Keep", null));
        set.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder()
                .withType("RollingUpdate").withNewRollingUpdate().withPartition(-1).endRollingUpdate().build());
        // when / then
        assertThat(rejection(set)).isEqualTo("StatefulSet.apps \"db\" is invalid: ["
                + "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel', "
                + "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0, "
                + "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: "
                + "\"Retain\", \"Delete\", "
                + "spec.replicas: Invalid value: -1: must be greater than or equal to 0, "
                + "spec.ordinals.start: Invalid value: -3: must be greater than or equal to 0]");
    }

    // Job

    @Test
    void jobGetsItsDefaults() {
        // when
        Job job = created(job());
        // then
        var spec = job.getSpec();
        assertThat(spec.getCompletions()).isEqualTo(1);
        assertThat(spec.getParallelism()).isEqualTo(1);
        assertThat(spec.getBackoffLimit()).isEqualTo(6);
        assertThat(spec.getCompletionMode()).isEqualTo("NonIndexed");
        assertThat(spec.getSuspend()).isFalse();
        assertThat(spec.getPodReplacementPolicy()).isEqualTo("TerminatingOrFailed");
        assertThat(spec.getManualSelector()).isFalse();
        assertThat(job.getMetadata().getLabels()).containsEntry("app", "pi");
    }

    @Test
    void jobCountsAndLimitsAreNonNegative() {
        // given
        Job job = job();
        job.getSpec().setParallelism(-1);
        job.getSpec().setCompletions(-2);
        job.getSpec().setActiveDeadlineSeconds(-3L);
        job.getSpec().setBackoffLimit(-4);
        job.getSpec().setTtlSecondsAfterFinished(-5);
        // when / then
        assertThat(rejection(job)).isEqualTo("Job.batch \"pi\" is invalid: ["
                + "spec.parallelism: Invalid value: -1: must be greater than or equal to 0, "
                + "spec.completions: Invalid value: -2: must be greater than or equal to 0, "
                + "spec.activeDeadlineSeconds: Invalid value: -3: must be greater than or equal to 0, "
                + "spec.backoffLimit: Invalid value: -4: must be greater than or equal to 0, "
                + "spec.ttlSecondsAfterFinished: Invalid value: -5: must be greater than or equal to 0]");
    }

    @Test
    void perIndexBackoffNeedsAnIndexedJob() {
        // given
        Job job = job();
        job.getSpec().setBackoffLimitPerIndex(1);
        job.getSpec().setMaxFailedIndexes(2);
        // when / then
        assertThat(rejection(job)).isEqualTo("Job.batch \"pi\" is invalid: ["
                + "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode, "
                + "spec.maxFailedIndexes: Invalid value: 2: requires indexed completion mode]");
    }

    @Test
    void indexedJobNeedsCompletionsAndAHostnameThatFits() {
        // given
        Job noCompletions = job();
        noCompletions.getSpec().setCompletionMode("Indexed");
        noCompletions.getSpec().setParallelism(2);
        Job longName = job();
        longName.getMetadata().setName("a".repeat(62));
        longName.getSpec().setCompletionMode("Indexed");
        longName.getSpec().setCompletions(10);
        // when / then
        assertThat(rejection(noCompletions)).isEqualTo("Job.batch \"pi\" is invalid: spec.completions: "
                + "Required value: when completion mode is Indexed");
        assertThat(rejection(longName)).isEqualTo("Job.batch \"" + "a".repeat(62) + "\" is invalid: metadata.name: "
                + "Invalid value: \"" + "a".repeat(62) + "\": will not able to create pod with invalid DNS label: "
                + "a".repeat(62) + "-9");
    }

    @Test
    void podFailurePolicyNeedsRestartPolicyNeverAndKnownActions() {
        // given
        Job job = job();
        job.getSpec().getTemplate().getSpec().setRestartPolicy("OnFailure");
        job.getSpec().setPodFailurePolicy(new PodFailurePolicyBuilder().addNewRule().withAction("Explode")
                .withNewOnExitCodes().withOperator("In").withValues(3, 0, 3).endOnExitCodes().endRule().build());
        // when / then
        assertThat(rejection(job)).isEqualTo("Job.batch \"pi\" is invalid: ["
                + "spec.podFailurePolicy.rules[0].action: Unsupported value: \"Explode\": supported values: "
                + "\"Count\", \"FailIndex\", \"FailJob\", \"Ignore\", "
                + "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator, "
                + "spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3, "
                + "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 0, 3}: must be ordered, "
                + "spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when "
                + "podFailurePolicy is specified]");
    }

    @Test
    void jobRestartPolicyOtherThanOnFailureOrNeverIsUnsupported() {
        // given
        Job job = job();
        job.getSpec().getTemplate().getSpec().setRestartPolicy("Sometimes");
        // when / then: ValidatePodTemplateSpec refuses it first, then validateJobSpec
        assertThat(rejection(job)).isEqualTo("Job.batch \"pi\" is invalid: ["
                + "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\", "
                + "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"OnFailure\", \"Never\"]");
    }

    @Test
    void successPolicyNeedsAnIndexedJobAndWellFormedIndexes() {
        // given
        Job job = job();
        job.getSpec().setCompletionMode("Indexed");
        job.getSpec().setCompletions(5);
        job.getSpec().setSuccessPolicy(new io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyBuilder()
                .addNewRule().withSucceededIndexes("0,2-1").endRule()
                .addNewRule().withSucceededIndexes("1-3").withSucceededCount(4).endRule()
                .addNewRule().endRule().build());
        // when / then
        assertThat(rejection(job)).isEqualTo("Job.batch \"pi\" is invalid: ["
                + "spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"0,2-1\": error parsing succeededIndexes: "
                + "non-increasing order, previous: 2, current: 1, "
                + "spec.successPolicy.rules[1].succeededCount: Invalid value: 4: must be less than or equal to 3 "
                + "(the number of indexes in the specified succeededIndexes field), "
                + "spec.successPolicy.rules[2]: Required value: at least one of succeededCount or succeededIndexes must be specified]");
    }

    @Test
    void aJobSelectorNeedsManualSelector() {
        // given
        Job job = job();
        job.getSpec().setSelector(new LabelSelector(null, java.util.Map.of("app", "pi")));
        Job manual = job();
        manual.getSpec().setSelector(new LabelSelector(null, java.util.Map.of("app", "pi")));
        manual.getSpec().setManualSelector(true);
        Job byName = job();
        byName.getSpec().setSelector(new LabelSelector(null, java.util.Map.of("batch.kubernetes.io/job-name", "pi")));
        // when / then
        assertThat(rejection(job)).isEqualTo("Job.batch \"pi\" is invalid: spec.selector: Invalid value: "
                + "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"pi\"}, "
                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated");
        assertThat(created(manual).getSpec().getSelector().getMatchLabels()).containsEntry("app", "pi");
        assertThat(created(byName).getSpec().getManualSelector()).isFalse();
    }

    @Test
    void podFailurePolicyRulesNameWhatIsMissing() {
        // given: a rule without action or operator, and a FailIndex rule without backoffLimitPerIndex
        Job job = job();
        job.getSpec().setPodFailurePolicy(new PodFailurePolicyBuilder()
                .addNewRule().withNewOnExitCodes().withValues(1).endOnExitCodes().endRule()
                .addNewRule().withAction("FailIndex").addNewOnPodCondition().withType("DisruptionTarget").endOnPodCondition()
                .endRule().build());
        // when / then: SetDefaults_Job gives the pattern status True; FailIndex needs backoffLimitPerIndex
        assertThat(rejection(job)).isEqualTo("Job.batch \"pi\" is invalid: ["
                + "spec.podFailurePolicy.rules[0].action: Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"], "
                + "spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: [\"In\" \"NotIn\"], "
                + "spec.podFailurePolicy.rules[1].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set]");
        assertThat(job.getSpec().getPodFailurePolicy().getRules().get(1).getOnPodConditions().get(0).getStatus()).isEqualTo("True");
    }

    @Test
    void aPodFailurePolicyRuleNeedsExactlyOneOfExitCodesAndPodConditions() {
        // given: a rule with neither, a rule with both
        Job job = job();
        job.getSpec().setPodFailurePolicy(new PodFailurePolicyBuilder()
                .addNewRule().withAction("FailJob").endRule()
                .addNewRule().withAction("Ignore").withNewOnExitCodes().withOperator("In").withValues(1).endOnExitCodes()
                .addNewOnPodCondition().withType("DisruptionTarget").withStatus("True").endOnPodCondition().endRule()
                .build());
        // when / then: field.OmitValueType{} prints no value (validatePodFailurePolicyRule)
        assertThat(rejection(job)).isEqualTo("Job.batch \"pi\" is invalid: ["
                + "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required, "
                + "spec.podFailurePolicy.rules[1]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported]");
    }

    @Test
    void tooManyPodFailurePolicyRulesPrintsTheCount() {
        // given: 21 rules, the limit is 20
        Job job = job();
        PodFailurePolicyBuilder policy = new PodFailurePolicyBuilder();
        for (int i = 0; i < 21; i++) {
            policy.addNewRule().withAction("Ignore").withNewOnExitCodes().withOperator("In").withValues(i + 1).endOnExitCodes()
                    .endRule();
        }
        job.getSpec().setPodFailurePolicy(policy.build());
        // when / then: field.TooMany shows the count
        assertThat(rejection(job)).isEqualTo("Job.batch \"pi\" is invalid: spec.podFailurePolicy.rules: "
                + "Too many: 21: must have at most 20 items");
    }

    @Test
    void managedByIsADomainPrefixedPathOfAtMost63Characters() {
        // given
        Job notPrefixed = job();
        notPrefixed.getSpec().setManagedBy("kueue");
        Job badHost = job();
        badHost.getSpec().setManagedBy("Kueue.io/x y");
        Job tooLong = job();
        tooLong.getSpec().setManagedBy("kueue.x-k8s.io/" + "a".repeat(49));
        Job fine = job();
        fine.getSpec().setManagedBy("kueue.x-k8s.io/multikueue");
        // when / then: validateJobSpec, after maxFailedIndexes and before completionMode
        assertThat(rejection(notPrefixed)).isEqualTo("Job.batch \"pi\" is invalid: spec.managedBy: Invalid value: \"kueue\": "
                + "must be a domain-prefixed path (such as \"acme.io/foo\")");
        assertThat(rejection(badHost)).isEqualTo("Job.batch \"pi\" is invalid: ["
                + "spec.managedBy: Invalid value: \"Kueue.io\": a lowercase RFC 1123 subdomain must consist of lower case "
                + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
                + "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'), "
                + "spec.managedBy: Invalid value: \"x y\": Invalid path (regex used for validation is "
                + "'[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')]");
        assertThat(rejection(tooLong)).isEqualTo("Job.batch \"pi\" is invalid: spec.managedBy: Too long: may not be longer than 63");
        assertThat(created(fine).getSpec().getManagedBy()).isEqualTo("kueue.x-k8s.io/multikueue");
    }

    // CronJob

    @Test
    void cronJobGetsItsDefaults() {
        // when
        CronJob cronJob = created(cronJob("0 3 * * *"));
        // then
        var spec = cronJob.getSpec();
        assertThat(spec.getConcurrencyPolicy()).isEqualTo("Allow");
        assertThat(spec.getSuspend()).isFalse();
        assertThat(spec.getSuccessfulJobsHistoryLimit()).isEqualTo(3);
        assertThat(spec.getFailedJobsHistoryLimit()).isEqualTo(1);
    }

    @Test
    void cronJobScheduleIsParsedAsRobfigCronDoes() {
        assertThat(rejection(cronJob("0 3 * *"))).isEqualTo("CronJob.batch \"nightly\" is invalid: spec.schedule: "
                + "Invalid value: \"0 3 * *\": expected exactly 5 fields, found 4: [0 3 * *]");
        assertThat(rejection(cronJob("61 * * * *"))).isEqualTo("CronJob.batch \"nightly\" is invalid: spec.schedule: "
                + "Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61");
        assertThat(rejection(cronJob("@fortnightly"))).isEqualTo("CronJob.batch \"nightly\" is invalid: spec.schedule: "
                + "Invalid value: \"@fortnightly\": unrecognized descriptor: @fortnightly");
    }

    @Test
    void cronJobScheduleMayNotCarryATimeZone() {
        assertThat(rejection(cronJob("TZ=Europe/Paris 0 3 * * *"))).isEqualTo("CronJob.batch \"nightly\" is invalid: "
                + "spec.schedule: Invalid value: \"TZ=Europe/Paris 0 3 * * *\": cannot use TZ or CRON_TZ in schedule, "
                + "use timeZone field instead");
    }

    @Test
    void cronJobTimeZoneConcurrencyAndHistoryAreValidated() {
        // given
        CronJob cronJob = cronJob("0 3 * * *");
        cronJob.getSpec().setTimeZone("Mars/Olympus_Mons");
        cronJob.getSpec().setConcurrencyPolicy("Sometimes");
        cronJob.getSpec().setStartingDeadlineSeconds(-1L);
        cronJob.getSpec().setSuccessfulJobsHistoryLimit(-1);
        cronJob.getSpec().getJobTemplate().getSpec().setSelector(new LabelSelector(null, java.util.Map.of("app", "x")));
        // when / then
        assertThat(rejection(cronJob)).isEqualTo("CronJob.batch \"nightly\" is invalid: ["
                + "spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0, "
                + "spec.timeZone: Invalid value: \"Mars/Olympus_Mons\": unknown time zone Mars/Olympus_Mons, "
                + "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\", "
                + "spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"x\"}, "
                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated, "
                + "spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0]");
    }

    @Test
    void cronJobAcceptsAKnownTimeZone() {
        // given
        CronJob cronJob = cronJob("0 3 * * *");
        cronJob.getSpec().setTimeZone("Europe/Paris");
        // when / then
        assertThat(created(cronJob).getSpec().getTimeZone()).isEqualTo("Europe/Paris");
    }

    static Deployment deployment() {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withTemplate(template("web")).endSpec().build();
    }

    static DaemonSet daemonSet() {
        return new DaemonSetBuilder().withNewMetadata().withName("agent").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "agent").endSelector()
                .withTemplate(template("agent")).endSpec().build();
    }

    static StatefulSet statefulSet() {
        return new StatefulSetBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
                .withNewSpec().withServiceName("db").withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withTemplate(template("db")).endSpec().build();
    }

    static Job job() {
        PodTemplateSpec template = template("pi");
        template.getSpec().setRestartPolicy("Never");
        return new JobBuilder().withNewMetadata().withName("pi").withNamespace("default").endMetadata()
                .withNewSpec().withTemplate(template).endSpec().build();
    }

    static CronJob cronJob(String schedule) {
        PodTemplateSpec template = template("nightly");
        template.getSpec().setRestartPolicy("OnFailure");
        return new CronJobBuilder().withNewMetadata().withName("nightly").withNamespace("default").endMetadata()
                .withNewSpec().withSchedule(schedule).withNewJobTemplate().withNewSpec().withTemplate(template)
                .endSpec().endJobTemplate().endSpec().build();
    }

    static PodTemplateSpec template(String app) {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", app).endMetadata()
                .withNewSpec().withContainers(app()).endSpec().build();
    }
}
