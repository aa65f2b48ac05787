package dev.peapod.runtime;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.apiguardian.api.API;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.function.Supplier;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * A simulated node's disk: one in-memory file system (Jimfs), never the host's. It holds what a real
 * node holds: the kubelet's pod directories and volumes ({@code /var/lib/kubelet/pods/<uid>/...}),
 * each container's root file system, and whatever hostPath volumes reach. Files are dated by the
 * virtual clock. Containers see it only through their {@link ContainerFiles}.
 */
@API(status = INTERNAL, since = "0.1")
public final class NodeDisk {
    /** Where the kubelet keeps a pod's directories (kubelet --root-dir /var/lib/kubelet, pkg/kubelet/kubelet_getters.go getPodDir). */
    public static final String PODS = "/var/lib/kubelet/pods";
    /** Where containerd keeps a running container's root file system (the shim's bundle: .../k8s.io/<id>/rootfs). */
    static final String CONTAINERS = "/run/containerd/io.containerd.runtime.v2.task/k8s.io";

    private final Supplier<Instant> clock;
    private FileSystem files; // made when the node first needs it: a node that runs no pod costs nothing
    /** {@link #PODS} on {@link #files}, parsed once: every pod's directory is named from it. */
    private Path pods;
    /**
     * Changes made to the disk but not applied yet, in the order they were made, each with its
     * instant. Most of what the kubelet and the runtime write (a pod's network files, its API data
     * volumes, a run's root file system and termination-log file) is never read: pending, they cost
     * ~2.7 KB per pod (the payloads' bytes, some paths); written to Jimfs, ~40 KB (18 directories,
     * 11 files, each with its attribute tables). They are applied in order, each dated by its own
     * instant, before anything reads or writes the disk itself ({@link #settle}): the disk is then
     * what applying each at once would have left, to the files' times and the writer's names.
     */
    private final java.util.ArrayDeque<Pending> pending = new java.util.ArrayDeque<>();
    /** While a pending change is applied: its instant, the files' time; null otherwise. */
    private Instant replaying;
    /** True while {@link #settle} applies the pending changes. */
    private boolean settling;

    /** A change to the disk whose caller needs nothing back from it: applied later, at its instant. */
    @FunctionalInterface
    public interface Change {
        void apply() throws IOException;
    }

    private record Pending(Instant at, Change change) {
    }

    public NodeDisk(Supplier<Instant> clock) {
        this.clock = clock;
    }

    private FileSystem files() {
        if (files == null) {
            files = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                    .setAttributeViews("basic", "owner", "posix", "unix")
                    // a pod's files are mostly small (a token, a certificate, resolv.conf, a 4-byte hostname): Jimfs's
                    // 8 KiB default block would hold each in 8 KiB of heap, 600 MiB for 10,000 pods; 256-byte blocks
                    // take a written pod's disk from 44 to 40 KB (1,024-byte blocks: 44). No reader sees a block.
                    .setBlockSize(256)
                    // no cache of freed blocks: Jimfs's cache starts as an 8,192-slot array per file system (32 KiB per
                    // node, 96 MiB for 3,000 nodes) to keep blocks a pod's deletion frees, which the GC reclaims as well
                    .setMaxCacheSize(0)
                    .setFileTimeSource(() -> FileTime.from(replaying != null ? replaying : clock.get()))
                    .build());
            try {
                Path tmp = Files.createDirectories(files.getPath("/tmp"));
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
                // kubelet.go setupDataDirs: os.MkdirAll(root and pods directory, 0750); /var/lib is the node's own
                pods = files.getPath(PODS);
                createDirectories(pods.getParent().getParent());
                createDirectories(pods, 0750);
                createDirectories(files.getPath(CONTAINERS));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** A path on this disk, to be read or written now: the changes made before are applied first. */
    public Path path(String absolute) {
        settle();
        return files().getPath(absolute);
    }

    /**
     * A path on this disk that is only named, not read yet (by a {@link #later} change, or stored
     * for later reads that {@link #settle} first): no pending change is applied.
     */
    public Path name(String absolute) {
        return files().getPath(absolute);
    }

    /** The directory of a pod's volumes, files and containers' termination logs (only named: see {@link #name}). */
    public Path podDirectory(String podUid) {
        files();
        return pods.resolve(podUid);
    }

    /**
     * Makes a change later, at the instant it is made now: when anything next reads or writes this
     * disk (see {@link #pending}). The change must need nothing from its caller's later state, and
     * its caller nothing from it.
     */
    public void later(Change change) {
        if (settling) { // a change that makes another applies it in its place
            apply(change);
            return;
        }
        pending.add(new Pending(clock.get(), change));
    }

    /**
     * Applies every pending change, in order, each at its own instant. Call before reading or writing
     * the disk directly. A change that fails (a bug: none is expected to) throws here, to the reader;
     * the changes after it stay pending.
     */
    public void settle() {
        if (settling || pending.isEmpty()) {
            return;
        }
        settling = true;
        try {
            while (!pending.isEmpty()) {
                Pending next = pending.poll();
                replaying = next.at();
                apply(next.change());
            }
        } finally {
            replaying = null;
            settling = false;
        }
    }

    /** {@code path}, once the pending changes are applied: to be read or written now. */
    public Path settled(Path path) {
        settle();
        return path;
    }

    /** Changes not applied yet (for tests). */
    public int pendingChanges() {
        return pending.size();
    }

    private static void apply(Change change) {
        try {
            change.apply();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes a directory and the missing ones above it, each {@code rwxr-xr-x} as mkdir under umask
     * 022 makes them (Jimfs would leave {@code rw-r--r--}, a directory nobody could enter).
     */
    public static Path createDirectories(Path dir) throws IOException {
        return createDirectories(dir, 0755);
    }

    /**
     * os.MkdirAll(dir, perm) under umask 022: the directory and each missing one above it get
     * {@code perm} without the group and other write bits (the kubelet's 0750 gives
     * {@code rwxr-x---}); directories already there keep their mode.
     */
    public static Path createDirectories(Path dir, int perm) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (dir.getParent() != null) {
            createDirectories(dir.getParent(), perm);
        }
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, permissions(perm & ~022));
        return dir;
    }

    /** The POSIX permissions of a mode's low nine bits (0644 is rw-r--r--). */
    public static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            text.append((mode & (0400 >> i)) != 0 ? letters.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    /** Deletes a file or a directory tree; nothing when it is not there. */
    public static void deleteTree(Path path) {
        try {
            if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (var children = Files.list(path)) {
                    for (Path child : children.toList()) {
                        deleteTree(child);
                    }
                }
            }
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
