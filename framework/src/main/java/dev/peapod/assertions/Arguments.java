package dev.peapod.assertions;

import dev.peapod.core.PeapodException;

import java.util.Set;

/** Argument checks shared by the assertion entry points. */
final class Arguments {
    /** The pod phases a check may name. */
    static final Set<String> PHASES = Set.of("Pending", "Running", "Succeeded", "Failed", "Unknown");
    private static final Set<String> CONDITION_STATUSES = Set.of("True", "False", "Unknown");

    private Arguments() {
    }

    static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new PeapodException(name + " must not be " + (value == null ? "null" : "blank"));
        }
        return value;
    }

    /** A condition's status as the API spells it. */
    static String requireConditionStatus(String status) {
        requireText(status, "status");
        if (!CONDITION_STATUSES.contains(status)) {
            throw new PeapodException("status must be True, False or Unknown, but was \"" + status + "\"");
        }
        return status;
    }

    static int requireNotNegative(int value, String name) {
        if (value < 0) {
            throw new PeapodException(name + " must not be negative, but was " + value);
        }
        return value;
    }
}
