package dev.peapod.core;

import org.apiguardian.api.API;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The answers of a pure function, remembered for the first {@code limit} keys asked and worked out
 * again for later ones: a bound for a JVM whose tests keep naming new images, nodes or accounts. For
 * answers that cost a hash or a parse and are asked for at every pod or status (issue #13). Safe to
 * share between clusters on different threads; the function must not return null.
 */
@API(status = INTERNAL, since = "0.1")
public final class BoundedMemo<K, V> {
    private final ConcurrentHashMap<K, V> known = new ConcurrentHashMap<>();
    private final int limit;
    private final Function<K, V> function;

    public BoundedMemo(int limit, Function<K, V> function) {
        this.limit = limit;
        this.function = Objects.requireNonNull(function, "function");
    }

    /** The function's answer for {@code key}: remembered, or worked out (and remembered while there is room). */
    public V get(K key) {
        V answer = known.get(key);
        if (answer != null) {
            return answer;
        }
        answer = Objects.requireNonNull(function.apply(key), "a memoised function's answer");
        if (known.size() < limit) {
            known.put(key, answer);
        }
        return answer;
    }
}
