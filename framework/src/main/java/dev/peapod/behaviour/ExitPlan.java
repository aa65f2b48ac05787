package dev.peapod.behaviour;

import dev.peapod.core.Checks;
import dev.peapod.time.EngineLock;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Set;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * When the container's process exits by itself, and with what code: {@code exitsWith(1).after(ofSeconds(5))}
 * on every start, or {@code .onStarts(1, 2)} on some. Later plans win over earlier ones.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ExitPlan {
    final int exitCode;
    Duration after = Duration.ZERO;
    boolean oomKilled;
    private Set<Integer> starts;

    /** Tells the cluster this plan changed, so a running process takes it. */
    private final Runnable changed;
    /** The cluster's check that it is open and on its thread, before each change. */
    private final EngineLock.Guard guard;
    /** Takes this plan back out of its container's script. */
    private final java.util.function.Consumer<ExitPlan> withdraw;

    ExitPlan(int exitCode, Runnable changed, EngineLock.Guard guard,
             java.util.function.Consumer<ExitPlan> withdraw) {
        this.exitCode = exitCode;
        this.changed = changed;
        this.guard = guard;
        this.withdraw = withdraw;
    }

    /** Exits this long after each start it applies to. */
    public ExitPlan after(Duration running) {
        try (EngineLock.Held held = guard.enter("ExitPlan.after")) {
            this.after = refusedWhole(() -> Checks.duration(running, "after(running): running"));
            changed.run();
            return this;
        }
    }

    /** Only on these starts: 1 is the first run, 2 the first restart. */
    public ExitPlan onStarts(Integer... startNumbers) {
        try (EngineLock.Held held = guard.enter("ExitPlan.onStarts")) {
            this.starts = refusedWhole(() -> StartNumbers.of(startNumbers));
            changed.run();
            return this;
        }
    }

    /**
     * A refused refinement refuses the whole statement: {@code exitsWith(1).after(ofSeconds(-1))} must
     * not leave "exits 1 at once" behind, so the plan leaves the script before the error is thrown.
     */
    private <T> T refusedWhole(java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (RuntimeException refused) {
            withdraw.accept(this);
            changed.run();
            throw refused;
        }
    }

    /** Killed by the OOM killer: exit code 137, reason OOMKilled. */
    public ExitPlan oomKilled() {
        try (EngineLock.Held held = guard.enter("ExitPlan.oomKilled")) {
            this.oomKilled = true;
            changed.run();
            return this;
        }
    }

    boolean appliesTo(int startNumber) {
        return starts == null || starts.contains(startNumber);
    }
}
