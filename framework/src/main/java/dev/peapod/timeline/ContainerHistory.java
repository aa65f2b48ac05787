package dev.peapod.timeline;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One container's runs, oldest first, each with the instants it started and exited in virtual time
 * since the cluster started: what a spec says as "restarted at 50 s and 100 s", read from the
 * timeline's typed facts ({@link Fact.ContainerStarted}, {@link Fact.ContainerExited}) rather than
 * from its text. Get it with {@code cluster.timeline().containerHistory("default", "web", "app")}.
 *
 * <p>The timeline knows pods by namespace and name, so a pod deleted and created again under the
 * same name continues the same history; its first run has restart count 0 again.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ContainerHistory(String namespace, String pod, String container, List<Run> runs) {

    public ContainerHistory {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(container, "container");
        runs = List.copyOf(runs);
    }

    /**
     * One run of the container: one process, from its start to its exit.
     *
     * @param restartCount the status's restartCount during this run: 0 for the first run
     * @param containerId  the runtime's id of this run's container
     * @param startedAt    virtual time since the cluster started
     * @param exit         empty while the run goes on
     */
    public record Run(int restartCount, String containerId, Duration startedAt, Optional<Exit> exit) {
        public Run {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(exit, "exit");
        }

        /** Whether this run started as a restart, not as the container's first run. */
        public boolean isRestart() {
            return restartCount > 0;
        }

        Run exited(Exit end) {
            return new Run(restartCount, containerId, startedAt, Optional.of(end));
        }
    }

    /**
     * How a run ended.
     *
     * @param at       virtual time since the cluster started
     * @param exitCode the process's exit code: 137 after SIGKILL, 143 after SIGTERM
     * @param reason   containerd's reason: Completed, Error, OOMKilled
     */
    public record Exit(Duration at, int exitCode, String reason) {
        public Exit {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Pairs each start with the exit that follows it. The kubelet records an exit only for a started
     * container, so an exit with no open run cannot happen; it is skipped rather than invented.
     */
    static ContainerHistory of(String namespace, String pod, String container, List<TimelineEntry> entries) {
        List<Run> runs = new ArrayList<>();
        boolean open = false;
        for (TimelineEntry entry : entries) {
            if (!container.equals(entry.container())) {
                continue;
            }
            if (entry.fact() instanceof Fact.ContainerStarted started) {
                runs.add(new Run(started.restartCount(), started.containerId(), entry.sinceStart(), Optional.empty()));
                open = true;
            } else if (entry.fact() instanceof Fact.ContainerExited exited && open) {
                int last = runs.size() - 1;
                runs.set(last, runs.get(last).exited(new Exit(entry.sinceStart(), exited.exitCode(), exited.reason())));
                open = false;
            }
        }
        return new ContainerHistory(namespace, pod, container, runs);
    }

    /** When each run started, the first run included. */
    public List<Duration> startedAt() {
        return runs.stream().map(Run::startedAt).toList();
    }

    /** When each restart started: every run but the first ones (restart count 0). */
    public List<Duration> restartedAt() {
        return runs.stream().filter(Run::isRestart).map(Run::startedAt).toList();
    }

    /** When each run that has ended exited. */
    public List<Duration> exitedAt() {
        return runs.stream().flatMap(r -> r.exit().stream()).map(Exit::at).toList();
    }
}
