package dev.peapod.runtime.shell;

import dev.peapod.runtime.shell.Ast.AndOr;
import dev.peapod.runtime.shell.Ast.Arith;
import dev.peapod.runtime.shell.Ast.Arm;
import dev.peapod.runtime.shell.Ast.Assign;
import dev.peapod.runtime.shell.Ast.Background;
import dev.peapod.runtime.shell.Ast.Case;
import dev.peapod.runtime.shell.Ast.CmdSub;
import dev.peapod.runtime.shell.Ast.For;
import dev.peapod.runtime.shell.Ast.FuncDef;
import dev.peapod.runtime.shell.Ast.Group;
import dev.peapod.runtime.shell.Ast.If;
import dev.peapod.runtime.shell.Ast.Lit;
import dev.peapod.runtime.shell.Ast.Loop;
import dev.peapod.runtime.shell.Ast.Node;
import dev.peapod.runtime.shell.Ast.Not;
import dev.peapod.runtime.shell.Ast.Param;
import dev.peapod.runtime.shell.Ast.Part;
import dev.peapod.runtime.shell.Ast.Pipeline;
import dev.peapod.runtime.shell.Ast.Pos;
import dev.peapod.runtime.shell.Ast.Redir;
import dev.peapod.runtime.shell.Ast.Redirected;
import dev.peapod.runtime.shell.Ast.Seq;
import dev.peapod.runtime.shell.Ast.Simple;
import dev.peapod.runtime.shell.Ast.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a script into an {@link Ast} by POSIX sh's grammar (XCU 2.10), lexing on demand because a
 * shell's tokens depend on where they stand. What the shell does not support is refused here, before
 * anything runs, with the construct and its position.
 */
final class Parser {
    private static final Set<String> CLOSERS = Set.of("then", "elif", "else", "fi", "do", "done", "esac", "}");
    private static final Set<String> UNSUPPORTED_WORDS = Set.of("function", "select", "coproc");

    private enum Kind { WORD, OP, REDIR, NEWLINE, EOF }

    /** One token; for REDIR, text is the operator and fd the descriptor it redirects. */
    private record Token(Kind kind, String text, Word word, int fd, int offset) {
        boolean isOp(String op) {
            return kind == Kind.OP && text.equals(op);
        }

        boolean isWord(String reserved) {
            return kind == Kind.WORD && reserved.equals(word.literal());
        }
    }

    private final String src;
    private final int end;
    private int at;
    private final List<Token> ahead = new ArrayList<>();

    private Parser(String src, int start, int end) {
        this.src = src;
        this.at = start;
        this.end = end;
    }

    static Node parse(String script) {
        Parser parser = new Parser(script, 0, script.length());
        Node program = parser.list();
        Token next = parser.peek();
        if (next.kind != Kind.EOF) {
            throw parser.unexpected(next, null);
        }
        return program;
    }

    // ---- grammar ----

    private Node list() {
        List<Node> items = new ArrayList<>();
        while (true) {
            skipNewlines();
            Token t = peek();
            if (t.kind == Kind.EOF || t.isOp(")") || t.isOp(";;") || (t.kind == Kind.WORD && t.word.literal() != null && CLOSERS.contains(t.word.literal()))) {
                break;
            }
            Node item = andOr();
            Token sep = peek();
            if (sep.isOp("&")) {
                next();
                item = new Background(item);
            } else if (sep.isOp(";") || sep.kind == Kind.NEWLINE) {
                next();
            } else {
                items.add(item);
                break;
            }
            items.add(item);
        }
        return new Seq(List.copyOf(items));
    }

    /** A list that must hold at least one command, as after {@code then} or {@code do}. */
    private Node body(String after, String expecting) {
        Node body = list();
        if (((Seq) body).items().isEmpty()) {
            Token t = peek();
            throw error(t, describe(t), "syntax error: " + unexpectedText(t) + " (a command must follow \"" + after + "\")");
        }
        expectWord(expecting, after);
        return body;
    }

