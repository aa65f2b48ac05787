package dev.peapod.controllers;

import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The namespace deleter's conditions (pkg/controller/namespace/deletion/status_condition_utils.go,
 * namespaceConditionUpdater): the failures and remaining content one pass found become True
 * conditions; every other of the five types gets its "ok" variant (False). A condition's
 * lastTransitionTime changes only when its status does.
 */
final class NamespaceConditions {
    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    static final String GROUP_VERSION_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    /** conditionTypes: the order they are added in. */
    static final List<String> TYPES = List.of(DISCOVERY_FAILURE, GROUP_VERSION_PARSING_FAILURE, CONTENT_FAILURE,
            CONTENT_REMAINING, FINALIZERS_REMAINING);
    private static final Map<String, String> OK_REASONS = Map.of(
            DISCOVERY_FAILURE, "ResourcesDiscovered",
            GROUP_VERSION_PARSING_FAILURE, "ParsedGroupVersions",
            CONTENT_FAILURE, "ContentDeleted",
            CONTENT_REMAINING, "ContentRemoved",
            FINALIZERS_REMAINING, "ContentHasNoFinalizers");
    private static final Map<String, String> OK_MESSAGES = Map.of(
            DISCOVERY_FAILURE, "All resources successfully discovered",
            GROUP_VERSION_PARSING_FAILURE, "All legacy kube types successfully parsed",
            CONTENT_FAILURE, "All content successfully deleted, may be waiting on finalization",
            CONTENT_REMAINING, "All content successfully removed",
            FINALIZERS_REMAINING, "All content-preserving finalizers finished");

    private final List<NamespaceCondition> found = new ArrayList<>();
    private final List<String> deleteContentErrors = new ArrayList<>();
    private final Instant now;

    NamespaceConditions(Instant now) {
        this.now = now;
    }

    /** ProcessDeleteContentErr. */
    void deleteContentError(String message) {
        deleteContentErrors.add(message);
    }

    /**
     * ProcessContentTotals: {@code Some resources are remaining: pods. has 2 resource instances} (resource
     * dot group, sorted) and {@code Some content in the namespace has finalizers remaining: example.com/x in 1
     * resource instances}.
     */
    void contentTotals(Map<String, Integer> remainingByResource, Map<String, Integer> remainingByFinalizer) {
        if (!remainingByResource.isEmpty()) {
            List<String> remaining = new ArrayList<>();
            remainingByResource.forEach((resource, count) -> {
                if (count > 0) {
                    remaining.add(resource + " has " + count + " resource instances");
                }
            });
            remaining.sort(null);
            found.add(condition(CONTENT_REMAINING, "True", "SomeResourcesRemain",
                    "Some resources are remaining: " + String.join(", ", remaining)));
        }
        if (!remainingByFinalizer.isEmpty()) {
            List<String> remaining = new ArrayList<>();
            new TreeMap<>(remainingByFinalizer).forEach((finalizer, count) -> {
                if (count > 0) {
                    remaining.add(finalizer + " in " + count + " resource instances");
                }
            });
            remaining.sort(null);
            found.add(condition(FINALIZERS_REMAINING, "True", "SomeFinalizersRemain",
                    "Some content in the namespace has finalizers remaining: " + String.join(", ", remaining)));
        }
    }

    /**
     * Update: the five conditions written into {@code status}; true when one was added or changed. The
     * delete errors make one ContentDeletionFailed condition, their messages sorted.
     */
    boolean update(NamespaceStatus status) {
        if (!deleteContentErrors.isEmpty()) {
            List<String> messages = new ArrayList<>(deleteContentErrors);
            messages.sort(null);
            found.add(condition(CONTENT_FAILURE, "True", "ContentDeletionFailed", "Failed to delete all resource types, "
                    + messages.size() + " remaining: " + String.join(", ", messages)));
        }
        if (status.getConditions() == null) {
            status.setConditions(new ArrayList<>());
        }
        boolean changed = false;
        for (String type : TYPES) {
            NamespaceCondition wanted = find(found, type);
            if (wanted == null) {
                wanted = condition(type, "False", OK_REASONS.get(type), OK_MESSAGES.get(type));
            }
            NamespaceCondition current = find(status.getConditions(), type);
            if (current == null) {
                status.getConditions().add(wanted);
                changed = true;
            } else if (!Objects.equals(current.getStatus(), wanted.getStatus()) || !Objects.equals(current.getMessage(), wanted.getMessage())
                    || !Objects.equals(current.getReason(), wanted.getReason())) {
                if (!Objects.equals(current.getStatus(), wanted.getStatus())) {
                    current.setLastTransitionTime(Timestamps.format(now));
                }
                current.setStatus(wanted.getStatus());
                current.setReason(wanted.getReason());
                current.setMessage(wanted.getMessage());
                changed = true;
            }
        }
        return changed;
    }

    private NamespaceCondition condition(String type, String status, String reason, String message) {
        NamespaceCondition condition = new NamespaceCondition();
        condition.setType(type);
        condition.setStatus(status);
        condition.setLastTransitionTime(Timestamps.format(now));
        condition.setReason(reason);
        condition.setMessage(message);
        return condition;
    }

    private static NamespaceCondition find(List<NamespaceCondition> conditions, String type) {
        for (NamespaceCondition condition : conditions) {
            if (type.equals(condition.getType())) {
                return condition;
            }
        }
        return null;
    }
}
