package dev.peapod.allure;

import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.listener.TestLifecycleListener;
import io.qameta.allure.model.TestResult;
import org.apiguardian.api.API;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Remembers, per thread, the test or scenario Allure is running, so that the story lands on it even
 * while a fixture runs: from allure-java-commons 2.35 starting a fixture (a Cucumber {@code @After}
 * hook, a JUnit {@code @AfterEach} method) replaces the running test in Allure's thread context, so
 * {@code Allure.addAttachment} and {@code getCurrentTestCase()} there reach the fixture. Registered
 * with Allure as a {@link TestLifecycleListener} service.
 */
@API(status = INTERNAL, since = "0.1")
public final class RunningTest implements TestLifecycleListener {
    /** Innermost first: a test may run tests of its own (the JUnit launcher or Cucumber inside a test). */
    private static final ThreadLocal<Deque<String>> RUNNING = ThreadLocal.withInitial(ArrayDeque::new);

    @Override
    public void afterTestStart(TestResult result) {
        RUNNING.get().push(result.getUuid());
    }

    @Override
    public void afterTestStop(TestResult result) {
        RUNNING.get().remove(result.getUuid());
    }

    /** The running test of this thread: the one last started here and not yet stopped, else Allure's current one. */
    static Optional<String> of(AllureLifecycle lifecycle) {
        String running = RUNNING.get().peek();
        return running != null ? Optional.of(running) : lifecycle.getCurrentTestCase();
    }
}
