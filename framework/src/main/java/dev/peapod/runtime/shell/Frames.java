package dev.peapod.runtime.shell;

import dev.peapod.runtime.shell.Ast.AndOr;
import dev.peapod.runtime.shell.Ast.Arm;
import dev.peapod.runtime.shell.Ast.Background;
import dev.peapod.runtime.shell.Ast.Case;
import dev.peapod.runtime.shell.Ast.For;
import dev.peapod.runtime.shell.Ast.FuncDef;
import dev.peapod.runtime.shell.Ast.Group;
import dev.peapod.runtime.shell.Ast.If;
import dev.peapod.runtime.shell.Ast.Loop;
import dev.peapod.runtime.shell.Ast.Node;
import dev.peapod.runtime.shell.Ast.Not;
import dev.peapod.runtime.shell.Ast.Pipeline;
import dev.peapod.runtime.shell.Ast.Redirected;
import dev.peapod.runtime.shell.Ast.Seq;
import dev.peapod.runtime.shell.Ast.Simple;
import dev.peapod.runtime.shell.Ast.Word;

import java.util.ArrayList;
import java.util.List;

/**
 * The interpreter's frames: one per construct being run. A frame's {@link Frame#step} either pushes
 * a child and returns, or completes; the child's status is in {@link Job#status} at the next step.
 */
final class Frames {
    private Frames() {
    }

    static Frame of(Node node, Io io) {
        if (node instanceof Seq seq) {
            return new SeqFrame(seq, io);
        } else if (node instanceof AndOr andOr) {
            return new AndOrFrame(andOr, io);
        } else if (node instanceof Not not) {
            return new NotFrame(not, io);
        } else if (node instanceof Pipeline pipeline) {
            return new PipelineFrame(pipeline, io);
        } else if (node instanceof Background background) {
            return new BackgroundFrame(background, io);
        } else if (node instanceof Simple simple) {
            return new SimpleFrame(simple, io);
        } else if (node instanceof If anIf) {
            return new IfFrame(anIf, io);
        } else if (node instanceof Loop loop) {
            return new LoopFrame(loop, io);
        } else if (node instanceof For aFor) {
            return new ForFrame(aFor, io);
        } else if (node instanceof Case aCase) {
            return new CaseFrame(aCase, io);
        } else if (node instanceof Group group) {
            return group.subshell() ? new SubshellFrame(group.body(), io, null) : new BodyFrame(group.body(), io);
        } else if (node instanceof Redirected redirected) {
            return new RedirectedFrame(redirected, io);
        }
        return new FuncDefFrame((FuncDef) node, io);
    }

    abstract static class Frame {
        final Io io;
        int phase;

        Frame(Io io) {
            this.io = io;
        }

        abstract void step(Job job);

        boolean catchesExit() {
            return false;
        }
    }

    static final class SeqFrame extends Frame {
        private final List<Node> items;

        SeqFrame(Seq seq, Io io) {
            super(io);
            this.items = seq.items();
        }

        @Override
        void step(Job job) {
            if (phase > 0 && job.status != 0 && job.env.errexit && job.conditionDepth == 0
                    && !(items.get(phase - 1) instanceof AndOr) && !(items.get(phase - 1) instanceof Not)) {
                job.exit(job.status); // set -e
                return;
            }
            if (phase == items.size()) {
                job.complete(items.isEmpty() ? 0 : job.status);
                return;
            }
            job.push(of(items.get(phase++), io));
        }
    }

    static final class AndOrFrame extends Frame {
        private final AndOr andOr;

        AndOrFrame(AndOr andOr, Io io) {
            super(io);
            this.andOr = andOr;
        }

        @Override
        void step(Job job) {
            if (phase == 0) {
                phase++;
                job.conditionDepth++;
                job.push(of(andOr.first(), io));
                return;
            }
            while (phase <= andOr.rest().size()) {
                String op = andOr.ops().get(phase - 1);
                Node next = andOr.rest().get(phase - 1);
                phase++;
                if (op.equals("&&") == (job.status == 0)) {
                    if (phase > andOr.rest().size()) {
                        job.conditionDepth--; // the last command of the list counts for set -e
                        phase = Integer.MAX_VALUE;
                    }
                    job.push(of(next, io));
                    return;
                }
            }
            if (phase != Integer.MAX_VALUE) {
                job.conditionDepth--;
            }
            job.complete(job.status);
        }
    }

    static final class NotFrame extends Frame {
        private final Not not;

        NotFrame(Not not, Io io) {
            super(io);
            this.not = not;
        }

        @Override
        void step(Job job) {
            if (phase++ == 0) {
                job.conditionDepth++;
                job.push(of(not.body(), io));
            } else {
                job.conditionDepth--;
                job.complete(job.status == 0 ? 1 : 0);
            }
        }
    }

    /** Stages run one after the other, each reading what the one before wrote (a pipe with an endless buffer). */
    static final class PipelineFrame extends Frame {
        private final List<Node> stages;
        private StringBuilder previous;

