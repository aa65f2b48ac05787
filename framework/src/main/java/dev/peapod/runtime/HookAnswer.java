package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * What a test scripted for a container's lifecycle hook: how long the hook takes and whether it
 * fails. The kubelet runs the scripted hook in place of its handler.
 */
@API(status = INTERNAL, since = "0.1")
public record HookAnswer(Duration takes, boolean fails) {
    public HookAnswer {
        Objects.requireNonNull(takes, "takes");
    }

    /** The two hooks, named as upstream's events name them (FailedPostStartHook, FailedPreStopHook). */
    @API(status = INTERNAL, since = "0.1")
    public enum Hook {
        POST_START("PostStart"), PRE_STOP("PreStop");

        private final String label;

        Hook(String label) {
            this.label = label;
        }

        /** {@code PostStart} or {@code PreStop}. */
        public String label() {
            return label;
        }
    }
}