    private Node andOr() {
        Node first = pipeline();
        List<String> ops = new ArrayList<>();
        List<Node> rest = new ArrayList<>();
        while (peek().isOp("&&") || peek().isOp("||")) {
            ops.add(next().text);
            skipNewlines();
            rest.add(pipeline());
        }
        return ops.isEmpty() ? first : new AndOr(first, List.copyOf(ops), List.copyOf(rest));
    }

    private Node pipeline() {
        boolean not = false;
        if (peek().isWord("!")) {
            next();
            not = true;
        }
        List<Node> stages = new ArrayList<>();
        stages.add(command());
        while (peek().isOp("|")) {
            next();
            skipNewlines();
            stages.add(command());
        }
        Node pipeline = stages.size() == 1 ? stages.get(0) : new Pipeline(List.copyOf(stages));
        return not ? new Not(pipeline) : pipeline;
    }

    private Node command() {
        Token t = peek();
        if (t.isOp("(")) {
            next();
            Node body = list();
            expectOp(")", "(");
            return redirected(new Group(body, true));
        }
        if (t.kind == Kind.WORD) {
            String word = t.word.literal();
            if (word != null) {
                switch (word) {
                    case "if" -> {
                        return redirected(ifCommand());
                    }
                    case "while", "until" -> {
                        next();
                        Node condition = body(word, "do");
                        Node body = body("do", "done");
                        return redirected(new Loop(word.equals("until"), condition, body));
                    }
                    case "for" -> {
                        return redirected(forCommand());
                    }
                    case "case" -> {
                        return redirected(caseCommand());
                    }
                    case "{" -> {
                        next();
                        Node body = body("{", "}");
                        return redirected(new Group(body, false));
                    }
                    case "[[" -> {
                        return redirected(doubleBracket());
                    }
                    default -> {
                    }
                }
                if (CLOSERS.contains(word)) {
                    throw unexpected(t, null);
                }
                if (UNSUPPORTED_WORDS.contains(word)) {
                    throw error(t, word, "\"" + word + "\" is bash syntax that Peapod's shell does not support;"
                            + (word.equals("[[") ? " use [ ... ] (test) instead" : " write the script in POSIX sh"));
                }
                if (isName(word) && peekAt(1).isOp("(")) {
                    next();
                    next();
                    expectOp(")", word + " (");
                    skipNewlines();
                    Node body = command();
                    return new FuncDef(word, body);
                }
            }
        }
        return simple();
    }

    /**
     * {@code [[ expression ]]}, as busybox ash (bash compatibility) and bash take it, in its simple
     * forms: one test ({@code -e f}, {@code $a = b}, {@code -n "$x"}) run as {@code [ ... ]} with no
     * word splitting or globbing of its words. {@code &&}, {@code ||}, {@code <}, {@code >},
     * {@code (} and {@code =~} inside it, and patterns after {@code ==}, are refused by name.
     */
    private Node doubleBracket() {
        Token open = next();
        List<Word> words = new ArrayList<>();
        words.add(new Word(List.of(new Lit("[", false)), open.word.pos()));
        String previous = null; // the last word as written, when it is a plain literal
        while (true) {
            Token t = peek();
            if (t.kind == Kind.WORD && "]]".equals(t.word.literal())) {
                next();
                break;
            }
            if (t.kind != Kind.WORD) {
                if (t.kind == Kind.EOF || t.kind == Kind.NEWLINE) {
                    throw error(t, "[[", "syntax error: \"[[\" is not closed by \"]]\"");
                }
                throw error(t, describe(t), "\"" + describe(t) + "\" inside [[ ]] is not supported by Peapod's shell; "
                        + "write [ ... ] " + describe(t) + " [ ... ] or use test instead");
            }
            String literal = t.word.literal();
            if ("=~".equals(literal)) {
                throw error(t, "=~", "\"=~\" (a regular expression match) inside [[ ]] is not supported by Peapod's shell; "
                        + "use grep -E instead");
            }
            boolean afterComparison = "==".equals(previous) || "!=".equals(previous) || "=".equals(previous);
            if (afterComparison && t.word.parts().stream().anyMatch(p -> p instanceof Lit lit && !lit.quoted()
                    && lit.text().matches(".*[*?\\[].*"))) {
                throw error(t, describe(t), "a pattern after \"" + previous + "\" inside [[ ]] "
                        + "is not supported by Peapod's shell; use case ... in pattern) ... esac instead");
            }
            next();
            words.add(unsplit(t.word));
            previous = literal;
        }
        words.add(new Word(List.of(new Lit("]", false)), open.word.pos()));
        return new Simple(List.of(), List.copyOf(words), List.of(), position(open.offset));
    }