        PipelineFrame(Pipeline pipeline, Io io) {
            super(io);
            this.stages = pipeline.stages();
        }

        @Override
        void step(Job job) {
            if (phase == stages.size()) {
                job.complete(job.status);
                return;
            }
            Io.Input in = previous == null ? io.in() : new Io.Input(previous.toString());
            Io stageIo;
            if (phase == stages.size() - 1) {
                stageIo = io.withIn(in);
            } else {
                StringBuilder buffer = new StringBuilder();
                previous = buffer;
                stageIo = new Io(in, buffer::append, io.err());
            }
            job.push(new SubshellFrame(stages.get(phase++), stageIo, null));
        }
    }

    static final class BackgroundFrame extends Frame {
        private final Background background;

        BackgroundFrame(Background background, Io io) {
            super(io);
            this.background = background;
        }

        @Override
        void step(Job job) {
            Shell shell = job.shell;
            int pid = shell.newPid(String.join(" ", shell.commandLine));
            Io bgIo = io.withIn(Io.Input.empty()); // sh(1): a background command reads /dev/null
            Job child = new Job(shell, job.env.copy(), pid, bgIo, status -> shell.backgroundEnded(pid, status));
            shell.background.put(pid, child);
            job.env.lastBackground = pid;
            child.push(of(background.body(), bgIo));
            child.run();
            job.complete(0);
        }
    }

    static final class BodyFrame extends Frame {
        private final Node body;

        BodyFrame(Node body, Io io) {
            super(io);
            this.body = body;
        }

        @Override
        void step(Job job) {
            if (phase++ == 0) {
                job.push(of(body, io));
            } else {
                job.complete(job.status);
            }
        }
    }

    /**
     * {@code ( ... )}, a pipeline stage, {@code sh -c}: runs in a copy of the variables, and
     * {@code exit} ends only the subshell. With positional parameters for {@code sh -c 'script' arg0 args}.
     */
    static final class SubshellFrame extends Frame {
        private final Node body;
        private final List<String> args;   // arg0 first; null keeps the parent's
        private final boolean errexit;     // sh -e
        private Env saved;

        SubshellFrame(Node body, Io io, List<String> args) {
            this(body, io, args, false);
        }

        SubshellFrame(Node body, Io io, List<String> args, boolean errexit) {
            super(io);
            this.body = body;
            this.args = args;
            this.errexit = errexit;
        }

        @Override
        void step(Job job) {
            if (phase++ == 0) {
                saved = snapshot(job.env);
                if (args != null) {
                    job.env.arg0 = args.get(0);
                    job.env.positional = new ArrayList<>(args.subList(1, args.size()));
                }
                job.env.errexit |= errexit;
                job.push(of(body, io));
            } else {
                restore(job.env, saved);
                job.complete(job.status);
            }
        }

        @Override
        boolean catchesExit() {
            return true;
        }
    }

    /** A copy of the variables to put back when a subshell ends (the job keeps one Env object). */
    static Env snapshot(Env env) {
        return env.copy();
    }

    static void restore(Env env, Env saved) {
        int status = env.lastStatus;
        env.vars.clear();
        env.vars.putAll(saved.vars);
        env.exported.clear();
        env.exported.addAll(saved.exported);
        env.positional = saved.positional;
        env.arg0 = saved.arg0;
        env.cwd = saved.cwd;
        env.errexit = saved.errexit;
        env.lastStatus = status;
    }

    static final class IfFrame extends Frame {
        private final If anIf;
        private int branch;

        IfFrame(If anIf, Io io) {
            super(io);
            this.anIf = anIf;
        }

        @Override
        void step(Job job) {
            switch (phase) {
                case 0 -> { // run condition[branch]
                    phase = 1;
                    job.conditionDepth++;
                    job.push(of(anIf.conditions().get(branch), io));
                }
                case 1 -> { // condition done
                    job.conditionDepth--;
                    if (job.status == 0) {
                        phase = 2;
                        job.push(of(anIf.bodies().get(branch), io));
                    } else if (++branch < anIf.conditions().size()) {
                        phase = 0;
                    } else if (anIf.elseBody() != null) {
                        phase = 2;
                        job.push(of(anIf.elseBody(), io));
                    } else {
                        job.complete(0);
                    }
                }
                default -> job.complete(job.status);
            }
        }
    }

    /** Loops catch break and continue: {@link #levels} says how many loops a break still has to leave. */
    abstract static class LoopingFrame extends Frame {
        int lastBodyStatus;

        LoopingFrame(Io io) {
            super(io);
        }

        /** continue: go on with the next round. */
        abstract void nextRound();
    }

    static final class LoopFrame extends LoopingFrame {
        private final Loop loop;

        LoopFrame(Loop loop, Io io) {
            super(io);
            this.loop = loop;
        }

