package dev.peapod.store;

import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A label selector, equality- and set-based, as in k8s.io/apimachinery/pkg/labels/selector.go:
 * {@code app=web,tier!=db,env in (prod,staging),!canary,track}. Requirements are ANDed; an empty
 * selector matches everything.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class LabelSelector {
    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

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
                case IN -> key + " in (" + String.join(",", new TreeSet<>(values)) + ")";
                case NOT_IN -> key + " notin (" + String.join(",", new TreeSet<>(values)) + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
                case GT -> key + ">" + values.get(0);
                case LT -> key + "<" + values.get(0);
            };
        }
    }

    private final List<Requirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<Requirement> requirements, boolean nothing) {
        this.requirements = List.copyOf(requirements);
        this.nothing = nothing;
    }

    public static LabelSelector everything() {
        return EVERYTHING;
    }

    public static LabelSelector of(List<Requirement> requirements) {
        return requirements.isEmpty() ? EVERYTHING : new LabelSelector(requirements, false);
    }

    /** Every label in the map must be present with that value; keys in sorted order, as SelectorFromSet. */
    public static LabelSelector ofLabels(Map<String, String> labels) {
        List<Requirement> requirements = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> requirements.add(new Requirement(k, Operator.EQUALS, List.of(v))));
        return of(requirements);
    }

    /**
     * The selector of a Fabric8 {@code LabelSelector}, as metav1.LabelSelectorAsSelector: null selects
     * nothing, an empty selector everything; matchExpressions take In, NotIn, Exists and DoesNotExist
     * only (Gt and Lt belong to node selectors).
     */
    public static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            new TreeMap<>(selector.getMatchLabels())
                    .forEach((k, v) -> requirements.add(new Requirement(k, Operator.EQUALS, List.of(v))));
        }
        if (selector.getMatchExpressions() != null) {
            for (var expression : selector.getMatchExpressions()) {
                Operator operator = switch (String.valueOf(expression.getOperator())) {
                    case "In" -> Operator.IN;
                    case "NotIn" -> Operator.NOT_IN;
                    case "Exists" -> Operator.EXISTS;
                    case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                    default -> throw ApiException.badRequest(
                            "\"" + expression.getOperator() + "\" is not a valid label selector operator");
                };
                List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
                requirements.add(new Requirement(expression.getKey(), operator, values));
            }
        }
        requirements.sort(Comparator.comparing(Requirement::key)); // internalSelector.Add sorts by key
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

    /**
     * Parses the string form used by kubectl {@code -l} and the {@code labelSelector} query parameter
     * with upstream's lexer and parser ({@link LabelSelectorParser}); a syntax error is a BadRequest in
     * upstream's words, e.g. {@code unable to parse requirement: found 'b' expected: '('}.
     */
    public static LabelSelector parse(String text) {
        Objects.requireNonNull(text, "text");
        return of(new LabelSelectorParser(text).parse());
    }

    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        for (Requirement requirement : requirements) {
            if (!requirement.matches(actual)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEverything() {
        return requirements.isEmpty() && !nothing;
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }
}