    /** A word inside [[ ]]: expanded, but never split into fields or globbed. */
    private static Word unsplit(Word word) {
        List<Part> parts = new ArrayList<>();
        for (Part part : word.parts()) {
            if (part instanceof Lit lit) {
                parts.add(new Lit(lit.text(), true));
            } else if (part instanceof Param param) {
                parts.add(new Param(param.name(), param.op(), param.arg(), true));
            } else if (part instanceof CmdSub sub) {
                parts.add(new CmdSub(sub.body(), true));
            } else {
                Arith arith = (Arith) part;
                parts.add(new Arith(arith.expression(), true));
            }
        }
        return new Word(List.copyOf(parts), word.pos());
    }

    private Node redirected(Node compound) {
        List<Redir> redirs = new ArrayList<>();
        while (peek().kind == Kind.REDIR) {
            redirs.add(redirection());
        }
        return redirs.isEmpty() ? compound : new Redirected(compound, List.copyOf(redirs));
    }

    private Node ifCommand() {
        next();
        List<Node> conditions = new ArrayList<>();
        List<Node> bodies = new ArrayList<>();
        conditions.add(body("if", "then"));
        Node elseBody = null;
        while (true) {
            Node body = list();
            Token t = peek();
            if (((Seq) body).items().isEmpty()) {
                throw error(t, describe(t), "syntax error: " + unexpectedText(t) + " (a command must follow \"then\")");
            }
            bodies.add(body);
            if (t.isWord("elif")) {
                next();
                conditions.add(body("elif", "then"));
            } else if (t.isWord("else")) {
                next();
                elseBody = body("else", "fi");
                break;
            } else {
                expectWord("fi", "then");
                break;
            }
        }
        return new If(List.copyOf(conditions), List.copyOf(bodies), elseBody);
    }

    private Node forCommand() {
        next();
        Token name = next();
        if (name.kind != Kind.WORD || name.word.literal() == null || !isName(name.word.literal())) {
            throw error(name, describe(name), "syntax error: \"for\" needs a variable name, not " + (name.kind == Kind.EOF ? "the end of the script" : "\"" + describe(name) + "\""));
        }
        List<Word> items = null;
        skipNewlines();
        if (peek().isWord("in")) {
            next();
            items = new ArrayList<>();
            while (peek().kind == Kind.WORD) {
                items.add(next().word);
            }
            Token sep = peek();
            if (sep.isOp(";") || sep.kind == Kind.NEWLINE) {
                next();
            }
        } else if (peek().isOp(";")) {
            next();
        }
        skipNewlines();
        expectWord("do", "for " + name.word.literal());
        Node body = body("do", "done");
        return new For(name.word.literal(), items == null ? null : List.copyOf(items), body);
    }

