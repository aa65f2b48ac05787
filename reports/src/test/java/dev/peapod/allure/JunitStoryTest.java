package dev.peapod.allure;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** A JUnit test's story sits on the test in allure-jupiter's result, not on its {@code @AfterEach} fixture. */
class JunitStoryTest {
    @TempDir
    Path results;

    @Test
    void theStorySitsOnTheTestNotOnItsFixture() throws IOException {
        // given
        AllureLifecycle before = Allure.getLifecycle();
        Allure.setLifecycle(new AllureLifecycle(new FileSystemResultsWriter(results)));
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        try {
            // when
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(JunitStoryExample.class))
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true").build(), summary);
        } finally {
            Allure.setLifecycle(before);
        }
        // then
        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);
        JsonNode test = null;
        List<String> fixtures = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith("-result.json")) {
                    test = Serialization.jsonMapper().readTree(Files.readString(file));
                } else if (name.endsWith("-container.json")) {
                    Serialization.jsonMapper().readTree(Files.readString(file)).get("afters").forEach(a ->
                            fixtures.add(a.get("name").asString() + " " + a.get("attachments").size()));
                }
            }
        }
        assertThat(test).isNotNull();
        assertThat(test.get("name").asString()).isEqualTo("aWebPodRuns(FakeCluster)");
        List<String> names = new ArrayList<>();
        test.get("attachments").forEach(a -> names.add(a.get("name").asString()));
        assertThat(names).containsExactly(ClusterStory.PICTURE, ClusterStory.PODS, ClusterStory.NODES, ClusterStory.EVENTS,
                ClusterStory.MANIFESTS, ClusterStory.TIMELINE);
        assertThat(fixtures).containsExactly("tidyUp 0");
        List<String> labels = new ArrayList<>();
        test.get("labels").forEach(l -> labels.add(l.get("name").asString() + "=" + l.get("value").asString()));
        assertThat(labels).contains("namespace=default").noneMatch(l -> l.startsWith("manifest="));
    }
}
