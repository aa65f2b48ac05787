package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Instant;

import static org.apiguardian.api.API.Status.INTERNAL;

/** One line a container wrote, as the CRI log format keeps it: when, which stream, the text. */
@API(status = INTERNAL, since = "0.1")
public record LogLine(Instant at, Stream stream, String text) {
    public enum Stream { STDOUT, STDERR }
}
