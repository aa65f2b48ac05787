package dev.peapod.runtime.shell;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A script Peapod's shell cannot run: broken syntax, or a construct the shell does not support. The
 * message names the construct and its line and column in the script; the caller adds the pod and the
 * container.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ShellException extends PeapodException {
    private final String construct;
    private final int line;
    private final int column;

    ShellException(String construct, int line, int column, String message) {
        super("line " + line + ", column " + column + ": " + message);
        this.construct = construct;
        this.line = line;
        this.column = column;
    }

    /** What the shell tripped on, as written in the script: {@code <<}, {@code fi}, {@code [[}, ... */
    public String construct() {
        return construct;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
