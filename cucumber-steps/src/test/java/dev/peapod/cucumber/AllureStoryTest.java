package dev.peapod.cucumber;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs one scenario with allure-cucumber7-jvm, as a user's build does, and reads the result files it
 * writes: the story sits on the scenario (not under the After hook), each step that changed the
 * cluster carries the pods table, the labels name the feature, the story, the namespace and the
 * manifest file, and no Secret value is in any file Allure wrote.
 */
class AllureStoryTest {
    private static final String FEATURE = """
            Feature: The story of a scenario in Allure
              Scenario: a web pod with a password
                Given a cluster with 1 node
                And the manifest "allure-story/web-with-password.yaml" is applied
                When 30 seconds pass
                Then pod "web" is Running
                And the logs of container "app" of pod "web" show:
                  \"\"\"
                  password=pea-pod-s3cret-4711 token=tok-8a7b6c5d
                  \"\"\"
            """;
    /** The Secret's values, decoded and as the API server stores them (base64). */
    private static final List<String> SECRETS = List.of("pea-pod-s3cret-4711", "cGVhLXBvZC1zM2NyZXQtNDcxMQ==",
            "tok-8a7b6c5d", "dG9rLThhN2I2YzVk");

    @TempDir
    static Path dir;
    private static Path results;
    private static AllureLifecycle before;

    @BeforeAll
    static void runTheScenario() throws IOException {
        results = Files.createDirectories(dir.resolve("allure-results"));
        Path feature = Files.writeString(dir.resolve("story.feature"), FEATURE);
        before = Allure.getLifecycle();
        Allure.setLifecycle(new AllureLifecycle(new FileSystemResultsWriter(results)));
        try {
            byte status = io.cucumber.core.cli.Main.run(new String[]{"--plugin", "io.qameta.allure.cucumber7jvm.AllureCucumber7Jvm",
                    "--glue", "dev.peapod.cucumber", "--monochrome", feature.toString()},
                    Thread.currentThread().getContextClassLoader());
            assertThat(status).as("the scenario passes").isZero();
        } finally {
            Allure.setLifecycle(before);
        }
    }

    @AfterAll
    static void restore() {
        Allure.setLifecycle(before);
    }

