package dev.peapod.cucumber;

import io.cucumber.cucumberexpressions.Expression;
import io.cucumber.cucumberexpressions.ExpressionFactory;
import io.cucumber.cucumberexpressions.ParameterType;
import io.cucumber.cucumberexpressions.ParameterTypeRegistry;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every step text of the lifecycle steps (and its neighbours) matches exactly one step definition of the
 * library, as Cucumber requires: two matching definitions fail a scenario as ambiguous. The definitions
 * are read from every step class of this package, so a step added later that collides is caught here.
 */
class StepExpressionsTest {

    /** A step text and the method that must be the only one to match it. */
    private record Sample(String text, String method) {
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample("pod \"web\" is deleted with a grace period of 30 seconds", "deletedWithGrace"),
            new Sample("pod \"e2e/web\" is deleted with a grace period of 1 second", "deletedWithGrace"),
            new Sample("I delete pod \"web\" with a grace period of 30 seconds", "iDeletePodWithGrace"),
            new Sample("pod \"web\" is Running", "podHasPhase"),
            new Sample("the postStart hook of container \"app\" in pod \"web\" fails", "postStartFails"),
            new Sample("the postStart hook of container \"app\" in pod \"web\" takes 5 seconds", "postStartTakes"),
            new Sample("the preStop hook of container \"app\" in pod \"web\" fails", "preStopFails"),
            new Sample("the preStop hook of container \"app\" in pod \"web\" takes 40 seconds", "preStopTakes"),
            new Sample("the liveness probe of container \"app\" in pod \"web\" fails 3 times", "theProbeFails"),
            new Sample("container \"app\" of pod \"web\" takes 10 seconds to shut down after SIGTERM", "shutsDownIn"),
            new Sample("container \"app\" of pod \"web\" dies on SIGTERM", "diesOnSigterm"),
            new Sample("container \"app\" of pod \"web\" ignores SIGTERM", "ignoresSigterm"),
            new Sample("container \"app\" of pod \"web\" exits with code 1 after 5 seconds on start 2", "exitsOnStart"),
            new Sample("container \"app\" of pod \"web\" exits with code 1 after 5 seconds", "exitsAfter"),
            new Sample("container \"app\" of pod \"web\" received SIGTERM at 15 seconds", "receivedSignalAt"),
            new Sample("container \"app\" of pod \"web\" received SIGKILL at 42 and 90 seconds", "receivedSignalAt"),
            new Sample("container \"web\" of pod \"slow-stop\" received SIGQUIT at 30 seconds", "receivedSignalAt"),
            new Sample("container \"app\" of pod \"web\" exited at 42 seconds", "exitedAt"),
            new Sample("container \"app\" of pod \"web\" was killed after the grace period", "wasKilledAfterTheGracePeriod"),
            new Sample("the postStart hook of container \"app\" in pod \"web\" failed", "postStartFailed"),
            new Sample("the preStop hook of container \"app\" in pod \"web\" failed", "preStopFailed"),
            new Sample("the preStop hook of container \"app\" in pod \"web\" ran before SIGTERM", "preStopRanBeforeSigterm"),
            new Sample("init container \"init\" of pod \"web\" ran before container \"app\"", "ranBefore"));

    @Test
    void eachLifecycleStepTextMatchesExactlyOneStepDefinition() throws Exception {
        // given
        List<Definition> definitions = definitions();
        for (Sample sample : SAMPLES) {
            // when
            List<String> matching = definitions.stream().filter(d -> d.expression().match(sample.text()) != null)
                    .map(Definition::method).distinct().toList();
            // then
            assertThat(matching).as("the step definitions matching \"%s\"", sample.text()).containsExactly(sample.method());
        }
    }

    private record Definition(String method, Expression expression) {
    }

    /** The expressions of every step method of every class beside this one, with the library's parameter types. */
    private static List<Definition> definitions() throws IOException, URISyntaxException, ClassNotFoundException {
        ExpressionFactory factory = new ExpressionFactory(registry());
        List<Definition> definitions = new ArrayList<>();
        for (Class<?> type : stepClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                for (String text : expressions(method)) {
                    definitions.add(new Definition(method.getName(), factory.createExpression(text)));
                }
            }
        }
        assertThat(definitions).hasSizeGreaterThan(50);
        return definitions;
    }

    private static List<String> expressions(Method method) {
        List<String> texts = new ArrayList<>();
        for (Annotation a : method.getAnnotationsByType(Given.class)) texts.add(((Given) a).value());
        for (Annotation a : method.getAnnotationsByType(When.class)) texts.add(((When) a).value());
        for (Annotation a : method.getAnnotationsByType(Then.class)) texts.add(((Then) a).value());
        return texts;
    }

    /** Cucumber's built-in types and ParameterTypes' own, by name and regex (the values do not matter here). */
    private static ParameterTypeRegistry registry() {
        ParameterTypeRegistry registry = new ParameterTypeRegistry(Locale.ENGLISH);
        for (Method method : ParameterTypes.class.getDeclaredMethods()) {
            io.cucumber.java.ParameterType type = method.getAnnotation(io.cucumber.java.ParameterType.class);
            if (type != null) {
                registry.defineParameterType(new ParameterType<>(method.getName(), type.value(), Object.class,
                        (String[] args) -> args, false, false));
            }
        }
        return registry;
    }

    /** The compiled classes of this package, main and test alike. */
    private static List<Class<?>> stepClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path folder = Path.of(LifecycleSteps.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/peapod/cucumber");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    classes.add(Class.forName("dev.peapod.cucumber." + name.substring(0, name.length() - ".class".length())));
                }
            }
        }
        return classes;
    }
}
