package dev.peapod.store;

import dev.peapod.store.LabelSelector.Operator;
import dev.peapod.store.LabelSelector.Requirement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The label selector grammar of k8s.io/apimachinery/pkg/labels/selector.go, ported token for token
 * (Lexer, Parser.parse, parseRequirement, parseValues, parseIdentifiersList, parseExactValue) so that
 * odd inputs such as {@code x in (foo,,baz),y,z notin ()} mean what they mean upstream and errors read
 * the same. Requirements come out sorted by key and set values sorted and unique, as upstream.
 *
 * <p>Not ported: the syntax checks of keys and values (IsQualifiedName, IsValidLabelValue), so a
 * malformed key such as {@code -a} is accepted here.
 */
final class LabelSelectorParser {
    private enum Token {
        ERROR, END_OF_STRING, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN,
        IDENTIFIER, IN, LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR
    }

    /** string2token. */
    private static final Map<String, Token> KEYWORDS = Map.ofEntries(
            Map.entry(")", Token.CLOSED_PAR), Map.entry(",", Token.COMMA), Map.entry("!", Token.DOES_NOT_EXIST),
            Map.entry("==", Token.DOUBLE_EQUALS), Map.entry("=", Token.EQUALS), Map.entry(">", Token.GREATER_THAN),
            Map.entry("in", Token.IN), Map.entry("<", Token.LESS_THAN), Map.entry("!=", Token.NOT_EQUALS),
            Map.entry("notin", Token.NOT_IN), Map.entry("(", Token.OPEN_PAR));

    /** binaryOperators, as upstream lists them in its error text. */
    private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

    private record Item(Token token, String literal) {
    }

    /** Thrown inside the parser, turned into the API's BadRequest at the top. */
    private static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private final String text;
    private final List<Item> items = new ArrayList<>();
    private int lexed;
    private int position;

    LabelSelectorParser(String text) {
        this.text = text;
    }

