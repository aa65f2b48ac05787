package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A PID namespace: the processes one container sees with {@code ps}. Each container has its own,
 * with its main process as PID 1, unless the pod shares one ({@code shareProcessNamespace}: the
 * sandbox's {@code /pause} is PID 1 and every container's processes are visible to the others) or
 * uses the node's ({@code hostPID}). PIDs are handed out in turn, never reused while the table lives.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ProcessTable {
    /** One process: who runs it and its command line as {@code /proc/<pid>/cmdline} reads. */
    public record Entry(int pid, String user, String command) {
    }

    private final Map<Integer, Entry> entries = new TreeMap<>();
    private final Map<Integer, Consumer<String>> signalHandlers = new TreeMap<>();
    private int nextPid = 1;

    /** A table with no process yet: the first spawned is PID 1. */
    public ProcessTable() {
    }

    /** A new process, with the next PID. {@code onSignal} hears signals sent to it by name (TERM, KILL, ...). */
    public int spawn(String user, String command, Consumer<String> onSignal) {
        int pid = nextPid++;
        entries.put(pid, new Entry(pid, user, command));
        signalHandlers.put(pid, onSignal);
        return pid;
    }

    /** A process with no signal handling of its own (signals do nothing). */
    public int spawn(String user, String command) {
        return spawn(user, command, signal -> { });
    }

    /** The process changed its title (setproctitle: nginx's "nginx: master process ..."), and perhaps its user. */
    public void retitle(int pid, String user, String command) {
        if (entries.containsKey(pid)) {
            entries.put(pid, new Entry(pid, user, command));
        }
    }

    /** The process ended: it leaves the table. */
    public void exit(int pid) {
        entries.remove(pid);
        signalHandlers.remove(pid);
    }

    /** Sends a signal by name to a process; false when there is no such process. */
    public boolean signal(int pid, String signal) {
        Consumer<String> handler = signalHandlers.get(pid);
        if (handler == null) {
            return false;
        }
        handler.accept(signal);
        return true;
    }

    public Optional<Entry> get(int pid) {
        return Optional.ofNullable(entries.get(pid));
    }

    /** Every process, by PID. */
    public List<Entry> list() {
        return new ArrayList<>(entries.values());
    }
}
