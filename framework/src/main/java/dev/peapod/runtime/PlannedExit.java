package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Duration;

import static org.apiguardian.api.API.Status.INTERNAL;

/** An exit an override layer plans for one run: this long after the start, with this code (OOM: 137, OOMKilled). */
@API(status = INTERNAL, since = "0.1")
public record PlannedExit(Duration after, int exitCode, boolean oomKilled) {
}
