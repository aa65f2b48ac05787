package dev.peapod.junit;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.BDDAssertions.then;

/**
 * The parameter errors of {@link PeapodExtension}, which a passing test class cannot show: the
 * contexts are stand-ins built with {@link Proxy}. (ScriptCheckTest runs the engine itself, with the test kit.)
 */
class PeapodExtensionTest {
    private final PeapodExtension extension = new PeapodExtension();

    @Test
    void aFakeClusterParameterIsSupportedAndOtherTypesAreNot() throws NoSuchMethodException {
        // given
        Parameter cluster = Fixture.class.getDeclaredMethod("test", FakeCluster.class).getParameters()[0];
        Parameter text = Fixture.class.getDeclaredMethod("other", String.class).getParameters()[0];
        // when / then
        then(extension.supportsParameter(parameter(cluster), context(true))).isTrue();
        then(extension.supportsParameter(parameter(text), context(true))).isFalse();
    }

    @Test
    void aConstructorParameterIsRefusedSayingWhereToDeclareIt() throws NoSuchMethodException {
        // given
        Parameter parameter = Fixture.class.getDeclaredConstructor(FakeCluster.class).getParameters()[0];
        // when / then
        assertThatThrownBy(() -> extension.resolveParameter(parameter(parameter), context(false)))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessage("FakeCluster is injected per test; declare it as a test method parameter, not as a parameter"
                        + " of the constructor of Fixture");
    }

    @Test
    void aBeforeAllParameterIsRefusedSayingWhereToDeclareIt() throws NoSuchMethodException {
        // given
        Parameter parameter = Fixture.class.getDeclaredMethod("setUpAll", FakeCluster.class).getParameters()[0];
        // when / then
        assertThatThrownBy(() -> extension.resolveParameter(parameter(parameter), context(false)))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessage("FakeCluster is injected per test; declare it as a parameter of a test method or of a"
                        + " @BeforeEach or @AfterEach method, not of setUpAll(), which runs once for the class");
    }

    private static ParameterContext parameter(Parameter parameter) {
        return proxy(ParameterContext.class, (method, args) -> switch (method) {
            case "getParameter" -> parameter;
            case "getDeclaringExecutable" -> parameter.getDeclaringExecutable();
            case "getIndex" -> 0;
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private static ExtensionContext context(boolean hasTestMethod) {
        return proxy(ExtensionContext.class, (method, args) -> switch (method) {
            case "getTestMethod" -> hasTestMethod ? Optional.of(Fixture.class.getDeclaredMethods()[0]) : Optional.empty();
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args));
    }

    static class Fixture {
        Fixture(FakeCluster cluster) {
        }

        static void setUpAll(FakeCluster cluster) {
        }

        void test(FakeCluster cluster) {
        }

        void other(String text) {
        }
    }
}
