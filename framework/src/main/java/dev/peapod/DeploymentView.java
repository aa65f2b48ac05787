package dev.peapod;

import dev.peapod.controllers.ControllerRefs;
import dev.peapod.controllers.DeploymentUtil;
import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.printers.DeploymentPrinter;
import dev.peapod.printers.DeploymentRow;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ListOptions;
import dev.peapod.time.EngineLock;
import dev.peapod.timeline.Fact;
import dev.peapod.timeline.TimelineEntry;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A live view of one Deployment, from {@link FakeCluster#deployment(String)}: each call reads the store
 * again, and each verb writes as kubectl does and lets the cluster settle.
 * <pre>{@code
 * DeploymentView web = cluster.deployment("web");
 * web.setImage("app", "nginx:1.26");            // kubectl set image deployment/web app=nginx:1.26
 * cluster.advance(Duration.ofMinutes(1));
 * web.rolloutStatus();                          // deployment "web" successfully rolled out
 * web.rollback();                               // kubectl rollout undo deployment/web
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class DeploymentView {
    /** {@code Scaled up replica set web-7d4b9c8f5 from 0 to 4} (sync.go scaleReplicaSet, getNewReplicaSet). */
    private static final Pattern SCALED = Pattern.compile("Scaled (?:up|down) replica set (\\S+) from (\\d+) to (\\d+)");

    private final ClusterContext context;
    private final String namespace;
    private final String name;
    private final EngineLock.Guard guard;

    DeploymentView(ClusterContext context, String namespace, String name, EngineLock.Guard guard) {
        this.context = context;
        this.namespace = namespace;
        this.name = name;
        this.guard = guard;
    }

    /**
     * One step of a rollout: the sizes ({@code spec.replicas}) of the Deployment's ReplicaSets right after
     * a {@code ScalingReplicaSet} event, oldest ReplicaSet first.
     *
     * @param at    when, since the cluster started
     * @param sizes one size per ReplicaSet, in the order they first scaled
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record SizeStep(Duration at, List<Integer> sizes) {
        /** {@code 3/1}: the sizes joined with slashes. */
        public String sizesText() {
            return String.join("/", sizes.stream().map(String::valueOf).toList());
        }

        @Override
        public String toString() {
            long s = at.getSeconds();
            return String.format("%02d:%02d:%02d  %s", s / 3600, (s / 60) % 60, s % 60, sizesText());
        }
    }

    /** The namespace this view reads. */
    public String namespace() {
        return namespace;
    }

    /** The name this view reads. */
    public String name() {
        return name;
    }

    /** The Deployment as stored now; NotFound when there is none. */
    public Deployment get() {
        return context.store().get(Deployment.class, namespace, name)
                .orElseThrow(() -> context.store().notFound(Deployment.class, namespace, name));
    }

    /** The Deployment as stored now, or empty. */
    public Optional<Deployment> find() {
        return context.store().get(Deployment.class, namespace, name);
    }

    /** {@code kubectl scale deployment/web --replicas=n}: the scale subresource changes spec.replicas only. */
    public DeploymentView scale(int replicas) {
        try (EngineLock.Held held = guard.enter("DeploymentView.scale")) {
            if (replicas < 0) {
                throw new PeapodException("replicas must be 0 or more, but was " + replicas);
            }
            edit(d -> d.getSpec().setReplicas(replicas));
            return this;
        }
    }

    /**
     * {@code kubectl set image deployment/web <container>=<image>}: a new pod template, so a new rollout.
     * An unknown container fails as kubectl does: {@code unable to find container named "x"}.
     */
    public DeploymentView setImage(String container, String image) {
        try (EngineLock.Held held = guard.enter("DeploymentView.setImage")) {
            Checks.notNull(container, "container");
            Checks.notNull(image, "image");
            Deployment current = get();
            List<Container> all = new ArrayList<>();
            Optional.ofNullable(current.getSpec().getTemplate().getSpec().getInitContainers()).ifPresent(all::addAll);
            all.addAll(current.getSpec().getTemplate().getSpec().getContainers());
            if (all.stream().noneMatch(c -> container.equals(c.getName()))) {
                throw new PeapodException("kubectl set image deployment/" + name + ": error: unable to find container named \""
                        + container + "\"");
            }
            edit(d -> {
                var spec = d.getSpec().getTemplate().getSpec();
                Optional.ofNullable(spec.getInitContainers()).ifPresent(cs -> cs.stream()
                        .filter(c -> container.equals(c.getName())).forEach(c -> c.setImage(image)));
                spec.getContainers().stream().filter(c -> container.equals(c.getName())).forEach(c -> c.setImage(image));
            });
            return this;
        }
    }

    /** {@code kubectl rollout pause deployment/web}: no rollout happens until resume; scaling still does. */
    public DeploymentView pause() {
        try (EngineLock.Held held = guard.enter("DeploymentView.pause")) {
            edit(d -> d.getSpec().setPaused(true));
            return this;
        }
    }

    /** {@code kubectl rollout resume deployment/web}. */
    public DeploymentView resume() {
        try (EngineLock.Held held = guard.enter("DeploymentView.resume")) {
            edit(d -> d.getSpec().setPaused(null));
            return this;
        }
    }

    /**
     * {@code kubectl rollout undo deployment/web}: the previous revision's pod template (and its annotations)
     * copied back into the Deployment, as kubectl does for apps/v1
     * (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go DeploymentRollbacker). The result is
     * kubectl's line, {@code deployment.apps/web rolled back}. No DeploymentRollback event: upstream's
     * controller emits it only for the rollbackTo field that apps/v1 no longer has.
     */
    public String rollback() {
        return rollbackTo(0);
    }

    /** {@code kubectl rollout undo deployment/web --to-revision=n}; 0 means the previous revision. */
    public String rollbackTo(long revision) {
        try (EngineLock.Held held = guard.enter("DeploymentView.rollbackTo")) {
            Deployment d = get();
            String command = "kubectl rollout undo deployment/" + name + ": error: ";
            if (revision < 0) {
                throw new PeapodException(command + "unable to find specified revision " + revision + " in history");
            }
            ReplicaSet target = revisionReplicaSet(d, revision, command);
            if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
                throw new PeapodException(command + "you cannot rollback a paused deployment; resume it first with "
                        + "'kubectl rollout resume deployment/" + name + "' and try again");
            }
            if (DeploymentUtil.equalIgnoreHash(target.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                return "deployment.apps/" + name + " skipped rollback (current template already matches revision " + revision + ")";
            }
            PodTemplateSpec template = DeploymentUtil.withoutHash(target.getSpec().getTemplate());
            Map<String, String> annotations = new LinkedHashMap<>();
            Map<String, String> own = d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations();
            own.forEach((k, v) -> {
                if (DeploymentUtil.ANNOTATIONS_TO_SKIP.contains(k)) {
                    annotations.put(k, v);
                }
            });
            Map<String, String> theirs = target.getMetadata().getAnnotations() == null ? Map.of() : target.getMetadata().getAnnotations();
            theirs.forEach((k, v) -> {
                if (!DeploymentUtil.ANNOTATIONS_TO_SKIP.contains(k)) {
                    annotations.put(k, v);
                }
            });
            edit(deployment -> {
                deployment.getSpec().setTemplate(template);
                deployment.getMetadata().setAnnotations(annotations);
            });
            return "deployment.apps/" + name + " rolled back";
        }
    }

    /** deploymentRevision (rollback.go): the ReplicaSet of that revision, or of the previous one for 0. */
    private ReplicaSet revisionReplicaSet(Deployment d, long toRevision, String command) {
        ReplicaSet latest = null;
        long latestRevision = -1;
        ReplicaSet previous = null;
        long previousRevision = -1;
        for (ReplicaSet rs : replicaSets()) {
            Optional<Long> v = DeploymentUtil.revision(rs);
            if (v.isEmpty()) {
                continue;
            }
            if (toRevision == 0) {
                if (latestRevision < v.get()) {
                    previousRevision = latestRevision;
                    previous = latest;
                    latestRevision = v.get();
                    latest = rs;
                } else if (previousRevision < v.get()) {
                    previousRevision = v.get();
                    previous = rs;
                }
            } else if (toRevision == v.get()) {
                return rs;
            }
        }
        if (toRevision > 0) {
            throw new PeapodException(command + "unable to find specified revision " + toRevision + " in history");
        }
        if (previous == null) {
            throw new PeapodException(command + "no rollout history found for deployment \"" + d.getMetadata().getName() + "\"");
        }
        return previous;
    }

    /** The ReplicaSets this Deployment controls, oldest first. */
    public List<ReplicaSet> replicaSets() {
        Deployment d = get();
        List<ReplicaSet> owned = new ArrayList<>();
        for (ReplicaSet rs : context.store().list(ReplicaSet.class, ListOptions.inNamespace(namespace))) {
            if (ControllerRefs.isControlledBy(rs, d)) {
                owned.add(rs);
            }
        }
        owned.sort(java.util.Comparator.comparing((ReplicaSet rs) -> dev.peapod.store.Timestamps.parse(rs.getMetadata().getCreationTimestamp()))
                .thenComparing(rs -> rs.getMetadata().getName()));
        return owned;
    }

    /**
     * The pods of the Deployment's ReplicaSets, oldest ReplicaSet first, each ReplicaSet's by name:
     * their generated names, to script one ({@code cluster.container(pod, "app")}) or check it.
     */
    public List<io.fabric8.kubernetes.api.model.Pod> pods() {
        List<io.fabric8.kubernetes.api.model.Pod> pods = new java.util.ArrayList<>();
        List<io.fabric8.kubernetes.api.model.Pod> all = context.store().list(io.fabric8.kubernetes.api.model.Pod.class,
                dev.peapod.store.ListOptions.inNamespace(namespace));
        for (ReplicaSet rs : replicaSets()) {
            for (io.fabric8.kubernetes.api.model.Pod pod : all) {
                if (pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
                        .anyMatch(ref -> Boolean.TRUE.equals(ref.getController()) && rs.getMetadata().getUid().equals(ref.getUid()))) {
                    pods.add(pod);
                }
            }
        }
        return pods;
    }

    /**
     * Where the Deployment's pods landed: how many of its bound pods that are neither terminal nor
     * being deleted are on nodes with each value of the node label {@code topologyKey} (a pod on a node
     * without the label counts under {@code <none>}), in value order. Pending pods do not count.
     * {@code podsPer("topology.kubernetes.io/zone")} gives e.g. {@code {a=1, b=1, c=1}}, and
     * {@code podsPer("kubernetes.io/hostname")} the pods per node.
     */
    public java.util.SortedMap<String, Integer> podsPer(String topologyKey) {
        java.util.Objects.requireNonNull(topologyKey, "topologyKey");
        java.util.SortedMap<String, Integer> perValue = new java.util.TreeMap<>();
        for (io.fabric8.kubernetes.api.model.Pod pod : pods()) {
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (nodeName == null || nodeName.isEmpty() || pod.getMetadata().getDeletionTimestamp() != null
                    || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            io.fabric8.kubernetes.api.model.Node node = context.store().peek(io.fabric8.kubernetes.api.model.Node.class, null, nodeName);
            java.util.Map<String, String> labels = node == null ? null : node.getMetadata().getLabels();
            String value = labels == null || !labels.containsKey(topologyKey) ? "<none>" : labels.get(topologyKey);
            perValue.merge(value, 1, Integer::sum);
        }
        return perValue;
    }

    /**
     * What {@code kubectl rollout status deployment/web} prints now, without its newline
     * (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go DeploymentStatusViewer), e.g.
     * {@code Waiting for deployment "web" rollout to finish: 1 out of 4 new replicas have been updated...}
     * or {@code deployment "web" successfully rolled out}; a Deployment past its progress deadline gives
     * kubectl's error line {@code error: deployment "web" exceeded its progress deadline}.
     */
    public String rolloutStatus() {
        Deployment d = get();
        DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
        if (generation > observed) {
            return "Waiting for deployment spec update to be observed...";
        }
        Optional<DeploymentCondition> progressing = DeploymentUtil.condition(status, "Progressing");
        if (progressing.isPresent() && DeploymentUtil.TIMED_OUT.equals(progressing.get().getReason())) {
            return "error: deployment \"" + name + "\" exceeded its progress deadline";
        }
        int updated = orZero(status.getUpdatedReplicas());
        int replicas = orZero(status.getReplicas());
        int available = orZero(status.getAvailableReplicas());
        Integer desired = d.getSpec().getReplicas();
        if (desired != null && updated < desired) {
            return "Waiting for deployment \"" + name + "\" rollout to finish: " + updated + " out of " + desired
                    + " new replicas have been updated...";
        }
        if (replicas > updated) {
            return "Waiting for deployment \"" + name + "\" rollout to finish: " + (replicas - updated)
                    + " old replicas are pending termination...";
        }
        if (available < updated) {
            return "Waiting for deployment \"" + name + "\" rollout to finish: " + available + " of " + updated
                    + " updated replicas are available...";
        }
        return "deployment \"" + name + "\" successfully rolled out";
    }

    /** Whether {@code kubectl rollout status} would end now with success. */
    public boolean rolloutComplete() {
        return rolloutStatus().endsWith("successfully rolled out");
    }

    /** The line {@code kubectl get deployment web} prints now: NAME READY UP-TO-DATE AVAILABLE AGE. */
    public DeploymentRow row() {
        return DeploymentPrinter.row(get(), context.clock().now());
    }

    /** {@code kubectl get deployment <name>} as text now: the header line and this Deployment's line. */
    public String table() {
        return DeploymentPrinter.table(List.of(get()), context.clock().now());
    }

    /**
     * The events about this Deployment ({@code ScalingReplicaSet}, ...), oldest first, as {@code kubectl events --for deployment/<name>}
     * lists them; those about an earlier Deployment of the same name too. It need not exist now.
     */
    public List<io.fabric8.kubernetes.api.model.Event> events() {
        return FakeCluster.eventsAbout(context, namespace, "Deployment", name);
    }

    /**
     * The sequence of ReplicaSet sizes, one step per {@code ScalingReplicaSet} event on the Deployment's
     * timeline: {@code [00:00:00 4, 00:00:30 4/1, 00:00:30 3/1, ...]}.
     */
    public List<SizeStep> replicaSetSizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        List<SizeStep> steps = new ArrayList<>();
        for (TimelineEntry entry : context.timeline().forPod(namespace, "deployment.apps/" + name, Fact.EventRecorded.class)) {
            Fact.EventRecorded event = (Fact.EventRecorded) entry.fact();
            if (!"ScalingReplicaSet".equals(event.reason())) {
                continue;
            }
            Matcher m = SCALED.matcher(event.message());
            if (m.matches()) {
                sizes.put(m.group(1), Integer.parseInt(m.group(3)));
                steps.add(new SizeStep(entry.sinceStart(), List.copyOf(sizes.values())));
            }
        }
        return steps;
    }

    private void edit(Consumer<Deployment> change) {
        get();
        context.store().shared().edit(Deployment.class, namespace, name, change);
        context.loop().settle();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    @Override
    public String toString() {
        return "deployment " + namespace + "/" + name;
    }
}
