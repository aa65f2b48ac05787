package dev.peapod.admission;

import dev.peapod.store.FieldError;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;

import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The spec rules of Job and CronJob besides the pod template, in upstream's order
 * (pkg/apis/batch/validation/validation.go, v1.33: validateJobSpec, validatePodFailurePolicy,
 * validateSuccessPolicy, validatePodReplacementPolicy, validateCronJobSpec, validateTimeZone), checked
 * against a recent copy of that file (with managedBy and successPolicy, v1.30 or later). managedBy is
 * checked as IsDomainPrefixedPath (k8s.io/apimachinery/pkg/util/validation/validation.go) and
 * maxManagedByLength.
 */
final class BatchValidation {
    /** maxParallelismForIndexedJob, maxFailedIndexesForIndexedJob and completionsSoftLimit. */
    private static final int INDEXED_LIMIT = 100_000;
    /** parallelismLimitForHighCompletions and maxFailedIndexesLimitForHighCompletions. */
    private static final int HIGH_COMPLETIONS_LIMIT = 10_000;
    private static final int MAX_POD_FAILURE_POLICY_RULES = 20;
    private static final int MAX_EXIT_CODES = 255;
    private static final int MAX_POD_CONDITIONS = 20;
    private static final int MAX_SUCCESS_POLICY_RULES = 20;
    /** maxManagedByLength. */
    private static final int MAX_MANAGED_BY_LENGTH = 63;
    /** httpPathFmt of IsDomainPrefixedPath: RFC 3986's HTTP path characters. */
    private static final String HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
    private static final Pattern HTTP_PATH = Pattern.compile(HTTP_PATH_FMT);
    /** maxJobSuccessPolicySucceededIndexesLimit. */
    private static final int MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;
    private static final Pattern TIME_ZONE_PART = Pattern.compile("[A-Za-z.\\-_0-9+]{1,14}");

    private BatchValidation() {
    }

    /** validateJobSpec up to the template: counts, limits, completion mode, failure and success policies. */
    static void jobSpecHead(JobSpec spec, FieldPath path, Errors errs) {
        AppsValidation.nonNegative(spec.getParallelism(), path.child("parallelism"), errs);
        AppsValidation.nonNegative(spec.getCompletions(), path.child("completions"), errs);
        if (spec.getActiveDeadlineSeconds() != null && spec.getActiveDeadlineSeconds() < 0) {
            errs.invalid(path.child("activeDeadlineSeconds"), spec.getActiveDeadlineSeconds(), ProbeValidation.NEGATIVE);
        }
        AppsValidation.nonNegative(spec.getBackoffLimit(), path.child("backoffLimit"), errs);
        AppsValidation.nonNegative(spec.getTtlSecondsAfterFinished(), path.child("ttlSecondsAfterFinished"), errs);
        AppsValidation.nonNegative(spec.getBackoffLimitPerIndex(), path.child("backoffLimitPerIndex"), errs);
        if (spec.getMaxFailedIndexes() != null) {
            AppsValidation.nonNegative(spec.getMaxFailedIndexes(), path.child("maxFailedIndexes"), errs);
            if (spec.getBackoffLimitPerIndex() == null) {
                errs.required(path.child("backoffLimitPerIndex"), "when maxFailedIndexes is specified");
            }
        }
        if (spec.getManagedBy() != null) {
            managedBy(spec.getManagedBy(), path.child("managedBy"), errs);
        }
        completionMode(spec, path, errs);
        if (spec.getPodFailurePolicy() != null) {
            podFailurePolicy(spec, path.child("podFailurePolicy"), errs);
        }
        if (spec.getSuccessPolicy() != null) {
            if (!"Indexed".equals(spec.getCompletionMode())) {
                errs.invalid(path.child("successPolicy"), new GoValue("batch.SuccessPolicy{...}"), "requires indexed completion mode");
            } else {
                successPolicy(spec, path.child("successPolicy"), errs);
            }
        }
        podReplacementPolicy(spec, path.child("podReplacementPolicy"), errs);
    }

