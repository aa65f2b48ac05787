package dev.peapod.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's kinds table (under "Bad input") names every kind Peapod simulates or only validates, as
 * {@link Simulated} decides it, so the table a user reads to learn what Peapod does with a kind cannot fall behind
 * the code: a kind added to either list without a row fails here.
 */
class ReadmeKindsTest {

    @Test
    void theKindsTableNamesEveryKindPeapodSimulatesOrValidates() throws IOException {
        // given
        String readme = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
        int start = readme.indexOf("\n| Kinds | Peapod |\n");
        assertThat(start).as("the README's kinds table").isNotNegative();
        String table = readme.substring(start, readme.indexOf("\n\n", start + 1));
        List<String> kinds = new ArrayList<>();
        for (Class<? extends HasMetadata> type : Simulated.kinds()) {
            kinds.add(HasMetadata.getKind(type));
        }
        // then
        assertThat(kinds).hasSizeGreaterThan(20)
                .allSatisfy(kind -> assertThat(table).as("the README's kinds table names %s", kind).containsPattern("\\b" + kind + "\\b"));
    }
}
