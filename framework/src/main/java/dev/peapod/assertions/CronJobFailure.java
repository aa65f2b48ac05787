package dev.peapod.assertions;

import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * A CronJob check that failed: what was expected and what is, then the CronJob as
 * {@code kubectl get cronjob} shows it, its Jobs and its timeline.
 */
final class CronJobFailure extends BasicErrorMessageFactory {

    private CronJobFailure(String text) {
        super("%s", unquotedString(text));
    }

    /** {@code Expecting cronjob default/hello <expectation>.} and the evidence, one item a line. */
    static CronJobFailure shouldHave(String cronJob, String expectation, String table, String jobs, String active,
                                     String timeline) {
        return new CronJobFailure("Expecting cronjob " + cronJob + " " + expectation + ".\n"
                + "kubectl get cronjob:\n" + table.stripTrailing() + "\n"
                + "Jobs: " + jobs + "\n"
                + "Active: " + active + "\n"
                + "Timeline (virtual time):\n" + (timeline.isEmpty() ? "  nothing happened yet" : timeline));
    }

    /** The CronJob is not in the cluster. */
    static CronJobFailure shouldExist(String cronJob, String notFound) {
        return new CronJobFailure("Expecting cronjob " + cronJob + " to exist, but " + notFound + ".");
    }
}
