package dev.peapod.store;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceConversion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatus;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourceScale;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the API server and its apiextensions controllers do with a CustomResourceDefinition
 * (staging/src/k8s.io/apiextensions-apiserver, v1.33): v1 defaulting (apis/apiextensions/v1/defaults.go),
 * the strategy's PrepareForCreate (registry/customresourcedefinition/strategy.go: the status is reset,
 * storedVersions is the storage version), validation (apis/apiextensions/validation/validation.go, the
 * common mistakes: names, group, scope, versions, schemas, the subresources' paths) and the status the
 * naming controller (controller/status/naming_controller.go) and the establishing controller
 * (controller/establish/establishing_controller.go) write.
 */
final class CustomResourceDefinitions {
    static final String GROUP_KIND = "CustomResourceDefinition.apiextensions.k8s.io";
    static final String RESOURCE = "customresourcedefinitions.apiextensions.k8s.io";
    /** apiextensions.CustomResourceCleanupFinalizer: added by the CRD's DELETE, removed once its custom resources are gone. */
    static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    private static final String DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric "
            + "characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
    private static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    /**
     * How Peapod shows the {@code spec.versions} value of an Invalid error. Upstream prints the Go value
     * with {@code %#v}, pointer addresses included ({@code []apiextensions.CustomResourceDefinitionVersion{...
     * Schema:(*apiextensions.CustomResourceValidation)(0xc0001a2b40)...}}), which no two runs print alike;
     * Peapod keeps the type and elides the contents.
     */
    private static final Object VERSIONS_VALUE = new Object() {
        @Override
        public String toString() {
            return "[]apiextensions.CustomResourceDefinitionVersion{...}";
        }
    };

    private CustomResourceDefinitions() {
    }

    /**
     * SetDefaults_CustomResourceDefinitionSpec (v1/defaults.go): singular is the lower-case kind, listKind
     * is kind + "List", conversion is None; then PrepareForCreate: an empty status with the storage version
     * as storedVersions.
     */
    static void prepareForCreate(CustomResourceDefinition crd) {
        defaults(crd);
        CustomResourceDefinitionStatus status = new CustomResourceDefinitionStatus();
        status.setConditions(new ArrayList<>());
        status.setAcceptedNames(new CustomResourceDefinitionNames());
        List<String> stored = new ArrayList<>();
        versions(crd).stream().filter(v -> Boolean.TRUE.equals(v.getStorage())).findFirst()
                .ifPresent(v -> stored.add(v.getName()));
        status.setStoredVersions(stored);
        crd.setStatus(status);
    }

    /** PrepareForUpdate: a new storage version joins status.storedVersions. */
    static CustomResourceDefinitionStatus withStorageVersion(CustomResourceDefinition crd, CustomResourceDefinitionStatus status) {
        CustomResourceDefinitionStatus next = status == null ? new CustomResourceDefinitionStatus() : status;
        versions(crd).stream().filter(v -> Boolean.TRUE.equals(v.getStorage())).findFirst().ifPresent(v -> {
            List<String> stored = next.getStoredVersions() == null ? new ArrayList<>() : new ArrayList<>(next.getStoredVersions());
            if (!stored.contains(v.getName())) {
                stored.add(v.getName());
            }
            next.setStoredVersions(stored);
        });
        return next;
    }

    /** The v1 defaults, which a PUT gets too. */
    static void defaults(CustomResourceDefinition crd) {
        CustomResourceDefinitionSpec spec = crd.getSpec();
        if (spec == null) {
            return;
        }
        CustomResourceDefinitionNames names = spec.getNames();
        if (names != null) {
            if (empty(names.getSingular()) && !empty(names.getKind())) {
                names.setSingular(names.getKind().toLowerCase(Locale.ROOT));
            }
            if (empty(names.getListKind()) && !empty(names.getKind())) {
                names.setListKind(names.getKind() + "List");
            }
        }
        if (spec.getConversion() == null) {
            CustomResourceConversion conversion = new CustomResourceConversion();
            conversion.setStrategy("None");
            spec.setConversion(conversion);
        }
    }

    /** ValidateCustomResourceDefinition: the errors of a create, in upstream's order. */
    static List<FieldError> validateCreate(CustomResourceDefinition crd) {
        List<FieldError> errors = new ArrayList<>();
        CustomResourceDefinitionSpec spec = crd.getSpec() == null ? new CustomResourceDefinitionSpec() : crd.getSpec();
        CustomResourceDefinitionNames names = spec.getNames() == null ? new CustomResourceDefinitionNames() : spec.getNames();
        String name = crd.getMetadata().getName();
        if (name != null && !name.equals(names.getPlural() + "." + spec.getGroup())) {
            errors.add(FieldError.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        validateSpec(spec, names, errors);
        return errors;
    }

    /**
     * ValidateCustomResourceDefinitionUpdate: the spec as on create, then what may not change: the group
     * and plural always (they make the CRD's name), the scope and kind once the CRD is Established.
     */
    static List<FieldError> validateUpdate(CustomResourceDefinition crd, CustomResourceDefinition old) {
        List<FieldError> errors = new ArrayList<>();
        CustomResourceDefinitionSpec spec = crd.getSpec() == null ? new CustomResourceDefinitionSpec() : crd.getSpec();
        CustomResourceDefinitionNames names = spec.getNames() == null ? new CustomResourceDefinitionNames() : spec.getNames();
        validateSpec(spec, names, errors);
        CustomResourceDefinitionSpec oldSpec = old.getSpec();
        if (established(old)) {
            immutable("spec.scope", spec.getScope(), oldSpec.getScope(), errors);
            immutable("spec.names.kind", names.getKind(), oldSpec.getNames().getKind(), errors);
        }
        immutable("spec.group", spec.getGroup(), oldSpec.getGroup(), errors);
        immutable("spec.names.plural", names.getPlural(), oldSpec.getNames().getPlural(), errors);
        return errors;
    }

    private static void immutable(String field, String value, String old, List<FieldError> errors) {
        if (!Objects.equals(value, old)) {
            errors.add(FieldError.invalid(field, value == null ? "" : value, "field is immutable"));
        }
    }

    private static void validateSpec(CustomResourceDefinitionSpec spec, CustomResourceDefinitionNames names, List<FieldError> errors) {
        String group = spec.getGroup();
        if (empty(group)) {
            errors.add(FieldError.required("spec.group", ""));
        } else if (!subdomain(group).isEmpty()) {
            errors.add(FieldError.invalid("spec.group", group, String.join(",", subdomain(group))));
        } else if (!group.contains(".")) {
            errors.add(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
        }
        String scope = spec.getScope();
        if (empty(scope)) {
            errors.add(FieldError.required("spec.scope", ""));
        } else if (!scope.equals("Cluster") && !scope.equals("Namespaced")) {
            errors.add(FieldError.notSupported("spec.scope", scope, List.of("Cluster", "Namespaced")));
        }
        List<CustomResourceDefinitionVersion> versions = spec.getVersions() == null ? List.of() : spec.getVersions();
        // v1 requires a schema in every version (requireOpenAPISchema)
        for (int i = 0; i < versions.size(); i++) {
            CustomResourceDefinitionVersion version = versions.get(i);
            if (version.getSchema() == null || version.getSchema().getOpenAPIV3Schema() == null) {
                errors.add(FieldError.required("spec.versions[" + i + "].schema.openAPIV3Schema", "schemas are required"));
            }
        }
        int storage = 0;
        Set<String> seen = new HashSet<>();
        boolean unique = true;
        for (int i = 0; i < versions.size(); i++) {
            CustomResourceDefinitionVersion version = versions.get(i);
            String path = "spec.versions[" + i + "]";
            if (Boolean.TRUE.equals(version.getStorage())) {
                storage++;
            }
            unique &= seen.add(String.valueOf(version.getName()));
            List<String> label = dns1035(version.getName() == null ? "" : version.getName());
            if (!label.isEmpty()) {
                errors.add(FieldError.invalid(path + ".name", version.getName() == null ? "" : version.getName(), String.join(",", label)));
            }
            if (version.getSchema() != null && version.getSchema().getOpenAPIV3Schema() != null) {
                structural(version.getSchema().getOpenAPIV3Schema(), path + ".schema.openAPIV3Schema", true, errors);
            }
            if (version.getSubresources() != null && version.getSubresources().getScale() != null) {
                scale(version.getSubresources().getScale(), path + ".subresources.scale", errors);
            }
        }
        if (!unique) {
            errors.add(FieldError.invalid("spec.versions", VERSIONS_VALUE, "must contain unique version names"));
        }
        if (storage != 1) {
            errors.add(FieldError.invalid("spec.versions", VERSIONS_VALUE, "must have exactly one version marked as storage version"));
        }
        if (empty(names.getPlural())) {
            errors.add(FieldError.required("spec.names.plural", ""));
        }
        if (empty(names.getSingular())) {
            errors.add(FieldError.required("spec.names.singular", ""));
        }
        if (empty(names.getKind())) {
            errors.add(FieldError.required("spec.names.kind", ""));
        }
        if (empty(names.getListKind())) {
            errors.add(FieldError.required("spec.names.listKind", ""));
        }
        validateNames(names, errors);
        if (spec.getConversion() != null && "Webhook".equals(spec.getConversion().getStrategy())) {
            // Peapod's own refusal: upstream accepts it and calls the webhook for every conversion.
            errors.add(FieldError.forbidden("spec.conversion.strategy",
                    "Peapod does not call conversion webhooks: use strategy None (versions that share one schema)"));
        }
    }

    /** ValidateCustomResourceDefinitionNames. */
    private static void validateNames(CustomResourceDefinitionNames names, List<FieldError> errors) {
        label("spec.names.plural", names.getPlural(), false, errors);
        label("spec.names.singular", names.getSingular(), false, errors);
        label("spec.names.kind", names.getKind(), true, errors);
        label("spec.names.listKind", names.getListKind(), true, errors);
        List<String> shortNames = names.getShortNames() == null ? List.of() : names.getShortNames();
        for (int i = 0; i < shortNames.size(); i++) {
            List<String> label = dns1035(shortNames.get(i));
            if (!label.isEmpty()) {
                errors.add(FieldError.invalid("spec.names.shortNames[" + i + "]", shortNames.get(i), String.join(",", label)));
            }
        }
        if (!empty(names.getKind()) && names.getKind().equals(names.getListKind())) {
            errors.add(FieldError.invalid("spec.names.listKind", names.getListKind(), "kind and listKind may not be the same"));
        }
        List<String> categories = names.getCategories() == null ? List.of() : names.getCategories();
        for (int i = 0; i < categories.size(); i++) {
            List<String> label = dns1035(categories.get(i));
            if (!label.isEmpty()) {
                errors.add(FieldError.invalid("spec.names.categories[" + i + "]", categories.get(i), String.join(",", label)));
            }
        }
    }

    private static void label(String field, String value, boolean mixedCase, List<FieldError> errors) {
        if (empty(value)) {
            return;
        }
        List<String> label = dns1035(mixedCase ? value.toLowerCase(Locale.ROOT) : value);
        if (!label.isEmpty()) {
            errors.add(FieldError.invalid(field, value,
                    (mixedCase ? "may have mixed case, but should otherwise match: " : "") + String.join(",", label)));
        }
    }

    /**
     * The structural schema rules a v1 CRD must meet (apiserver/schema/validation.go, validateStructuralInvariants
     * and validateStructuralCompleteness), the common ones: a type at the root, {@code object} there, and a
     * type for every specified property and array item, unless x-kubernetes-int-or-string or
     * x-kubernetes-preserve-unknown-fields says otherwise.
     */
    private static void structural(JSONSchemaProps schema, String path, boolean root, List<FieldError> errors) {
        if (root && empty(schema.getType())) {
            errors.add(FieldError.required(path + ".type", "must not be empty at the root"));
        } else if (root && !"object".equals(schema.getType())) {
            errors.add(FieldError.invalid(path + ".type", schema.getType(), "must be object at the root"));
        }
        if (schema.getProperties() != null) {
            for (Map.Entry<String, JSONSchemaProps> property : new java.util.TreeMap<>(schema.getProperties()).entrySet()) {
                String child = path + ".properties[" + property.getKey() + "]";
                JSONSchemaProps value = property.getValue();
                if (empty(value.getType()) && !Boolean.TRUE.equals(value.getXKubernetesIntOrString())
                        && !Boolean.TRUE.equals(value.getXKubernetesPreserveUnknownFields())) {
                    errors.add(FieldError.required(child + ".type", "must not be empty for specified object fields"));
                }
                structural(value, child, false, errors);
            }
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            JSONSchemaProps items = schema.getItems().getSchema();
            if (empty(items.getType()) && !Boolean.TRUE.equals(items.getXKubernetesIntOrString())
                    && !Boolean.TRUE.equals(items.getXKubernetesPreserveUnknownFields())) {
                errors.add(FieldError.required(path + ".items.type", "must not be empty for specified array items"));
            }
            structural(items, path + ".items", false, errors);
        }
        if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
            structural(schema.getAdditionalProperties().getSchema(), path + ".additionalProperties", false, errors);
        }
    }

    /** ValidateCustomResourceDefinitionSubresources, for scale: both replicas paths are required JSON paths. */
    private static void scale(CustomResourceSubresourceScale scale, String path, List<FieldError> errors) {
        if (empty(scale.getSpecReplicasPath())) {
            errors.add(FieldError.required(path + ".specReplicasPath", ""));
        } else if (!scale.getSpecReplicasPath().startsWith(".spec.")) {
            errors.add(FieldError.invalid(path + ".specReplicasPath", scale.getSpecReplicasPath(), "should be a json path under .spec"));
        }
        if (empty(scale.getStatusReplicasPath())) {
            errors.add(FieldError.required(path + ".statusReplicasPath", ""));
        } else if (!scale.getStatusReplicasPath().startsWith(".status.")) {
            errors.add(FieldError.invalid(path + ".statusReplicasPath", scale.getStatusReplicasPath(), "should be a json path under .status"));
        }
        if (!empty(scale.getLabelSelectorPath()) && !scale.getLabelSelectorPath().startsWith(".spec.")
                && !scale.getLabelSelectorPath().startsWith(".status.")) {
            errors.add(FieldError.invalid(path + ".labelSelectorPath", scale.getLabelSelectorPath(),
                    "should be a json path under either .spec or .status"));
        }
    }

    /** validation.IsDNS1035Label. */
    private static List<String> dns1035(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > 63) {
            errors.add("must be no more than 63 characters");
        }
        if (!DNS1035_LABEL.matcher(value).matches()) {
            errors.add(DNS1035_LABEL_MSG + " (e.g. 'my-name',  or 'abc-123', regex used for validation is '" + DNS1035_LABEL_FMT + "')");
        }
        return errors;
    }

    /** validation.IsDNS1123Subdomain. */
    private static List<String> subdomain(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > 253) {
            errors.add("must be no more than 253 characters");
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errors.add(DNS1123_SUBDOMAIN_MSG + " (e.g. 'example.com', regex used for validation is '" + DNS1123_SUBDOMAIN_FMT + "')");
        }
        return errors;
    }

    // ---------------------------------------------------------------- status

    static boolean established(CustomResourceDefinition crd) {
        return conditionTrue(crd, "Established");
    }

    static boolean terminating(CustomResourceDefinition crd) {
        return conditionTrue(crd, "Terminating") || crd.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean conditionTrue(CustomResourceDefinition crd, String type) {
        return condition(crd, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    static Optional<CustomResourceDefinitionCondition> condition(CustomResourceDefinition crd, String type) {
        if (crd.getStatus() == null || crd.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return crd.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /**
     * apiextensionshelpers.SetCRDCondition: replaces the condition of that type, keeping its
     * lastTransitionTime when the status did not change; appends a new one.
     */
    static void setCondition(CustomResourceDefinitionStatus status, String type, String value, String reason, String message,
                             String now) {
        if (status.getConditions() == null) {
            status.setConditions(new ArrayList<>());
        }
        List<CustomResourceDefinitionCondition> conditions = new ArrayList<>(status.getConditions());
        CustomResourceDefinitionCondition next = new CustomResourceDefinitionCondition();
        next.setType(type);
        next.setStatus(value);
        next.setReason(reason);
        next.setMessage(message);
        next.setLastTransitionTime(now);
        for (int i = 0; i < conditions.size(); i++) {
            CustomResourceDefinitionCondition existing = conditions.get(i);
            if (type.equals(existing.getType())) {
                if (value.equals(existing.getStatus())) {
                    next.setLastTransitionTime(existing.getLastTransitionTime());
                }
                conditions.set(i, next);
                status.setConditions(conditions);
                return;
            }
        }
        conditions.add(next);
        status.setConditions(conditions);
    }

    /**
     * The naming controller's calculateNamesAndConditions: each requested name is accepted unless
     * another CRD of the group already accepted it; NamesAccepted says which conflicted; Established
     * becomes False "Installing" once the names are accepted (the establishing controller then sets it
     * True). Empty when the accepted names already equal the requested ones (the controller skips it).
     */
    static Optional<CustomResourceDefinitionStatus> named(CustomResourceDefinition crd, List<CustomResourceDefinition> all,
                                                          String now) {
        CustomResourceDefinitionNames requested = crd.getSpec().getNames();
        CustomResourceDefinitionStatus status = Copies.copy(crd.getStatus());
        CustomResourceDefinitionNames accepted = status.getAcceptedNames() == null ? new CustomResourceDefinitionNames()
                : status.getAcceptedNames();
        if (sameNames(requested, accepted)) {
            return Optional.empty();
        }
        Set<String> resources = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        for (CustomResourceDefinition other : all) {
            if (other.getMetadata().getName().equals(crd.getMetadata().getName())
                    || !Objects.equals(other.getSpec().getGroup(), crd.getSpec().getGroup())
                    || other.getStatus() == null || other.getStatus().getAcceptedNames() == null) {
                continue;
            }
            CustomResourceDefinitionNames names = other.getStatus().getAcceptedNames();
            resources.add(nullToEmpty(names.getPlural()));
            resources.add(nullToEmpty(names.getSingular()));
            if (names.getShortNames() != null) {
                resources.addAll(names.getShortNames());
            }
            kinds.add(nullToEmpty(names.getKind()));
            kinds.add(nullToEmpty(names.getListKind()));
        }
        CustomResourceDefinitionNames next = Copies.copy(accepted);
        String[] condition = {"True", "NoConflicts", "no conflicts found"};
        conflict(requested.getPlural(), accepted.getPlural(), resources, "PluralConflict", condition)
                .ifPresentOrElse(x -> { }, () -> next.setPlural(requested.getPlural()));
        conflict(requested.getSingular(), accepted.getSingular(), resources, "SingularConflict", condition)
                .ifPresentOrElse(x -> { }, () -> next.setSingular(requested.getSingular()));
        List<String> requestedShort = requested.getShortNames() == null ? List.of() : requested.getShortNames();
        List<String> acceptedShort = accepted.getShortNames() == null ? List.of() : accepted.getShortNames();
        if (!requestedShort.equals(acceptedShort)) {
            List<String> taken = new ArrayList<>();
            for (String shortName : requestedShort) {
                if (!acceptedShort.contains(shortName) && resources.contains(shortName)) {
                    taken.add("\"" + shortName + "\" is already in use");
                }
            }
            if (taken.isEmpty()) {
                next.setShortNames(requested.getShortNames());
            } else {
                condition[0] = "False";
                condition[1] = "ShortNamesConflict";
                condition[2] = taken.size() == 1 ? taken.get(0) : "[" + String.join(", ", taken) + "]";
            }
        }
        conflict(requested.getKind(), accepted.getKind(), kinds, "KindConflict", condition)
                .ifPresentOrElse(x -> { }, () -> next.setKind(requested.getKind()));
        conflict(requested.getListKind(), accepted.getListKind(), kinds, "ListKindConflict", condition)
                .ifPresentOrElse(x -> { }, () -> next.setListKind(requested.getListKind()));
        next.setCategories(requested.getCategories());
        status.setAcceptedNames(next);
        setCondition(status, "NamesAccepted", condition[0], condition[1], condition[2], now);
        boolean wasEstablished = established(crd);
        if (!wasEstablished && condition[0].equals("True")) {
            setCondition(status, "Established", "False", "Installing", "the initial names have been accepted", now);
        } else if (condition(crd, "Established").isEmpty()) {
            setCondition(status, "Established", "False", "NotAccepted", "not all names are accepted", now);
        }
        return Optional.of(status);
    }

    /** equalToAcceptedOrFresh; a conflict sets the condition and says so. */
    private static Optional<String> conflict(String requested, String accepted, Set<String> used, String reason, String[] condition) {
        if (Objects.equals(requested, accepted) || !used.contains(nullToEmpty(requested))) {
            return Optional.empty();
        }
        condition[0] = "False";
        condition[1] = reason;
        condition[2] = "\"" + requested + "\" is already in use";
        return Optional.of(reason);
    }

    private static boolean sameNames(CustomResourceDefinitionNames a, CustomResourceDefinitionNames b) {
        return Objects.equals(a.getPlural(), b.getPlural()) && Objects.equals(a.getSingular(), b.getSingular())
                && Objects.equals(emptyToNull(a.getShortNames()), emptyToNull(b.getShortNames()))
                && Objects.equals(a.getKind(), b.getKind()) && Objects.equals(a.getListKind(), b.getListKind())
                && Objects.equals(emptyToNull(a.getCategories()), emptyToNull(b.getCategories()));
    }

    /** The establishing controller's sync: NamesAccepted True and not yet Established → Established True. */
    static Optional<CustomResourceDefinitionStatus> establishing(CustomResourceDefinition crd, String now) {
        if (!conditionTrue(crd, "NamesAccepted") || established(crd)) {
            return Optional.empty();
        }
        CustomResourceDefinitionStatus status = Copies.copy(crd.getStatus());
        setCondition(status, "Established", "True", "InitialNamesAccepted", "the initial names have been accepted", now);
        return Optional.of(status);
    }

    /** The kind an Established CRD serves, under its accepted names. */
    static ServedKind servedKind(CustomResourceDefinition crd) {
        CustomResourceDefinitionNames names = crd.getStatus().getAcceptedNames();
        List<ServedKind.Version> versions = new ArrayList<>();
        for (CustomResourceDefinitionVersion version : versions(crd)) {
            boolean status = version.getSubresources() != null && version.getSubresources().getStatus() != null;
            CustomResourceSubresourceScale scale = version.getSubresources() == null ? null : version.getSubresources().getScale();
            versions.add(new ServedKind.Version(version.getName(), Boolean.TRUE.equals(version.getServed()),
                    Boolean.TRUE.equals(version.getStorage()), status, Optional.ofNullable(scale)
                    .map(s -> new ServedKind.Scale(s.getSpecReplicasPath(), s.getStatusReplicasPath(), s.getLabelSelectorPath()))));
        }
        return new ServedKind(crd.getSpec().getGroup(), names.getKind(), names.getListKind(), names.getPlural(),
                names.getSingular(), names.getShortNames() == null ? List.of() : names.getShortNames(),
                names.getCategories() == null ? List.of() : names.getCategories(),
                "Namespaced".equals(crd.getSpec().getScope()), versions);
    }

    static List<CustomResourceDefinitionVersion> versions(CustomResourceDefinition crd) {
        return crd.getSpec() == null || crd.getSpec().getVersions() == null ? List.of() : crd.getSpec().getVersions();
    }

    static Optional<CustomResourceDefinitionVersion> version(CustomResourceDefinition crd, String name) {
        return versions(crd).stream().filter(v -> Objects.equals(v.getName(), name)).findFirst();
    }

    /** x-kubernetes-validations anywhere in the CRD's schemas: Peapod does not evaluate CEL rules. */
    static boolean hasValidationRules(CustomResourceDefinition crd) {
        for (CustomResourceDefinitionVersion version : versions(crd)) {
            if (version.getSchema() != null && hasRules(version.getSchema().getOpenAPIV3Schema())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasRules(JSONSchemaProps schema) {
        if (schema == null) {
            return false;
        }
        if (schema.getXKubernetesValidations() != null && !schema.getXKubernetesValidations().isEmpty()) {
            return true;
        }
        if (schema.getProperties() != null && schema.getProperties().values().stream().anyMatch(CustomResourceDefinitions::hasRules)) {
            return true;
        }
        return (schema.getItems() != null && hasRules(schema.getItems().getSchema()))
                || (schema.getAdditionalProperties() != null && hasRules(schema.getAdditionalProperties().getSchema()));
    }

    private static boolean empty(String value) {
        return value == null || value.isEmpty();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static <T> List<T> emptyToNull(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
