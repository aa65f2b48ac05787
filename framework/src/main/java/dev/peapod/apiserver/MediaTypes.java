package dev.peapod.apiserver;

import dev.peapod.store.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Content negotiation of a response, as the API server does it (k8s.io/apiserver
 * pkg/endpoints/handlers/negotiation/negotiate.go NegotiateMediaTypeOptions and acceptMediaTypeOptions,
 * handlers/rest.go AllowsMediaTypeTransform, and github.com/munnerz/goautoneg ParseAccept): the Accept
 * header's clauses, best first, each tried against the served media types in order; the first clause
 * a served type can answer wins. {@code as}, {@code g} and {@code v} ask for a transformed answer: a
 * meta.k8s.io v1 or v1beta1 Table (JSON or YAML only) or PartialObjectMetadata(List); a clause asking
 * for anything else is skipped, so {@code application/json;as=Table;v=v1;g=meta.k8s.io,application/json}
 * falls back to plain JSON where no Table can be had. When no clause can be answered, the answer is
 * 406 NotAcceptable with upstream's message naming the served types.
 */
final class MediaTypes {
    /** What the API server serves for a resource, in its order (the message of a 406 lists them so). */
    static final List<String> UPSTREAM = List.of("application/json", "application/yaml", "application/vnd.kubernetes.protobuf");

    /**
     * What Peapod serves: JSON only (no YAML, no protobuf answers), so an Accept header that allows
     * neither plain JSON nor a JSON Table or PartialObjectMetadata is 406 naming application/json.
     */
    static final MediaTypes SERVED = new MediaTypes(List.of("application/json"));

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * The negotiated answer.
     *
     * @param mediaType the served type that answers, e.g. {@code application/json}
     * @param as        the transform asked for: {@code Table}, {@code PartialObjectMetadata},
     *                  {@code PartialObjectMetadataList}, or null for the resource itself
     * @param version   the transform's meta.k8s.io version, {@code v1} or {@code v1beta1}; null without one
     * @param stream    the {@code stream} parameter ({@code watch}), or null
     * @param pretty    {@code pretty=1} was asked for
     */
    record Negotiated(String mediaType, String as, String version, String stream, boolean pretty) {
        boolean isTable() {
            return "Table".equals(as);
        }
    }

    /** One clause of an Accept header, as goautoneg parses it. */
    record Clause(String type, String subType, double q, Map<String, String> params) {
    }

    private final List<String> served;

    /** Negotiation over these served media types, in their order; the first answers an empty Accept header. */
    MediaTypes(List<String> served) {
        if (served.isEmpty()) {
            throw new IllegalArgumentException("at least one served media type is needed");
        }
        for (String type : served) {
            if (type.split("/").length != 2) {
                throw new IllegalArgumentException("not a media type: " + type);
            }
        }
        this.served = List.copyOf(served);
    }

    /** The answer to a request with this Accept header (null or "" for none), or a 406 NotAcceptable. */
    Negotiated negotiate(String accept) {
        if (accept == null || accept.isEmpty()) {
            return new Negotiated(served.get(0), null, null, null, false);
        }
        for (Clause clause : parseAccept(accept)) {
            for (String type : served) {
                String[] parts = type.split("/");
                boolean matches = clause.type().equals(parts[0]) && clause.subType().equals(parts[1])
                        || clause.type().equals(parts[0]) && clause.subType().equals("*")
                        || clause.type().equals("*") && clause.subType().equals("*");
                if (matches) {
                    Negotiated answer = accept(clause.params(), type, parts[1]);
                    if (answer != null) {
                        return answer;
                    }
                }
            }
        }
        throw new ApiException(406, "NotAcceptable",
                "only the following media types are accepted: " + String.join(", ", served), List.of());
    }

