package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.LabelSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static dev.peapod.controllers.DeploymentUtil.replicas;
import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The Deployment controller (kubernetes: pkg/controller/deployment/deployment_controller.go syncDeployment,
 * sync.go, rolling.go, recreate.go, progress.go): one ReplicaSet per pod template, named
 * {@code <deployment>-<pod-template-hash>}, scaled by the RollingUpdate or Recreate strategy, with the
 * revision annotations, history cleanup, proportional scaling, pause, and the Available and Progressing
 * conditions. It never touches pods: the ReplicaSet controller does.
 *
 * <p>Upstream sends some status updates from a stale copy, which the API server refuses with a conflict
 * and the controller retries 5 ms later; Peapod writes them unconditionally, so the same state arrives
 * without the retry.
 */
@API(status = INTERNAL, since = "0.1")
public final class DeploymentController implements Component {
    static final String SCALING_REPLICA_SET = "ScalingReplicaSet";
    /** deployment_controller.go maxRetries: how many times a Deployment is retried before it is dropped. */
    static final int MAX_RETRIES = 15;

    private ClusterContext context;
    private WorkQueue<String> queue;
    private ControllerEvents events;

    /** The cluster's shared pod informer (see {@link PodCache}): a sync reads its pods there, not from a list of the namespace. */
    private final PodCache podCache;

    /** A controller with a pod cache of its own. */
    public DeploymentController() {
        this(new PodCache());
    }

    /** A controller reading the cluster's shared pod cache. */
    DeploymentController(PodCache podCache) {
        this.podCache = Objects.requireNonNull(podCache, "podCache");
    }

    @Override
    public String name() {
        return "deployment-controller";
    }

    @Override
    public void start(ClusterContext context) {
        podCache.start(context); // before this controller's pod watch: see PodCache
        this.context = Objects.requireNonNull(context, "context");
        this.events = new ControllerEvents(context, name());
        this.queue = new WorkQueue<>(context.loop(), name(), this::sync);
        context.store().watch(Deployment.class, ListOptions.all(), null, this::onDeployment);
        context.store().watch(ReplicaSet.class, ListOptions.all(), null, this::onReplicaSet);
        context.store().watch(Pod.class, ListOptions.all(), null, this::onPod);
    }

    // ---------------------------------------------------------------- watch callbacks: enqueue only

    private void onDeployment(WatchEvent<Deployment> event) {
        queue.add(Pods.key(event.object().getMetadata().getNamespace(), event.object().getMetadata().getName()));
    }

    private void onReplicaSet(WatchEvent<ReplicaSet> event) {
        ReplicaSet rs = event.object();
        Optional<OwnerReference> ref = ControllerRefs.controllerOf(rs);
        if (ref.isPresent()) {
            if ("Deployment".equals(ref.get().getKind())) {
                queue.add(Pods.key(rs.getMetadata().getNamespace(), ref.get().getName()));
            }
            return;
        }
        if (event.type() != WatchEvent.Type.DELETED) {
            // an orphan: every Deployment whose selector matches may adopt it (getDeploymentsForReplicaSet)
            for (Deployment d : context.store().list(Deployment.class, ListOptions.inNamespace(rs.getMetadata().getNamespace()))) {
                if (d.getSpec().getSelector() != null && LabelSelector.of(d.getSpec().getSelector()).matches(labels(rs.getMetadata()))) {
                    queue.add(Pods.key(d.getMetadata().getNamespace(), d.getMetadata().getName()));
                }
            }
        }
    }

    /** deletePod: a Recreate Deployment waits for its old pods to be gone, so their deletion wakes it. */
    private void onPod(WatchEvent<Pod> event) {
        if (event.type() != WatchEvent.Type.DELETED) {
            return;
        }
        Pod pod = event.object();
        Optional<OwnerReference> ref = ControllerRefs.controllerOf(pod);
        if (ref.isEmpty() || !"ReplicaSet".equals(ref.get().getKind())) {
            return;
        }
        ReplicaSet rs = context.store().peek(ReplicaSet.class, pod.getMetadata().getNamespace(), ref.get().getName());
        if (rs == null) {
            return;
        }
        ControllerRefs.controllerOf(rs).filter(owner -> "Deployment".equals(owner.getKind())).ifPresent(owner -> {
            Deployment d = context.store().peek(Deployment.class, rs.getMetadata().getNamespace(), owner.getName());
            if (d != null && "Recreate".equals(d.getSpec().getStrategy().getType())) {
                queue.add(Pods.key(d.getMetadata().getNamespace(), d.getMetadata().getName()));
            }
        });
    }

    // ---------------------------------------------------------------- syncDeployment

