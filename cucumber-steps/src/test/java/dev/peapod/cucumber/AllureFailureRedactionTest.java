package dev.peapod.cucumber;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failing step's message is Peapod's words, and they may quote what a container printed: here the logs, with the
 * Secret's values in them. The result Allure writes has them replaced by {@code <redacted>}, in the scenario's
 * message and in the failed step's, so no Secret value reaches the report through a failure either.
 */
class AllureFailureRedactionTest {
    private static final String FEATURE = """
            Feature: A failing check that quotes a Secret
              Scenario: the logs are not what the test expected
                Given a cluster with 1 node
                And the manifest "allure-story/web-with-password.yaml" is applied
                When 30 seconds pass
                Then the logs of container "app" of pod "web" show:
                  \"\"\"
                  something else
                  \"\"\"
            """;

    @TempDir
    Path dir;

    @Test
    void theFailureMessageInTheResultIsScrubbedOfTheSecretsValues() throws IOException {
        // given
        Path results = Files.createDirectories(dir.resolve("allure-results"));
        Path feature = Files.writeString(dir.resolve("failing.feature"), FEATURE);
        AllureLifecycle before = Allure.getLifecycle();
        Allure.setLifecycle(new AllureLifecycle(new FileSystemResultsWriter(results)));
        byte status;
        try {
            // when
            status = io.cucumber.core.cli.Main.run(new String[]{"--plugin", "io.qameta.allure.cucumber7jvm.AllureCucumber7Jvm",
                    "--glue", "dev.peapod.cucumber", "--monochrome", feature.toString()}, Thread.currentThread().getContextClassLoader());
        } finally {
            Allure.setLifecycle(before);
        }
        // then: it failed, its message says so with the values redacted, and no file holds them
        assertThat(status).isEqualTo((byte) 1);
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(results)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(file));
            }
        }
        assertThat(texts).anySatisfy(text -> assertThat(text).contains("password=<redacted> token=<redacted>"));
        assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain("pea-pod-s3cret-4711", "tok-8a7b6c5d"));
    }
}
