package dev.peapod.runtime.shell;

/**
 * {@code $((...))} (XCU 2.6.4): integers, variables by name, + - * / % comparisons, && || ! and
 * parentheses. Assignment operators are refused with a message.
 */
final class Arithmetic {
    private final String text;
    private final Env env;
    private int at;

    private Arithmetic(String text, Env env) {
        this.text = text;
        this.env = env;
    }

    /** The value; IllegalArgumentException with what is wrong. */
    static long eval(String text, Env env) {
        Arithmetic a = new Arithmetic(text, env);
        long value = a.binary(0);
        a.blanks();
        if (a.at < text.length()) {
            throw new IllegalArgumentException("unexpected \"" + text.substring(a.at) + "\" in \"" + text + "\"");
        }
        return value;
    }

    private static final String[][] LEVELS = {
        {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"},
    };

    private long binary(int level) {
        if (level == LEVELS.length) {
            return unary();
        }
        long left = binary(level + 1);
        while (true) {
            String op = operator(LEVELS[level]);
            if (op == null) {
                return left;
            }
            long right = binary(level + 1);
            left = apply(op, left, right);
        }
    }

    private String operator(String[] ops) {
        blanks();
        for (String op : ops) {
            if (text.startsWith(op, at)) {
                String after = at + op.length() < text.length() ? String.valueOf(text.charAt(at + op.length())) : "";
                if (after.equals("=") && !op.equals("<") && !op.equals(">") || (op.equals("|") && after.equals("|"))
                        || (op.equals("&") && after.equals("&")) || (op.equals("<") && after.equals("<"))
                        || (op.equals(">") && after.equals(">"))) {
                    if (after.equals("=") && !op.equals("=") && !op.equals("!")) {
                        throw new IllegalArgumentException("assignment \"" + op + "=\" in $((...)) is not supported by Peapod's shell");
                    }
                    continue;
                }
                at += op.length();
                return op;
            }
        }
        return null;
    }

    private static long apply(String op, long a, long b) {
        return switch (op) {
            case "||" -> (a != 0 || b != 0) ? 1 : 0;
            case "&&" -> (a != 0 && b != 0) ? 1 : 0;
            case "|" -> a | b;
            case "^" -> a ^ b;
            case "&" -> a & b;
            case "==" -> a == b ? 1 : 0;
            case "!=" -> a != b ? 1 : 0;
            case "<=" -> a <= b ? 1 : 0;
            case ">=" -> a >= b ? 1 : 0;
            case "<" -> a < b ? 1 : 0;
            case ">" -> a > b ? 1 : 0;
            case "<<" -> a << b;
            case ">>" -> a >> b;
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            default -> {
                if (b == 0) {
                    throw new IllegalArgumentException("division by zero");
                }
                yield op.equals("/") ? a / b : a % b;
            }
        };
    }

    private long unary() {
        blanks();
        if (at >= text.length()) {
            throw new IllegalArgumentException("missing operand in \"" + text + "\"");
        }
        char c = text.charAt(at);
        if (c == '-' || c == '+' || c == '!' || c == '~') {
            at++;
            long v = unary();
            return switch (c) {
                case '-' -> -v;
                case '!' -> v == 0 ? 1 : 0;
                case '~' -> ~v;
                default -> v;
            };
        }
        if (c == '(') {
            at++;
            long v = binary(0);
            blanks();
            if (at >= text.length() || text.charAt(at) != ')') {
                throw new IllegalArgumentException("missing \")\" in \"" + text + "\"");
            }
            at++;
            return v;
        }
        int start = at;
        if (Character.isDigit(c)) {
            while (at < text.length() && Character.isLetterOrDigit(text.charAt(at))) {
                at++;
            }
            String number = text.substring(start, at);
            try {
                return number.startsWith("0x") ? Long.parseLong(number.substring(2), 16)
                        : number.length() > 1 && number.startsWith("0") ? Long.parseLong(number, 8) : Long.parseLong(number);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number \"" + number + "\"");
            }
        }
        if (Character.isLetter(c) || c == '_') {
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            blanks();
            if (at < text.length() && text.charAt(at) == '=' && !text.startsWith("==", at)) {
                throw new IllegalArgumentException("assignment \"=\" in $((...)) is not supported by Peapod's shell");
            }
            String value = env.get(text.substring(start, at));
            if (value == null || value.isBlank()) {
                return 0;
            }
            return eval(value.trim(), env);
        }
        throw new IllegalArgumentException("unexpected \"" + text.substring(at) + "\" in \"" + text + "\"");
    }

    private void blanks() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