    private Node caseCommand() {
        next();
        Token subject = next();
        if (subject.kind != Kind.WORD) {
            throw error(subject, describe(subject), "syntax error: \"case\" needs a word, not " + unexpectedText(subject));
        }
        skipNewlines();
        expectWord("in", "case " + src.substring(subject.offset, Math.min(end, subject.offset + 20)).split("\\s")[0]);
        List<Arm> arms = new ArrayList<>();
        while (true) {
            skipNewlines();
            if (peek().isWord("esac")) {
                next();
                break;
            }
            if (peek().isOp("(")) {
                next();
            }
            List<Word> patterns = new ArrayList<>();
            Token pattern = next();
            if (pattern.kind != Kind.WORD) {
                throw unexpected(pattern, "esac");
            }
            patterns.add(pattern.word);
            while (peek().isOp("|")) {
                next();
                Token more = next();
                if (more.kind != Kind.WORD) {
                    throw unexpected(more, "a pattern");
                }
                patterns.add(more.word);
            }
            expectOp(")", "a case pattern");
            Node body = list();
            arms.add(new Arm(List.copyOf(patterns), body));
            if (peek().isOp(";;")) {
                next();
            } else if (!peek().isWord("esac")) {
                throw unexpected(peek(), ";;");
            }
        }
        return new Case(subject.word, List.copyOf(arms));
    }

    private Node simple() {
        List<Assign> assigns = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<Redir> redirs = new ArrayList<>();
        Token first = peek();
        while (true) {
            Token t = peek();
            if (t.kind == Kind.REDIR) {
                redirs.add(redirection());
            } else if (t.kind == Kind.WORD) {
                next();
                Assign assign = words.isEmpty() ? assignment(t.word) : null;
                if (assign != null) {
                    assigns.add(assign);
                } else {
                    words.add(t.word);
                }
            } else {
                break;
            }
        }
        if (assigns.isEmpty() && words.isEmpty() && redirs.isEmpty()) {
            throw unexpected(first, null);
        }
        return new Simple(List.copyOf(assigns), List.copyOf(words), List.copyOf(redirs), position(first.offset));
    }

    private Redir redirection() {
        Token op = next();
        Token target = next();
        if (target.kind != Kind.WORD) {
            throw error(target, describe(target), "syntax error: " + unexpectedText(target) + " (a file name must follow \"" + op.text + "\")");
        }
        return new Redir(op.fd, op.text, target.word);
    }

    private static Assign assignment(Word word) {
        if (word.parts().isEmpty() || !(word.parts().get(0) instanceof Lit lit) || lit.quoted()) {
            return null;
        }
        int eq = lit.text().indexOf('=');
        if (eq <= 0 || !isName(lit.text().substring(0, eq))) {
            return null;
        }
        List<Part> value = new ArrayList<>();
        if (eq + 1 < lit.text().length()) {
            value.add(new Lit(lit.text().substring(eq + 1), false));
        }
        value.addAll(word.parts().subList(1, word.parts().size()));
        return new Assign(lit.text().substring(0, eq), new Word(List.copyOf(value), word.pos()));
    }

