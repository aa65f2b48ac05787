package dev.peapod.printers;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One line of {@code kubectl get cronjobs -o wide}, each cell exactly as kubectl prints it.
 *
 * @param name         NAME, {@code metadata.name}
 * @param schedule     SCHEDULE, {@code spec.schedule} as written
 * @param timeZone     TIMEZONE, {@code spec.timeZone} or {@code <none>}
 * @param suspend      SUSPEND, {@code True}, {@code False}, or {@code <unset>}
 * @param active       ACTIVE, how many Jobs {@code status.active} lists
 * @param lastSchedule LAST SCHEDULE, the age of {@code status.lastScheduleTime}, or {@code <none>}
 * @param age          AGE, from {@code metadata.creationTimestamp}
 * @param containers   CONTAINERS (wide), the job template's container names, comma-separated
 * @param images       IMAGES (wide), their images, comma-separated
 * @param selector     SELECTOR (wide), the job template's selector, or {@code <none>}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record CronJobRow(String name, String schedule, String timeZone, String suspend, String active,
                         String lastSchedule, String age, String containers, String images, String selector) {

    /** The cells in column order; the wide columns show only with -o wide. */
    List<String> cells(boolean wide) {
        return wide
                ? List.of(name, schedule, timeZone, suspend, active, lastSchedule, age, containers, images, selector)
                : List.of(name, schedule, timeZone, suspend, active, lastSchedule, age);
    }
}
