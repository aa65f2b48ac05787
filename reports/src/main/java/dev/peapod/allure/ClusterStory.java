package dev.peapod.allure;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Event;
import org.apiguardian.api.API;

import java.util.List;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The cluster's story as text attachments of the current Allure test or scenario: the pods as
 * {@code kubectl get pods -o wide} shows them, the events as {@code kubectl get events} lists them,
 * the timeline in virtual time, and the timeline's picture (an HTML page with inline SVG) when anything happened.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ClusterStory {
    private ClusterStory() {
    }

    /** Adds the attachments (the workloads' only when there are any) to the running Allure test; does nothing outside one. */
    public static void attach(FakeCluster cluster) {
        io.qameta.allure.Allure.addAttachment("Pods (kubectl get pods -o wide)", "text/plain", pods(cluster), ".txt");
        String workloads = cluster.workloadTable();
        if (!workloads.isEmpty()) {
            io.qameta.allure.Allure.addAttachment("Workloads (kubectl get deploy,rs,sts,ds,jobs,cronjobs,svc)", "text/plain",
                    workloads, ".txt");
        }
        io.qameta.allure.Allure.addAttachment("Events", "text/plain", events(cluster), ".txt");
        io.qameta.allure.Allure.addAttachment("Timeline (virtual time)", "text/plain", timeline(cluster), ".txt");
        if (!cluster.timeline().isEmpty()) {
            io.qameta.allure.Allure.addAttachment("Timeline picture", "text/html", picture(cluster), ".html");
        }
    }

    /** The timeline as a picture: a self-contained HTML page with inline SVG ({@code Timeline.html()}). */
    static String picture(FakeCluster cluster) {
        return cluster.timeline().html();
    }

    static String pods(FakeCluster cluster) {
        String table = cluster.podTable();
        return table.isEmpty() ? "No resources found" : table;
    }

    /** One line per event, oldest first: virtual time, type, reason, object, count and message. */
    static String events(FakeCluster cluster) {
        List<Event> events = cluster.events();
        if (events.isEmpty()) {
            return "No events";
        }
        return events.stream().map(e -> String.format("%s  %-7s  %-16s  %s/%s  %s%s",
                        e.getFirstTimestamp(), e.getType(), e.getReason(), e.getInvolvedObject().getKind().toLowerCase(java.util.Locale.ROOT),
                        e.getInvolvedObject().getName(), e.getMessage(),
                        e.getCount() != null && e.getCount() > 1 ? "  (x" + e.getCount() + ", last " + e.getLastTimestamp() + ")" : ""))
                .collect(Collectors.joining("\n"));
    }

    static String timeline(FakeCluster cluster) {
        return cluster.timeline().isEmpty() ? "Nothing happened" : cluster.timeline().toString();
    }
}
