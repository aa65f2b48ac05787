package dev.peapod;

import dev.peapod.core.Checks;
import dev.peapod.core.PeapodException;
import dev.peapod.runtime.images.ImageProfile;
import dev.peapod.runtime.images.ImageProfiles;
import dev.peapod.spi.Component;
import dev.peapod.spi.ImageProfileProvider;
import dev.peapod.time.VirtualClock;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Everything a cluster starts from: its nodes, the first virtual instant, the seed of its one
 * random source, and the components a test adds to the scheduler and kubelets. Same spec, same
 * manifests, same behaviours: the same timeline, byte for byte. Immutable; every option returns a
 * new spec.
 *
 * @param components started after the scheduler and the kubelets, in this order (see {@link Component})
 * @param timelineRetention the timeline entries kept per pod, 0 for all (see {@link #timelineRetention(int)})
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ClusterSpec(List<NodeSpec> nodes, Instant startAt, long seed, List<Component> components,
                          List<ImageProfile> imageProfiles, int timelineRetention) {
    public static final long DEFAULT_SEED = 42L;

    /** The first and last instants a cluster may start at: the years metav1.Time can write (Go's Time.MarshalJSON: [0,9999]). */
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    public ClusterSpec {
        nodes = List.copyOf(Checks.elementsNotNull(nodes, "nodes"));
        Checks.notNull(startAt, "startAt");
        if (startAt.isBefore(EARLIEST) || startAt.isAfter(LATEST)) {
            throw new PeapodException("startAt must be between " + EARLIEST + " and " + LATEST
                    + " (timestamps the API writes have four-digit years), but was " + startAt);
        }
        components = List.copyOf(Checks.elementsNotNull(components, "components"));
        imageProfiles = List.copyOf(Checks.elementsNotNull(imageProfiles, "imageProfiles"));
        if (timelineRetention < 0) {
            throw new PeapodException("timelineRetention must be 0 (keep every entry) or the number of entries to keep per pod,"
                    + " but was " + timelineRetention);
        }
        long distinct = nodes.stream().map(NodeSpec::name).distinct().count();
        if (distinct != nodes.size()) {
            throw new PeapodException("node names must be unique, but were " + nodes.stream().map(NodeSpec::name).toList());
        }
        List<String> names = components.stream().map(Component::name).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new PeapodException("component names must be unique, but were " + names);
        }
    }

    /** A spec that keeps every timeline entry. */
    public ClusterSpec(List<NodeSpec> nodes, Instant startAt, long seed, List<Component> components, List<ImageProfile> imageProfiles) {
        this(nodes, startAt, seed, components, imageProfiles, 0);
    }

    /** A spec with no image profiles of its own. */
    public ClusterSpec(List<NodeSpec> nodes, Instant startAt, long seed, List<Component> components) {
        this(nodes, startAt, seed, components, List.of());
    }

    /** A spec with no components of its own. */
    public ClusterSpec(List<NodeSpec> nodes, Instant startAt, long seed) {
        this(nodes, startAt, seed, List.of());
    }

    /** No nodes, the default start instant and seed. */
    public static ClusterSpec empty() {
        return new ClusterSpec(List.of(), VirtualClock.DEFAULT_START, DEFAULT_SEED);
    }

    /** A node of the cluster; node names must be unique. */
    public ClusterSpec node(NodeSpec node) {
        Checks.notNull(node, "node");
        List<NodeSpec> copy = new ArrayList<>(nodes);
        copy.add(node);
        return new ClusterSpec(copy, startAt, seed, components, imageProfiles, timelineRetention);
    }

    /** A node with default resources. */
    public ClusterSpec node(String name) {
        Checks.notNull(name, "name");
        return node(NodeSpec.named(name));
    }

    /** The cluster's first virtual instant (default {@link VirtualClock#DEFAULT_START}). */
    public ClusterSpec startingAt(Instant instant) {
        Checks.notNull(instant, "instant");
        return new ClusterSpec(nodes, instant, seed, components, imageProfiles, timelineRetention);
    }

    public ClusterSpec seed(long value) {
        return new ClusterSpec(nodes, startAt, value, components, imageProfiles, timelineRetention);
    }

    /**
     * A component to start with the cluster, after the scheduler, the kubelets and the components
     * added before it: {@code spec.component(new MyController())}. The spec keeps this instance: every
     * cluster started from the spec starts it, so a component that keeps state belongs in a spec made
     * per test (as {@code @PeapodTest} clusters are).
     */
    public ClusterSpec component(Component component) {
        Checks.notNull(component, "component");
        List<Component> copy = new ArrayList<>(components);
        copy.add(component);
        return new ClusterSpec(nodes, startAt, seed, copy, imageProfiles, timelineRetention);
    }

    /** Several components, in order, e.g. the installed ones: {@code spec.components(Component.installed())}. */
    public ClusterSpec components(List<? extends Component> more) {
        Checks.elementsNotNull(Checks.notNull(more, "components"), "components");
        List<Component> copy = new ArrayList<>(components);
        copy.addAll(more);
        return new ClusterSpec(nodes, startAt, seed, copy, imageProfiles, timelineRetention);
    }

    /**
     * What an image is, for images Peapod has no profile of or to replace a built-in one (nginx,
     * busybox, ...): its entrypoint, cmd, env, files and programs. Later profiles win; profiles that
     * {@code META-INF/services/dev.peapod.spi.ImageProfileProvider} lists come before the spec's.
     */
    public ClusterSpec imageProfile(ImageProfile profile) {
        Checks.notNull(profile, "profile");
        List<ImageProfile> copy = new ArrayList<>(imageProfiles);
        copy.add(profile);
        return new ClusterSpec(nodes, startAt, seed, components, copy, timelineRetention);
    }

    /**
     * The image profiles of a YAML file beside the manifests: a classpath resource
     * ({@code profiles/team.yaml}) or, when there is none, a file path. Read now: a bad file is a
     * {@link PeapodException} naming the file and the field, and adds nothing.
     */
    public ClusterSpec imageProfiles(String resourceOrFile) {
        Checks.notNull(resourceOrFile, "resourceOrFile");
        String yaml;
        try (java.io.InputStream in = resource(resourceOrFile)) {
            if (in != null) {
                yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } else if (java.nio.file.Files.isRegularFile(java.nio.file.Path.of(resourceOrFile))) {
                yaml = java.nio.file.Files.readString(java.nio.file.Path.of(resourceOrFile));
            } else {
                throw new PeapodException("image profiles \"" + resourceOrFile + "\" are neither a classpath resource nor a file");
            }
        } catch (java.io.IOException e) {
            throw new PeapodException("image profiles \"" + resourceOrFile + "\" cannot be read: " + e.getMessage(), e);
        }
        List<ImageProfile> copy = new ArrayList<>(imageProfiles);
        copy.addAll(ImageProfiles.none().withYaml(resourceOrFile, yaml).all());
        return new ClusterSpec(nodes, startAt, seed, components, copy, timelineRetention);
    }

    private static java.io.InputStream resource(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return (loader != null ? loader : ClusterSpec.class.getClassLoader()).getResourceAsStream(name);
    }

    /** The profiles containers run by: the built-in ones, then the installed providers', then the spec's. */
    ImageProfiles profiles() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ClassLoader from = loader != null ? loader : ClusterSpec.class.getClassLoader();
        ImageProfiles installed;
        synchronized (INSTALLED) {
            // the class path's providers are found once per class loader: ServiceLoader scans jars
            installed = INSTALLED.computeIfAbsent(from, l -> ImageProfiles.builtIn().with(ImageProfileProvider.loadAll(l)));
        }
        return imageProfiles.isEmpty() ? installed : installed.with(imageProfiles);
    }

    private static final java.util.Map<ClassLoader, ImageProfiles> INSTALLED = new java.util.WeakHashMap<>();

    /**
     * Keeps only the last {@code entriesPerPod} timeline entries of each pod (and of each node or
     * workload the timeline tells about), for very long runs: older entries are dropped, and the text of
     * a timeline that lost some says at its top how many and the instant of the last one dropped. A
     * container history then starts at the oldest entry kept. 0, the default, keeps every entry.
     */
    public ClusterSpec timelineRetention(int entriesPerPod) {
        if (entriesPerPod < 0) {
            throw new PeapodException("timelineRetention(entriesPerPod) takes 0 (keep every entry) or the number of entries"
                    + " to keep per pod, but was " + entriesPerPod);
        }
        return new ClusterSpec(nodes, startAt, seed, components, imageProfiles, entriesPerPod);
    }

    /** Starts a cluster from this spec. */
    public FakeCluster start() {
        return FakeCluster.start(this);
    }
}
