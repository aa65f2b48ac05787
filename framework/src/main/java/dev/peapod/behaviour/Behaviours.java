package dev.peapod.behaviour;

import dev.peapod.core.PeapodException;
import dev.peapod.runtime.Overrides;
import dev.peapod.time.EngineLock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The cluster's behaviour registry: the test's scripts by namespace, pod and container name (so
 * they can be written before the pod exists and outlive restarts), and the bookkeeping that catches
 * a script that tests nothing: one naming a container its pod does not have, or a pod that never
 * existed. Every node's runtime finds its override layers here.
 */
@API(status = INTERNAL, since = "0.1")
public final class Behaviours implements Overrides {
    private record Key(String namespace, String pod, String container) {
    }

    /** Hears that the exits scripted for a container changed (the cluster arms them on a running process). */
    @API(status = INTERNAL, since = "0.1")
    @FunctionalInterface
    public interface ExitsListener {
        void exitsChanged(String namespace, String pod, String container);
    }

    /**
     * Checks, before it changes, that a container's new {@code listensAfter} can take effect on the
     * processes running now (the cluster throws when it cannot).
     */
    @API(status = INTERNAL, since = "0.1")
    @FunctionalInterface
    public interface ListensListener {
        void listensChanging(String namespace, String pod, String container, java.time.Duration before, java.time.Duration after);
    }

    private final Instant clusterStart;
    private final Map<Key, ScriptedLayer> layers = new LinkedHashMap<>();
    private final Map<Key, ContainerBehaviour> scripts = new LinkedHashMap<>();
    /** Every pod that ever existed, as namespace/name: a script for any other name was a typo. */
    private final Set<String> podsSeen = new LinkedHashSet<>();
    private ExitsListener exitsListener = (namespace, pod, container) -> { };
    private ListensListener listensListener = (namespace, pod, container, before, after) -> { };
    private EngineLock.Guard guard = EngineLock.Guard.none();

    /** @param clusterStart where cluster time ({@link Rule#from}, {@link Rule#until}) counts from */
    public Behaviours(Instant clusterStart) {
        this.clusterStart = Objects.requireNonNull(clusterStart, "clusterStart");
    }

    /**
     * The script of one container, created empty (nothing overridden) on first use. {@code existing}
     * is the pod as stored now, or null: a script for a container it does not have is refused.
     */
    public ContainerBehaviour script(String namespace, String pod, String container, Pod existing) {
        if (existing != null && !containerNames(existing).contains(container)) {
            throw new PeapodException("pod " + namespace + "/" + pod + " has no container \"" + container
                    + "\" to script; its containers are " + containerNames(existing));
        }
        Key key = new Key(namespace, pod, container);
        ContainerBehaviour script = scripts.get(key);
        if (script == null) {
            script = new ContainerBehaviour();
            script.exitsChanged = () -> exitsListener.exitsChanged(namespace, pod, container);
            script.guard = what -> guard.enter(what);
            script.listensChanging = (before, after) -> listensListener.listensChanging(namespace, pod, container, before, after);
            scripts.put(key, script);
            layers.put(key, new ScriptedLayer(script, clusterStart));
        }
        return script;
    }

    /**
     * The cluster's check run before every change to a script, with the call's name: the scripts are
     * read by the runtime on the cluster's thread, so another thread or a closed cluster is refused.
     */
    public void guardWith(EngineLock.Guard check) {
        this.guard = Objects.requireNonNull(check, "check");
    }

    /** Who hears that a container's scripted exits changed; one listener, the cluster. */
    public void onExitsChanged(ExitsListener listener) {
        this.exitsListener = Objects.requireNonNull(listener, "listener");
    }

    /** Who checks a container's new {@code listensAfter} against its running processes; one listener, the cluster. */
    public void onListensChanging(ListensListener listener) {
        this.listensListener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public Optional<ScriptedContainer> forContainer(String namespace, String pod, String container) {
        return Optional.ofNullable(layers.get(new Key(namespace, pod, container)));
    }

    /** Layers are only ever added (one per scripted container, never replaced or removed): their number counts the changes. */
    @Override
    public long layerCount() {
        return layers.size();
    }

    /** A pod existed under this name (fed from a watch on every pod). */
    public void podSeen(String namespace, String name) {
        podsSeen.add(namespace + "/" + name);
    }

    /**
     * A script written before its pod must name one of the pod's containers, or the spec would test
     * nothing: applying such a pod is refused before anything is applied.
     */
    public void checkScripts(HasMetadata object) {
        if (!(object instanceof Pod pod) || pod.getMetadata() == null || pod.getSpec() == null) {
            return;
        }
        String namespace = Objects.requireNonNullElse(pod.getMetadata().getNamespace(), "default");
        String name = pod.getMetadata().getName();
        List<String> names = containerNames(pod);
        for (Key key : scripts.keySet()) {
            if (key.namespace().equals(namespace) && key.pod().equals(name) && !names.contains(key.container())) {
                podsSeen.add(namespace + "/" + name); // the pod's name was right: this error says all, not "never used" too
                throw new PeapodException("container \"" + key.container() + "\" of pod " + namespace + "/" + name
                        + " was scripted, but the pod has no such container; its containers are " + names + ". Nothing was applied.");
            }
        }
    }

    /**
     * The report of scripts for pods that never existed, if any: such a script changed nothing the
     * test could see (most often a typo in the pod's name).
     */
    public Optional<String> unusedScripts() {
        List<String> unused = scripts.keySet().stream().map(k -> k.namespace() + "/" + k.pod()).distinct()
                .filter(p -> !podsSeen.contains(p)).toList();
        if (unused.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("container scripts for " + unused + " were never used: no pod of that name was "
                + "ever created (pods created: " + podsSeen.stream().map(p -> p.startsWith("default/") ? p.substring(8) : p).toList()
                + "). Check the pod name in cluster.container(pod, container).");
    }

    private static List<String> containerNames(Pod pod) {
        List<String> names = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            pod.getSpec().getInitContainers().forEach(c -> names.add(c.getName()));
        }
        if (pod.getSpec().getContainers() != null) {
            pod.getSpec().getContainers().forEach(c -> names.add(c.getName()));
        }
        return names;
    }
}
