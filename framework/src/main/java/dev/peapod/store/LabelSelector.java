package dev.peapod.store;

import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A label selector, equality- and set-based, as in k8s.io/apimachinery/pkg/labels/selector.go:
 * {@code app=web,tier!=db,env in (prod,staging),!canary,track}. Requirements are ANDed; an empty
 * selector matches everything.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class LabelSelector {
    private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    /** The operators of a requirement; Gt and Lt are used by node affinity only. */
    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GT, LT }

    /** One requirement: a key, an operator, and values (none for Exists / DoesNotExist). */
    public record Requirement(String key, Operator operator, List<String> values) {
        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
        }

        public boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            boolean present = labels.containsKey(key);
            return switch (operator) {
                case EQUALS, IN -> present && values.contains(value);
                case NOT_EQUALS, NOT_IN -> !present || !values.contains(value);
                case EXISTS -> present;
                case DOES_NOT_EXIST -> !present;
                case GT -> present && compare(value) > 0;
                case LT -> present && compare(value) < 0;
            };
        }

        private int compare(String value) {
            try {
                return Long.compare(Long.parseLong(value), Long.parseLong(values.get(0)));
            } catch (NumberFormatException e) {
                return 0; // upstream: a label that is not an integer does not match Gt/Lt
            }
        }

        @Override
        public String toString() {
            return switch (operator) {
                case EQUALS -> key + "=" + values.get(0);
                case NOT_EQUALS -> key + "!=" + values.get(0);
                case IN -> key + " in (" + String.join(",", values) + ")";
                case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
                case GT -> key + ">" + values.get(0);
                case LT -> key + "<" + values.get(0);
            };
        }
    }

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    public static LabelSelector everything() {
        return EVERYTHING;
    }

    public static LabelSelector of(List<Requirement> requirements) {
        return requirements.isEmpty() ? EVERYTHING : new LabelSelector(requirements);
    }

    /** Every label in the map must be present with that value. */
    public static LabelSelector ofLabels(Map<String, String> labels) {
        List<Requirement> requirements = new ArrayList<>();
        labels.forEach((k, v) -> requirements.add(new Requirement(k, Operator.EQUALS, List.of(v))));
        return of(requirements);
    }

    /** The selector of a Fabric8 {@code LabelSelector} (matchLabels and matchExpressions). */
    public static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> requirements.add(new Requirement(k, Operator.EQUALS, List.of(v))));
        }
        if (selector.getMatchExpressions() != null) {
            for (var expression : selector.getMatchExpressions()) {
                List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
                requirements.add(new Requirement(expression.getKey(), operator(expression.getOperator()), values));
            }
        }
        return of(requirements);
    }

    /** The operator of an expression's API spelling: In, NotIn, Exists, DoesNotExist, Gt, Lt. */
    public static Operator operator(String apiName) {
        return switch (apiName) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            case "Gt" -> Operator.GT;
            case "Lt" -> Operator.LT;
            default -> throw ApiException.badRequest("\"" + apiName + "\" is not a valid label selector operator");
        };
    }

    /** Parses the string form used by kubectl {@code -l} and the {@code labelSelector} query parameter. */
    public static LabelSelector parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Requirement> requirements = new ArrayList<>();
        for (String term : splitTerms(text)) {
            requirements.add(parseTerm(term.trim(), text));
        }
        return of(requirements);
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> actual = labels == null ? Map.of() : labels;
        for (Requirement requirement : requirements) {
            if (!requirement.matches(actual)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    /** Splits on commas that are not inside parentheses. */
    private static List<String> splitTerms(String text) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(text.substring(start, i));
                start = i + 1;
            }
        }
        String last = text.substring(start);
        if (!last.isBlank() || !terms.isEmpty()) {
            terms.add(last);
        }
        return terms;
    }

    private static Requirement parseTerm(String term, String whole) {
        if (term.isEmpty()) {
            throw invalid(whole, "found ',', expected: identifier");
        }
        if (term.startsWith("!")) {
            return new Requirement(requireKey(term.substring(1).trim(), whole), Operator.DOES_NOT_EXIST, List.of());
        }
        int setAt = setOperatorIndex(term);
        if (setAt > 0) {
            String key = requireKey(term.substring(0, setAt).trim(), whole);
            String rest = term.substring(setAt).trim();
            boolean notIn = rest.startsWith("notin");
            String list = rest.substring(notIn ? 5 : 2).trim();
            if (!list.startsWith("(") || !list.endsWith(")")) {
                throw invalid(whole, "found '" + list + "', expected: '('");
            }
            List<String> values = new ArrayList<>();
            for (String value : list.substring(1, list.length() - 1).split(",", -1)) {
                values.add(value.trim());
            }
            return new Requirement(key, notIn ? Operator.NOT_IN : Operator.IN, values);
        }
        for (String op : List.of("!=", "==", "=", ">", "<")) {
            int at = term.indexOf(op);
            if (at > 0) {
                String key = requireKey(term.substring(0, at).trim(), whole);
                String value = term.substring(at + op.length()).trim();
                Operator operator = switch (op) {
                    case "!=" -> Operator.NOT_EQUALS;
                    case ">" -> Operator.GT;
                    case "<" -> Operator.LT;
                    default -> Operator.EQUALS;
                };
                return new Requirement(key, operator, List.of(value));
            }
        }
        return new Requirement(requireKey(term, whole), Operator.EXISTS, List.of());
    }

    private static int setOperatorIndex(String term) {
        String[] words = term.split("\\s+");
        if (words.length >= 2 && (words[1].startsWith("in") || words[1].startsWith("notin"))
                && (words[1].equals("in") || words[1].equals("notin") || words[1].startsWith("in(")
                || words[1].startsWith("notin("))) {
            return term.indexOf(words[1], words[0].length());
        }
        return -1;
    }

    private static String requireKey(String key, String whole) {
        if (key.isEmpty() || key.contains(" ")) {
            throw invalid(whole, "invalid label key \"" + key + "\"");
        }
        return key;
    }

    private static ApiException invalid(String whole, String detail) {
        return ApiException.badRequest("unable to parse requirement: " + detail + " in label selector \"" + whole + "\"");
    }
}
