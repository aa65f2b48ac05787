package dev.peapod.admission;

import dev.peapod.store.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An upstream {@code field.ErrorList}: errors collected in the order the checks run, never
 * fail-fast, so one rejection reports everything that is wrong.
 */
final class Errors {
    private final List<FieldError> list = new ArrayList<>();

    void required(FieldPath path, String detail) {
        list.add(FieldError.required(path.value(), detail));
    }

    void invalid(FieldPath path, Object value, String detail) {
        list.add(FieldError.invalid(path.value(), value, detail));
    }

    /** field.Invalid with {@code field.OmitValueType{}}: the message shows no value. */
    void invalidOmittingValue(FieldPath path, String detail) {
        list.add(FieldError.invalidOmittingValue(path.value(), detail));
    }

    void tooMany(FieldPath path, int actual, int max) {
        list.add(FieldError.tooMany(path.value(), actual, max));
    }

    /** One Invalid per message, as upstream loops over the messages of an {@code IsXxx} check. */
    void invalidEach(FieldPath path, Object value, List<String> messages) {
        messages.forEach(message -> invalid(path, value, message));
    }

    void forbidden(FieldPath path, String detail) {
        list.add(FieldError.forbidden(path.value(), detail));
    }

    void duplicate(FieldPath path, Object value) {
        list.add(FieldError.duplicate(path.value(), value));
    }

    void notFound(FieldPath path, Object value) {
        list.add(FieldError.notFound(path.value(), value));
    }

    void notSupported(FieldPath path, Object value, List<String> supported) {
        list.add(FieldError.notSupported(path.value(), value, supported));
    }

    void add(FieldError error) {
        list.add(error);
    }

    void addAll(Errors other) {
        list.addAll(other.list);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    /**
     * The list as {@code ErrorList.ToAggregate} reports it: an error whose text repeats an earlier
     * one is dropped (k8s.io/apimachinery/pkg/util/validation/field/errors.go).
     */
    List<FieldError> aggregate() {
        Set<String> seen = new LinkedHashSet<>();
        List<FieldError> result = new ArrayList<>();
        for (FieldError error : list) {
            if (seen.add(error.toString())) {
                result.add(error);
            }
        }
        return result;
    }
}