    private void sync(String key) {
        int slash = key.indexOf('/');
        Deployment stored = context.store().peek(Deployment.class, key.substring(0, slash), key.substring(slash + 1));
        if (stored == null) {
            return;
        }
        Deployment d = Copies.copy(stored);
        if (d.getStatus() == null) {
            d.setStatus(new DeploymentStatus());
        }
        io.fabric8.kubernetes.api.model.LabelSelector selector = d.getSpec().getSelector();
        if (selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()))) {
            events.warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            return;
        }
        try {
            syncDeployment(d);
            queue.forget(key); // handleErr(nil): "dc.queue.Forget(key)"
        } catch (ApiException failed) {
            handleErr(key);
        }
    }

    /**
     * The rest of syncDeployment; an ApiException is the error it returns (a claim that failed,
     * getNewReplicaSet's refused create), which {@link #handleErr} requeues.
     */
    private void syncDeployment(Deployment d) {
        List<ReplicaSet> rsList = replicaSetsFor(d);
        if (d.getMetadata().getDeletionTimestamp() != null) {
            syncStatusOnly(d, rsList);
            return;
        }
        checkPausedConditions(d);
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            syncScaling(d, rsList);
            return;
        }
        if (isScalingEvent(d, rsList)) {
            syncScaling(d, rsList);
            return;
        }
        if ("Recreate".equals(d.getSpec().getStrategy().getType())) {
            new Rollout(d, rsList).recreate();
        } else {
            new Rollout(d, rsList).rolling();
        }
    }

    /**
     * handleErr (deployment_controller.go): requeued with the queue's rate limit (5 ms, 10 ms, ...)
     * while it has been requeued fewer than maxRetries (15) times, then "Dropping deployment out of
     * the queue" until the next event.
     */
    private void handleErr(String key) {
        if (queue.numRequeues(key) < MAX_RETRIES) {
            queue.addRateLimited(key);
            return;
        }
        queue.forget(key);
    }

    /**
     * getReplicaSetsForDeployment: every ReplicaSet of the namespace is offered to
     * ReplicaSetControllerRefManager.ClaimReplicaSets ({@link ControllerRefManager}), so one it controls
     * whose labels stop matching the selector is released, and an orphan whose labels match is adopted
     * after RecheckDeletionTimestamp's fresh read (deployment_controller.go, controller_ref_manager.go).
     */
    private List<ReplicaSet> replicaSetsFor(Deployment d) {
        LabelSelector selector = LabelSelector.of(d.getSpec().getSelector());
        // the claim passes over a ReplicaSet another owner controls: only the others are copied (a
        // namespace of 100 Deployments need not copy 100 ReplicaSets at each sync)
        String uid = d.getMetadata().getUid();
        List<ReplicaSet> candidates = new ArrayList<>();
        for (ReplicaSet rs : context.store().peekAll(ReplicaSet.class, ListOptions.inNamespace(d.getMetadata().getNamespace()))) {
            if (ControllerRefs.controllerOf(rs).map(ref -> uid.equals(ref.getUid())).orElse(true)) {
                candidates.add(Copies.copy(rs));
            }
        }
        return new ControllerRefManager<>(context, d, Deployment.class, ReplicaSet.class,
                rs -> selector.matches(labels(rs.getMetadata()))).claim(candidates);
    }

    private void syncStatusOnly(Deployment d, List<ReplicaSet> rsList) {
        Rollout rollout = new Rollout(d, rsList);
        rollout.syncRevision(false);
        rollout.syncDeploymentStatus();
    }

    /** sync (sync.go): scaling only, for a paused Deployment or a scaling event. */
    private void syncScaling(Deployment d, List<ReplicaSet> rsList) {
        Rollout rollout = new Rollout(d, rsList);
        rollout.syncRevision(false);
        rollout.scale();
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            rollout.cleanup();
        }
        rollout.syncDeploymentStatus();
    }

    /** isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
    private boolean isScalingEvent(Deployment d, List<ReplicaSet> rsList) {
        Rollout rollout = new Rollout(d, rsList);
        rollout.syncRevision(false);
        for (ReplicaSet rs : DeploymentUtil.active(rollout.all())) {
            Optional<Integer> desired = DeploymentUtil.intAnnotation(rs, DeploymentUtil.DESIRED_REPLICAS);
            if (desired.isPresent() && desired.get() != replicas(d)) {
                return true;
            }
        }
        return false;
    }

    /** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed. */
    private void checkPausedConditions(Deployment d) {
        if (!DeploymentUtil.hasProgressDeadline(d)) {
            return;
        }
        Optional<DeploymentCondition> cond = DeploymentUtil.condition(d.getStatus(), "Progressing");
        if (cond.isPresent() && DeploymentUtil.TIMED_OUT.equals(cond.get().getReason())) {
            return;
        }
        boolean pausedCondExists = cond.isPresent() && DeploymentUtil.PAUSED.equals(cond.get().getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        Instant now = context.clock().now();
        if (paused && !pausedCondExists) {
            DeploymentUtil.setCondition(d.getStatus(), DeploymentUtil.newCondition("Progressing", "Unknown",
                    DeploymentUtil.PAUSED, "Deployment is paused", now));
        } else if (!paused && pausedCondExists) {
            DeploymentUtil.setCondition(d.getStatus(), DeploymentUtil.newCondition("Progressing", "Unknown",
                    DeploymentUtil.RESUMED, "Deployment is resumed", now));
        } else {
            return;
        }
        writeStatus(d);
    }

    /** UpdateStatus with the Deployment's annotations (the revision), as deploymentStatusStrategy keeps them. */
    private void writeStatus(Deployment d) {
        Deployment copy = Copies.copy(d);
        copy.getMetadata().setResourceVersion(null);
        Deployment written = context.store().updateStatus(copy);
        d.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
    }

    private static Map<String, String> labels(ObjectMeta meta) {
        return meta.getLabels() == null ? Map.of() : meta.getLabels();
    }

    /** One sync's view of a Deployment and its ReplicaSets: the new one (maybe none yet) and the old ones. */
    private final class Rollout {
        private final Deployment d;
        private final List<ReplicaSet> rsList;
        private ReplicaSet newRS;
        private List<ReplicaSet> oldRSs = new ArrayList<>();

        Rollout(Deployment d, List<ReplicaSet> rsList) {
            this.d = d;
            this.rsList = new ArrayList<>(rsList);
            this.rsList.sort(DeploymentUtil.BY_CREATION);
        }

        /** allRSs: the old ones, then the new one when there is one. */
        List<ReplicaSet> all() {
            List<ReplicaSet> all = new ArrayList<>(oldRSs);
            if (newRS != null) {
                all.add(newRS);
            }
            return all;
        }

        /** getAllReplicaSetsAndSyncRevision. */
        void syncRevision(boolean createIfNotExisted) {
            ReplicaSet found = findNew();
            oldRSs = new ArrayList<>();
            for (ReplicaSet rs : rsList) {
                if (found == null || !rs.getMetadata().getUid().equals(found.getMetadata().getUid())) {
                    oldRSs.add(rs);
                }
            }
            newRS = newReplicaSet(found, createIfNotExisted);
        }

        /** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
        private ReplicaSet findNew() {
            for (ReplicaSet rs : rsList) {
                if (DeploymentUtil.equalIgnoreHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                    return rs;
                }
            }
            return null;
        }

        /** getNewReplicaSet (sync.go). */
        private ReplicaSet newReplicaSet(ReplicaSet existing, boolean create) {
            String newRevision = Long.toString(DeploymentUtil.maxRevision(oldRSs) + 1);
            Instant now = context.clock().now();
            int minReady = d.getSpec().getMinReadySeconds() == null ? 0 : d.getSpec().getMinReadySeconds();
            if (existing != null) {
                ReplicaSet copy = Copies.copy(existing);
                boolean annotationsUpdated = DeploymentUtil.setNewReplicaSetAnnotations(d, copy, newRevision, true);
                int rsMinReady = copy.getSpec().getMinReadySeconds() == null ? 0 : copy.getSpec().getMinReadySeconds();
                if (annotationsUpdated || rsMinReady != minReady) {
                    copy.getSpec().setMinReadySeconds(minReady);
                    return updateReplicaSet(copy);
                }
                boolean needsUpdate = DeploymentUtil.setDeploymentRevision(d,
                        DeploymentUtil.annotations(copy).getOrDefault(DeploymentUtil.REVISION, ""));
                if (DeploymentUtil.hasProgressDeadline(d) && DeploymentUtil.condition(d.getStatus(), "Progressing").isEmpty()) {
                    DeploymentUtil.setCondition(d.getStatus(), DeploymentUtil.newCondition("Progressing", "True",
                            DeploymentUtil.FOUND_NEW_RS, "Found new replica set \"" + copy.getMetadata().getName() + "\"", now));
                    needsUpdate = true;
                }
                if (needsUpdate) {
                    writeStatus(d);
                }
                return copy;
            }
            if (!create) {
                return null;
            }
            ReplicaSet rs = newReplicaSetObject(minReady);
            List<ReplicaSet> all = new ArrayList<>(oldRSs);
            all.add(rs);
            int newReplicasCount = DeploymentUtil.newRSNewReplicas(d, all, rs);
            rs.getSpec().setReplicas(newReplicasCount);
            DeploymentUtil.setNewReplicaSetAnnotations(d, rs, newRevision, false);
            ReplicaSet created;
            boolean alreadyExists = false;
            try {
                created = context.store().create(rs);
            } catch (ApiException refused) {
                if (refused.code() == 409) {
                    ReplicaSet clash = context.store().peek(ReplicaSet.class, rs.getMetadata().getNamespace(), rs.getMetadata().getName());
                    if (clash != null && ControllerRefs.isControlledBy(clash, d)
                            && DeploymentUtil.equalIgnoreHash(d.getSpec().getTemplate(), clash.getSpec().getTemplate())) {
                        created = clash;
                        alreadyExists = true;
                    } else {
                        // a hash collision: bump collisionCount, and the next sync hashes anew; "let it
                        // requeue by returning the original error" (sync.go getNewReplicaSet): handleErr
                        // counts it among the Deployment's retries
                        int count = d.getStatus().getCollisionCount() == null ? 0 : d.getStatus().getCollisionCount();
                        d.getStatus().setCollisionCount(count + 1);
                        writeStatus(d);
                        throw refused;
                    }
                } else {
                    String msg = "Failed to create new replica set \"" + rs.getMetadata().getName() + "\": " + refused.getMessage();
                    if (DeploymentUtil.hasProgressDeadline(d)) {
                        List<DeploymentCondition> before = d.getStatus().getConditions() == null ? null
                                : new ArrayList<>(d.getStatus().getConditions());
                        DeploymentUtil.setCondition(d.getStatus(), DeploymentUtil.newCondition("Progressing", "False",
                                DeploymentUtil.FAILED_RS_CREATE, msg, now));
                        // upstream updates the status unconditionally, but the API server writes nothing
                        // (no new resourceVersion, no watch event) for an unchanged object; Peapod's store
                        // would, and the event would sync the Deployment again at once, for ever
                        if (!Objects.equals(before, d.getStatus().getConditions())) {
                            writeStatus(d);
                        }
                    }
                    events.warning(d, DeploymentUtil.FAILED_RS_CREATE, msg);
                    throw refused; // "return nil, err": syncDeployment fails and handleErr requeues it
                }
            }
            if (!alreadyExists && newReplicasCount > 0) {
                events.normal(d, SCALING_REPLICA_SET, "Scaled up replica set " + created.getMetadata().getName()
                        + " from 0 to " + newReplicasCount);
            }
            boolean needsUpdate = DeploymentUtil.setDeploymentRevision(d, newRevision);
            if (!alreadyExists && DeploymentUtil.hasProgressDeadline(d)) {
                DeploymentUtil.setCondition(d.getStatus(), DeploymentUtil.newCondition("Progressing", "True",
                        DeploymentUtil.NEW_REPLICA_SET, "Created new replica set \"" + created.getMetadata().getName() + "\"", now));
                needsUpdate = true;
            }
            if (needsUpdate) {
                writeStatus(d);
            }
            return created;
        }

        private ReplicaSet newReplicaSetObject(int minReady) {
            String hash = DeploymentUtil.podTemplateHash(d.getSpec().getTemplate(), d.getStatus().getCollisionCount());
            PodTemplateSpec template = Copies.copy(d.getSpec().getTemplate());
            Map<String, String> templateLabels = new LinkedHashMap<>(labels(template.getMetadata()));
            templateLabels.put(DeploymentUtil.POD_TEMPLATE_HASH, hash);
            template.getMetadata().setLabels(templateLabels);
            io.fabric8.kubernetes.api.model.LabelSelector selector = new LabelSelectorBuilder(Copies.copy(d.getSpec().getSelector())).build();
            Map<String, String> matchLabels = selector.getMatchLabels() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(selector.getMatchLabels());
            matchLabels.put(DeploymentUtil.POD_TEMPLATE_HASH, hash);
            selector.setMatchLabels(matchLabels);
            ReplicaSet rs = new ReplicaSet();
            ObjectMeta meta = new ObjectMeta();
            meta.setName(d.getMetadata().getName() + "-" + hash);
            meta.setNamespace(d.getMetadata().getNamespace());
            meta.setOwnerReferences(new ArrayList<>(List.of(ControllerRefs.newControllerRef(d))));
            meta.setLabels(new LinkedHashMap<>(templateLabels));
            rs.setMetadata(meta);
            ReplicaSetSpec spec = new ReplicaSetSpec();
            spec.setReplicas(0);
            spec.setMinReadySeconds(minReady);
            spec.setSelector(selector);
            spec.setTemplate(template);
            rs.setSpec(spec);
            return rs;
        }

        /**
         * An update from this sync's copy. Upstream's copy may be stale (its lister lags), and the API
         * server refuses it with a conflict; here an update that changes nothing is not written.
         */
        private ReplicaSet updateReplicaSet(ReplicaSet copy) {
            copy.getMetadata().setResourceVersion(null);
            return context.store().updateIfChanged(copy).orElseGet(() -> context.store()
                    .require(ReplicaSet.class, copy.getMetadata().getNamespace(), copy.getMetadata().getName()));
        }

        // ------------------------------------------------------------ scaling (sync.go)

        /** scale: proportional scaling of the active ReplicaSets during a rollout or while paused. */
        void scale() {
            ReplicaSet activeOrLatest = activeOrLatest();
            if (activeOrLatest != null) {
                if (replicas(activeOrLatest) != replicas(d)) {
                    scaleAndRecord(activeOrLatest, replicas(d));
                }
                return;
            }
            if (DeploymentUtil.isSaturated(d, newRS)) {
                for (ReplicaSet old : DeploymentUtil.active(oldRSs)) {
                    scaleAndRecord(old, 0);
                }
                return;
            }
            if (!DeploymentUtil.isRollingUpdate(d)) {
                return;
            }
            List<ReplicaSet> active = new ArrayList<>(DeploymentUtil.active(all()));
            int allReplicas = DeploymentUtil.specReplicas(active);
            int allowedSize = replicas(d) > 0 ? replicas(d) + DeploymentUtil.maxSurge(d) : 0;
            int toAdd = allowedSize - allReplicas;
            if (toAdd > 0) {
                active.sort(DeploymentUtil.BY_SIZE_NEWER);
            } else if (toAdd < 0) {
                active.sort(DeploymentUtil.BY_SIZE_OLDER);
            }
            int added = 0;
            Map<String, Integer> nameToSize = new LinkedHashMap<>();
            for (ReplicaSet rs : active) {
                if (toAdd != 0) {
                    int proportion = DeploymentUtil.proportion(rs, d, toAdd, added);
                    nameToSize.put(rs.getMetadata().getName(), replicas(rs) + proportion);
                    added += proportion;
                } else {
                    nameToSize.put(rs.getMetadata().getName(), replicas(rs));
                }
            }
            for (int i = 0; i < active.size(); i++) {
                ReplicaSet rs = active.get(i);
                String name = rs.getMetadata().getName();
                if (i == 0 && toAdd != 0) {
                    nameToSize.put(name, Math.max(0, nameToSize.get(name) + toAdd - added));
                }
                scaleReplicaSet(rs, nameToSize.get(name));
            }
        }

        /** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active; null when several are. */
        private ReplicaSet activeOrLatest() {
            if (newRS == null && oldRSs.isEmpty()) {
                return null;
            }
            List<ReplicaSet> newestFirst = new ArrayList<>(oldRSs);
            newestFirst.sort(DeploymentUtil.BY_CREATION.reversed());
            List<ReplicaSet> candidates = new ArrayList<>(newestFirst);
            if (newRS != null) {
                candidates.add(newRS);
            }
            List<ReplicaSet> active = DeploymentUtil.active(candidates);
            if (active.isEmpty()) {
                return newRS != null ? newRS : newestFirst.get(0);
            }
            return active.size() == 1 ? active.get(0) : null;
        }

        /** scaleReplicaSetAndRecordEvent: true when it scaled. */
        boolean scaleAndRecord(ReplicaSet rs, int newScale) {
            if (replicas(rs) == newScale) {
                return false;
            }
            return scaleReplicaSet(rs, newScale);
        }

        /**
         * scaleReplicaSet: writes the size and the replicas annotations, and records
         * {@code Scaled up|down replica set <rs> from <a> to <b>} when the size changed.
         */
        boolean scaleReplicaSet(ReplicaSet rs, int newScale) {
            int desired = replicas(d);
            int max = replicas(d) + DeploymentUtil.maxSurge(d);
            boolean sizeNeedsUpdate = replicas(rs) != newScale;
            if (!sizeNeedsUpdate && !DeploymentUtil.replicasAnnotationsNeedUpdate(rs, desired, max)) {
                return false;
            }
            int oldScale = replicas(rs);
            ReplicaSet copy = Copies.copy(rs);
            copy.getSpec().setReplicas(newScale);
            DeploymentUtil.setReplicasAnnotations(copy, desired, max);
            ReplicaSet written;
            try {
                written = updateReplicaSet(copy);
            } catch (ApiException failed) {
                return false;
            }
            replace(rs, written);
            if (sizeNeedsUpdate) {
                events.normal(d, SCALING_REPLICA_SET, "Scaled " + (oldScale < newScale ? "up" : "down")
                        + " replica set " + written.getMetadata().getName() + " from " + oldScale + " to " + newScale);
                return true;
            }
            return false;
        }

        /** Keeps this sync's lists on the written copy, as upstream's callers use the returned ReplicaSet. */
        private void replace(ReplicaSet before, ReplicaSet after) {
            String uid = before.getMetadata().getUid();
            if (newRS != null && newRS.getMetadata().getUid().equals(uid)) {
                newRS = after;
            }
            oldRSs.replaceAll(rs -> rs.getMetadata().getUid().equals(uid) ? after : rs);
        }

        // ------------------------------------------------------------ rolling.go

        void rolling() {
            syncRevision(true);
            if (newRS == null) {
                return; // no new ReplicaSet to roll to
            }
            if (reconcileNewReplicaSet()) {
                syncRolloutStatus();
                return;
            }
            if (reconcileOldReplicaSets()) {
                syncRolloutStatus();
                return;
            }
            if (DeploymentUtil.deploymentComplete(d, d.getStatus())) {
                cleanup();
            }
            syncRolloutStatus();
        }

        private boolean reconcileNewReplicaSet() {
            if (replicas(newRS) == replicas(d)) {
                return false;
            }
            if (replicas(newRS) > replicas(d)) {
                return scaleAndRecord(newRS, replicas(d));
            }
            return scaleAndRecord(newRS, DeploymentUtil.newRSNewReplicas(d, all(), newRS));
        }

        private boolean reconcileOldReplicaSets() {
            List<ReplicaSet> activeOld = new ArrayList<>(DeploymentUtil.active(oldRSs));
            if (DeploymentUtil.specReplicas(activeOld) == 0) {
                return false;
            }
            int allPods = DeploymentUtil.specReplicas(all());
            int minAvailable = replicas(d) - DeploymentUtil.maxUnavailable(d);
            int newUnavailable = replicas(newRS) - DeploymentUtil.availableReplicas(newRS);
            int maxScaledDown = allPods - minAvailable - newUnavailable;
            if (maxScaledDown <= 0) {
                return false;
            }
            int cleaned = cleanupUnhealthyReplicas(activeOld, maxScaledDown);
            if (cleaned < 0) {
                return false; // upstream's sync ends with an error here; the ReplicaSet's next status write wakes it again
            }
            int scaled = scaleDownOldForRollingUpdate(activeOld);
            return cleaned + scaled > 0;
        }

        /**
         * cleanupUnhealthyReplicas: old ReplicaSets lose their unavailable replicas first, oldest first;
         * -1 when one would grow, which upstream refuses as an error.
         */
        private int cleanupUnhealthyReplicas(List<ReplicaSet> activeOld, int maxCleanup) {
            activeOld.sort(DeploymentUtil.BY_CREATION);
            int total = 0;
            for (int i = 0; i < activeOld.size(); i++) {
                ReplicaSet target = activeOld.get(i);
                if (total >= maxCleanup) {
                    break;
                }
                if (replicas(target) == 0 || replicas(target) == DeploymentUtil.availableReplicas(target)) {
                    continue;
                }
                int count = Math.min(maxCleanup - total, replicas(target) - DeploymentUtil.availableReplicas(target));
                if (count < 0) {
                    // a ReplicaSet whose status still counts more available pods than its new size: upstream
                    // refuses ("got invalid request to scale down %s/%s %d -> %d") rather than scale it up
                    return -1;
                }
                scaleAndRecord(target, replicas(target) - count);
                total += count;
                activeOld.set(i, find(target));
            }
            return total;
        }

        private ReplicaSet find(ReplicaSet rs) {
            return oldRSs.stream().filter(r -> r.getMetadata().getUid().equals(rs.getMetadata().getUid())).findFirst().orElse(rs);
        }

        /** scaleDownOldReplicaSetsForRollingUpdate: only as far as available pods stay at least minAvailable. */
        private int scaleDownOldForRollingUpdate(List<ReplicaSet> activeOld) {
            List<ReplicaSet> all = new ArrayList<>(activeOld);
            all.add(newRS);
            int minAvailable = replicas(d) - DeploymentUtil.maxUnavailable(d);
            int available = DeploymentUtil.availableReplicas(all);
            if (available <= minAvailable) {
                return 0;
            }
            activeOld.sort(DeploymentUtil.BY_CREATION);
            int total = 0;
            int toScaleDown = available - minAvailable;
            for (ReplicaSet target : activeOld) {
                if (total >= toScaleDown) {
                    break;
                }
                if (replicas(target) == 0) {
                    continue;
                }
                int count = Math.min(replicas(target), toScaleDown - total);
                scaleAndRecord(target, replicas(target) - count);
                total += count;
            }
            return total;
        }

        // ------------------------------------------------------------ recreate.go

        void recreate() {
            syncRevision(false);
            boolean scaledDown = false;
            for (ReplicaSet rs : DeploymentUtil.active(oldRSs)) {
                scaledDown |= scaleAndRecord(rs, 0);
            }
            if (scaledDown || oldPodsRunning()) {
                syncRolloutStatus();
                return;
            }
            if (newRS == null) {
                syncRevision(true);
                if (newRS == null) {
                    return;
                }
            }
            scaleAndRecord(newRS, replicas(d));
            if (DeploymentUtil.deploymentComplete(d, d.getStatus())) {
                cleanup();
            }
            syncRolloutStatus();
        }

        /** oldPodsRunning: old ReplicaSets report pods, or a pod of one is neither Succeeded nor Failed. */
        private boolean oldPodsRunning() {
            if (DeploymentUtil.statusReplicas(oldRSs) > 0) {
                return true;
            }
            for (ReplicaSet rs : oldRSs) {
                for (Pod pod : podCache.controlledBy(rs)) { // getPodMapForDeployment's uid index
                    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                    if (!"Failed".equals(phase) && !"Succeeded".equals(phase)) {
                        return true;
                    }
                }
            }
            return false;
        }

        // ------------------------------------------------------------ history (sync.go cleanupDeployment)

        /** cleanupDeployment: deletes the oldest revisions beyond revisionHistoryLimit that are scaled to 0. */
        void cleanup() {
            if (!DeploymentUtil.hasRevisionHistoryLimit(d)) {
                return;
            }
            List<ReplicaSet> cleanable = new ArrayList<>(oldRSs.stream()
                    .filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList());
            int diff = cleanable.size() - d.getSpec().getRevisionHistoryLimit();
            if (diff <= 0) {
                return;
            }
            cleanable.sort(DeploymentUtil.BY_REVISION);
            for (int i = 0; i < diff; i++) {
                ReplicaSet rs = cleanable.get(i);
                long generation = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
                long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null ? 0
                        : rs.getStatus().getObservedGeneration();
                int statusReplicas = rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
                if (statusReplicas != 0 || replicas(rs) != 0 || generation > observed) {
                    continue;
                }
                try {
                    context.store().shared().delete(ReplicaSet.class, rs.getMetadata().getNamespace(), rs.getMetadata().getName());
                } catch (ApiException gone) {
                    // NotFound: already deleted
                }
            }
        }

        // ------------------------------------------------------------ status (sync.go, progress.go)

        /** calculateStatus. */
        private DeploymentStatus calculateStatus() {
            List<ReplicaSet> all = all();
            int available = DeploymentUtil.availableReplicas(all);
            int unavailable = Math.max(0, DeploymentUtil.specReplicas(all) - available);
            DeploymentStatus status = new DeploymentStatus();
            status.setObservedGeneration(d.getMetadata().getGeneration());
            status.setReplicas(DeploymentUtil.statusReplicas(all));
            status.setUpdatedReplicas(newRS == null ? 0 : DeploymentUtil.statusReplicas(List.of(newRS)));
            status.setReadyReplicas(DeploymentUtil.readyReplicas(all));
            status.setAvailableReplicas(available);
            status.setUnavailableReplicas(unavailable);
            status.setCollisionCount(d.getStatus().getCollisionCount());
            List<DeploymentCondition> conditions = new ArrayList<>();
            if (d.getStatus().getConditions() != null) {
                d.getStatus().getConditions().forEach(c -> conditions.add(Copies.copy(c)));
            }
            status.setConditions(conditions);
            Instant now = context.clock().now();
            if (available >= replicas(d) - DeploymentUtil.maxUnavailable(d)) {
                DeploymentUtil.setCondition(status, DeploymentUtil.newCondition("Available", "True",
                        DeploymentUtil.MINIMUM_REPLICAS_AVAILABLE, "Deployment has minimum availability.", now));
            } else {
                DeploymentUtil.setCondition(status, DeploymentUtil.newCondition("Available", "False",
                        DeploymentUtil.MINIMUM_REPLICAS_UNAVAILABLE, "Deployment does not have minimum availability.", now));
            }
            return status;
        }

        /** syncDeploymentStatus: writes the calculated status when it differs. */
        void syncDeploymentStatus() {
            DeploymentStatus status = calculateStatus();
            if (sameStatus(d.getStatus(), status)) {
                return;
            }
            d.setStatus(status);
            writeStatus(d);
        }

        /** syncRolloutStatus (progress.go): the status with the Progressing condition, and the progress check's timer. */
        void syncRolloutStatus() {
            DeploymentStatus status = calculateStatus();
            Instant now = context.clock().now();
            if (!DeploymentUtil.hasProgressDeadline(d)) {
                DeploymentUtil.removeCondition(status, "Progressing");
            }
            Optional<DeploymentCondition> current = DeploymentUtil.condition(d.getStatus(), "Progressing");
            boolean complete = Objects.equals(status.getReplicas(), status.getUpdatedReplicas()) && current.isPresent()
                    && DeploymentUtil.NEW_RS_AVAILABLE.equals(current.get().getReason());
            String subject = newRS != null ? "ReplicaSet \"" + newRS.getMetadata().getName() + "\""
                    : "Deployment \"" + d.getMetadata().getName() + "\"";
            if (DeploymentUtil.hasProgressDeadline(d) && !complete) {
                if (DeploymentUtil.deploymentComplete(d, status)) {
                    DeploymentUtil.setCondition(status, DeploymentUtil.newCondition("Progressing", "True",
                            DeploymentUtil.NEW_RS_AVAILABLE, subject + " has successfully progressed.", now));
                } else if (DeploymentUtil.deploymentProgressing(d, status)) {
                    DeploymentCondition condition = DeploymentUtil.newCondition("Progressing", "True",
                            DeploymentUtil.REPLICA_SET_UPDATED, subject + " is progressing.", now);
                    if (current.isPresent()) {
                        if ("True".equals(current.get().getStatus())) {
                            condition.setLastTransitionTime(current.get().getLastTransitionTime());
                        }
                        DeploymentUtil.removeCondition(status, "Progressing");
                    }
                    DeploymentUtil.setCondition(status, condition);
                } else if (DeploymentUtil.deploymentTimedOut(d, status, now)) {
                    DeploymentUtil.setCondition(status, DeploymentUtil.newCondition("Progressing", "False",
                            DeploymentUtil.TIMED_OUT, subject + " has timed out progressing.", now));
                }
            }
            Optional<DeploymentCondition> failure = replicaFailure();
            if (failure.isPresent()) {
                DeploymentUtil.setCondition(status, failure.get());
            } else {
                DeploymentUtil.removeCondition(status, "ReplicaFailure");
            }
            if (sameStatus(d.getStatus(), status)) {
                requeueStuckDeployment(status, now);
                return;
            }
            d.setStatus(status);
            writeStatus(d);
        }

        /** getReplicaFailures: the new ReplicaSet's ReplicaFailure condition first, else an old one's. */
        private Optional<DeploymentCondition> replicaFailure() {
            List<ReplicaSet> order = new ArrayList<>();
            if (newRS != null) {
                order.add(newRS);
            }
            order.addAll(all());
            for (ReplicaSet rs : order) {
                if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
                    continue;
                }
                for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
                    if ("ReplicaFailure".equals(c.getType())) {
                        return Optional.of(new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder()
                                .withType(c.getType()).withStatus(c.getStatus()).withLastTransitionTime(c.getLastTransitionTime())
                                .withLastUpdateTime(c.getLastTransitionTime()).withReason(c.getReason()).withMessage(c.getMessage())
                                .build());
                    }
                }
            }
            return Optional.empty();
        }

        /** requeueStuckDeployment: a progress check at the condition's lastUpdateTime + deadline, plus a second. */
        private void requeueStuckDeployment(DeploymentStatus status, Instant now) {
            Optional<DeploymentCondition> current = DeploymentUtil.condition(d.getStatus(), "Progressing");
            if (!DeploymentUtil.hasProgressDeadline(d) || current.isEmpty()) {
                return;
            }
            if (DeploymentUtil.deploymentComplete(d, status) || DeploymentUtil.TIMED_OUT.equals(current.get().getReason())) {
                return;
            }
            if (DeploymentUtil.NEW_RS_AVAILABLE.equals(current.get().getReason())) {
                // Departure: a finished rollout that lost availability (a node died under it) keeps its
                // NewReplicaSetAvailable condition, whose lastUpdateTime is long past, so upstream re-adds
                // the key rate-limited at every sync and Forget resets the limiter: a 5 ms poll until the
                // pods are available again. DeploymentTimedOut ignores that condition, so the poll can never
                // change the status; Peapod waits for the pod and ReplicaSet events that can.
                return;
            }
            Instant due = dev.peapod.store.Timestamps.parse(current.get().getLastUpdateTime())
                    .plusSeconds(d.getSpec().getProgressDeadlineSeconds());
            Duration after = Duration.between(now, due);
            String key = Pods.key(d.getMetadata().getNamespace(), d.getMetadata().getName());
            if (after.compareTo(Duration.ofSeconds(1)) < 0) {
                queue.addRateLimited(key);
            } else {
                queue.addAfter(key, after.plusSeconds(1));
            }
        }
    }

    private static boolean sameStatus(DeploymentStatus a, DeploymentStatus b) {
        DeploymentStatus left = Copies.copy(a == null ? new DeploymentStatus() : a);
        DeploymentStatus right = Copies.copy(b);
        if (left.getConditions() != null && left.getConditions().isEmpty()) {
            left.setConditions(null);
        }
        if (right.getConditions() != null && right.getConditions().isEmpty()) {
            right.setConditions(null);
        }
        return left.equals(right);
    }
}
