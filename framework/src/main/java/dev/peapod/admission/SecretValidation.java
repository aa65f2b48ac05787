package dev.peapod.admission;

import dev.peapod.store.FieldError;
import io.fabric8.kubernetes.api.model.Secret;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static dev.peapod.admission.ContainerValidation.nullToEmpty;

/**
 * ValidateSecret and ValidateSecretUpdate (pkg/apis/core/validation/validation.go, v1.33), on the
 * Secret as the API server sees it after decoding: {@code data} base64-decoded, {@code stringData}
 * merged into it (Convert_v1_Secret_To_core_Secret, pkg/apis/core/v1/conversion.go). Peapod
 * validates that merged view and stores the object as written. Keys are checked in sorted order;
 * upstream walks a Go map.
 */
final class SecretValidation {
    private static final String REDACTED = "<secret contents redacted>";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretValidation() {
    }

    /** ValidateSecret without its ValidateObjectMeta. */
    static void data(Secret secret, Errors errs) {
        Map<String, byte[]> data = decoded(secret);
        FieldPath dataPath = FieldPath.of("data");
        long size = 0;
        for (Map.Entry<String, byte[]> e : data.entrySet()) {
            errs.invalidEach(dataPath.key(e.getKey()), e.getKey(), Names.configMapKey(e.getKey()));
            size += e.getValue().length;
        }
        if (size > ConfigMapValidation.MAX_SIZE) {
            errs.add(FieldError.tooLong(dataPath.value(), ConfigMapValidation.MAX_SIZE));
        }
        typeRules(secret, data, dataPath, errs);
    }

    /** ValidateSecretUpdate: the type is immutable; an immutable Secret keeps its data and stays immutable. */
    static void update(Secret secret, Secret old, Errors errs) {
        String type = nullToEmpty(secret.getType());
        String oldType = nullToEmpty(old.getType());
        if (!type.equals(oldType)) {
            errs.invalid(FieldPath.of("type"), type, "field is immutable");
        }
        if (Boolean.TRUE.equals(old.getImmutable())) {
            if (!Boolean.TRUE.equals(secret.getImmutable())) {
                errs.forbidden(FieldPath.of("immutable"), ConfigMapValidation.IMMUTABLE);
            }
            if (!sameData(decoded(secret), decoded(old))) {
                errs.forbidden(FieldPath.of("data"), ConfigMapValidation.IMMUTABLE);
            }
        }
        data(secret, errs);
    }

    /** SetDefaults_Secret (pkg/apis/core/v1/defaults.go): an empty type is Opaque. */
    static void defaults(Secret secret) {
        if (secret.getType() == null || secret.getType().isEmpty()) {
            secret.setType("Opaque");
        }
    }

    private static void typeRules(Secret secret, Map<String, byte[]> data, FieldPath dataPath, Errors errs) {
        switch (nullToEmpty(secret.getType())) {
            case "kubernetes.io/service-account-token" -> {
                Map<String, String> annotations = secret.getMetadata().getAnnotations();
                String key = "kubernetes.io/service-account.name";
                if (annotations == null || nullToEmpty(annotations.get(key)).isEmpty()) {
                    errs.required(FieldPath.of("metadata").child("annotations").key(key), "");
                }
            }
            case "kubernetes.io/dockercfg" -> json(data, ".dockercfg", dataPath, errs);
            case "kubernetes.io/dockerconfigjson" -> json(data, ".dockerconfigjson", dataPath, errs);
            case "kubernetes.io/basic-auth" -> {
                if (!data.containsKey("username") && !data.containsKey("password")) {
                    errs.required(dataPath.key("username"), "");
                    errs.required(dataPath.key("password"), "");
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                if (!data.containsKey("ssh-privatekey") || data.get("ssh-privatekey").length == 0) {
                    errs.required(dataPath.key("ssh-privatekey"), "");
                }
            }
            case "kubernetes.io/tls" -> {
                if (!data.containsKey("tls.crt")) {
                    errs.required(dataPath.key("tls.crt"), "");
                }
                if (!data.containsKey("tls.key")) {
                    errs.required(dataPath.key("tls.key"), "");
                }
            }
            default -> {
            }
        }
    }

    /**
     * The key must hold JSON that decodes into a map (json.Unmarshal into map[string]interface{}).
     * The detail is encoding/json's for a bad first character, a truncated text and a value that is
     * not an object; other syntax errors carry Jackson's reason, as Go's offsets are not reproduced.
     */
    private static void json(Map<String, byte[]> data, String key, FieldPath dataPath, Errors errs) {
        if (!data.containsKey(key)) {
            errs.required(dataPath.key(key), "");
            return;
        }
        String text = new String(data.get(key), StandardCharsets.UTF_8).strip();
        FieldPath path = dataPath.key(key);
        if (text.isEmpty()) {
            errs.invalid(path, REDACTED, "unexpected end of JSON input");
        } else if ("{[\"-0123456789tfn".indexOf(text.charAt(0)) < 0) {
            errs.invalid(path, REDACTED, "invalid character '" + text.charAt(0) + "' looking for beginning of value");
        } else {
            try {
                var node = JSON.readTree(text);
                if (!node.isObject() && !node.isNull()) {
                    String go = node.isArray() ? "array" : node.isTextual() ? "string" : node.isBoolean() ? "bool" : "number";
                    errs.invalid(path, REDACTED, "json: cannot unmarshal " + go + " into Go value of type map[string]interface {}");
                }
            } catch (JacksonException e) {
                String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                errs.invalid(path, REDACTED, reason.contains("end-of-input") ? "unexpected end of JSON input" : reason);
            }
        }
    }

    /**
     * The v1 conversion on the way in (Convert_v1_Secret_To_core_Secret): each {@code stringData} value is written over
     * {@code data}, base64-encoded, and {@code stringData} is never stored, so {@code kubectl get secret -o yaml} and
     * every reader see {@code data} alone, as from a real API server. After validation, whose paths name stringData.
     */
    static void mergeStringData(Secret secret) {
        if (secret.getStringData() == null) {
            return;
        }
        Map<String, String> data = new TreeMap<>(secret.getData() == null ? Map.of() : secret.getData());
        secret.getStringData().forEach((k, v) -> data.put(k,
                java.util.Base64.getEncoder().encodeToString(nullToEmpty(v).getBytes(StandardCharsets.UTF_8))));
        secret.setData(data);
        secret.setStringData(null);
    }

    /** The data as the API server holds it: decoded, with stringData written over it. */
    static Map<String, byte[]> decoded(Secret secret) {
        Map<String, byte[]> out = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> out.put(k, GoBase64.decode(v == null ? "" : v).orElse(new byte[0])));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> out.put(k, nullToEmpty(v).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static boolean sameData(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        Map<String, String> left = new LinkedHashMap<>();
        Map<String, String> right = new LinkedHashMap<>();
        a.forEach((k, v) -> left.put(k, java.util.Arrays.toString(v)));
        b.forEach((k, v) -> right.put(k, java.util.Arrays.toString(v)));
        return Objects.equals(left, right);
    }
}
