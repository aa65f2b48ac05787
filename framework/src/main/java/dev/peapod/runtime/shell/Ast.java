package dev.peapod.runtime.shell;

import java.util.List;

/** The parsed script: POSIX sh's grammar, cut down to what manifests use. */
final class Ast {
    private Ast() {
    }

    /** Where a construct starts in the script, 1-based. */
    record Pos(int line, int column) {
    }

    sealed interface Node permits Seq, AndOr, Not, Pipeline, Background, Simple, If, Loop, For, Case, Group,
            Redirected, FuncDef {
    }

    /** Commands run one after the other ({@code ;} or newline). */
    record Seq(List<Node> items) implements Node {
    }

    /** {@code a && b || c}: ops[i] joins rest[i] to what came before. */
    record AndOr(Node first, List<String> ops, List<Node> rest) implements Node {
    }

    record Not(Node body) implements Node {
    }

    record Pipeline(List<Node> stages) implements Node {
    }

    /** {@code cmd &}. */
    record Background(Node body) implements Node {
    }

    record Simple(List<Assign> assigns, List<Word> words, List<Redir> redirs, Pos pos) implements Node {
    }

    /** {@code if c1; then b1; elif c2; then b2; else e; fi}; elseBody may be null. */
    record If(List<Node> conditions, List<Node> bodies, Node elseBody) implements Node {
    }

    record Loop(boolean until, Node condition, Node body) implements Node {
    }

    /** {@code for var in items; do body; done}; items null means {@code "$@"}. */
    record For(String variable, List<Word> items, Node body) implements Node {
    }

    record Case(Word subject, List<Arm> arms) implements Node {
    }

    record Arm(List<Word> patterns, Node body) {
    }

    /** {@code { ...; }}, or {@code ( ... )} when subshell. */
    record Group(Node body, boolean subshell) implements Node {
    }

    /** A compound command with its redirections: {@code while ...; done > file}. */
    record Redirected(Node body, List<Redir> redirs) implements Node {
    }

    record FuncDef(String name, Node body) implements Node {
    }

    record Assign(String name, Word value) {
    }

    /** {@code fd op target}: ops {@code > >> < >& <&}. */
    record Redir(int fd, String op, Word target) {
    }

    /** A word before expansion. */
    record Word(List<Part> parts, Pos pos) {
        /** The word as a plain literal when it has no quoting and no expansion (reserved words, names). */
        String literal() {
            if (parts.size() == 1 && parts.get(0) instanceof Lit lit && !lit.quoted()) {
                return lit.text();
            }
            return parts.isEmpty() ? "" : null;
        }
    }

    sealed interface Part permits Lit, Param, CmdSub, Arith {
    }

    record Lit(String text, boolean quoted) implements Part {
    }

    /** {@code $name}, {@code ${name}}, {@code ${name:-word}} (op {@code :-}, {@code -}, {@code :=}, {@code :+}, {@code #} for length). */
    record Param(String name, String op, Word arg, boolean quoted) implements Part {
    }

    record CmdSub(Node body, boolean quoted) implements Part {
    }

    record Arith(Word expression, boolean quoted) implements Part {
    }
}
