package dev.peapod.junit;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import dev.peapod.spi.ReportAttachment;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.lang.reflect.Constructor;
import java.util.Optional;

/**
 * Starts a fresh {@link FakeCluster} before each test and injects it. The cluster lives in the test's
 * Store, which closes it after the test (a FakeCluster is AutoCloseable), as JUnit's TempDirectory
 * keeps its directory. Only {@code Store.get} and {@code Store.put} are used: they exist unchanged in
 * JUnit 5.14 and 6.x, while {@code getOrComputeIfAbsent} is deprecated in 6 and its replacement
 * {@code computeIfAbsent} is missing from 5.
 */
final class PeapodExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final Namespace NAMESPACE = Namespace.create(PeapodExtension.class);

    /** Starting the cluster before each test surfaces a bad @PeapodTest even when no test asks for it. */
    @Override
    public void beforeEach(ExtensionContext context) {
        cluster(context);
    }

    /**
     * The test's cluster story goes to every installed report (e.g. peapod-allure), pass or fail.
     * Then the scripts are checked here, not when the Store closes the cluster: an exception from a
     * closing Store surfaces as "Failed to close extension context", one thrown here as the test's
     * failure. After a failed test an unused script is attached to that failure as suppressed (it may
     * be its cause: a typo in a pod name), never put in its place.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        FakeCluster cluster = context.getStore(NAMESPACE).get(FakeCluster.class, FakeCluster.class);
        if (cluster == null) {
            return;
        }
        ReportAttachment.attachAll(cluster, context.getDisplayName());
        try {
            cluster.checkScriptsUsed();
        } catch (PeapodException unused) {
            Optional<Throwable> failure = context.getExecutionException();
            if (failure.isEmpty()) {
                throw unused;
            }
            failure.get().addSuppressed(unused);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getDeclaringExecutable() instanceof Constructor<?> constructor) {
            throw new ParameterResolutionException("FakeCluster is injected per test; declare it as a test method parameter,"
                    + " not as a parameter of the constructor of " + constructor.getDeclaringClass().getSimpleName());
        }
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("FakeCluster is injected per test; declare it as a parameter of a test"
                    + " method or of a @BeforeEach or @AfterEach method, not of " + parameter.getDeclaringExecutable().getName()
                    + "(), which runs once for the class");
        }
        return cluster(context);
    }

    /** The test's cluster, started on first use. A test runs on one thread, so get-then-put does not race. */
    private static FakeCluster cluster(ExtensionContext context) {
        Store store = context.getStore(NAMESPACE);
        FakeCluster cluster = store.get(FakeCluster.class, FakeCluster.class);
        if (cluster == null) {
            Class<?> testClass = context.getRequiredTestClass();
            java.lang.reflect.Method testMethod = context.getTestMethod().orElse(null);
            cluster = FakeCluster.start(ClusterSpecs.of(testClass, testMethod));
            store.put(FakeCluster.class, cluster);
            String namespace = ClusterSpecs.namespace(testClass, testMethod);
            if (!namespace.isEmpty()) {
                try {
                    cluster.useNamespace(namespace);
                } catch (dev.peapod.store.ApiException refused) {
                    // as a bad @PeapodNode attribute is reported: the annotation and attribute, then the API's words
                    throw new org.junit.jupiter.api.extension.ExtensionConfigurationException("@PeapodTest(namespace = \""
                            + namespace + "\"): " + refused.getMessage(), refused);
                }
            }
        }
        return cluster;
    }
}
