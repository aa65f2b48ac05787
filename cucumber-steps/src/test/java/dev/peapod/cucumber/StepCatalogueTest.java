package dev.peapod.cucumber;

import io.cucumber.cucumberexpressions.ExpressionFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code STEPS.md} is what {@link StepCatalogue} writes from the step classes and the bundled features, so a step
 * added, changed or removed without the catalogue fails the build. {@code -Dpeapod.steps.write=true} rewrites it.
 */
class StepCatalogueTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path FEATURES = MODULE.resolve("../examples/src/test/resources/features").normalize();

    @Test
    void theCommittedCatalogueIsTheGeneratedOne() throws IOException {
        // given
        String generated = new StepCatalogue(MODULE, FEATURES).markdown();
        Path file = MODULE.resolve("STEPS.md");
        if (Boolean.getBoolean("peapod.steps.write")) {
            Files.writeString(file, generated);
        }
        // then
        assertThat(file).as("cucumber-steps/STEPS.md; regenerate it with -Dpeapod.steps.write=true (see its first lines)")
                .exists();
        assertThat(Files.readString(file)).as("cucumber-steps/STEPS.md is stale; regenerate it with "
                + "mvn -B -pl cucumber-steps -am test -Dtest=StepCatalogueTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dpeapod.steps.write=true").isEqualTo(generated);
    }

    @Test
    void everyStepHasAnExampleThatItMatches() {
        // given
        var factory = new ExpressionFactory(StepCatalogue.registry());
        var steps = new StepCatalogue(MODULE, FEATURES).steps();
        for (StepCatalogue.Step step : steps) {
            // then: from a bundled feature, or written in the step's javadoc ("Example: {@code When ...}.")
            assertThat(step.example()).as("the example of \"%s %s\": a bundled feature using it, or one in its javadoc",
                    step.keyword(), step.expression()).isNotNull();
            String text = step.example().text().replaceFirst("^(Given|When|Then|And|But) ", "");
            assertThat(factory.createExpression(step.expression()).match(text))
                    .as("\"%s\" matches its step \"%s\"", text, step.expression()).isNotNull();
            assertThat(steps.stream().filter(other -> factory.createExpression(other.expression()).match(text) != null))
                    .as("the steps \"%s\" matches (Cucumber refuses an ambiguous step)", text).hasSize(1);
        }
    }
}
