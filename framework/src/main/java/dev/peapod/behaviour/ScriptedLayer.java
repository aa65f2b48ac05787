package dev.peapod.behaviour;

import dev.peapod.runtime.Endpoint;
import dev.peapod.runtime.Overrides;
import dev.peapod.runtime.PlannedExit;
import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Requester;
import dev.peapod.runtime.Response;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A test's script as the layer in front of a container's program: it answers what it scripts and
 * leaves the rest to the program. Later rules and exit plans win over earlier ones.
 */
final class ScriptedLayer implements Overrides.ScriptedContainer {
    private final ContainerBehaviour script;
    private final Instant clusterStart;

    ScriptedLayer(ContainerBehaviour script, Instant clusterStart) {
        this.script = script;
        this.clusterStart = clusterStart;
    }

    /** Before {@code listensAfter} every port refuses; then the last rule that applies answers. */
    @Override
    public Optional<Response> answer(ProcessContext process, Endpoint request, Requester who) {
        Instant now = process.now();
        if (request.kind() != Endpoint.Kind.EXEC && now.isBefore(process.startedAt().plus(script.listensAfter))) {
            return Optional.of(Response.refusing());
        }
        List<Rule> rules = script.rules;
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule rule = rules.get(i);
            if (rule.applies(request, who, process.startedAt(), process.startNumber(), clusterStart, now)) {
                rule.consume();
                return Optional.of(rule.answer);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<PlannedExit> plannedExit(int startNumber) {
        List<ExitPlan> exits = script.exits;
        for (int i = exits.size() - 1; i >= 0; i--) {
            ExitPlan plan = exits.get(i);
            if (plan.appliesTo(startNumber)) {
                return Optional.of(new PlannedExit(plan.after, plan.exitCode, plan.oomKilled));
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean scriptsTheProcess() {
        return !script.rules.isEmpty() || !script.exits.isEmpty() || !script.listensAfter.isZero() || script.signalScripted;
    }

    /** The last script of this hook that applies to this start. */
    @Override
    public Optional<dev.peapod.runtime.HookAnswer> hook(dev.peapod.runtime.HookAnswer.Hook hook, int startNumber) {
        List<HookScript> hooks = script.hooks;
        for (int i = hooks.size() - 1; i >= 0; i--) {
            HookScript h = hooks.get(i);
            if (h.hook == hook && h.appliesTo(startNumber)) {
                return Optional.of(h.answer());
            }
        }
        return Optional.empty();
    }

    /** Ignoring SIGTERM leaves the process to SIGKILL; otherwise it exits after its shutdown time. */
    @Override
    public boolean onSigterm(ProcessContext process) {
        if (!script.signalScripted) {
            return false;
        }
        if (!script.ignoresSigterm) {
            process.exitAfter(script.shutdownTakes, script.sigtermExitCode);
        }
        return true;
    }
}
