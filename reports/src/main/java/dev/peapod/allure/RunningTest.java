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

    /** The Secret values of each test whose story was attached, until its result is written. */
    private static final java.util.Map<String, Redaction> REDACTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Remembers the test's Secret values, so that its result is scrubbed of them before Allure writes it. */
    static void redactOnWrite(String testUuid, Redaction redaction) {
        REDACTIONS.put(testUuid, redaction);
    }

    /**
     * Before Allure writes a test's result: its failure message, trace, actual and expected values, and each step's, scrubbed of the cluster's
     * Secret values. Peapod's own step failures quote what kubectl printed (a Secret's YAML, a container's logs), so a
     * value would otherwise reach the report through a message the test did not write.
     */
    @Override
    public void beforeTestWrite(TestResult result) {
        Redaction redaction = REDACTIONS.remove(result.getUuid());
        if (redaction != null) {
            scrub(result.getStatusDetails(), redaction);
            scrubSteps(result.getSteps(), redaction);
        }
    }

    private static void scrubSteps(java.util.List<io.qameta.allure.model.StepResult> steps, Redaction redaction) {
        if (steps == null) {
            return;
        }
        for (io.qameta.allure.model.StepResult step : steps) {
            scrub(step.getStatusDetails(), redaction);
            scrubSteps(step.getSteps(), redaction);
        }
    }

    private static void scrub(io.qameta.allure.model.StatusDetails details, Redaction redaction) {
        if (details == null) {
            return;
        }
        if (details.getMessage() != null) {
            details.setMessage(redaction.scrub(details.getMessage()));
        }
        if (details.getTrace() != null) {
            details.setTrace(redaction.scrub(details.getTrace()));
        }
        if (details.getActual() != null) {   // Allure 2.35 keeps an assertion's actual and expected values apart too
            details.setActual(redaction.scrub(details.getActual()));
        }
        if (details.getExpected() != null) {
            details.setExpected(redaction.scrub(details.getExpected()));
        }
    }

    /** The running test of this thread: the one last started here and not yet stopped, else Allure's current one. */
    static Optional<String> of(AllureLifecycle lifecycle) {
        String running = RUNNING.get().peek();
        return running != null ? Optional.of(running) : lifecycle.getCurrentTestCase();
    }
}
