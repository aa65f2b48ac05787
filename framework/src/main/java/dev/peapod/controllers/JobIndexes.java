package dev.peapod.controllers;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An Indexed Job's completion indexes (pkg/controller/job/indexed_job_utils.go): the index a pod
 * carries in its {@code batch.kubernetes.io/job-completion-index} annotation, and the interval text
 * of {@code status.completedIndexes} / {@code status.failedIndexes} ({@code "1,3-5"}).
 */
final class JobIndexes {
    /** batch.JobCompletionIndexAnnotation, also the label (PodIndexLabel, on since v1.28). */
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    /** batch.JobIndexFailureCountAnnotation. */
    static final String FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count";
    /** batch.JobIndexIgnoredFailureCountAnnotation. */
    static final String IGNORED_FAILURE_COUNT = "batch.kubernetes.io/job-index-ignored-failure-count";
    /** batch.JobCompletionIndexEnvName. */
    static final String ENV_NAME = "JOB_COMPLETION_INDEX";
    /** unknownCompletionIndex. */
    static final int UNKNOWN = -1;

    private JobIndexes() {
    }

    /** getCompletionIndex: the annotation's value, or {@link #UNKNOWN} if absent, not a number or negative. */
    static int index(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(COMPLETION_INDEX);
        if (value == null) {
            return UNKNOWN;
        }
        try {
            int index = Integer.parseInt(value);
            return index < 0 ? UNKNOWN : index;
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    /** parseIndexesFromString: the indexes below {@code completions} in {@code "1,3-5"}; bad parts are skipped. */
    static TreeSet<Integer> parse(String text, int completions) {
        TreeSet<Integer> indexes = new TreeSet<>();
        if (text == null || text.isEmpty()) {
            return indexes;
        }
        for (String part : text.split(",")) {
            String[] bounds = part.split("-", 2);
            try {
                int first = Integer.parseInt(bounds[0]);
                int last = bounds.length == 2 ? Integer.parseInt(bounds[1]) : first;
                for (int i = first; i <= last && i < completions; i++) {
                    indexes.add(i);
                }
            } catch (NumberFormatException e) {
                // upstream logs the error and goes on with the next interval
            }
        }
        return indexes;
    }

    /** orderedIntervals.String: {@code "0,2-4"}; an interval of one index is that index. */
    static String format(SortedSet<Integer> indexes) {
        List<String> parts = new ArrayList<>();
        Integer first = null;
        Integer last = null;
        for (int index : indexes) {
            if (last != null && index == last + 1) {
                last = index;
                continue;
            }
            if (first != null) {
                parts.add(first.equals(last) ? String.valueOf(first) : first + "-" + last);
            }
            first = index;
            last = index;
        }
        if (first != null) {
            parts.add(first.equals(last) ? String.valueOf(first) : first + "-" + last);
        }
        return String.join(",", parts);
    }

    /** The valid indexes of the pods. */
    static TreeSet<Integer> of(Collection<Pod> pods) {
        TreeSet<Integer> indexes = new TreeSet<>();
        for (Pod pod : pods) {
            int index = index(pod);
            if (index != UNKNOWN) {
                indexes.add(index);
            }
        }
        return indexes;
    }

    /**
     * podGenerateNameWithIndex: {@code <job>-<index>-}, the job name cut so that the prefix fits
     * names.MaxGeneratedNameLength (58).
     */
    static String generateName(String job, int index) {
        String append = "-" + index + "-";
        String prefix = job + append;
        if (prefix.length() > 58) {
            prefix = job.substring(0, 58 - append.length()) + append;
        }
        return prefix;
    }

    /** getIndexFailureCount: the pod's failure-count annotation, 0 when absent or bad. */
    static int failureCount(Pod pod) {
        return annotationCount(pod, FAILURE_COUNT);
    }

    /** getIndexAbsoluteFailureCount: counted plus ignored failures. */
    static int absoluteFailureCount(Pod pod) {
        return annotationCount(pod, FAILURE_COUNT) + annotationCount(pod, IGNORED_FAILURE_COUNT);
    }

    private static int annotationCount(Pod pod, String key) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(key);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