    /** IsDomainPrefixedPath, then field.TooLongMaxLength ({@code Too long: may not be longer than 63}). */
    private static void managedBy(String managedBy, FieldPath path, Errors errs) {
        domainPrefixedPath(managedBy, path, errs);
        if (Names.bytes(managedBy) > MAX_MANAGED_BY_LENGTH) {
            errs.add(new FieldError(path.value(), FieldError.Type.TOO_LONG, null,
                    "may not be longer than " + MAX_MANAGED_BY_LENGTH));
        }
    }

    /** IsDomainPrefixedPath (k8s.io/apimachinery/pkg/util/validation/validation.go). */
    private static void domainPrefixedPath(String value, FieldPath path, Errors errs) {
        if (value.isEmpty()) {
            errs.required(path, "");
            return;
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            errs.invalid(path, value, "must be a domain-prefixed path (such as \"acme.io/foo\")");
            return;
        }
        String host = value.substring(0, slash);
        errs.invalidEach(path, host, Names.dns1123Subdomain(host));
        String rest = value.substring(slash + 1);
        if (!HTTP_PATH.matcher(rest).matches()) {
            errs.invalid(path, rest, Names.regexError("Invalid path", HTTP_PATH_FMT));
        }
    }

    private static void completionMode(JobSpec spec, FieldPath path, Errors errs) {
        String mode = spec.getCompletionMode();
        if (mode != null) {
            if (!mode.equals("NonIndexed") && !mode.equals("Indexed")) {
                errs.notSupported(path.child("completionMode"), mode, List.of("NonIndexed", "Indexed"));
            }
            if (mode.equals("Indexed")) {
                if (spec.getCompletions() == null) {
                    errs.required(path.child("completions"), "when completion mode is Indexed");
                }
                if (spec.getParallelism() != null && spec.getParallelism() > INDEXED_LIMIT) {
                    errs.invalid(path.child("parallelism"), spec.getParallelism(),
                            "must be less than or equal to " + INDEXED_LIMIT + " when completion mode is Indexed");
                }
                Integer maxFailed = spec.getMaxFailedIndexes();
                if (spec.getCompletions() != null && maxFailed != null && maxFailed > spec.getCompletions()) {
                    errs.invalid(path.child("maxFailedIndexes"), maxFailed, "must be less than or equal to completions");
                }
                if (maxFailed != null && maxFailed > INDEXED_LIMIT) {
                    errs.invalid(path.child("maxFailedIndexes"), maxFailed, "must be less than or equal to " + INDEXED_LIMIT);
                }
                highCompletions(spec, path, errs);
            }
        }
        if (mode == null || mode.equals("NonIndexed")) {
            if (spec.getBackoffLimitPerIndex() != null) {
                errs.invalid(path.child("backoffLimitPerIndex"), spec.getBackoffLimitPerIndex(), "requires indexed completion mode");
            }
            if (spec.getMaxFailedIndexes() != null) {
                errs.invalid(path.child("maxFailedIndexes"), spec.getMaxFailedIndexes(), "requires indexed completion mode");
            }
        }
    }

    /** Above completionsSoftLimit, a per-index backoff needs maxFailedIndexes and lower limits. */
    private static void highCompletions(JobSpec spec, FieldPath path, Errors errs) {
        if (spec.getCompletions() == null || spec.getCompletions() <= INDEXED_LIMIT || spec.getBackoffLimitPerIndex() == null) {
            return;
        }
        Integer maxFailed = spec.getMaxFailedIndexes();
        String withBackoff = " when completions are above " + INDEXED_LIMIT + " and used with backoff limit per index";
        if (maxFailed == null) {
            errs.required(path.child("maxFailedIndexes"), "must be specified when completions is above " + INDEXED_LIMIT);
        }
        if (spec.getParallelism() != null && spec.getParallelism() > HIGH_COMPLETIONS_LIMIT) {
            errs.invalid(path.child("parallelism"), spec.getParallelism(),
                    "must be less than or equal to " + HIGH_COMPLETIONS_LIMIT + withBackoff);
        }
        if (maxFailed != null && maxFailed > HIGH_COMPLETIONS_LIMIT) {
            errs.invalid(path.child("maxFailedIndexes"), maxFailed, "must be less than or equal to " + HIGH_COMPLETIONS_LIMIT
                    + withBackoff);
        }
    }

