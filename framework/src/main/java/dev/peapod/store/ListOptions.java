package dev.peapod.store;

import org.apiguardian.api.API;

import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/** What a list or watch selects: a namespace (null for all), labels and fields. */
@API(status = EXPERIMENTAL, since = "0.1")
public record ListOptions(String namespace, LabelSelector labels, FieldSelector fields) {
    public ListOptions {
        labels = Objects.requireNonNullElse(labels, LabelSelector.everything());
        fields = Objects.requireNonNullElse(fields, FieldSelector.everything());
    }

    public static ListOptions all() {
        return new ListOptions(null, null, null);
    }

    public static ListOptions inNamespace(String namespace) {
        return new ListOptions(namespace, null, null);
    }

    public ListOptions withLabels(String selector) {
        return new ListOptions(namespace, LabelSelector.parse(selector), fields);
    }

    public ListOptions withFields(String selector) {
        return new ListOptions(namespace, labels, FieldSelector.parse(selector));
    }

    /** These options with the field selector converted for a kind, or a BadRequest (see FieldSelector). */
    ListOptions forKind(Class<?> kind) {
        FieldSelector converted = fields.forKind(kind);
        return converted == fields ? this : new ListOptions(namespace, labels, converted);
    }

    boolean matches(io.fabric8.kubernetes.api.model.HasMetadata object) {
        if (namespace != null && !namespace.equals(object.getMetadata().getNamespace())) {
            return false;
        }
        return labels.matches(object.getMetadata().getLabels()) && fields.matches(object);
    }
}
