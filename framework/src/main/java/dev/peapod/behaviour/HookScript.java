package dev.peapod.behaviour;

import dev.peapod.core.Checks;
import dev.peapod.runtime.HookAnswer;
import dev.peapod.time.EngineLock;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Set;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What a container's postStart or preStop hook does, in place of its handler: how long it takes and
 * whether it fails, on every start or on some. Without a script the kubelet runs the hook's handler
 * (its command through the container's shell and files, its HTTP request to the container's port,
 * its sleep). A scripted failure is what the handler's failure would be: an exec hook's command
 * exits 1, an HTTP hook's connection is refused; a sleep hook cannot fail, so scripting its failure
 * is an error when the hook runs. Later scripts of the same hook win over earlier ones.
 *
 * <pre>{@code
 * cluster.container("web", "app").postStart().fails();
 * cluster.container("web", "app").preStop().takes(ofSeconds(40));
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class HookScript {
    final HookAnswer.Hook hook;
    Duration takes = Duration.ZERO;
    boolean fails;
    private Set<Integer> starts;
    private final EngineLock.Guard guard;

    HookScript(HookAnswer.Hook hook, EngineLock.Guard guard) {
        this.hook = hook;
        this.guard = guard;
    }

    /** The hook runs this long (then succeeds, unless it {@link #fails()}). */
    public HookScript takes(Duration duration) {
        try (EngineLock.Held held = guard.enter("HookScript.takes")) {
            this.takes = Checks.duration(duration, "takes(duration): duration");
            return this;
        }
    }

    /** The hook fails (after {@link #takes} if given): FailedPostStartHook or FailedPreStopHook. */
    public HookScript fails() {
        try (EngineLock.Held held = guard.enter("HookScript.fails")) {
            this.fails = true;
            return this;
        }
    }

    /** The hook succeeds (the default; undoes {@link #fails()}). */
    public HookScript succeeds() {
        try (EngineLock.Held held = guard.enter("HookScript.succeeds")) {
            this.fails = false;
            return this;
        }
    }

    /** Only on these starts of the container: 1 is the first run, 2 the first restart. */
    public HookScript onStarts(Integer... startNumbers) {
        try (EngineLock.Held held = guard.enter("HookScript.onStarts")) {
            this.starts = StartNumbers.of(startNumbers);
            return this;
        }
    }

    boolean appliesTo(int startNumber) {
        return starts == null || starts.contains(startNumber);
    }

    HookAnswer answer() {
        return new HookAnswer(takes, fails);
    }
}