    List<Requirement> parse() {
        scan();
        try {
            List<Requirement> requirements = parseSelector();
            requirements.sort(Comparator.comparing(Requirement::key));
            return requirements;
        } catch (SyntaxError e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    // ---------------------------------------------------------------- lexer

    private void scan() {
        Item item;
        do {
            item = lex();
            items.add(item);
        } while (item.token() != Token.END_OF_STRING);
    }

    private Item lex() {
        while (lexed < text.length() && isWhitespace(text.charAt(lexed))) {
            lexed++;
        }
        if (lexed >= text.length()) {
            return new Item(Token.END_OF_STRING, "");
        }
        return isSpecialSymbol(text.charAt(lexed)) ? scanSpecialSymbol() : scanIdOrKeyword();
    }

    private Item scanIdOrKeyword() {
        int start = lexed;
        while (lexed < text.length() && !isSpecialSymbol(text.charAt(lexed)) && !isWhitespace(text.charAt(lexed))) {
            lexed++;
        }
        String literal = text.substring(start, lexed);
        return new Item(KEYWORDS.getOrDefault(literal, Token.IDENTIFIER), literal);
    }

    /** The longest run of special symbols that is an operator: "!=" not "!" then "=". */
    private Item scanSpecialSymbol() {
        StringBuilder buffer = new StringBuilder();
        Item last = null;
        while (lexed < text.length() && isSpecialSymbol(text.charAt(lexed))) {
            buffer.append(text.charAt(lexed++));
            Token token = KEYWORDS.get(buffer.toString());
            if (token != null) {
                last = new Item(token, buffer.toString());
            } else if (last != null) {
                lexed--;
                break;
            }
        }
        return last != null ? last : new Item(Token.ERROR, "error expected: keyword found '" + buffer + "'");
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSpecialSymbol(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }

    // ---------------------------------------------------------------- parser

    /** In the Values context the keywords "in" and "notin" are plain identifiers. */
    private Item lookahead(boolean values) {
        return asContext(items.get(position), values);
    }

    private Item consume(boolean values) {
        return asContext(items.get(position++), values);
    }

    private static Item asContext(Item item, boolean values) {
        if (values && (item.token() == Token.IN || item.token() == Token.NOT_IN)) {
            return new Item(Token.IDENTIFIER, item.literal());
        }
        return item;
    }

    private List<Requirement> parseSelector() {
        List<Requirement> requirements = new ArrayList<>();
        while (true) {
            Item next = lookahead(true);
            switch (next.token()) {
                case IDENTIFIER, DOES_NOT_EXIST -> {
                    try {
                        requirements.add(parseRequirement());
                    } catch (SyntaxError e) {
                        throw new SyntaxError("unable to parse requirement: " + e.getMessage());
                    }
                    Item after = consume(true);
                    switch (after.token()) {
                        case END_OF_STRING -> {
                            return requirements;
                        }
                        case COMMA -> {
                            Item following = lookahead(true);
                            if (following.token() != Token.IDENTIFIER && following.token() != Token.DOES_NOT_EXIST) {
                                throw new SyntaxError("found '" + following.literal() + "', expected: identifier after ','");
                            }
                        }
                        default -> throw new SyntaxError("found '" + after.literal() + "', expected: ',' or 'end of string'");
                    }
                }
                case END_OF_STRING -> {
                    return requirements;
                }
                default -> throw new SyntaxError("found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private Requirement parseRequirement() {
        Operator inferred = null;
        Item key = consume(true);
        if (key.token() == Token.DOES_NOT_EXIST) {
            inferred = Operator.DOES_NOT_EXIST;
            key = consume(true);
        }
        if (key.token() != Token.IDENTIFIER) {
            throw new SyntaxError("found '" + key.literal() + "', expected: identifier");
        }
        Token next = lookahead(true).token();
        if ((next == Token.END_OF_STRING || next == Token.COMMA) && inferred == null) {
            inferred = Operator.EXISTS;
        }
        if (inferred != null) {
            return new Requirement(key.literal(), inferred, List.of());
        }
        Operator operator = parseOperator();
        List<String> values = operator == Operator.IN || operator == Operator.NOT_IN ? parseValues() : parseExactValue();
        if (operator == Operator.GT || operator == Operator.LT) {
            requireInteger(values.get(0));
        }
        return new Requirement(key.literal(), operator, values);
    }

    private Operator parseOperator() {
        Item item = consume(false);
        return switch (item.token()) {
            case IN -> Operator.IN;
            case EQUALS, DOUBLE_EQUALS -> Operator.EQUALS;
            case GREATER_THAN -> Operator.GT;
            case LESS_THAN -> Operator.LT;
            case NOT_IN -> Operator.NOT_IN;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            default -> throw new SyntaxError("found '" + item.literal() + "', expected: " + BINARY_OPERATORS);
        };
    }

    private List<String> parseValues() {
        Item open = consume(true);
        if (open.token() != Token.OPEN_PAR) {
            throw new SyntaxError("found '" + open.literal() + "' expected: '('");
        }
        Item first = lookahead(true);
        switch (first.token()) {
            case IDENTIFIER, COMMA -> {
                TreeSet<String> values = parseIdentifiersList();
                if (consume(true).token() != Token.CLOSED_PAR) {
                    // upstream reports the token that followed '(', not the one found
                    throw new SyntaxError("found '" + first.literal() + "', expected: ')'");
                }
                return List.copyOf(values);
            }
            case CLOSED_PAR -> {
                consume(true);
                return List.of("");
            }
            default -> throw new SyntaxError("found '" + first.literal() + "', expected: ',', ')' or identifier");
        }
    }

    /** A possibly empty list of possibly empty identifiers: "(a,,b)" and "(,)" hold "". */
    private TreeSet<String> parseIdentifiersList() {
        TreeSet<String> values = new TreeSet<>();
        while (true) {
            Item item = consume(true);
            switch (item.token()) {
                case IDENTIFIER -> {
                    values.add(item.literal());
                    Item next = lookahead(true);
                    if (next.token() == Token.CLOSED_PAR) {
                        return values;
                    }
                    if (next.token() != Token.COMMA) {
                        throw new SyntaxError("found '" + next.literal() + "', expected: ',' or ')'");
                    }
                }
                case COMMA -> {
                    if (values.isEmpty()) {
                        values.add("");
                    }
                    Token next = lookahead(true).token();
                    if (next == Token.CLOSED_PAR) {
                        values.add("");
                        return values;
                    }
                    if (next == Token.COMMA) {
                        consume(true);
                        values.add("");
                    }
                }
                default -> throw new SyntaxError("found '" + item.literal() + "', expected: ',', or identifier");
            }
        }
    }

    private List<String> parseExactValue() {
        Token next = lookahead(true).token();
        if (next == Token.END_OF_STRING || next == Token.COMMA) {
            return List.of("");
        }
        Item item = consume(true);
        if (item.token() == Token.IDENTIFIER) {
            return List.of(item.literal());
        }
        throw new SyntaxError("found '" + item.literal() + "', expected: identifier");
    }

    /** NewRequirement: Gt and Lt need an integer (strconv.ParseInt base 10, 64 bits). */
    private static void requireInteger(String value) {
        try {
            Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new SyntaxError(FieldError.invalid("values[0]", value,
                    "for 'Gt', 'Lt' operators, the value must be an integer").toString());
        }
    }
}
