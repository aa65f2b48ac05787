package dev.peapod.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedMemoTest {
    private final List<String> asked = new ArrayList<>();
    private final BoundedMemo<String, String> memo = new BoundedMemo<>(2, key -> {
        asked.add(key);
        return key.toUpperCase();
    });

    @Test
    void aKeyIsWorkedOutOnceWhileThereIsRoom() {
        assertThat(memo.get("a")).isEqualTo("A");
        assertThat(memo.get("a")).isEqualTo("A");
        assertThat(asked).containsExactly("a");
    }

    @Test
    void keysPastTheLimitAreWorkedOutEachTimeAndTheFirstStayRemembered() {
        memo.get("a");
        memo.get("b");
        assertThat(memo.get("c")).isEqualTo("C");
        assertThat(memo.get("c")).isEqualTo("C");
        memo.get("a");
        memo.get("b");
        assertThat(asked).containsExactly("a", "b", "c", "c");
    }
}
