package dev.peapod.allure;

import dev.peapod.FakeCluster;
import dev.peapod.manifest.AppliedManifest;
import dev.peapod.printers.EventDescriber;
import dev.peapod.timeline.Fact;
import dev.peapod.timeline.TimelineEntry;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import org.apiguardian.api.API;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * The cluster's story as attachments and labels of the running Allure test or scenario, on the test
 * itself, never under a fixture or hook that happens to be running (a Cucumber {@code @After} hook is
 * a tear-down fixture to allure-cucumber7-jvm): in this order,
 * <ol>
 *   <li>the timeline picture (an HTML page with inline SVG), when anything happened;</li>
 *   <li>pods as {@code kubectl get pods -o wide}, nodes as {@code kubectl get nodes -o wide}, the
 *       workloads as {@code kubectl get deploy,rs,sts,ds,jobs,cronjobs,svc} (when there are any);</li>
 *   <li>the events as {@code kubectl describe} shows them, one section per object;</li>
 *   <li>the manifests as applied: each object the test applied as the API server stored it then, after
 *       defaulting and admission, with the file it came from, Secret values redacted;</li>
 *   <li>what Peapod did not simulate in this test and the API server's warnings, when there were any;</li>
 *   <li>the timeline as text.</li>
 * </ol>
 * Labels: {@code namespace} for each namespace the test applied to (else the cluster's), and
 * {@code manifest} for each manifest file applied; links to those files where the project gives Allure a pattern
 * for them ({@link #links}). No Secret value reaches the report: see {@link Redaction}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ClusterStory {
    static final String PICTURE = "Timeline picture";
    static final String PODS = "Pods (kubectl get pods -o wide)";
    static final String NODES = "Nodes (kubectl get nodes -o wide)";
    static final String WORKLOADS = "Workloads (kubectl get deploy,rs,sts,ds,jobs,cronjobs,svc)";
    static final String EVENTS = "Events (kubectl describe)";
    static final String MANIFESTS = "Manifests as applied (after defaulting and admission)";
    static final String NOT_SIMULATED = "Not simulated by Peapod, and API warnings";
    static final String TIMELINE = "Timeline (virtual time)";
    static final String NO_PODS = "No resources found";

    private ClusterStory() {
    }

    /** Adds the attachments and labels to the running Allure test; does nothing outside one. */
    public static void attach(FakeCluster cluster) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        Optional<String> test = RunningTest.of(lifecycle);
        if (test.isEmpty()) {
            return;
        }
        Redaction redaction = Redaction.of(cluster);
        RunningTest.redactOnWrite(test.get(), redaction);   // its failure messages too, when Allure writes its result
        if (!cluster.timeline().isEmpty()) {
            attach(lifecycle, test.get(), PICTURE, "text/html", ".html", redaction.scrub(picture(cluster)));
        }
        attach(lifecycle, test.get(), PODS, "text/plain", ".txt", redaction.scrub(pods(cluster)));
        attach(lifecycle, test.get(), NODES, "text/plain", ".txt", redaction.scrub(nodes(cluster)));
        String workloads = cluster.workloadTable();
        if (madeWorkloads(workloads)) {
            attach(lifecycle, test.get(), WORKLOADS, "text/plain", ".txt", redaction.scrub(workloads));
        }
        attach(lifecycle, test.get(), EVENTS, "text/plain", ".txt", redaction.scrub(events(cluster)));
        List<AppliedManifest> applied = applied(cluster);
        if (!applied.isEmpty()) {
            attach(lifecycle, test.get(), MANIFESTS, "text/yaml", ".yaml", Redaction.manifests(applied, redaction));
        }
        String notSimulated = notSimulated(cluster);
        if (!notSimulated.isEmpty()) {
            attach(lifecycle, test.get(), NOT_SIMULATED, "text/plain", ".txt", redaction.scrub(notSimulated));
        }
        attach(lifecycle, test.get(), TIMELINE, "text/plain", ".txt", redaction.scrub(timeline(cluster)));
        lifecycle.updateTestCase(test.get(), result -> {
            labels(cluster, applied).forEach(label -> {
                if (!result.getLabels().contains(label)) {
                    result.getLabels().add(label);
                }
            });
            links(applied).forEach(link -> {
                if (!result.getLinks().contains(link)) {
                    result.getLinks().add(link);
                }
            });
        });
    }

    /**
     * Whether the workload table shows more than the API server's own {@code service/kubernetes}, which every
     * cluster holds from its start: a test that made no workload gets no Workloads attachment for it alone.
     */
    static boolean madeWorkloads(String workloadTable) {
        return workloadTable.lines().skip(1).anyMatch(line -> !line.startsWith("service/kubernetes "));
    }

    /**
     * A link per manifest file applied, where the project says where its files are seen: Allure's link pattern for
     * the {@code manifest} type ({@code allure.link.manifest.pattern=https://github.com/org/repo/blob/main/src/test/resources/{}}
     * in {@code allure.properties}, or a system property) turns a file into a URL. Without a pattern, none: a link
     * that leads nowhere helps nobody, and the {@code manifest} label names the files anyway.
     */
    static List<io.qameta.allure.model.Link> links(List<AppliedManifest> applied) {
        return manifestFiles(applied).stream()
                .map(file -> io.qameta.allure.util.ResultsUtils.createLink(file, file, null, "manifest"))
                .filter(link -> link.getUrl() != null && !link.getUrl().isEmpty())
                .toList();
    }

    private static Set<String> manifestFiles(List<AppliedManifest> applied) {
        Set<String> files = new LinkedHashSet<>();
        applied.stream().map(AppliedManifest::source).filter(s -> s != null && !s.equals("inline YAML") && !s.equals(OVER_HTTP))
                .forEach(files::add);
        return files;
    }

    /** Where the objects kubectl applied over the HTTP API come from, as the manifests attachment heads them. */
    static final String OVER_HTTP = "kubectl apply over the HTTP API (as stored at the end of the test, without its status)";
    /** The field managers kubectl's apply writes as: client-side ({@code kubectl apply}) and server-side ({@code --server-side}). */
    private static final Set<String> KUBECTL_APPLY = Set.of("kubectl-client-side-apply", "kubectl");

    /**
     * What the test applied: through the façade ({@code FakeCluster.appliedManifests()}, as stored then), then each
     * object kubectl applied over the HTTP API (the Gherkin kubectl steps, or a real kubectl on the cluster's
     * kubeconfig), known by its field manager and shown as stored at the end, since the API keeps no copy of the
     * object as it was at each apply.
     */
    static List<AppliedManifest> applied(FakeCluster cluster) {
        List<AppliedManifest> applied = new java.util.ArrayList<>(cluster.appliedManifests());
        var store = cluster.context().store();
        for (Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> kind : store.kinds()) {
            for (io.fabric8.kubernetes.api.model.HasMetadata object : store.list(kind)) {
                var managed = object.getMetadata().getManagedFields();
                if (managed != null && managed.stream().anyMatch(m -> KUBECTL_APPLY.contains(m.getManager())
                        && ("Apply".equals(m.getOperation()) || "kubectl-client-side-apply".equals(m.getManager())))) {
                    applied.add(new AppliedManifest(OVER_HTTP, withoutStatus(object)));
                }
            }
        }
        return applied;
    }

    /** A copy without its status: what was applied is the spec, and the status is what the cluster made of it since. */
    private static io.fabric8.kubernetes.api.model.HasMetadata withoutStatus(io.fabric8.kubernetes.api.model.HasMetadata object) {
        io.fabric8.kubernetes.api.model.HasMetadata copy = io.fabric8.kubernetes.client.utils.Serialization.clone(object);
        for (java.lang.reflect.Method method : copy.getClass().getMethods()) {
            if (method.getName().equals("setStatus") && method.getParameterCount() == 1
                    && !method.getParameterTypes()[0].isPrimitive()) {
                try {
                    method.invoke(copy, (Object) null);
                } catch (ReflectiveOperationException e) {
                    return copy;   // a kind whose status cannot be cleared keeps it
                }
            }
        }
        if (copy instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource custom) {
            custom.getAdditionalProperties().remove("status");
        }
        return copy;
    }

    /** Adds a text attachment to the test case itself, whatever step or fixture is running. */
    static void attach(AllureLifecycle lifecycle, String testUuid, String name, String type, String extension, String text) {
        String source = UUID.randomUUID() + "-attachment" + extension;
        lifecycle.updateTestCase(testUuid, result -> result.getAttachments()
                .add(new Attachment().setName(name).setType(type).setSource(source)));
        lifecycle.writeAttachment(source, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Label> labels(FakeCluster cluster, List<AppliedManifest> applied) {
        Set<String> namespaces = new LinkedHashSet<>();
        applied.stream().map(a -> a.object().getMetadata().getNamespace())
                .filter(n -> n != null && !n.isEmpty()).forEach(namespaces::add);
        if (namespaces.isEmpty()) {
            namespaces.add(cluster.namespace());
        }
        Set<String> files = manifestFiles(applied);
        List<Label> labels = new java.util.ArrayList<>();
        namespaces.forEach(n -> labels.add(new Label().setName("namespace").setValue(n)));
        files.forEach(f -> labels.add(new Label().setName("manifest").setValue(f)));
        return labels;
    }

    /** The timeline as a picture: a self-contained HTML page with inline SVG ({@code Timeline.html()}). */
    static String picture(FakeCluster cluster) {
        return cluster.timeline().html();
    }

    static String pods(FakeCluster cluster) {
        String table = cluster.podTable();
        return table.isEmpty() ? NO_PODS : table;
    }

    static String nodes(FakeCluster cluster) {
        String table = cluster.nodeTable();
        return table.isEmpty() ? "No resources found" : table;
    }

    /** The events as {@code kubectl describe} prints them under each object, one section per object. */
    static String events(FakeCluster cluster) {
        return cluster.events().isEmpty() ? "No events" : EventDescriber.describePerObject(cluster.events(), cluster.now());
    }

    /** What Peapod did not simulate, and the API server's warnings, as the timeline recorded them: one line each. */
    static String notSimulated(FakeCluster cluster) {
        return cluster.timeline().entries().stream()
                .filter(e -> e.fact() instanceof Fact.NotSimulated || e.fact() instanceof Fact.ApiWarning)
                .map(e -> TimelineEntry.clock(e.sinceStart()) + "  [" + (e.namespace() == null || e.namespace().isEmpty()
                        ? e.pod() : e.namespace() + "/" + e.pod()) + "]  " + e.text())
                .distinct()
                .collect(Collectors.joining("\n"));
    }

    static String timeline(FakeCluster cluster) {
        return cluster.timeline().isEmpty() ? "Nothing happened" : cluster.timeline().toString();
    }
}