    private static void podFailurePolicy(JobSpec spec, FieldPath path, Errors errs) {
        List<PodFailurePolicyRule> rules = spec.getPodFailurePolicy().getRules() == null ? List.of()
                : spec.getPodFailurePolicy().getRules();
        FieldPath rulesPath = path.child("rules");
        if (rules.size() > MAX_POD_FAILURE_POLICY_RULES) {
            errs.tooMany(rulesPath, rules.size(), MAX_POD_FAILURE_POLICY_RULES);
        }
        Set<String> containers = new HashSet<>();
        var podSpec = spec.getTemplate().getSpec();
        if (podSpec.getContainers() != null) {
            podSpec.getContainers().forEach(c -> containers.add(c == null ? "" : c.getName()));
        }
        if (podSpec.getInitContainers() != null) {
            podSpec.getInitContainers().forEach(c -> containers.add(c == null ? "" : c.getName()));
        }
        for (int i = 0; i < rules.size(); i++) {
            PodFailurePolicyRule rule = rules.get(i) == null ? new PodFailurePolicyRule() : rules.get(i);
            podFailurePolicyRule(spec, rule, rulesPath.index(i), containers, errs);
        }
    }

    private static void podFailurePolicyRule(JobSpec spec, PodFailurePolicyRule rule, FieldPath path, Set<String> containers,
                                             Errors errs) {
        String action = WorkloadValues.nullToEmpty(rule.getAction());
        FieldPath actionPath = path.child("action");
        if (action.isEmpty()) {
            // Go's %q of a []string
            errs.required(actionPath, "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]");
        } else if (action.equals("FailIndex")) {
            if (spec.getBackoffLimitPerIndex() == null) {
                errs.invalid(actionPath, action, "requires the backoffLimitPerIndex to be set");
            }
        } else if (!List.of("Count", "FailJob", "Ignore").contains(action)) {
            errs.notSupported(actionPath, action, List.of("Count", "FailIndex", "FailJob", "Ignore"));
        }
        if (rule.getOnExitCodes() != null) {
            onExitCodes(rule.getOnExitCodes(), path.child("onExitCodes"), containers, errs);
        }
        List<PodFailurePolicyOnPodConditionsPattern> conditions = rule.getOnPodConditions() == null ? List.of()
                : rule.getOnPodConditions();
        if (!conditions.isEmpty()) {
            onPodConditions(conditions, path.child("onPodConditions"), errs);
        }
        // Both carry field.OmitValueType{}: the message shows no value (validatePodFailurePolicyRule).
        if (rule.getOnExitCodes() != null && !conditions.isEmpty()) {
            errs.invalidOmittingValue(path, "specifying both OnExitCodes and OnPodConditions is not supported");
        }
        if (rule.getOnExitCodes() == null && conditions.isEmpty()) {
            errs.invalidOmittingValue(path, "specifying one of OnExitCodes and OnPodConditions is required");
        }
    }

