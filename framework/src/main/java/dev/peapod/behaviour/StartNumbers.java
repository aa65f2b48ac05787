package dev.peapod.behaviour;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** The start numbers a rule or an exit plan names: 1 is the first run, 2 the first restart. */
final class StartNumbers {
    private StartNumbers() {
    }

    static Set<Integer> of(Integer... startNumbers) {
        Checks.elementsNotNull(startNumbers, "startNumbers");
        if (startNumbers.length == 0) {
            throw new PeapodException("onStarts(startNumbers) needs at least one start number: 1 is the first run, 2 the first restart");
        }
        for (int i = 0; i < startNumbers.length; i++) {
            if (startNumbers[i] < 1) {
                throw new PeapodException("startNumbers[" + i + "] must be at least 1 (the first run), but was " + startNumbers[i]);
            }
        }
        return new TreeSet<>(Arrays.asList(startNumbers));
    }
}
