package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;

import java.util.List;
import java.util.Set;

import static dev.peapod.admission.ContainerValidation.nullToEmpty;
import static dev.peapod.admission.PodDefaults.empty;

/**
 * ValidateEnv and ValidateEnvFrom of pkg/apis/core/validation/validation.go (v1.33), with the
 * relaxed variable names of the RelaxedEnvironmentVariableValidation gate (beta, on).
 */
final class EnvValidation {
    /** validEnvDownwardAPIFieldPathExpressions, sorted as sets.List prints them. */
    private static final List<String> ENV_FIELD_PATHS = List.of("metadata.name", "metadata.namespace", "metadata.uid",
            "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");
    /** The labels pods.ConvertDownwardAPIFieldLabel accepts for v1 (pkg/apis/core/pods/helpers.go). */
    private static final Set<String> CONVERTIBLE = Set.of("metadata.annotations", "metadata.labels", "metadata.name",
            "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName",
            "spec.schedulerName", "status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs", "spec.host");
    private static final List<String> RESOURCE_FIELD_PATHS = List.of("limits.cpu", "limits.ephemeral-storage",
            "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory");

    private EnvValidation() {
    }

    static void env(List<EnvVar> vars, FieldPath path, Errors errs) {
        for (int i = 0; i < vars.size(); i++) {
            EnvVar var = vars.get(i);
            FieldPath at = path.index(i);
            if (empty(var.getName())) {
                errs.required(at.child("name"), "");
            } else {
                errs.invalidEach(at.child("name"), var.getName(), Names.relaxedEnvVarName(var.getName()));
            }
            valueFrom(var, at.child("valueFrom"), errs);
        }
    }

    private static void valueFrom(EnvVar var, FieldPath path, Errors errs) {
        EnvVarSource from = var.getValueFrom();
        if (from == null) {
            return;
        }
        int sources = 0;
        if (from.getFieldRef() != null) {
            sources++;
            fieldRef(from.getFieldRef(), path.child("fieldRef"), errs);
        }
        if (from.getResourceFieldRef() != null) {
            sources++;
            String resource = nullToEmpty(from.getResourceFieldRef().getResource());
            if (resource.isEmpty()) {
                errs.required(path.child("resourceFieldRef").child("resource"), "");
            } else if (!RESOURCE_FIELD_PATHS.contains(resource) && !resource.startsWith("requests.hugepages-")
                    && !resource.startsWith("limits.hugepages-")) {
                errs.notSupported(path.child("resourceFieldRef").child("resource"), resource, RESOURCE_FIELD_PATHS);
            }
        }
        if (from.getConfigMapKeyRef() != null) {
            sources++;
            keySelector(from.getConfigMapKeyRef().getName(), from.getConfigMapKeyRef().getKey(), path.child("configMapKeyRef"), errs);
        }
        if (from.getSecretKeyRef() != null) {
            sources++;
            keySelector(from.getSecretKeyRef().getName(), from.getSecretKeyRef().getKey(), path.child("secretKeyRef"), errs);
        }
        if (sources == 0) {
            errs.invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
        } else if (!empty(var.getValue())) {
            errs.invalid(path, "", "may not be specified when `value` is not empty");
        } else if (sources > 1) {
            errs.invalid(path, "", "may not have more than one field specified at a time");
        }
    }

    /** validateObjectFieldSelector with the fields an env var may read. */
    private static void fieldRef(ObjectFieldSelector selector, FieldPath path, Errors errs) {
        if (empty(selector.getApiVersion())) {
            errs.required(path.child("apiVersion"), "");
            return;
        }
        String fieldPath = nullToEmpty(selector.getFieldPath());
        if (fieldPath.isEmpty()) {
            errs.required(path.child("fieldPath"), "");
            return;
        }
        String converted = convert(selector.getApiVersion(), fieldPath, path, errs);
        if (converted == null) {
            return;
        }
        int bracket = subscriptStart(converted);
        if (bracket > 0) {
            String field = converted.substring(0, bracket);
            String key = converted.substring(bracket + 2, converted.length() - 2);
            if (field.equals("metadata.annotations")) {
                errs.invalidEach(path, key.toLowerCase(java.util.Locale.ROOT), Names.qualifiedName(key.toLowerCase(java.util.Locale.ROOT)));
            } else if (field.equals("metadata.labels")) {
                errs.invalidEach(path, key, Names.qualifiedName(key));
            } else {
                errs.invalid(path, field, "does not support subscript");
            }
        } else if (!ENV_FIELD_PATHS.contains(converted)) {
            errs.notSupported(path.child("fieldPath"), converted, ENV_FIELD_PATHS);
        }
    }

    /** pods.ConvertDownwardAPIFieldLabel; null after reporting the conversion error. */
    private static String convert(String apiVersion, String label, FieldPath path, Errors errs) {
        String error;
        int bracket = subscriptStart(label);
        if (!apiVersion.equals("v1")) {
            error = "unsupported pod version: " + apiVersion;
        } else if (bracket > 0) {
            String field = label.substring(0, bracket);
            if (field.equals("metadata.annotations") || field.equals("metadata.labels")) {
                return label;
            }
            error = "field label does not support subscript: " + label;
        } else if (CONVERTIBLE.contains(label)) {
            return label.equals("spec.host") ? "spec.nodeName" : label;
        } else {
            error = "field label not supported: " + label;
        }
        errs.invalid(path.child("fieldPath"), label, "error converting fieldPath: " + error);
        return null;
    }

    /** fieldpath.SplitMaybeSubscriptedPath: {@code metadata.labels['key']}; -1 when not subscripted. */
    private static int subscriptStart(String fieldPath) {
        if (!fieldPath.endsWith("']")) {
            return -1;
        }
        int at = fieldPath.indexOf("['");
        return at > 0 && at + 2 <= fieldPath.length() - 2 ? at : -1;
    }

    /** validateConfigMapKeySelector / validateSecretKeySelector: both names are DNS subdomains. */
    private static void keySelector(String name, String key, FieldPath path, Errors errs) {
        errs.invalidEach(path.child("name"), nullToEmpty(name), Names.dns1123Subdomain(nullToEmpty(name)));
        if (empty(key)) {
            errs.required(path.child("key"), "");
        } else {
            errs.invalidEach(path.child("key"), key, Names.configMapKey(key));
        }
    }

    static void envFrom(List<EnvFromSource> sources, FieldPath path, Errors errs) {
        for (int i = 0; i < sources.size(); i++) {
            EnvFromSource source = sources.get(i);
            FieldPath at = path.index(i);
            if (!empty(source.getPrefix())) {
                errs.invalidEach(at.child("prefix"), source.getPrefix(), Names.relaxedEnvVarName(source.getPrefix()));
            }
            int count = 0;
            if (source.getConfigMapRef() != null) {
                count++;
                envSourceName(source.getConfigMapRef().getName(), at.child("configMapRef").child("name"), errs);
            }
            if (source.getSecretRef() != null) {
                count++;
                envSourceName(source.getSecretRef().getName(), at.child("secretRef").child("name"), errs);
            }
            // upstream reports these two on the list's path
            if (count == 0) {
                errs.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`");
            } else if (count > 1) {
                errs.invalid(path, "", "may not have more than one field specified at a time");
            }
        }
    }

    /** The name is validated as a generateName prefix (ValidateConfigMapName(name, true)). */
    private static void envSourceName(String name, FieldPath path, Errors errs) {
        if (empty(name)) {
            errs.required(path, "");
        } else {
            errs.invalidEach(path, name, Names.Rule.DNS1123_SUBDOMAIN.check(name, true));
        }
    }
}