    private static JsonNode only(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(results)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
            assertThat(found).hasSize(1);
            return Serialization.jsonMapper().readTree(Files.readString(found.get(0)));
        }
    }

    private static List<String> names(JsonNode attachments) {
        List<String> names = new ArrayList<>();
        attachments.forEach(a -> names.add(a.get("name").asString()));
        return names;
    }

    @Test
    void theStorySitsOnTheScenarioNotUnderTheAfterHook() throws IOException {
        JsonNode scenario = only("-result.json");
        assertThat(scenario.get("name").asString()).isEqualTo("a web pod with a password");
        assertThat(scenario.get("status").asString()).isEqualTo("passed");
        assertThat(names(scenario.get("attachments"))).containsExactly("Timeline picture",
                "Pods (kubectl get pods -o wide)", "Nodes (kubectl get nodes -o wide)", "Events (kubectl describe)",
                "Manifests as applied (after defaulting and admission)", "Timeline (virtual time)");
        // allure-cucumber7-jvm writes one container per hook; the After hook's tear-down carries nothing
        List<JsonNode> afters = new ArrayList<>();
        List<String> befores = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-container.json")).toList()) {
                JsonNode container = Serialization.jsonMapper().readTree(Files.readString(file));
                container.get("afters").forEach(afters::add);
                container.get("befores").forEach(b -> befores.add(b.get("name").asString()));
            }
        }
        // one set-up for the library's own hooks, where there were three (two only caught the scenario's log)
        assertThat(befores).containsExactly("dev.peapod.cucumber.Hooks.startTheScenario(io.cucumber.java.Scenario)");
        assertThat(afters).hasSize(1);
        assertThat(afters.get(0).get("name").asString()).isEqualTo("dev.peapod.cucumber.Hooks.tellTheStory(io.cucumber.java.Scenario)");
        assertThat(afters.get(0).get("attachments")).isEmpty();
        String picture = Files.readString(results.resolve(scenario.get("attachments").get(0).get("source").asString()));
        assertThat(picture).startsWith("<!DOCTYPE html>").contains("<svg").contains("data-lane=\"default/web/app\"");
    }

    @Test
    void eachStepThatChangedTheClusterShowsThePodsAfterIt() throws IOException {
        JsonNode steps = only("-result.json").get("steps");
        List<String> stepNames = new ArrayList<>();
        steps.forEach(s -> stepNames.add(s.get("name").asString()));
        assertThat(stepNames).containsExactly("Given a cluster with 1 node",
                "And the manifest \"allure-story/web-with-password.yaml\" is applied", "When 30 seconds pass",
                "Then pod \"web\" is Running", "And the logs of container \"app\" of pod \"web\" show:");
        String pods = "Pods after this step (kubectl get pods -o wide)";
        assertThat(names(steps.get(0).get("attachments"))).isEmpty(); // the cluster starts at the first step that uses it
        assertThat(names(steps.get(1).get("attachments"))).containsExactly(pods);
        assertThat(names(steps.get(2).get("attachments"))).containsExactly(pods);
        assertThat(names(steps.get(3).get("attachments"))).isEmpty(); // checks that changed nothing
        assertThat(names(steps.get(4).get("attachments"))).isEmpty();
        assertThat(Files.readString(results.resolve(steps.get(1).get("attachments").get(0).get("source").asString())))
                .isEqualTo("""
                        NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
                        web    1/1     Running   0          0s    10.244.1.2   node-1   <none>           <none>
                        """);
        assertThat(Files.readString(results.resolve(steps.get(2).get("attachments").get(0).get("source").asString())))
                .isEqualTo("""
                        NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
                        web    1/1     Running   0          30s   10.244.1.2   node-1   <none>           <none>
                        """);
    }

    @Test
    void labelsNameTheFeatureTheStoryTheNamespaceAndTheManifest() throws IOException {
        JsonNode labels = only("-result.json").get("labels");
        List<String> pairs = new ArrayList<>();
        labels.forEach(l -> pairs.add(l.get("name").asString() + "=" + l.get("value").asString()));
        assertThat(pairs).contains("feature=The story of a scenario in Allure", "story=a web pod with a password",
                "namespace=default", "manifest=allure-story/web-with-password.yaml");
    }

    @Test
    void theManifestsAreShownAsStoredWithTheSecretRedacted() throws IOException {
        JsonNode scenario = only("-result.json");
        String manifests = Files.readString(results.resolve(scenario.get("attachments").get(4).get("source").asString()));
        assertThat(manifests).startsWith("---\n# from allure-story/web-with-password.yaml\napiVersion: \"v1\"\nkind: \"Secret\"\n")
                // stringData is merged into data, as the API server stores a Secret
                .contains("data:\n  password: \"<redacted: 19 bytes>\"\n  token: \"<redacted: 12 bytes>\"\n")
                .doesNotContain("stringData")
                .contains("---\n# from allure-story/web-with-password.yaml\napiVersion: \"v1\"\nkind: \"Pod\"\n")
                // env from a Secret is a reference, shown as it is
                .contains("      valueFrom:\n        secretKeyRef:\n          key: \"password\"\n          name: \"creds\"\n")
                .contains("    terminationMessagePath: \"/dev/termination-log\"\n") // defaulted by the API server
                .doesNotContain("managedFields");
    }

    @Test
    void noFileAllureWroteHoldsASecretValue() throws IOException {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(results)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                SECRETS.stream().filter(text::contains).forEach(s -> hits.add(file.getFileName() + ": " + s));
            }
        }
        assertThat(hits).isEmpty();
    }
}
