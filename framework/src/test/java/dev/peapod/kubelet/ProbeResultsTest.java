package dev.peapod.kubelet;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The results cache answers a repeated set (a steady probe's every run) from its last entry, and that
 * shortcut never hides a change: after a removal, another container's entry, or a listener that sets
 * again, a set that changes the cache still changes it, counts, and tells the listener.
 */
class ProbeResultsTest {
    private final List<String> updates = new ArrayList<>();
    private final ProbeResults.Changes changes = new ProbeResults.Changes();
    private final ProbeResults results = new ProbeResults(ProbeType.READINESS,
            (type, id, result) -> updates.add(id + "=" + result), changes);

    @Test
    void aRepeatedSetChangesNothingAndTellsNoOne() {
        results.set("c1", ProbeResult.SUCCESS);
        results.set("c1", ProbeResult.SUCCESS);
        results.set("c1", ProbeResult.SUCCESS);
        assertThat(updates).containsExactly("c1=SUCCESS");
        assertThat(changes.count()).isEqualTo(1);
        assertThat(results.get("c1")).isEqualTo(ProbeResult.SUCCESS);
    }

    @Test
    void aSetAfterARemovalOfItsContainerAddsTheEntryAgain() {
        results.set("c1", ProbeResult.SUCCESS);
        results.remove("c1");
        assertThat(results.get("c1")).isNull();
        results.set("c1", ProbeResult.SUCCESS);
        assertThat(updates).containsExactly("c1=SUCCESS", "c1=SUCCESS");
        assertThat(changes.count()).isEqualTo(3);
        assertThat(results.get("c1")).isEqualTo(ProbeResult.SUCCESS);
    }

    @Test
    void twoContainersSettingInTurnKeepTheirOwnEntries() {
        results.set("c1", ProbeResult.SUCCESS);
        results.set("c2", ProbeResult.FAILURE);
        results.set("c1", ProbeResult.SUCCESS);
        results.set("c2", ProbeResult.SUCCESS);
        results.set("c1", ProbeResult.FAILURE);
        assertThat(updates).containsExactly("c1=SUCCESS", "c2=FAILURE", "c2=SUCCESS", "c1=FAILURE");
        assertThat(changes.count()).isEqualTo(4);
        assertThat(results.get("c1")).isEqualTo(ProbeResult.FAILURE);
        assertThat(results.get("c2")).isEqualTo(ProbeResult.SUCCESS);
    }

    @Test
    void aListenerThatSetsAgainLeavesTheCacheAsItsOwnSetMadeIt() {
        // given: a listener that, told of c1's success, sets c1 to failure (as a trigger that probes again could)
        ProbeResults.Changes counted = new ProbeResults.Changes();
        ProbeResults[] cache = new ProbeResults[1];
        cache[0] = new ProbeResults(ProbeType.READINESS, (type, id, result) -> {
            updates.add(id + "=" + result);
            if (result == ProbeResult.SUCCESS) {
                cache[0].set(id, ProbeResult.FAILURE);
            }
        }, counted);
        // when
        cache[0].set("c1", ProbeResult.SUCCESS);
        cache[0].set("c1", ProbeResult.SUCCESS);
        // then: the second success is a change again (the entry held the listener's failure)
        assertThat(updates).containsExactly("c1=SUCCESS", "c1=FAILURE", "c1=SUCCESS", "c1=FAILURE");
        assertThat(counted.count()).isEqualTo(4);
    }

    @Test
    void thePodsCountMovesWithEveryTypesChanges() {
        ProbeResults liveness = new ProbeResults(ProbeType.LIVENESS, (type, id, result) -> { }, changes);
        results.set("c1", ProbeResult.FAILURE);
        liveness.set("c1", ProbeResult.SUCCESS);
        liveness.set("c1", ProbeResult.SUCCESS);
        liveness.remove("c1");
        liveness.remove("c1");
        assertThat(changes.count()).isEqualTo(3);
    }
}
