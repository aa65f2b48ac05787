package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.ListOptions;
import dev.peapod.store.NamespaceLifecycle;
import dev.peapod.store.Propagation;
import dev.peapod.store.ServedKind;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.Timer;
import dev.peapod.time.WorkQueue;
import dev.peapod.timeline.Fact;
import dev.peapod.timeline.Timeline;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The namespace controller (pkg/controller/namespace/namespace_controller.go and
 * deletion/namespaced_resources_deleter.go, v1.33): empties a namespace being deleted and then removes
 * its {@code kubernetes} spec finalizer, upon which the API server deletes it.
 *
 * <p>Timing, as upstream: every added or changed namespace with a deletionTimestamp is looked at
 * {@value #GRACE_SECONDS} s later (namespaceDeletionGracePeriod), and again at each resync of the
 * namespace informer, every 2 min from the controller's start (--namespace-sync-period). A pass that
 * leaves content that will go by itself (pods terminating, objects with finalizers) looks again
 * {@code estimate / 2 + 1} s later; the estimate is the longest terminationGracePeriodSeconds of the
 * namespace's non-terminal pods until that long has passed since the namespace's deletion, and
 * {@value #FINALIZER_ESTIMATE_SECONDS} s for objects held by finalizers. A pass that fails retries
 * after 5 ms, doubling up to 60 s (nsControllerRateLimiter).
 *
 * <p>One pass (Delete, deleteAllContent) with OrderedNamespaceDeletion (beta, on by default in v1.33):
 * the pods first, each deleted as a DeleteCollection does with background propagation; while any pod
 * remains nothing else is deleted, and the conditions are written without the remaining totals (the
 * early return skips ProcessContentTotals, so NamespaceContentRemaining reads False then, as
 * upstream). Then every other namespaced kind the store holds (upstream: every deletable kind discovery
 * lists; Peapod: the kinds it has stored, and the served custom resources) in the order of their
 * resource and group (upstream's order is a map's: random), the totals of what remains, the five
 * conditions (see {@link NamespaceConditions}), and once nothing remains the finalizer. What the
 * controller does is on the namespace's timeline; upstream records no event for it.
 */
@API(status = INTERNAL, since = "0.1")
public final class NamespaceController implements Component {
    static final String NAME = "namespace-controller";
    static final long GRACE_SECONDS = 5;
    /** namespaceDeletionGracePeriod. */
    static final Duration DELETION_GRACE_PERIOD = Duration.ofSeconds(GRACE_SECONDS);
    /** RecommendedDefaultNamespaceControllerConfiguration: NamespaceSyncPeriod. */
    static final Duration SYNC_PERIOD = Duration.ofMinutes(2);
    /** finalizerEstimateSeconds: "a default estimate for finalizers to complete when found on items pending deletion". */
    static final long FINALIZER_ESTIMATE_SECONDS = 15;
    /** A timeline entry names at most this many deleted objects; more are counted. */
    private static final int MAX_NAMES = 5;

    private ClusterContext context;
    private WorkQueue<String> queue;
    /** The namespaces with a deletionTimestamp, which a resync puts on the queue. */
    private final TreeSet<String> deleting = new TreeSet<>();
    private Instant started;
    private Timer resync;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.started = context.clock().now();
        this.queue = new WorkQueue<>(context.loop(), NAME, Duration.ofMillis(5), Duration.ofSeconds(60), this::sync);
        context.store().watch(Namespace.class, ListOptions.all(), null, this::onNamespace);
    }

    /** enqueueNamespace: only a namespace being deleted, after the deletion grace period. */
    private void onNamespace(WatchEvent<Namespace> event) {
        String name = event.object().getMetadata().getName();
        if (event.type() == WatchEvent.Type.DELETED) {
            deleting.remove(name);
            return;
        }
        if (event.object().getMetadata().getDeletionTimestamp() == null) {
            return;
        }
        deleting.add(name);
        queue.addAfter(name, DELETION_GRACE_PERIOD);
        armResync();
    }

    /**
     * The informer's resync at start + k · 2 min: every cached namespace is an update again. Only
     * namespaces being deleted are enqueued, so the resync is scheduled only while there are some.
     */
    private void armResync() {
        if (resync != null || deleting.isEmpty()) {
            return;
        }
        long periods = Duration.between(started, context.clock().now()).toNanos() / SYNC_PERIOD.toNanos() + 1;
        resync = context.loop().schedule(started.plus(SYNC_PERIOD.multipliedBy(periods)), NAME + " resync", () -> {
            resync = null;
            for (String name : List.copyOf(deleting)) {
                queue.addAfter(name, DELETION_GRACE_PERIOD);
            }
            armResync();
        });
    }

    // ---------------------------------------------------------------- worker

    /** The worker's handling of one key: done, wait for the estimate, or retry after the rate limiter's delay. */
    private void sync(String name) {
        long estimate;
        try {
            estimate = delete(name);
        } catch (ApiException failed) {
            queue.addRateLimited(name); // "deletion of namespace %v failed: %v"
            return;
        } catch (ContentFailure failed) {
            queue.addRateLimited(name);
            return;
        }
        if (estimate > 0) {
            long wait = estimate / 2 + 1;
            queue.addAfter(name, Duration.ofSeconds(wait));
            return;
        }
        queue.forget(name);
    }

    /** namespacedResourcesDeleter.Delete: 0 when done (or nothing to do), else the estimate of the content remaining. */
    private long delete(String name) {
        Namespace namespace = context.store().get(Namespace.class, null, name).orElse(null);
        if (namespace == null || namespace.getMetadata().getDeletionTimestamp() == null) {
            return 0;
        }
        if (!NamespaceLifecycle.isTerminating(namespace)) {
            // updateNamespaceStatusFunc: the API server set the phase already; a client may have changed it
            namespace.getStatus().setPhase(NamespaceLifecycle.TERMINATING);
            namespace = context.store().shared().updateStatus(namespace);
            namespace = Copies.copy(namespace);
        }
        if (NamespaceLifecycle.specFinalizers(namespace).isEmpty()) {
            return 0; // finalized
        }
        long estimate = deleteAllContent(namespace);
        if (estimate > 0) {
            return estimate;
        }
        finalizeNamespace(namespace);
        return 0;
    }

    /** finalizeNamespace: the spec finalizers without {@code kubernetes}, sorted (sets.String.List). */
    private void finalizeNamespace(Namespace namespace) {
        Namespace latest = context.store().get(Namespace.class, null, namespace.getMetadata().getName()).orElse(null);
        if (latest == null) {
            return;
        }
        TreeSet<String> kept = new TreeSet<>(NamespaceLifecycle.specFinalizers(latest));
        kept.remove(NamespaceLifecycle.KUBERNETES_FINALIZER);
        latest.getSpec().setFinalizers(new ArrayList<>(kept));
        latest.getMetadata().setResourceVersion(null);
        boolean stays = context.store().finalizeNamespace(latest).isPresent();
        record(latest, "removed the finalizer " + NamespaceLifecycle.KUBERNETES_FINALIZER
                + (stays ? "; the namespace waits for its other finalizers" : "; the namespace is deleted"));
    }

    // ---------------------------------------------------------------- deleteAllContent

    /** Deletion of one resource's objects in the namespace, and what remains of them. */
    private record Content(String resource, String gvr, Supplier<List<HasMetadata>> list, Deleter deleter) {
    }

    private interface Deleter {
        void delete(HasMetadata object);
    }

    /** What deleteAllContentForGroupVersionResource found: the estimate, how many remain, and their finalizers. */
    private record Remaining(long estimate, int count, Map<String, Integer> finalizers) {
        static final Remaining NONE = new Remaining(0, 0, Map.of());
    }

    /** An error of one resource's pass, worded as upstream's. */
    private static final class ContentFailure extends RuntimeException {
        ContentFailure(String message) {
            super(message, null, false, false);
        }
    }

    private long deleteAllContent(Namespace namespace) {
        String name = namespace.getMetadata().getName();
        Instant deletedAt = Timestamps.parse(namespace.getMetadata().getDeletionTimestamp());
        NamespaceConditions conditions = new NamespaceConditions(context.clock().now());
        List<String> errors = new ArrayList<>();
        long estimate = 0;
        Map<String, Integer> remainingByResource = new LinkedHashMap<>();
        Map<String, Integer> remainingByFinalizer = new LinkedHashMap<>();
        List<Content> contents = contents(name);
        // OrderedNamespaceDeletion: the pods go first, and nothing else while one remains
        Content pods = contents.remove(0);
        Remaining podsLeft = deleteContent(pods, name, deletedAt, errors, conditions);
        if (podsLeft.count() > 0) {
            record(namespace, podsLeft.count() + " " + plural(podsLeft.count(), "pod") + " remain; the other content waits"
                    + (podsLeft.estimate() > 0 ? ", next look in " + (podsLeft.estimate() / 2 + 1) + " s" : ""));
            writeConditions(namespace, conditions);
            return finish(podsLeft.estimate(), errors);
        }
        for (Content content : contents) {
            Remaining left = deleteContent(content, name, deletedAt, errors, conditions);
            estimate = Math.max(estimate, left.estimate());
            if (left.count() > 0) {
                remainingByResource.put(content.resource(), left.count());
                left.finalizers().forEach((finalizer, count) -> remainingByFinalizer.merge(finalizer, count, Integer::sum));
            }
        }
        conditions.contentTotals(remainingByResource, remainingByFinalizer);
        writeConditions(namespace, conditions);
        if (!remainingByResource.isEmpty() && estimate > 0) {
            record(namespace, "content remains (" + String.join(", ", remainingByResource.keySet()) + "); next look in "
                    + (estimate / 2 + 1) + " s");
        }
        return finish(estimate, errors);
    }

    /** The aggregate error of a pass (utilerrors.NewAggregate), or its estimate. */
    private static long finish(long estimate, List<String> errors) {
        if (!errors.isEmpty()) {
            throw new ContentFailure(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }
        return estimate;
    }

    /** deleteAllContentForGroupVersionResource. */
    private Remaining deleteContent(Content content, String namespace, Instant deletedAt, List<String> errors,
                                    NamespaceConditions conditions) {
        long estimate = content.resource().equals("pods.") ? podEstimate(namespace, deletedAt) : 0;
        List<String> deleted = new ArrayList<>();
        try {
            for (HasMetadata object : content.list().get()) {
                if (object.getMetadata().getDeletionTimestamp() == null) {
                    deleted.add(object.getMetadata().getName());
                }
                try {
                    content.deleter().delete(object);
                } catch (ApiException failed) {
                    if (failed.code() != 404 && failed.code() != 405) {
                        throw failed;
                    }
                }
            }
        } catch (ApiException failed) {
            errors.add(failed.getMessage());
            conditions.deleteContentError(failed.getMessage());
            return new Remaining(estimate, 0, Map.of());
        }
        if (!deleted.isEmpty()) {
            String resource = content.resource().replaceAll("\\.$", "");
            record(namespace, "deleted " + (deleted.size() <= MAX_NAMES ? resource + " " + String.join(", ", deleted)
                    : deleted.size() + " " + resource));
        }
        List<HasMetadata> remaining = content.list().get();
        if (remaining.isEmpty()) {
            return Remaining.NONE;
        }
        Map<String, Integer> finalizers = new LinkedHashMap<>();
        for (HasMetadata object : remaining) {
            for (String finalizer : object.getMetadata().getFinalizers() == null ? List.<String>of() : object.getMetadata().getFinalizers()) {
                finalizers.merge(finalizer, 1, Integer::sum);
            }
        }
        if (estimate != 0) {
            return new Remaining(estimate, remaining.size(), finalizers);
        }
        if (!finalizers.isEmpty()) {
            return new Remaining(FINALIZER_ESTIMATE_SECONDS, remaining.size(), finalizers);
        }
        // "nothing reported a finalizer, so something was unexpected as it should have been deleted"
        String message = "unexpected items still remain in namespace: " + namespace + " for gvr: " + content.gvr();
        errors.add(message);
        conditions.deleteContentError(message);
        return new Remaining(0, remaining.size(), Map.of());
    }

    /**
     * estimateGracefulTerminationForPods: the longest terminationGracePeriodSeconds of the non-terminal
     * pods, or 0 once that long has passed since the namespace's deletion.
     */
    private long podEstimate(String namespace, Instant deletedAt) {
        long estimate = 0;
        for (Pod pod : context.store().list(Pod.class, ListOptions.inNamespace(namespace))) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            Long grace = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
            if (grace != null && grace > estimate) {
                estimate = grace;
            }
        }
        Duration since = Duration.between(deletedAt, context.clock().now());
        return since.compareTo(Duration.ofSeconds(estimate)) >= 0 ? 0 : estimate;
    }

    /**
     * What discovery lists as deletable in a namespace: the pods, then the other namespaced kinds the
     * store has held and the served namespaced custom resources, by resource then group.
     */
    private List<Content> contents(String namespace) {
        List<Content> contents = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : context.store().kinds()) {
            if (!Namespaced.class.isAssignableFrom(kind) || kind == Namespace.class) {
                continue;
            }
            contents.add(typed(kind, namespace));
        }
        for (ServedKind kind : context.store().customResources().served()) {
            if (kind.namespaced()) {
                contents.add(custom(kind, namespace));
            }
        }
        if (contents.stream().noneMatch(c -> c.resource().equals("pods."))) {
            contents.add(typed(Pod.class, namespace));
        }
        contents.sort(Comparator.comparing((Content c) -> !c.resource().equals("pods.")).thenComparing(Content::resource));
        return contents;
    }

    private <T extends HasMetadata> Content typed(Class<T> kind, String namespace) {
        String group = Objects.requireNonNullElse(HasMetadata.getGroup(kind), "");
        String version = HasMetadata.getVersion(kind);
        String plural = HasMetadata.getPlural(kind);
        return new Content(plural + "." + group, (group.isEmpty() ? "" : group) + "/" + version + ", Resource=" + plural,
                () -> List.copyOf(context.store().list(kind, ListOptions.inNamespace(namespace))),
                object -> context.store().shared().delete(kind, namespace, object.getMetadata().getName(), null,
                        Propagation.BACKGROUND));
    }

    private Content custom(ServedKind kind, String namespace) {
        return new Content(kind.plural() + "." + kind.group(),
                kind.group() + "/" + kind.storageVersion().name() + ", Resource=" + kind.plural(),
                () -> List.<HasMetadata>copyOf(context.store().customResources().list(kind.group(), kind.plural(),
                        ListOptions.inNamespace(namespace))),
                object -> context.store().customResources().delete(kind.group(), kind.plural(), namespace,
                        ((GenericKubernetesResource) object).getMetadata().getName()));
    }

    /** The conditions written with the status subresource when they changed; a failed write is only logged upstream. */
    private void writeConditions(Namespace namespace, NamespaceConditions conditions) {
        Namespace latest = context.store().get(Namespace.class, null, namespace.getMetadata().getName()).orElse(null);
        if (latest == null) {
            return;
        }
        if (!conditions.update(latest.getStatus())) {
            return;
        }
        latest.getMetadata().setResourceVersion(null);
        try {
            context.store().shared().updateStatus(latest);
        } catch (ApiException failed) {
            return; // "couldn't update status condition for namespace"
        }
        for (var condition : latest.getStatus().getConditions()) {
            if ("True".equals(condition.getStatus())) {
                record(latest, condition.getType() + " True (" + condition.getReason() + "): " + condition.getMessage());
            }
        }
    }

    private void record(HasMetadata namespace, String action) {
        record(namespace.getMetadata().getName(), action);
    }

    /** On the timeline of {@code namespace/<name>}, as {@link Timeline#subject} names a namespace. */
    private void record(String namespace, String action) {
        context.timeline().record(null, "namespace/" + namespace, new Fact.ControllerAction(NAME, action));
    }

    private static String plural(int count, String word) {
        return count == 1 ? word : word + "s";
    }
}
