package dev.peapod.kubectl;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Behind {@link RequiresKubectl}: once per test class, finds kubectl ({@link KubectlLookup}), asks its version, and
 * prints one line saying which kubectl the class uses or why it is skipped. Every test of a class without a usable
 * kubectl is then aborted by an assumption carrying that reason, so it is reported as skipped, never passed.
 *
 * <p>The suite is written for one client, Debian's kubernetes-client v1.20 (issue #14): kubectl's own output
 * ({@code describe}, {@code version}, error texts) differs between minor versions, so another minor is skipped
 * with its version named rather than compared with text it does not print.
 */
final class KubectlExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    /** The client minor the suite's expected outputs are written for: Debian bookworm's kubernetes-client. */
    static final int SUITE_MINOR = 20;
    private static final Namespace NAMESPACE = Namespace.create(KubectlExtension.class);
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);
    // v1.20: Client Version: version.Info{Major:"1", Minor:"20", GitVersion:"v1.20.2", ...}; later: Client Version: v1.32.4
    private static final Pattern VERSION =
            Pattern.compile("^Client Version: (?:version\\.Info\\{.*GitVersion:\")?(v1\\.(\\d+)\\.[^\",\\s]*)", Pattern.MULTILINE);

    /** The kubectl a class uses, or (kubectl null) why it has none. */
    record Availability(Kubectl kubectl, String reason) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (kubectl != null) kubectl.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        availability(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Availability availability = availability(context);
        assumeTrue(availability.kubectl() != null, availability::reason);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Kubectl.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Availability availability = availability(context);
        if (availability.kubectl() == null) throw new ParameterResolutionException(availability.reason());
        return availability.kubectl();
    }

    private static Availability availability(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        String name = classContext.getRequiredTestClass().getSimpleName();
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(Availability.class, key -> {
            Availability found = check(KubectlLookup.find(context.getConfigurationParameter(KubectlLookup.PARAMETER),
                    System.getenv()));
            System.out.println("[peapod] kubectl suite, " + name + ": " + (found.kubectl() == null
                    ? "skipped: " + found.reason() : "runs " + found.reason()));
            return found;
        }, Availability.class);
    }

    /** A found kubectl is used when it is the suite's minor; the reason says what runs or why nothing does. */
    static Availability check(KubectlLookup.Outcome outcome) {
        if (outcome instanceof KubectlLookup.Missing missing) return new Availability(null, missing.reason());
        KubectlLookup.Found found = (KubectlLookup.Found) outcome;
        Kubectl kubectl = new Kubectl(found.executable(), found.source());
        KubectlResult result = kubectl.run(kubectl.home().resolve("no-kubeconfig"), VERSION_TIMEOUT, "version", "--client");
        Availability judged = judge(kubectl, result);
        if (judged.kubectl() == null) closeQuietly(kubectl);
        return judged;
    }

    /** Whether the answer to {@code kubectl version --client} is the suite's client. */
    static Availability judge(Kubectl kubectl, KubectlResult result) {
        Matcher version = VERSION.matcher(result.stdout());
        if (result.exitCode() != 0 || result.timedOut() || !version.find()) {
            return new Availability(null, "kubectl " + kubectl + " did not tell its version: " + result.describe());
        }
        if (Integer.parseInt(version.group(2)) != SUITE_MINOR) {
            return new Availability(null, "kubectl " + version.group(1) + " at " + kubectl + " is not the v1."
                    + SUITE_MINOR + " client the kubectl suite is written for (Debian's kubernetes-client); run .ci/run "
                    + "once, or set " + KubectlLookup.VARIABLE + " to a v1." + SUITE_MINOR + " kubectl");
        }
        return new Availability(kubectl, "kubectl " + version.group(1) + " at " + kubectl);
    }

    private static void closeQuietly(Kubectl kubectl) {
        try {
            kubectl.close();
        } catch (IOException e) {
            // only a temporary folder is left behind; the reason already says why the class is skipped
        }
    }
}
