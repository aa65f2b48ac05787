package dev.peapod.printers;

import dev.peapod.core.PeapodException;
import dev.peapod.store.LabelSelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * {@code kubectl get cronjobs} as the API server's table printer computes it
 * (kubernetes: pkg/printers/internalversion/printers.go, printCronJob and the cronJob column
 * definitions: NAME, SCHEDULE, TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE, AGE; wide CONTAINERS,
 * IMAGES, SELECTOR). Time comes in as {@code now}; nothing here reads a clock.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class CronJobPrinter {
    private static final List<String> HEADERS = List.of("NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE",
            "LAST SCHEDULE", "AGE");
    private static final List<String> WIDE_HEADERS = List.of("CONTAINERS", "IMAGES", "SELECTOR");
    private static final String NONE = "<none>";

    private CronJobPrinter() {
    }

    /** Every column of one CronJob, wide ones included, as printCronJob fills the cells at {@code now}. */
    public static CronJobRow row(CronJob cronJob, Instant now) {
        if (cronJob == null || now == null) {
            throw new PeapodException("CronJobPrinter.row(cronJob, now): " + (cronJob == null ? "cronJob" : "now")
                    + " must not be null");
        }
        CronJobSpec spec = cronJob.getSpec() == null ? new CronJobSpec() : cronJob.getSpec();
        CronJobStatus status = cronJob.getStatus() == null ? new CronJobStatus() : cronJob.getStatus();
        String last = status.getLastScheduleTime() == null ? NONE
                : ApiTime.since(ApiTime.parse("status.lastScheduleTime", status.getLastScheduleTime()), now);
        List<Container> containers = spec.getJobTemplate() == null || spec.getJobTemplate().getSpec() == null
                || spec.getJobTemplate().getSpec().getTemplate() == null
                || spec.getJobTemplate().getSpec().getTemplate().getSpec() == null
                ? List.of() : spec.getJobTemplate().getSpec().getTemplate().getSpec().getContainers();
        var selector = spec.getJobTemplate() == null || spec.getJobTemplate().getSpec() == null
                ? null : spec.getJobTemplate().getSpec().getSelector();
        String selectorText = LabelSelector.of(selector).toString();
        return new CronJobRow(cronJob.getMetadata().getName(), String.valueOf(spec.getSchedule()),
                spec.getTimeZone() == null ? NONE : spec.getTimeZone(), printBoolPtr(spec.getSuspend()),
                String.valueOf(status.getActive() == null ? 0 : status.getActive().size()), last,
                ApiTime.since(ApiTime.parse("metadata.creationTimestamp", cronJob.getMetadata().getCreationTimestamp()), now),
                containers.stream().map(Container::getName).collect(Collectors.joining(",")),
                containers.stream().map(Container::getImage).collect(Collectors.joining(",")),
                selectorText.isEmpty() ? NONE : selectorText);
    }

    /**
     * The text {@code kubectl get cronjobs [-o wide]} prints for these CronJobs, in list order, aligned
     * as kubectl aligns it; an empty string for none.
     */
    public static String table(List<CronJob> cronJobs, Instant now, boolean wide) {
        if (cronJobs == null) {
            throw new PeapodException("CronJobPrinter.table(cronJobs, now, wide): cronJobs must not be null");
        }
        if (cronJobs.isEmpty()) {
            return "";
        }
        List<List<String>> lines = new ArrayList<>();
        List<String> headers = new ArrayList<>(HEADERS);
        if (wide) {
            headers.addAll(WIDE_HEADERS);
        }
        lines.add(headers);
        for (CronJob cronJob : cronJobs) {
            lines.add(row(cronJob, now).cells(wide));
        }
        return TabWriter.align(lines);
    }

    /** printBoolPtr: {@code <unset>} for nil, else True or False. */
    private static String printBoolPtr(Boolean value) {
        return value == null ? "<unset>" : value ? "True" : "False";
    }
}
