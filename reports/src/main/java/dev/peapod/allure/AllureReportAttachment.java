package dev.peapod.allure;

import dev.peapod.FakeCluster;
import dev.peapod.spi.ReportAttachment;
import org.apiguardian.api.API;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/** Registered as a {@link ReportAttachment}: with peapod-allure on the class path every test's story reaches Allure. */
@API(status = EXPERIMENTAL, since = "0.1")
public final class AllureReportAttachment implements ReportAttachment {
    @Override
    public void attach(FakeCluster cluster, String testName) {
        ClusterStory.attach(cluster);
    }
}