        @Override
        void step(Job job) {
            if (phase == 0) {
                phase = 1;
                job.conditionDepth++;
                job.push(of(loop.condition(), io));
            } else if (phase == 1) {
                job.conditionDepth--;
                if ((job.status == 0) != loop.until()) {
                    phase = 2;
                    job.push(of(loop.body(), io));
                } else {
                    job.complete(lastBodyStatus);
                }
            } else {
                lastBodyStatus = job.status;
                phase = 0;
            }
        }

        @Override
        void nextRound() {
            phase = 0;
        }
    }

    static final class ForFrame extends LoopingFrame {
        private final For aFor;
        private List<String> items;
        private int index;

        ForFrame(For aFor, Io io) {
            super(io);
            this.aFor = aFor;
        }

        @Override
        void step(Job job) {
            if (items == null) {
                if (aFor.items() == null) {
                    items = List.copyOf(job.env.positional);
                } else {
                    Expander expander = new Expander(job, io);
                    items = new ArrayList<>();
                    for (Word word : aFor.items()) {
                        items.addAll(expander.fields(word));
                    }
                }
            }
            if (phase == 1) {
                lastBodyStatus = job.status;
            }
            if (index == items.size()) {
                job.complete(lastBodyStatus);
                return;
            }
            job.env.set(aFor.variable(), items.get(index++));
            phase = 1;
            job.push(of(aFor.body(), io));
        }

        @Override
        void nextRound() {
            phase = 0;
        }
    }

    static final class CaseFrame extends Frame {
        private final Case aCase;

        CaseFrame(Case aCase, Io io) {
            super(io);
            this.aCase = aCase;
        }

        @Override
        void step(Job job) {
            if (phase++ > 0) {
                job.complete(job.status);
                return;
            }
            Expander expander = new Expander(job, io);
            String subject = expander.string(aCase.subject());
            for (Arm arm : aCase.arms()) {
                for (Word pattern : arm.patterns()) {
                    if (Expander.matches(expander.pattern(pattern), subject)) {
                        job.push(of(arm.body(), io));
                        return;
                    }
                }
            }
            job.complete(0);
        }
    }

    static final class RedirectedFrame extends Frame {
        private final Redirected redirected;

        RedirectedFrame(Redirected redirected, Io io) {
            super(io);
            this.redirected = redirected;
        }

        @Override
        void step(Job job) {
            if (phase++ > 0) {
                job.complete(job.status);
                return;
            }
            Io redirectedIo = Redirections.apply(job, redirected.redirs(), io);
            if (redirectedIo == null) {
                job.complete(1);
                return;
            }
            job.push(of(redirected.body(), redirectedIo));
        }
    }

    static final class FuncDefFrame extends Frame {
        private final FuncDef def;

        FuncDefFrame(FuncDef def, Io io) {
            super(io);
            this.def = def;
        }

        @Override
        void step(Job job) {
            job.shell.functions.put(def.name(), def.body());
            job.complete(0);
        }
    }

    /** A function call: its own positional parameters; return ends it. */
    static final class FunctionFrame extends Frame {
        private final Node body;
        private final List<String> args;
        private List<String> savedArgs;

        FunctionFrame(Node body, Io io, List<String> args) {
            super(io);
            this.body = body;
            this.args = args;
        }

        @Override
        void step(Job job) {
            if (phase++ == 0) {
                savedArgs = job.env.positional;
                job.env.positional = new ArrayList<>(args);
                job.push(of(body, io));
            } else {
                finish(job, job.status);
            }
        }

        void finish(Job job, int status) {
            job.env.positional = savedArgs;
            job.complete(status);
        }
    }

    /** A trap's handler; the status of the interrupted command is kept unless the handler exits. */
    static final class TrapFrame extends Frame {
        private final String handler;
        private final int savedStatus;

        TrapFrame(String handler, Io io, int savedStatus) {
            super(io);
            this.handler = handler;
            this.savedStatus = savedStatus;
        }

        @Override
        void step(Job job) {
            if (phase++ > 0) {
                job.complete(savedStatus);
                return;
            }
            try {
                job.push(of(Parser.parse(handler), io));
            } catch (ShellException e) {
                io.err().write(job.shell.name + ": trap: " + e.getMessage() + "\n");
            }
        }
    }

    /** exec: the command replaces the shell, so the shell ends with the command's status. */
    static final class ExecFrame extends Frame {
        ExecFrame(Io io) {
            super(io);
        }

        @Override
        void step(Job job) {
            job.exit(job.status);
        }
    }

    /** A command line as the kubelet hands it over (no parsing): {@code sh -c '...'}, {@code sleep 3600}. */
    static final class CommandFrame extends Frame {
        private final List<String> argv;

        CommandFrame(List<String> argv, Io io) {
            super(io);
            this.argv = List.copyOf(argv);
        }

        @Override
        void step(Job job) {
            if (phase++ > 0) {
                job.complete(job.status);
                return;
            }
            int status = Commands.run(job, argv, io, 1);
            if (status >= 0) {
                job.setStatus(status);
            }
        }
    }
}
