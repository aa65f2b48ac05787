package dev.peapod.runtime.shell;

import dev.peapod.runtime.shell.Ast.Node;
import dev.peapod.runtime.shell.Ast.Part;
import dev.peapod.runtime.shell.Ast.Word;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The programs a {@code sh -c} script runs, read from its parse tree before it starts: a script that
 * calls a program this shell does not know ({@code exec java -jar app.jar}, {@code /app/server}) is
 * left to the caller's behaviour rules (DESIGN §6) instead of failing with "not found" at once.
 */
final class Programs {
    private Programs() {
    }

    /** The first command name in the script that is neither a known command nor a function it defines; empty when none. */
    static Optional<String> firstUnknown(String script) {
        Set<String> called = new LinkedHashSet<>();
        Set<String> functions = new LinkedHashSet<>();
        walk(Parser.parse(script), called, functions);
        called.removeAll(functions);
        return called.stream().filter(name -> !known(name)).findFirst();
    }

    private static boolean known(String name) {
        int slash = name.lastIndexOf('/');
        if (slash < 0) {
            return Commands.KNOWN.contains(name);
        }
        return Commands.BIN_DIRS.contains(name.substring(0, slash)) && Commands.KNOWN.contains(name.substring(slash + 1));
    }

    private static void walk(Node node, Set<String> called, Set<String> functions) {
        if (node == null) {
            return;
        }
        if (node instanceof Ast.Seq seq) {
            seq.items().forEach(n -> walk(n, called, functions));
        } else if (node instanceof Ast.AndOr andOr) {
            walk(andOr.first(), called, functions);
            andOr.rest().forEach(n -> walk(n, called, functions));
        } else if (node instanceof Ast.Not not) {
            walk(not.body(), called, functions);
        } else if (node instanceof Ast.Pipeline pipeline) {
            pipeline.stages().forEach(n -> walk(n, called, functions));
        } else if (node instanceof Ast.Background background) {
            walk(background.body(), called, functions);
        } else if (node instanceof Ast.Simple simple) {
            simple.assigns().forEach(a -> words(List.of(a.value()), called, functions));
            words(simple.words(), called, functions);
            simple.redirs().forEach(r -> words(List.of(r.target()), called, functions));
            List<Word> words = simple.words();
            int first = !words.isEmpty() && "exec".equals(words.get(0).literal()) ? 1 : 0; // exec's argument is the program
            if (words.size() > first) {
                String name = words.get(first).literal();
                called.add(name == null ? "$(...)" : name); // a computed name cannot be known in advance
            }
        } else if (node instanceof Ast.If anIf) {
            anIf.conditions().forEach(n -> walk(n, called, functions));
            anIf.bodies().forEach(n -> walk(n, called, functions));
            walk(anIf.elseBody(), called, functions);
        } else if (node instanceof Ast.Loop loop) {
            walk(loop.condition(), called, functions);
            walk(loop.body(), called, functions);
        } else if (node instanceof Ast.For aFor) {
            if (aFor.items() != null) {
                words(aFor.items(), called, functions);
            }
            walk(aFor.body(), called, functions);
        } else if (node instanceof Ast.Case aCase) {
            words(List.of(aCase.subject()), called, functions);
            aCase.arms().forEach(arm -> walk(arm.body(), called, functions));
        } else if (node instanceof Ast.Group group) {
            walk(group.body(), called, functions);
        } else if (node instanceof Ast.Redirected redirected) {
            walk(redirected.body(), called, functions);
        } else if (node instanceof Ast.FuncDef def) {
            functions.add(def.name());
            walk(def.body(), called, functions);
        }
    }

    /** Command substitutions inside words run programs too. */
    private static void words(List<Word> words, Set<String> called, Set<String> functions) {
        for (Word word : words) {
            if (word == null) {
                continue;
            }
            for (Part part : word.parts()) {
                if (part instanceof Ast.CmdSub sub) {
                    walk(sub.body(), called, functions);
                } else if (part instanceof Ast.Param param && param.arg() != null) {
                    words(List.of(param.arg()), called, functions);
                } else if (part instanceof Ast.Arith arith) {
                    words(List.of(arith.expression()), called, functions);
                }
            }
        }
    }
}