    private static void onExitCodes(PodFailurePolicyOnExitCodesRequirement onExitCodes, FieldPath path, Set<String> containers,
                                    Errors errs) {
        String operator = WorkloadValues.nullToEmpty(onExitCodes.getOperator());
        if (operator.isEmpty()) {
            errs.required(path.child("operator"), "valid values: [\"In\" \"NotIn\"]");
        } else if (!operator.equals("In") && !operator.equals("NotIn")) {
            errs.notSupported(path.child("operator"), operator, List.of("In", "NotIn"));
        }
        if (onExitCodes.getContainerName() != null && !containers.contains(onExitCodes.getContainerName())) {
            errs.invalid(path.child("containerName"), onExitCodes.getContainerName(),
                    "must be one of the container or initContainer names in the pod template");
        }
        List<Integer> values = onExitCodes.getValues() == null ? List.of() : onExitCodes.getValues();
        FieldPath valuesPath = path.child("values");
        if (values.isEmpty()) {
            errs.invalid(valuesPath, WorkloadValues.int32s(values), "at least one value is required");
        } else if (values.size() > MAX_EXIT_CODES) {
            errs.tooMany(valuesPath, values.size(), MAX_EXIT_CODES);
        }
        boolean ordered = true;
        Set<Integer> unique = new HashSet<>();
        for (int j = 0; j < values.size(); j++) {
            int value = values.get(j) == null ? 0 : values.get(j);
            if (operator.equals("In") && value == 0) {
                errs.invalid(valuesPath.index(j), value, "must not be 0 for the In operator");
            }
            if (!unique.add(value)) {
                errs.duplicate(valuesPath.index(j), value);
            }
            if (j > 0 && (values.get(j - 1) == null ? 0 : values.get(j - 1)) > value) {
                ordered = false;
            }
        }
        if (!ordered) {
            errs.invalid(valuesPath, WorkloadValues.int32s(values), "must be ordered");
        }
    }

    private static void onPodConditions(List<PodFailurePolicyOnPodConditionsPattern> conditions, FieldPath path, Errors errs) {
        if (conditions.size() > MAX_POD_CONDITIONS) {
            errs.tooMany(path, conditions.size(), MAX_POD_CONDITIONS);
        }
        for (int j = 0; j < conditions.size(); j++) {
            var pattern = conditions.get(j) == null ? new PodFailurePolicyOnPodConditionsPattern() : conditions.get(j);
            String type = WorkloadValues.nullToEmpty(pattern.getType());
            errs.invalidEach(path.index(j).child("type"), type, Names.qualifiedName(type));
            String status = WorkloadValues.nullToEmpty(pattern.getStatus());
            if (status.isEmpty()) {
                errs.required(path.index(j).child("status"), "valid values: [\"False\" \"True\" \"Unknown\"]");
            } else if (!List.of("False", "True", "Unknown").contains(status)) {
                errs.notSupported(path.index(j).child("status"), status, List.of("False", "True", "Unknown"));
            }
        }
    }

    private static void successPolicy(JobSpec spec, FieldPath path, Errors errs) {
        List<SuccessPolicyRule> rules = spec.getSuccessPolicy().getRules() == null ? List.of() : spec.getSuccessPolicy().getRules();
        FieldPath rulesPath = path.child("rules");
        if (rules.isEmpty()) {
            errs.required(rulesPath, "at least one rules must be specified when the successPolicy is specified");
        }
        if (rules.size() > MAX_SUCCESS_POLICY_RULES) {
            errs.tooMany(rulesPath, rules.size(), MAX_SUCCESS_POLICY_RULES);
        }
        int completions = spec.getCompletions() == null ? 0 : spec.getCompletions();
        for (int i = 0; i < rules.size(); i++) {
            SuccessPolicyRule rule = rules.get(i) == null ? new SuccessPolicyRule() : rules.get(i);
            FieldPath rulePath = rulesPath.index(i);
            if (rule.getSucceededCount() == null && rule.getSucceededIndexes() == null) {
                errs.required(rulePath, "at least one of succeededCount or succeededIndexes must be specified");
            }
            long totalIndexes = 0;
            if (rule.getSucceededIndexes() != null) {
                FieldPath indexes = rulePath.child("succeededIndexes");
                String text = rule.getSucceededIndexes();
                if (text.length() > MAX_SUCCEEDED_INDEXES_LENGTH) {
                    errs.add(dev.peapod.store.FieldError.tooLong(indexes.value(), MAX_SUCCEEDED_INDEXES_LENGTH));
                }
                IndexCount count = indexes(text, completions);
                if (count.error() != null) {
                    errs.invalid(indexes, text, "error parsing succeededIndexes: " + count.error());
                }
                totalIndexes = count.total();
            }
            if (rule.getSucceededCount() != null) {
                FieldPath count = rulePath.child("succeededCount");
                AppsValidation.nonNegative(rule.getSucceededCount(), count, errs);
                if (rule.getSucceededCount() > completions) {
                    errs.invalid(count, rule.getSucceededCount(), "must be less than or equal to " + completions
                            + " (the number of specified completions)");
                }
            }
            if (rule.getSucceededCount() != null && rule.getSucceededIndexes() != null
                    && rule.getSucceededCount() > totalIndexes) {
                errs.invalid(rulePath.child("succeededCount"), rule.getSucceededCount(), "must be less than or equal to "
                        + totalIndexes + " (the number of indexes in the specified succeededIndexes field)");
            }
        }
    }

