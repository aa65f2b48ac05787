package dev.peapod.store;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A field selector such as {@code spec.nodeName=node-1,status.phase!=Running}. Each kind exposes the
 * fields the API server lets you select on (pkg/registry/core/pod/strategy.go ToSelectableFields and
 * friends); any other field is refused with the API server's {@code field label not supported}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class FieldSelector {
    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

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

    public static FieldSelector parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String raw : text.split(",")) {
            String term = raw.trim();
            int ne = term.indexOf("!=");
            int eqeq = term.indexOf("==");
            int eq = term.indexOf('=');
            if (ne > 0) {
                terms.add(new Term(term.substring(0, ne), false, term.substring(ne + 2)));
            } else if (eqeq > 0) {
                terms.add(new Term(term.substring(0, eqeq), true, term.substring(eqeq + 2)));
            } else if (eq > 0) {
                terms.add(new Term(term.substring(0, eq), true, term.substring(eq + 1)));
            } else {
                throw ApiException.badRequest("invalid selector: '" + text + "'; can't understand '" + term + "'");
            }
        }
        return new FieldSelector(terms);
    }

    public static FieldSelector of(Term... terms) {
        return new FieldSelector(List.of(terms));
    }

    public boolean isEverything() {
        return terms.isEmpty();
    }

    /** True when every term holds; an unsupported field is a BadRequest. */
    public boolean matches(HasMetadata object) {
        if (terms.isEmpty()) {
            return true;
        }
        Map<String, String> fields = selectableFields(object);
        for (Term term : terms) {
            if (!fields.containsKey(term.field())) {
                throw ApiException.badRequest("field label not supported: " + term.field());
            }
            boolean same = term.value().equals(fields.get(term.field()));
            if (same != term.equal()) {
                return false;
            }
        }
        return true;
    }

    /** The fields a kind can be selected on, with their values ("" when unset). */
    public static Map<String, String> selectableFields(HasMetadata object) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("metadata.name", nullToEmpty(object.getMetadata().getName()));
        fields.put("metadata.namespace", nullToEmpty(object.getMetadata().getNamespace()));
        if (object instanceof Pod pod) {
            fields.put("spec.nodeName", pod.getSpec() == null ? "" : nullToEmpty(pod.getSpec().getNodeName()));
            fields.put("spec.restartPolicy", pod.getSpec() == null ? "" : nullToEmpty(pod.getSpec().getRestartPolicy()));
            fields.put("spec.schedulerName", pod.getSpec() == null ? "" : nullToEmpty(pod.getSpec().getSchedulerName()));
            fields.put("spec.serviceAccountName", pod.getSpec() == null ? "" : nullToEmpty(pod.getSpec().getServiceAccountName()));
            fields.put("status.phase", pod.getStatus() == null ? "" : nullToEmpty(pod.getStatus().getPhase()));
            fields.put("status.podIP", pod.getStatus() == null ? "" : nullToEmpty(pod.getStatus().getPodIP()));
            fields.put("status.nominatedNodeName", pod.getStatus() == null ? "" : nullToEmpty(pod.getStatus().getNominatedNodeName()));
        } else if (object instanceof Node node) {
            fields.put("spec.unschedulable", String.valueOf(node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())));
        } else if (object instanceof Event event) {
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
            fields.put("source", event.getSource() == null ? "" : nullToEmpty(event.getSource().getComponent()));
            fields.put("type", nullToEmpty(event.getType()));
        }
        return fields;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    @Override
    public String toString() {
        return terms.stream().map(Term::toString).collect(Collectors.joining(","));
    }
}
