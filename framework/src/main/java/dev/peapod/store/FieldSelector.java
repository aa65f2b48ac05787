package dev.peapod.store;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A field selector such as {@code spec.nodeName=node-1,status.phase!=Running}, parsed as
 * k8s.io/apimachinery/pkg/fields/selector.go parses it. Each kind accepts the field labels its
 * conversion function accepts (pkg/apis/core/v1/conversion.go and friends); any other label is
 * refused with that function's words, e.g. {@code field label not supported: spec.foo}, when a list
 * or watch starts, whether or not anything is stored.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class FieldSelector {
    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
    private static final List<String> OPERATORS = List.of("!=", "==", "=");

    /** One term: field, equal or not, value. */
    public record Term(String field, boolean equal, String value) {
        @Override
        public String toString() {
            return field + (equal ? "=" : "!=") + value;
        }
    }

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /**
     * Parses the {@code fieldSelector} query parameter. As upstream: terms split on unescaped commas
     * and sorted, empty terms skipped, the first {@code !=}, {@code ==} or {@code =} splits a term, no
     * blanks trimmed, and {@code \,}, {@code \=}, {@code \\} escape a value.
     */
    public static FieldSelector parse(String text) {
        Objects.requireNonNull(text, "text");
        List<String> parts = splitTerms(text);
        Collections.sort(parts);
        List<Term> terms = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            terms.add(parseTerm(part, text));
        }
        return terms.isEmpty() ? EVERYTHING : new FieldSelector(terms);
    }

    public boolean isEverything() {
        return terms.isEmpty();
    }

    public List<Term> terms() {
        return terms;
    }

    /**
     * True when every term holds. A field label the object's kind does not accept is a BadRequest; an
     * accepted label without a value reads as "" (fields.Set.Get).
     */
    public boolean matches(HasMetadata object) {
        if (terms.isEmpty()) {
            return true;
        }
        Conversion conversion = Conversion.of(object.getClass());
        Map<String, String> fields = null;
        for (Term term : terms) {
            String field = conversion.convert(term.field());
            String value = directValue(object, field);
            if (value == null) {
                fields = fields == null ? selectableFields(object) : fields;
                value = fields.getOrDefault(field, "");
            }
            if (term.value().equals(value) != term.equal()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The fields every kubelet's watch and most lists select on, read without building the whole
     * field set: this runs for every watcher on every write. Null: not one of them.
     */
    private static String directValue(HasMetadata object, String field) {
        return switch (field) {
            case "metadata.name" -> nullToEmpty(object.getMetadata().getName());
            case "metadata.namespace" -> nullToEmpty(object.getMetadata().getNamespace());
            case "spec.nodeName" -> object instanceof Pod pod
                    ? (pod.getSpec() == null ? "" : nullToEmpty(pod.getSpec().getNodeName())) : null;
            case "status.phase" -> object instanceof Pod pod
                    ? (pod.getStatus() == null ? "" : nullToEmpty(pod.getStatus().getPhase())) : null;
            default -> null;
        };
    }

    /**
     * This selector with each label converted by the kind's field-label conversion, as the API
     * server's list and watch handlers do before reading storage (Selector.Transform with
     * Scheme.ConvertFieldLabel): {@code spec.host} becomes {@code spec.nodeName} for pods, and a label
     * the kind does not accept is a BadRequest.
     */
    FieldSelector forKind(Class<?> kind) {
        if (terms.isEmpty()) {
            return this;
        }
        Conversion conversion = Conversion.of(kind);
        List<Term> converted = new ArrayList<>(terms.size());
        for (Term term : terms) {
            converted.add(new Term(conversion.convert(term.field()), term.equal(), term.value()));
        }
        return new FieldSelector(converted);
    }

    /** The fields a kind can be selected on, with their values ("" when unset). */
    public static Map<String, String> selectableFields(HasMetadata object) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("metadata.name", nullToEmpty(object.getMetadata().getName()));
        fields.put("metadata.namespace", nullToEmpty(object.getMetadata().getNamespace()));
        if (object instanceof Pod pod) {
            podFields(pod, fields);
        } else if (object instanceof Node node) {
            fields.put("spec.unschedulable", String.valueOf(node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())));
        } else if (object instanceof Event event) {
            eventFields(event, fields);
        } else if (object instanceof Namespace namespace) {
            fields.put("status.phase", namespace.getStatus() == null ? "" : nullToEmpty(namespace.getStatus().getPhase()));
        } else if (object instanceof Secret secret) {
            fields.put("type", nullToEmpty(secret.getType()));
        } else if (object instanceof Service service) {
            fields.put("spec.clusterIP", service.getSpec() == null ? "" : nullToEmpty(service.getSpec().getClusterIP()));
            fields.put("spec.type", service.getSpec() == null ? "" : nullToEmpty(service.getSpec().getType()));
        } else if (object instanceof ReplicationController rc) {
            Integer replicas = rc.getStatus() == null ? null : rc.getStatus().getReplicas();
            fields.put("status.replicas", String.valueOf(replicas == null ? 0 : replicas));
        } else if (object instanceof Job job) {
            Integer succeeded = job.getStatus() == null ? null : job.getStatus().getSucceeded();
            fields.put("status.successful", String.valueOf(succeeded == null ? 0 : succeeded));
        }
        return fields;
    }

    /** pkg/registry/core/pod/strategy.go ToSelectableFields. */
    private static void podFields(Pod pod, Map<String, String> fields) {
        var spec = pod.getSpec();
        var status = pod.getStatus();
        fields.put("spec.nodeName", spec == null ? "" : nullToEmpty(spec.getNodeName()));
        fields.put("spec.restartPolicy", spec == null ? "" : nullToEmpty(spec.getRestartPolicy()));
        fields.put("spec.schedulerName", spec == null ? "" : nullToEmpty(spec.getSchedulerName()));
        fields.put("spec.serviceAccountName", spec == null ? "" : nullToEmpty(spec.getServiceAccountName()));
        fields.put("spec.hostNetwork", String.valueOf(spec != null && Boolean.TRUE.equals(spec.getHostNetwork())));
        fields.put("status.phase", status == null ? "" : nullToEmpty(status.getPhase()));
        // Upstream reads the internal status.podIPs[0]. Converting from v1 makes status.podIP that first IP
        // whenever it is set, even when podIPs says otherwise (Convert_v1_PodStatus_To_core_PodStatus).
        String podIp = "";
        if (status != null) {
            podIp = status.getPodIP() != null && !status.getPodIP().isEmpty() ? status.getPodIP()
                    : status.getPodIPs() != null && !status.getPodIPs().isEmpty()
                    ? nullToEmpty(status.getPodIPs().get(0).getIp()) : "";
        }
        fields.put("status.podIP", podIp);
        fields.put("status.nominatedNodeName", status == null ? "" : nullToEmpty(status.getNominatedNodeName()));
    }

    /** pkg/registry/core/event/strategy.go ToSelectableFields. */
    private static void eventFields(Event event, Map<String, String> fields) {
        ObjectReference ref = event.getInvolvedObject() == null ? new ObjectReference() : event.getInvolvedObject();
        fields.put("involvedObject.kind", nullToEmpty(ref.getKind()));
        fields.put("involvedObject.namespace", nullToEmpty(ref.getNamespace()));
        fields.put("involvedObject.name", nullToEmpty(ref.getName()));
        fields.put("involvedObject.uid", nullToEmpty(ref.getUid()));
        fields.put("involvedObject.apiVersion", nullToEmpty(ref.getApiVersion()));
        fields.put("involvedObject.resourceVersion", nullToEmpty(ref.getResourceVersion()));
        fields.put("involvedObject.fieldPath", nullToEmpty(ref.getFieldPath()));
        fields.put("reason", nullToEmpty(event.getReason()));
        fields.put("reportingComponent", nullToEmpty(event.getReportingComponent()));
        // "source" falls back to the reporting controller when source.component is empty.
        String source = event.getSource() == null ? "" : nullToEmpty(event.getSource().getComponent());
        fields.put("source", source.isEmpty() ? nullToEmpty(event.getReportingComponent()) : source);
        fields.put("type", nullToEmpty(event.getType()));
    }

    @Override
    public String toString() {
        return terms.stream().map(Term::toString).collect(Collectors.joining(","));
    }

    // ---------------------------------------------------------------- parsing (fields/selector.go)

    /** splitTerms: commas split terms unless escaped by a backslash. */
    private static List<String> splitTerms(String text) {
        List<String> parts = new ArrayList<>();
        if (text.isEmpty()) {
            return parts;
        }
        int start = 0;
        boolean inSlash = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inSlash) {
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',') {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** splitTerm: the first position where an operator starts splits the term; != before == before =. */
    private static Term parseTerm(String part, String whole) {
        for (int i = 0; i < part.length(); i++) {
            for (String op : OPERATORS) {
                if (part.startsWith(op, i)) {
                    String value = unescapeValue(part.substring(i + op.length()));
                    return new Term(part.substring(0, i), !op.equals("!="), value);
                }
            }
        }
        throw ApiException.badRequest("invalid selector: '" + whole + "'; can't understand '" + part + "'");
    }

    /** UnescapeValue: only \\, \, and \= are escapes; a bare , or = in a value is an error. */
    private static String unescapeValue(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf(',') < 0 && value.indexOf('=') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        boolean inSlash = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (inSlash) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw ApiException.badRequest("invalid field selector: invalid escape sequence: \\" + c);
                }
                out.append(c);
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',' || c == '=') {
                // Go prints the rune with %v, that is as its code point.
                throw ApiException.badRequest("invalid field selector: unescaped character in value: " + (int) c);
            } else {
                out.append(c);
            }
        }
        if (inSlash) {
            throw ApiException.badRequest("invalid field selector: invalid escape sequence: \\");
        }
        return out.toString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** A kind's field-label conversion function: accepted labels, aliases, and the refusal text. */
    private record Conversion(Set<String> accepted, Map<String, String> aliases, Function<String, String> refusal) {
        private static final Function<String, String> NOT_SUPPORTED = label -> "field label not supported: " + label;
        private static final Map<Class<?>, Conversion> BY_KIND = Map.of(
                // pkg/apis/core/v1/conversion.go addConversionFuncs and AddFieldLabelConversionsFor*
                Pod.class, new Conversion(Set.of("metadata.name", "metadata.namespace", "spec.nodeName",
                        "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
                        "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"),
                        Map.of("spec.host", "spec.nodeName"), NOT_SUPPORTED),
                Node.class, new Conversion(Set.of("metadata.name", "spec.unschedulable"), Map.of(), NOT_SUPPORTED),
                ReplicationController.class, new Conversion(Set.of("metadata.name", "metadata.namespace", "status.replicas"),
                        Map.of(), NOT_SUPPORTED),
                Event.class, new Conversion(Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                        "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                        "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
                        "metadata.namespace", "metadata.name"), Map.of(), NOT_SUPPORTED),
                Namespace.class, new Conversion(Set.of("status.phase", "metadata.name"), Map.of(), NOT_SUPPORTED),
                Secret.class, new Conversion(Set.of("type", "metadata.namespace", "metadata.name"), Map.of(), NOT_SUPPORTED),
                Service.class, new Conversion(Set.of("metadata.namespace", "metadata.name", "spec.clusterIP", "spec.type"),
                        Map.of(), NOT_SUPPORTED),
                // pkg/apis/batch/v1/conversion.go
                Job.class, new Conversion(Set.of("metadata.name", "metadata.namespace", "status.successful"), Map.of(),
                        label -> "field label \"" + label + "\" not supported for Job"));
        // k8s.io/apimachinery/pkg/runtime/conversion.go DefaultMetaV1FieldSelectorConversion
        private static final Conversion DEFAULT = new Conversion(Set.of("metadata.name", "metadata.namespace"), Map.of(),
                label -> "\"" + label + "\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");

        static Conversion of(Class<?> kind) {
            return BY_KIND.getOrDefault(kind, DEFAULT);
        }

        String convert(String label) {
            if (accepted.contains(label)) {
                return label;
            }
            String alias = aliases.get(label);
            if (alias != null) {
                return alias;
            }
            throw ApiException.badRequest(refusal.apply(label));
        }
    }
}