    /** acceptMediaTypeOptions and AllowsMediaTypeTransform: the clause's parameters against one served type. */
    private static Negotiated accept(Map<String, String> params, String type, String subType) {
        String as = null;
        String group = null;
        String version = null;
        boolean convert = false;
        String stream = null;
        boolean pretty = false;
        for (Map.Entry<String, String> param : params.entrySet()) {
            String value = param.getValue();
            switch (param.getKey()) {
                case "as" -> {
                    as = value;
                    convert = true;
                }
                case "g" -> {
                    group = value;
                    convert = true;
                }
                case "v" -> {
                    version = value;
                    convert = true;
                }
                case "sv" -> convert = true; // a server version asks for a conversion no endpoint offers
                case "stream" -> {
                    // only JSON and protobuf stream, and only the watch schema exists
                    if (!value.isEmpty() && (subType.equals("yaml") || !value.equals("watch"))) {
                        return null;
                    }
                    stream = value.isEmpty() ? null : value;
                }
                case "pretty" -> pretty = value.equals("1");
                default -> {
                    // export and unrecognized parameters are accepted and ignored, as upstream
                }
            }
        }
        if (!convert) {
            return new Negotiated(type, null, null, stream, pretty);
        }
        boolean meta = "meta.k8s.io".equals(group) && ("v1".equals(version) || "v1beta1".equals(version));
        if (!meta) {
            return null;
        }
        return switch (as == null ? "" : as) {
            case "Table" -> type.equals("application/json") || type.equals("application/yaml")
                    ? new Negotiated(type, as, version, stream, pretty) : null;
            case "PartialObjectMetadata", "PartialObjectMetadataList" -> new Negotiated(type, as, version, stream, pretty);
            default -> null;
        };
    }

    /**
     * goautoneg.ParseAccept: clauses split on commas, blanks trimmed, {@code q} read as a number (0 when
     * it is not one), other parameters kept; a clause that is not {@code type/subtype} or {@code *} is
     * dropped. Then sorted best first: higher q, then a concrete type before {@code *}, then a concrete
     * subtype before {@code *}, by Go's insertion sort, which keeps the header's order among equals.
     */
    static List<Clause> parseAccept(String header) {
        Objects.requireNonNull(header, "header");
        List<Clause> clauses = new ArrayList<>();
        for (String raw : header.split(",", -1)) {
            String part = trimBlanks(raw);
            String[] mrp = part.split(";", -1);
            String[] range = mrp[0].split("/", -1);
            String type = trimBlanks(range[0]);
            String subType;
            if (range.length == 1 && type.equals("*")) {
                subType = "*";
            } else if (range.length == 2) {
                subType = trimBlanks(range[1]);
            } else {
                continue;
            }
            double q = 1.0;
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 1; i < mrp.length; i++) {
                int eq = mrp[i].indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String token = trimBlanks(mrp[i].substring(0, eq));
                String value = mrp[i].substring(eq + 1);
                if (token.equals("q")) {
                    q = parseQ(value);
                } else {
                    params.put(token, trimBlanks(value));
                }
            }
            clauses.add(new Clause(type, subType, q, params));
        }
        // Go's sort.Sort is an insertion sort below 13 elements; so is this, at any length
        for (int i = 1; i < clauses.size(); i++) {
            for (int j = i; j > 0 && less(clauses.get(j), clauses.get(j - 1)); j--) {
                Clause swap = clauses.get(j);
                clauses.set(j, clauses.get(j - 1));
                clauses.set(j - 1, swap);
            }
        }
        return clauses;
    }

    /** goautoneg's accept_slice.Less. */
    private static boolean less(Clause a, Clause b) {
        return a.q() > b.q()
                || !a.type().equals("*") && b.type().equals("*")
                || !a.subType().equals("*") && b.subType().equals("*");
    }

    /** strconv.ParseFloat(v, 32) with its error ignored: the number, or 0 when it is none (no blanks allowed). */
    private static double parseQ(String value) {
        if (!DECIMAL.matcher(value).matches()) {
            return 0;
        }
        return (float) Double.parseDouble(value);
    }

    /** strings.Trim(s, " "): spaces only, not tabs. */
    private static String trimBlanks(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(start, end);
    }
}
