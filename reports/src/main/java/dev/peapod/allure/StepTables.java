package dev.peapod.allure;

import dev.peapod.FakeCluster;
import io.qameta.allure.Allure;
import io.qameta.allure.listener.StepLifecycleListener;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.StepResult;
import org.apiguardian.api.API;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The pods table ({@code kubectl get pods -o wide}) on each Allure step after which the followed
 * cluster had changed: its store's resourceVersion or its virtual clock moved since the last step
 * that showed it. A check that changed nothing gets no table. Registered with Allure as a
 * {@link StepLifecycleListener} (a service), it does nothing until a thread {@link #follow follows} a
 * cluster: the Cucumber hooks of peapod-cucumber follow each scenario's cluster, so every Gherkin step
 * that applied, advanced or deleted something shows the pods as they were after it. While there
 * has been no pod, a change shows no table ({@code No resources found} would say nothing).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class StepTables implements StepLifecycleListener {
    static final String NAME = "Pods after this step (kubectl get pods -o wide)";
    private static final ThreadLocal<Followed> FOLLOWED = new ThreadLocal<>();

    /** Follows the cluster the supplier gives (null: none yet) on this thread, until {@link #unfollow()}. */
    public static void follow(Supplier<FakeCluster> cluster) {
        FOLLOWED.set(new Followed(cluster));
    }

    /** Stops following on this thread. */
    public static void unfollow() {
        FOLLOWED.remove();
    }

    @Override
    public void beforeStepStop(StepResult result) {
        Followed followed = FOLLOWED.get();
        if (followed == null) {
            return;
        }
        FakeCluster cluster = followed.cluster.get();
        if (cluster == null || cluster.isClosed()) {
            return;
        }
        long version = cluster.context().store().resourceVersion();
        Instant now = cluster.now();
        if (version == followed.version && now.equals(followed.now)) {
            return;
        }
        followed.version = version;
        followed.now = now;
        String table = Redaction.of(cluster).scrub(ClusterStory.pods(cluster));
        boolean empty = table.equals(ClusterStory.NO_PODS);
        if (empty && followed.lastEmpty) {
            return; // no pod before, none after: nodes joining or a ConfigMap applied say nothing in this table
        }
        followed.lastEmpty = empty;
        String source = UUID.randomUUID() + "-attachment.txt";
        result.getAttachments().add(new Attachment().setName(NAME).setType("text/plain").setSource(source));
        Allure.getLifecycle().writeAttachment(source, new ByteArrayInputStream(table.getBytes(StandardCharsets.UTF_8)));
    }

    private static final class Followed {
        final Supplier<FakeCluster> cluster;
        long version = -1;
        Instant now;
        boolean lastEmpty = true;

        Followed(Supplier<FakeCluster> cluster) {
            this.cluster = cluster;
        }
    }
}
