package dev.peapod.spi;

import dev.peapod.FakeCluster;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Adds a finished test's cluster story to a report. Implementations are found with
 * {@link ServiceLoader} (a {@code META-INF/services/dev.peapod.spi.ReportAttachment} file); the JUnit
 * extension and the Cucumber hooks call every one after each test or scenario. {@code peapod-allure}
 * provides one for Allure.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface ReportAttachment {
    /** Attaches what the report should keep of this cluster to the test that is finishing. */
    void attach(FakeCluster cluster, String testName);

    /** Every attachment on the class path, in the order the service loader finds them. */
    static List<ReportAttachment> installed() {
        List<ReportAttachment> found = new ArrayList<>();
        ServiceLoader.load(ReportAttachment.class).forEach(found::add);
        return found;
    }

    /** Calls every installed attachment; one that fails does not stop the others or the test. */
    static void attachAll(FakeCluster cluster, String testName) {
        for (ReportAttachment attachment : installed()) {
            try {
                attachment.attach(cluster, testName);
            } catch (RuntimeException e) {
                System.err.println("Peapod: report attachment " + attachment.getClass().getName() + " failed: " + e);
            }
        }
    }
}
