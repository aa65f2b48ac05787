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

    public NodeDisk(Supplier<Instant> clock) {
        this.clock = clock;
    }

    private FileSystem files() {
        if (files == null) {
            files = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                    .setAttributeViews("basic", "owner", "posix", "unix")
                    // a pod's files are mostly small (a token, a certificate, resolv.conf): Jimfs's 8 KiB
                    // default block would hold each in 8 KiB of heap, 600 MiB for 10,000 pods
                    .setBlockSize(1024)
                    .setFileTimeSource(() -> FileTime.from(clock.get()))
                    .build());
            try {
                Path tmp = Files.createDirectories(files.getPath("/tmp"));
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
                createDirectories(files.getPath(PODS));
                createDirectories(files.getPath(CONTAINERS));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** A path on this disk. */
    public Path path(String absolute) {
        return files().getPath(absolute);
    }

    /** The directory of a pod's volumes, files and containers' termination logs. */
    public Path podDirectory(String podUid) {
        return path(PODS).resolve(podUid);
    }

    /**
     * Makes a directory and the missing ones above it, each {@code rwxr-xr-x} as mkdir under umask
     * 022 makes them (Jimfs would leave {@code rw-r--r--}, a directory nobody could enter).
     */
    public static Path createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (dir.getParent() != null) {
            createDirectories(dir.getParent());
        }
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
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