    static boolean isName(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private void skipNewlines() {
        while (peek().kind == Kind.NEWLINE) {
            next();
        }
    }

    private void expectWord(String word, String opener) {
        Token t = peek();
        if (!t.isWord(word)) {
            throw error(t, describe(t), "syntax error: " + unexpectedText(t) + " (expecting \"" + word + "\" to go with \"" + opener + "\")");
        }
        next();
    }

    private void expectOp(String op, String opener) {
        Token t = peek();
        if (!t.isOp(op)) {
            throw error(t, describe(t), "syntax error: " + unexpectedText(t) + " (expecting \"" + op + "\" to go with \"" + opener + "\")");
        }
        next();
    }

    private ShellException unexpected(Token t, String expecting) {
        return error(t, describe(t), "syntax error: " + unexpectedText(t) + (expecting == null ? "" : " (expecting \"" + expecting + "\")"));
    }

    private static String describe(Token t) {
        return switch (t.kind) {
            case EOF -> "end of script";
            case NEWLINE -> "newline";
            case WORD -> t.word.literal() == null ? "word" : t.word.literal();
            default -> t.text;
        };
    }

    private static String unexpectedText(Token t) {
        return t.kind == Kind.EOF ? "unexpected end of script" : "unexpected \"" + describe(t) + "\"";
    }

    private ShellException error(Token t, String construct, String message) {
        Pos p = position(t.offset);
        return new ShellException(construct, p.line(), p.column(), message);
    }

    private ShellException errorAt(int offset, String construct, String message) {
        Pos p = position(offset);
        return new ShellException(construct, p.line(), p.column(), message);
    }

    private Pos position(int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Pos(line, column);
    }

    // ---- tokens ----

    private Token peek() {
        return peekAt(0);
    }

    private Token peekAt(int n) {
        while (ahead.size() <= n) {
            ahead.add(lex());
        }
        return ahead.get(n);
    }

    private Token next() {
        Token t = peek();
        ahead.remove(0);
        return t;
    }

    private char ch(int i) {
        return i < end ? src.charAt(i) : '\0';
    }

    private Token lex() {
        while (at < end) {
            char c = src.charAt(at);
            if (c == ' ' || c == '\t' || c == '\r') {
                at++;
            } else if (c == '\\' && ch(at + 1) == '\n') {
                at += 2;
            } else if (c == '#') {
                while (at < end && src.charAt(at) != '\n') {
                    at++;
                }
            } else {
                break;
            }
        }
        int start = at;
        if (at >= end) {
            return new Token(Kind.EOF, "", null, -1, start);
        }
        char c = src.charAt(at);
        if (c == '\n') {
            at++;
            return new Token(Kind.NEWLINE, "\n", null, -1, start);
        }
        if (Character.isDigit(c)) {
            int i = at;
            while (Character.isDigit(ch(i))) {
                i++;
            }
            if (ch(i) == '>' || ch(i) == '<') {
                int fd = Integer.parseInt(src.substring(at, i));
                at = i;
                return redirect(start, fd);
            }
        }
        switch (c) {
            case '>', '<' -> {
                return redirect(start, c == '>' ? 1 : 0);
            }
            case '&' -> {
                if (ch(at + 1) == '&') {
                    at += 2;
                    return new Token(Kind.OP, "&&", null, -1, start);
                }
                if (ch(at + 1) == '>') {
                    throw errorAt(start, "&>", "\"&>\" is bash syntax that Peapod's shell does not support; write \"> file 2>&1\"");
                }
                at++;
                return new Token(Kind.OP, "&", null, -1, start);
            }
            case '|' -> {
                if (ch(at + 1) == '|') {
                    at += 2;
                    return new Token(Kind.OP, "||", null, -1, start);
                }
                if (ch(at + 1) == '&') {
                    throw errorAt(start, "|&", "\"|&\" is bash syntax that Peapod's shell does not support; write \"2>&1 |\"");
                }
                at++;
                return new Token(Kind.OP, "|", null, -1, start);
            }
            case ';' -> {
                if (ch(at + 1) == ';') {
                    if (ch(at + 2) == '&') {
                        throw errorAt(start, ";;&", "\";;&\" (bash case fall-through) is not supported by Peapod's shell");
                    }
                    at += 2;
                    return new Token(Kind.OP, ";;", null, -1, start);
                }
                if (ch(at + 1) == '&') {
                    throw errorAt(start, ";&", "\";&\" (bash case fall-through) is not supported by Peapod's shell");
                }
                at++;
                return new Token(Kind.OP, ";", null, -1, start);
            }
            case '(' -> {
                if (ch(at + 1) == '(') {
                    throw errorAt(start, "((", "the arithmetic command \"((...))\" is bash syntax that Peapod's shell does not support; use [ ... ] or $((...))");
                }
                at++;
                return new Token(Kind.OP, "(", null, -1, start);
            }
            case ')' -> {
                at++;
                return new Token(Kind.OP, ")", null, -1, start);
            }
            default -> {
                return new Token(Kind.WORD, null, word(), -1, start);
            }
        }
    }

    private Token redirect(int start, int fd) {
        char c = src.charAt(at);
        char d = ch(at + 1);
        String op;
        if (c == '<' && d == '<') {
            String construct = ch(at + 2) == '<' ? "<<<" : "<<";
            throw errorAt(start, construct, (construct.equals("<<") ? "here-documents (\"<<\")" : "here-strings (\"<<<\")")
                    + " are not supported by Peapod's shell; write the text with printf or echo and a pipe");
        } else if (d == '(') {
            throw errorAt(start, c + "(", "process substitution (\"" + c + "(\") is bash syntax that Peapod's shell does not support");
        } else if (c == '<' && d == '>') {
            throw errorAt(start, "<>", "\"<>\" (open for reading and writing) is not supported by Peapod's shell");
        } else if (c == '>' && d == '|') {
            throw errorAt(start, ">|", "\">|\" (noclobber override) is not supported by Peapod's shell; write \">\"");
        } else if (c == '>' && d == '>') {
            op = ">>";
        } else if (d == '&') {
            op = c + "&";
        } else {
            op = String.valueOf(c);
        }
        at += op.length();
        return new Token(Kind.REDIR, op, null, fd, start);
    }

    // ---- words ----

    private static boolean isMeta(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>'
                || c == '(' || c == ')';
    }

    private Word word() {
        int start = at;
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        while (at < end && !isMeta(src.charAt(at))) {
            char c = src.charAt(at);
            if (c == '\\') {
                if (ch(at + 1) == '\n') {
                    at += 2;
                    continue;
                }
                flush(parts, lit);
                if (at + 1 >= end) {
                    at++;
                    lit.append('\\');
                    continue;
                }
                parts.add(new Lit(String.valueOf(src.charAt(at + 1)), true));
                at += 2;
            } else if (c == '\'') {
                flush(parts, lit);
                int close = src.indexOf('\'', at + 1);
                if (close < 0 || close >= end) {
                    throw errorAt(at, "'", "syntax error: unterminated quoted string (a ' has no closing ')");
                }
                parts.add(new Lit(src.substring(at + 1, close), true));
                at = close + 1;
            } else if (c == '"') {
                flush(parts, lit);
                int open = at;
                at++;
                doubleQuoted(parts, open);
            } else if (c == '$') {
                flush(parts, lit);
                parts.add(dollar(false));
            } else if (c == '`') {
                flush(parts, lit);
                parts.add(backtick(false));
            } else {
                if (c == '=' && ch(at + 1) == '(' && parts.isEmpty() && isName(lit.toString())) {
                    throw errorAt(at + 1, "=(", "arrays (\"" + lit + "=(...)\") are bash syntax that Peapod's shell does not support");
                }
                lit.append(c);
                at++;
            }
        }
        flush(parts, lit);
        return new Word(List.copyOf(parts), position(start));
    }

    private static void flush(List<Part> parts, StringBuilder lit) {
        if (!lit.isEmpty()) {
            parts.add(new Lit(lit.toString(), false));
            lit.setLength(0);
        }
    }

    /** After the opening {@code "}: up to the closing one. */
    private void doubleQuoted(List<Part> parts, int open) {
        StringBuilder lit = new StringBuilder();
        while (true) {
            if (at >= end) {
                throw errorAt(open, "\"", "syntax error: unterminated quoted string (a \" has no closing \")");
            }
            char c = src.charAt(at);
            if (c == '"') {
                at++;
                break;
            }
            if (c == '\\' && "$`\"\\\n".indexOf(ch(at + 1)) >= 0 && at + 1 < end) {
                if (ch(at + 1) != '\n') {
                    lit.append(ch(at + 1));
                }
                at += 2;
            } else if (c == '$') {
                quotedFlush(parts, lit);
                parts.add(dollar(true));
            } else if (c == '`') {
                quotedFlush(parts, lit);
                parts.add(backtick(true));
            } else {
                lit.append(c);
                at++;
            }
        }
        quotedFlush(parts, lit);
        if (parts.isEmpty() || parts.get(parts.size() - 1) instanceof Lit == false && lit.isEmpty()) {
            parts.add(new Lit("", true)); // "" is an empty word, not no word
        }
    }

    private static void quotedFlush(List<Part> parts, StringBuilder lit) {
        if (!lit.isEmpty()) {
            parts.add(new Lit(lit.toString(), true));
            lit.setLength(0);
        }
    }

    private Part dollar(boolean quoted) {
        int start = at;
        char c = ch(at + 1);
        if (c == '(' && ch(at + 2) == '(') {
            int close = matching(at + 3, '(', ')', 2);
            Parser inner = new Parser(src, at + 3, close - 1);
            List<Part> parts = new ArrayList<>();
            inner.expressionParts(parts);
            at = close + 1;
            return new Arith(new Word(List.copyOf(parts), position(start)), quoted);
        }
        if (c == '(') {
            int close = matching(at + 2, '(', ')', 1);
            Node body = subScript(at + 2, close);
            at = close + 1;
            return new CmdSub(body, quoted);
        }
        if (c == '[') {
            throw errorAt(start, "$[", "\"$[...]\" is obsolete bash arithmetic that Peapod's shell does not support; write $((...))");
        }
        if (c == '{') {
            return braced(start, quoted);
        }
        if (Character.isLetter(c) || c == '_') {
            int i = at + 1;
            while (i < end && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
                i++;
            }
            String name = src.substring(at + 1, i);
            at = i;
            return new Param(name, "", null, quoted);
        }
        if ("?$#!@*-".indexOf(c) >= 0 && c != '\0' || Character.isDigit(c)) {
            at += 2;
            return new Param(String.valueOf(c), "", null, quoted);
        }
        at++;
        return new Lit("$", quoted);
    }

    private Part braced(int start, boolean quoted) {
        int close = matching(at + 2, '{', '}', 1);
        String inside = src.substring(at + 2, close);
        if (inside.startsWith("#") && inside.length() > 1 && isName(inside.substring(1))) {
            at = close + 1;
            return new Param(inside.substring(1), "#", null, quoted);
        }
        if (inside.startsWith("!")) {
            throw errorAt(start, "${!", "indirect expansion (\"${!...}\") is bash syntax that Peapod's shell does not support");
        }
        int i = 0;
        while (i < inside.length() && (Character.isLetterOrDigit(inside.charAt(i)) || inside.charAt(i) == '_')) {
            i++;
        }
        if (i == 0 && !inside.isEmpty() && "?$#!@*".indexOf(inside.charAt(0)) >= 0) {
            i = 1;
        }
        String name = inside.substring(0, i);
        if (name.isEmpty() || !(isName(name) || name.chars().allMatch(Character::isDigit) || name.length() == 1)) {
            throw errorAt(start, "${" + inside + "}", "syntax error: bad substitution \"${" + inside + "}\"");
        }
        String rest = inside.substring(i);
        if (rest.isEmpty()) {
            at = close + 1;
            return new Param(name, "", null, quoted);
        }
        String op = null;
        for (String candidate : List.of(":-", ":=", ":+", ":?", "-", "=", "+", "?")) {
            if (rest.startsWith(candidate)) {
                op = candidate;
                break;
            }
        }
        if (op == null) {
            String construct = rest.startsWith("[") ? "${" + name + "[" : "${" + name + rest.charAt(0)
                    + (rest.length() > 1 && rest.charAt(1) == rest.charAt(0) ? String.valueOf(rest.charAt(0)) : "");
            throw errorAt(start, construct, "the parameter expansion \"" + construct + "...}\" is not supported by Peapod's shell;"
                    + " it knows ${X}, ${#X}, ${X:-d}, ${X-d}, ${X:=d}, ${X:+d} and ${X:?msg}");
        }
        Parser inner = new Parser(src, at + 2 + i + op.length(), close);
        List<Part> parts = new ArrayList<>();
        inner.expressionParts(parts);
        at = close + 1;
        return new Param(name, op, new Word(List.copyOf(parts), position(start)), quoted);
    }

    /** The inside of ${X:-...} or $((...)): quotes and expansions, no field splitting. */
    private void expressionParts(List<Part> parts) {
        StringBuilder lit = new StringBuilder();
        while (at < end) {
            char c = src.charAt(at);
            if (c == '\'') {
                quotedFlush(parts, lit);
                int close = src.indexOf('\'', at + 1);
                if (close < 0 || close >= end) {
                    throw errorAt(at, "'", "syntax error: unterminated quoted string (a ' has no closing ')");
                }
                parts.add(new Lit(src.substring(at + 1, close), true));
                at = close + 1;
            } else if (c == '"') {
                quotedFlush(parts, lit);
                int open = at;
                at++;
                doubleQuoted(parts, open);
            } else if (c == '\\' && at + 1 < end) {
                lit.append(src.charAt(at + 1));
                at += 2;
            } else if (c == '$') {
                quotedFlush(parts, lit);
                parts.add(dollar(false));
            } else if (c == '`') {
                quotedFlush(parts, lit);
                parts.add(backtick(false));
            } else {
                lit.append(c);
                at++;
            }
        }
        if (!lit.isEmpty()) {
            parts.add(new Lit(lit.toString(), false));
        }
    }

    private Part backtick(boolean quoted) {
        int open = at;
        StringBuilder inner = new StringBuilder();
        int i = at + 1;
        while (true) {
            if (i >= end) {
                throw errorAt(open, "`", "syntax error: unterminated command substitution (a ` has no closing `)");
            }
            char c = src.charAt(i);
            if (c == '`') {
                break;
            }
            if (c == '\\' && "$`\\".indexOf(ch(i + 1)) >= 0) {
                inner.append(ch(i + 1));
                i += 2;
            } else {
                inner.append(c);
                i++;
            }
        }
        at = i + 1;
        String text = inner.toString();
        try {
            return new CmdSub(parse(text), quoted);
        } catch (ShellException e) {
            Pos p = position(open + 1);
            throw new ShellException(e.construct(), p.line() + e.line() - 1, e.line() == 1 ? p.column() + e.column() - 1 : e.column(),
                    e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    private Node subScript(int from, int to) {
        Parser inner = new Parser(src, from, to);
        Node body = inner.list();
        Token next = inner.peek();
        if (next.kind != Kind.EOF) {
            throw inner.unexpected(next, null);
        }
        return body;
    }

    /**
     * The index of the closer that ends a construct opened just before {@code from}, skipping quotes
     * and nested openers; {@code count} closers in a row end it ({@code ))} for arithmetic).
     */
    private int matching(int from, char open, char close, int count) {
        int depth = 0;
        int i = from;
        while (i < end) {
            char c = src.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\'' && open != '{') {
                int q = src.indexOf('\'', i + 1);
                i = q < 0 ? end : q + 1;
                continue;
            }
            if (c == '"') {
                int j = i + 1;
                while (j < end && src.charAt(j) != '"') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                continue;
            }
            if (c == open) {
                depth++;
            } else if (c == close) {
                if (depth == 0) {
                    if (count == 2) {
                        if (ch(i + 1) == close) {
                            return i + 1;
                        }
                    } else {
                        return i;
                    }
                } else {
                    depth--;
                }
            }
            i++;
        }
        String opener = count == 2 ? "$((" : open == '(' ? "$(" : "${";
        String closer = count == 2 ? "))" : String.valueOf(close);
        throw errorAt(from - opener.length(), opener, "syntax error: unterminated \"" + opener + "\" (no closing \"" + closer + "\")");
    }
}
