package dev.peapod.printers;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One line of {@code kubectl get events -o wide}, each cell as the API server's printer fills it.
 *
 * @param lastSeen  LAST SEEN, the age of {@code lastTimestamp} (or of the series' last observation)
 * @param type      TYPE, {@code Normal} or {@code Warning}
 * @param reason    REASON
 * @param object    OBJECT, {@code <kind in lower case>/<name>}, e.g. {@code pod/web}
 * @param subobject SUBOBJECT (wide), {@code involvedObject.fieldPath}, e.g. {@code spec.containers{app}}
 * @param source    SOURCE (wide), the component, then {@code ", <host>"} when there is one
 * @param message   MESSAGE, without leading and trailing blanks
 * @param firstSeen FIRST SEEN (wide), the age of {@code firstTimestamp} (or of {@code eventTime})
 * @param count     COUNT (wide), {@code count}, or the series' count; 1 for a singleton event
 * @param name      NAME (wide), {@code metadata.name}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record EventRow(String lastSeen, String type, String reason, String object, String subobject, String source,
                       String message, String firstSeen, int count, String name) {

    /** The cells as kubectl prints them; the wide ones carry priority 1 upstream and show only with -o wide. */
    List<String> cells(boolean wide) {
        return wide ? List.of(lastSeen, type, reason, object, subobject, source, message, firstSeen,
                String.valueOf(count), name)
                : List.of(lastSeen, type, reason, object, message);
    }
}
