package dev.peapod.admission;

import dev.peapod.store.FieldError;
import io.fabric8.kubernetes.api.model.ConfigMap;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * ValidateConfigMap and ValidateConfigMapUpdate (pkg/apis/core/validation/validation.go, v1.33).
 * Keys are checked in sorted order; upstream walks a Go map, whose order is random.
 */
final class ConfigMapValidation {
    /** core.MaxSecretSize: the bound on a ConfigMap's or a Secret's data, in bytes. */
    static final int MAX_SIZE = 1024 * 1024;
    static final String IMMUTABLE = "field is immutable when `immutable` is set";

    private ConfigMapValidation() {
    }

    /** ValidateConfigMap without its ValidateObjectMeta. */
    static void data(ConfigMap configMap, Errors errs) {
        Map<String, String> data = sorted(configMap.getData());
        Map<String, String> binary = sorted(configMap.getBinaryData());
        long size = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            FieldPath path = FieldPath.of("data").key(e.getKey());
            errs.invalidEach(path, e.getKey(), Names.configMapKey(e.getKey()));
            if (binary.containsKey(e.getKey())) {
                errs.invalid(path, e.getKey(), "duplicate of key present in binaryData");
            }
            size += e.getValue() == null ? 0 : Names.bytes(e.getValue());
        }
        for (Map.Entry<String, String> e : binary.entrySet()) {
            errs.invalidEach(FieldPath.of("binaryData").key(e.getKey()), e.getKey(), Names.configMapKey(e.getKey()));
            size += decodedLength(e.getValue());
        }
        if (size > MAX_SIZE) {
            // field.NewPath(""): the whole object, which field.Path prints as "[]"
            errs.add(FieldError.tooLong("[]", MAX_SIZE));
        }
    }

    /** ValidateConfigMapUpdate: an immutable ConfigMap keeps its data and stays immutable. */
    static void update(ConfigMap configMap, ConfigMap old, Errors errs) {
        if (Boolean.TRUE.equals(old.getImmutable())) {
            if (!Boolean.TRUE.equals(configMap.getImmutable())) {
                errs.forbidden(FieldPath.of("immutable"), IMMUTABLE);
            }
            if (!Objects.equals(emptyToNull(configMap.getData()), emptyToNull(old.getData()))) {
                errs.forbidden(FieldPath.of("data"), IMMUTABLE);
            }
            if (!Objects.equals(emptyToNull(configMap.getBinaryData()), emptyToNull(old.getBinaryData()))) {
                errs.forbidden(FieldPath.of("binaryData"), IMMUTABLE);
            }
        }
        data(configMap, errs);
    }

    /** The bytes a base64 value stands for; undecodable values were refused before validation. */
    private static long decodedLength(String base64) {
        return GoBase64.decode(base64 == null ? "" : base64).map(bytes -> bytes.length).orElse(0);
    }

    /**
     * reflect.DeepEqual on the decoded maps: JSON's omitempty writes neither a nil nor an empty
     * map, so both decode to nil.
     */
    static <V> Map<String, V> emptyToNull(Map<String, V> map) {
        return map == null || map.isEmpty() ? null : map;
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? new TreeMap<>() : new TreeMap<>(map);
    }
}
