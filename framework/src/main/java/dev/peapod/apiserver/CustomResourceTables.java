package dev.peapod.apiserver;

import dev.peapod.printers.ApiTime;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Table of a custom resource, as the apiextensions-apiserver prints it (v1.33,
 * registry/customresource/tableconvertor): a Name column, then the version's {@code additionalPrinterColumns} (or,
 * when it declares none, {@code Age} from {@code .metadata.creationTimestamp}: customresource_handler.go
 * serveDefaultColumnsIfEmpty). A column's cell is its JSONPath's value, typed by the column's {@code type}
 * (cellForJSONValue): {@code integer} and {@code number} as JSON numbers, {@code boolean}, {@code string} as the
 * JSONPath prints the value, {@code date} as an age; null when the path finds nothing or the value is not of the type.
 * <p>
 * Peapod evaluates the simple JSONPaths CRDs use ({@code .spec.replicas}, {@code .status.items[0].name},
 * {@code .metadata.labels['app']}); a column whose path has filters, wildcards or recursive descent gets empty cells,
 * and the request a warning that says so.
 */
final class CustomResourceTables {
    /** One step of a simple path: {@code .name}, {@code [0]}, {@code ['name']} or {@code ["name"]}. */
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_$-]+)|\\[(\\d+)]|\\['([^']*)']|\\[\"([^\"]*)\"]");

    private CustomResourceTables() {
    }

    /** A CRD version's printer, and the warnings its columns call for. */
    record Printer(TablePrinter printer, List<String> warnings) {
    }

    static Printer printer(List<CustomResourceColumnDefinition> declared) {
        List<CustomResourceColumnDefinition> columns = declared.isEmpty()
                ? List.of(new CustomResourceColumnDefinitionBuilder().withName("Age").withType("date")
                .withDescription(ColumnDocs.CREATION_TIMESTAMP).withJsonPath(".metadata.creationTimestamp").build())
                : declared;
        List<TableColumn> headers = new ArrayList<>();
        headers.add(TableColumn.nameColumn());
        List<List<Object>> paths = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (CustomResourceColumnDefinition column : columns) {
            String description = column.getDescription() == null || column.getDescription().isEmpty()
                    ? "Custom resource definition column (in JSONPath format): " + column.getJsonPath()
                    : column.getDescription();
            headers.add(new TableColumn(column.getName(), column.getType(), column.getFormat() == null ? "" : column.getFormat(),
                    description, column.getPriority() == null ? 0 : column.getPriority()));
            List<Object> path = parse(column.getJsonPath());
            if (path == null) {
                warnings.add("Peapod does not evaluate the JSONPath " + column.getJsonPath() + " of the column " + column.getName()
                        + ": its cells are empty");
            }
            paths.add(path);
        }
        TablePrinter printer = new TablePrinter(headers, (object, now) -> {
            JsonNode tree = Json.MAPPER.valueToTree(object);
            List<Object> cells = new ArrayList<>();
            cells.add(object.getMetadata().getName());
            for (int i = 0; i < columns.size(); i++) {
                JsonNode value = paths.get(i) == null ? null : find(tree, paths.get(i));
                cells.add(value == null ? null : cell(columns.get(i).getType(), value, now));
            }
            return new TableRow(cells, List.of());
        });
        return new Printer(printer, warnings);
    }

    /** The steps of a simple JSONPath (field names and indexes); null for anything else. */
    static List<Object> parse(String jsonPath) {
        if (jsonPath == null || !jsonPath.startsWith(".")) {
            return null;
        }
        List<Object> steps = new ArrayList<>();
        Matcher step = STEP.matcher(jsonPath);
        int at = 0;
        while (at < jsonPath.length()) {
            if (!step.find(at) || step.start() != at) {
                return null;
            }
            if (step.group(1) != null) {
                steps.add(step.group(1));
            } else if (step.group(2) != null) {
                steps.add(Integer.parseInt(step.group(2)));
            } else {
                steps.add(step.group(3) != null ? step.group(3) : step.group(4));
            }
            at = step.end();
        }
        return steps;
    }

    private static JsonNode find(JsonNode tree, List<Object> path) {
        JsonNode node = tree;
        for (Object step : path) {
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
            if (node == null || node.isMissingNode()) {
                return null; // AllowMissingKeys: no result
            }
        }
        return node;
    }

    /** cellForJSONValue, and for {@code string} the JSONPath's printing of the value. */
    static Object cell(String type, JsonNode value, Instant now) {
        if (value.isNull()) {
            return null;
        }
        return switch (type) {
            case "integer" -> value.isIntegralNumber() ? (Object) value.asLong() : value.isNumber() ? (Object) (long) value.asDouble() : null;
            case "number" -> value.isNumber() ? (Object) value.asDouble() : null;
            case "boolean" -> value.isBoolean() ? (Object) value.asBoolean() : null;
            case "string" -> printed(value);
            case "date" -> value.isString() ? age(value.asString(), now) : null;
            default -> null;
        };
    }

    /**
     * client-go jsonpath's PrintResults of one value: maps and lists as compact JSON (keys sorted, as
     * encoding/json writes a map), anything else as fmt.Fprint prints it (a float as %v: {@code 1e+21}).
     */
    static String printed(JsonNode value) {
        if (value.isObject() || value.isArray()) {
            return PatchRequests.goJson(value);
        }
        if (value.isNumber() && !value.isIntegralNumber()) {
            return goFloat(value.asDouble());
        }
        return PatchRequests.goValue(value);
    }

    /**
     * What %v prints for a float64 (strconv's 'g' with the shortest digits): %e form when the decimal
     * exponent is below -4 or at least 6 ({@code 1e+06}, {@code 1.5e-05}, {@code 1e+21}), else %f ({@code 123456.5}).
     */
    static String goFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        java.math.BigDecimal decimal = new java.math.BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = decimal.unscaledValue().toString();
        int exponent = decimal.precision() - decimal.scale() - 1;
        String sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.valueOf(Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (exp.length() < 2 ? "0" + exp : exp);
        }
        return sign + decimal.toPlainString();
    }

    /** ConvertToHumanReadableDateType of an RFC 3339 time; {@code <invalid>} for anything else. */
    private static String age(String text, Instant now) {
        try {
            return ApiTime.since(OffsetDateTime.parse(text).toInstant(), now);
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }
}