    /** How many indexes an interval list names, or why it is malformed. */
    private record IndexCount(long total, String error) {
    }

    /** validateIndexesFormat: {@code 1,3-5,7}, increasing, each index below completions. */
    private static IndexCount indexes(String text, int completions) {
        if (text.isEmpty()) {
            return new IndexCount(0, null);
        }
        Long last = null;
        long total = 0;
        for (String interval : text.split(",", -1)) {
            String[] limits = interval.split("-", -1);
            if (limits.length > 2) {
                return new IndexCount(0, "the fragment " + GoValue.quote(interval)
                        + " violates the requirement that an index interval can have at most two parts separated by '-'");
            }
            for (int part = 0; part < limits.length; part++) {
                Long index = int32(limits[part]);
                if (index == null) {
                    return new IndexCount(0, "cannot convert string to integer for index: " + GoValue.quote(limits[part]));
                }
                if (index >= completions) {
                    return new IndexCount(0, "too large index: " + GoValue.quote(limits[part]));
                }
                if (last != null && last >= index) {
                    return new IndexCount(0, "non-increasing order, previous: " + last + ", current: " + index);
                }
                total += part == 0 ? 1 : index - last;
                last = index;
            }
        }
        return new IndexCount(total, null);
    }

    /** strconv.ParseInt(s, 10, 32), or null when it fails. */
    private static Long int32(String s) {
        if (!s.matches("[+-]?[0-9]+")) {
            return null;
        }
        try {
            return (long) Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void podReplacementPolicy(JobSpec spec, FieldPath path, Errors errs) {
        String policy = spec.getPodReplacementPolicy();
        if (policy == null) {
            return;
        }
        if (spec.getPodFailurePolicy() != null) {
            if (!policy.equals("Failed")) {
                errs.notSupported(path, policy, List.of("Failed"));
            }
        } else if (!policy.equals("Failed") && !policy.equals("TerminatingOrFailed")) {
            errs.notSupported(path, policy, List.of("Failed", "TerminatingOrFailed"));
        }
    }

    /** After the OnFailure/Never check: a podFailurePolicy needs Never. */
    static void restartPolicyWithFailurePolicy(JobSpec spec, FieldPath templatePath, Errors errs) {
        String policy = WorkloadValues.nullToEmpty(spec.getTemplate().getSpec().getRestartPolicy());
        if (spec.getPodFailurePolicy() != null && policy.equals("OnFailure")) {
            errs.invalid(templatePath.child("spec").child("restartPolicy"), policy,
                    "only \"Never\" is supported when podFailurePolicy is specified");
        }
    }

    /** ValidateJob: an Indexed Job's last pod hostname, {@code <name>-<completions-1>}, must be a DNS label. */
    static void indexedHostname(String name, JobSpec spec, Errors errs) {
        if ("Indexed".equals(spec.getCompletionMode()) && spec.getCompletions() != null && spec.getCompletions() > 0) {
            String hostname = name + "-" + (spec.getCompletions() - 1);
            if (!Names.dns1123Label(hostname).isEmpty()) {
                errs.invalid(FieldPath.of("metadata").child("name"), name,
                        "will not able to create pod with invalid DNS label: " + hostname);
            }
        }
    }

    /** validateCronJobSpec before the job template: schedule, startingDeadlineSeconds, timeZone, concurrencyPolicy. */
    static void cronJobHead(CronJobSpec spec, CronJobSpec oldSpec, FieldPath path, Errors errs) {
        String schedule = WorkloadValues.nullToEmpty(spec.getSchedule());
        if (schedule.isEmpty()) {
            errs.required(path.child("schedule"), "");
        } else {
            boolean allowTz = oldSpec != null && WorkloadValues.nullToEmpty(oldSpec.getSchedule()).contains("TZ");
            CronSchedule.parse(schedule).ifPresent(error -> errs.invalid(path.child("schedule"), schedule, error));
            if (allowTz && schedule.contains("TZ") && spec.getTimeZone() != null) {
                errs.invalid(path.child("schedule"), schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule");
            } else if (!allowTz && schedule.contains("TZ")) {
                errs.invalid(path.child("schedule"), schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
            }
        }
        if (spec.getStartingDeadlineSeconds() != null && spec.getStartingDeadlineSeconds() < 0) {
            errs.invalid(path.child("startingDeadlineSeconds"), spec.getStartingDeadlineSeconds(), ProbeValidation.NEGATIVE);
        }
        if (oldSpec == null || !java.util.Objects.equals(oldSpec.getTimeZone(), spec.getTimeZone())) {
            timeZone(spec.getTimeZone(), path.child("timeZone"), errs);
        }
        String policy = WorkloadValues.nullToEmpty(spec.getConcurrencyPolicy());
        switch (policy) {
            case "Allow", "Forbid", "Replace" -> {
            }
            case "" -> errs.required(path.child("concurrencyPolicy"), "");
            default -> errs.notSupported(path.child("concurrencyPolicy"), policy, List.of("Allow", "Forbid", "Replace"));
        }
    }

    /** ValidateJobTemplateSpec after validateJobSpec: the selector is generated, manualSelector refused. */
    static void jobTemplateSelector(JobSpec spec, FieldPath jobSpecPath, Errors errs) {
        if (spec.getSelector() != null) {
            errs.invalid(jobSpecPath.child("selector"), WorkloadValues.labelSelector(spec.getSelector()),
                    "`selector` will be auto-generated");
        }
        if (Boolean.TRUE.equals(spec.getManualSelector())) {
            errs.notSupported(jobSpecPath.child("manualSelector"), true, List.of("nil", "false"));
        }
    }

    /** validateCronJobSpec after the job template: the history limits. */
    static void cronJobTail(CronJobSpec spec, FieldPath path, Errors errs) {
        AppsValidation.nonNegative(spec.getSuccessfulJobsHistoryLimit(), path.child("successfulJobsHistoryLimit"), errs);
        AppsValidation.nonNegative(spec.getFailedJobsHistoryLimit(), path.child("failedJobsHistoryLimit"), errs);
    }

    /**
     * validateTimeZone: IANA name syntax, not "Local", and known to the time-zone database. Java's
     * database stands in for Go's time.LoadLocation, whose error is {@code unknown time zone X}.
     */
    private static void timeZone(String zone, FieldPath path, Errors errs) {
        if (zone == null) {
            return;
        }
        if (zone.isEmpty()) {
            errs.invalid(path, zone, "timeZone must be nil or non-empty string");
            return;
        }
        for (String part : zone.split("/", -1)) {
            if (part.equals(".") || part.equals("..") || part.startsWith("-") || !TIME_ZONE_PART.matcher(part).matches()) {
                errs.invalid(path, zone, "unknown time zone " + zone);
                return;
            }
        }
        if (zone.toLowerCase(Locale.ROOT).equals("local")) {
            errs.invalid(path, zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
        }
        if (!zone.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(zone)) {
            errs.invalid(path, zone, "unknown time zone " + zone);
        }
    }
}
