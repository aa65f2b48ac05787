package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * One run of a container: what the runtime created for one start, with its id, start instant and
 * behaviour. A restart is a new process with a new id, as with containerd.
 */
@API(status = INTERNAL, since = "0.1")
public final class SimProcess {
    private final String id;
    private final Instant startedAt;
    private final int startNumber;
    private final Instant clusterStart;
    private final ContainerBehaviour behaviour;
    private final Set<Integer> servedPorts;
    private final ContainerExit plannedExit;

    SimProcess(String id, Instant startedAt, int startNumber, Instant clusterStart, ContainerBehaviour behaviour,
               Set<Integer> servedPorts) {
        this.id = id;
        this.startedAt = startedAt;
        this.startNumber = startNumber;
        this.clusterStart = clusterStart;
        this.behaviour = behaviour;
        this.servedPorts = servedPorts;
        this.plannedExit = planExit();
    }

    /** {@code containerd://<64 hex>}. */
    public String id() {
        return id;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** 1 for the first run, 2 for the first restart, ... */
    public int startNumber() {
        return startNumber;
    }

    /** When the process will exit by itself, if its script says so. */
    public Optional<ContainerExit> plannedExit() {
        return Optional.ofNullable(plannedExit);
    }

    /** How the application answers a request at {@code now}. */
    public Response respond(Endpoint request, Requester who, Instant now) {
        if (request.kind() != Endpoint.Kind.EXEC && now.isBefore(startedAt.plus(behaviour.listensAfter))) {
            return Response.of(Answer.refused());
        }
        List<Rule> rules = behaviour.rules;
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule rule = rules.get(i);
            if (rule.applies(request, who, startedAt, startNumber, clusterStart, now)) {
                rule.consume();
                return Response.of(rule.answer);
            }
        }
        if (request.kind() != Endpoint.Kind.EXEC && !servedPorts.contains(request.port())) {
            return Response.of(Answer.refused());
        }
        return Response.of(Answer.ok());
    }

    /**
     * SIGTERM at {@code now}, SIGKILL after {@code grace}: when the process ends and how. An app that
     * exits by itself before then ends as it planned.
     */
    public ContainerExit stop(Instant now, Duration grace) {
        Instant kill = now.plus(grace);
        ContainerExit onTerm;
        if (behaviour.ignoresSigterm || behaviour.shutdownTakes.compareTo(grace) >= 0) {
            onTerm = ContainerExit.of(kill, 137, false); // 128 + SIGKILL
        } else {
            onTerm = ContainerExit.of(now.plus(behaviour.shutdownTakes), behaviour.sigtermExitCode, false);
        }
        if (plannedExit != null && !plannedExit.at().isBefore(now) && plannedExit.at().isBefore(onTerm.at())) {
            return plannedExit;
        }
        return onTerm;
    }

    private ContainerExit planExit() {
        List<ExitPlan> exits = behaviour.exits;
        for (int i = exits.size() - 1; i >= 0; i--) {
            ExitPlan plan = exits.get(i);
            if (plan.appliesTo(startNumber)) {
                int code = plan.oomKilled ? 137 : plan.exitCode;
                return ContainerExit.of(startedAt.plus(plan.after), code, plan.oomKilled);
            }
        }
        return null;
    }
}
