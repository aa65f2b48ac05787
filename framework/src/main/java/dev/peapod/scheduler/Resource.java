package dev.peapod.scheduler;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Compute resources in the scheduler's integer units: millicores, bytes, a pod count and scalar
 * (extended, hugepages) resources by name (kubernetes: pkg/scheduler/framework/types.go, Resource).
 */
record Resource(long milliCpu, long memory, long ephemeralStorage, long allowedPods, SortedMap<String, Long> scalars) {
    private static final SortedMap<String, Long> NO_SCALARS = Collections.unmodifiableSortedMap(new TreeMap<>());
    static final Resource ZERO = new Resource(0, 0, 0, 0, NO_SCALARS);

    Resource {
        scalars = scalars.isEmpty() ? NO_SCALARS : Collections.unmodifiableSortedMap(new TreeMap<>(scalars));
    }

    Resource plus(Resource other) {
        SortedMap<String, Long> sum = scalars;
        if (!other.scalars.isEmpty()) {
            sum = new TreeMap<>(scalars);
            for (var scalar : other.scalars.entrySet()) {
                sum.merge(scalar.getKey(), scalar.getValue(), Long::sum);
            }
        }
        return new Resource(milliCpu + other.milliCpu, memory + other.memory,
                ephemeralStorage + other.ephemeralStorage, allowedPods + other.allowedPods, sum);
    }

    long scalar(String name) {
        return scalars.getOrDefault(name, 0L);
    }

    /** True when the pod asks for nothing the Fit filter checks beyond the pod count. */
    boolean isEmpty() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalars.isEmpty();
    }
}
