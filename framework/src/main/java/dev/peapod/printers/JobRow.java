package dev.peapod.printers;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One line of {@code kubectl get jobs}, each cell exactly as kubectl prints it.
 *
 * @param name        NAME, {@code metadata.name}
 * @param status      STATUS: {@code Complete}, {@code Failed}, {@code Terminating}, {@code Suspended},
 *                    {@code FailureTarget}, {@code SuccessCriteriaMet} or {@code Running}
 * @param completions COMPLETIONS, {@code 1/3}, or without completions {@code 0/1} ({@code 0/1 of 3} in parallel)
 * @param duration    DURATION, from startTime to completionTime or now; empty before the Job starts
 * @param age         AGE, from {@code metadata.creationTimestamp}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record JobRow(String name, String status, String completions, String duration, String age) {

    /** The cells in column order. */
    List<String> cells() {
        return List.of(name, status, completions, duration, age);
    }
}
