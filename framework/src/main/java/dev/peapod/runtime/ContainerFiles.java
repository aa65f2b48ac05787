package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What one container sees as its files: its own root file system (the image's files, and what it
 * writes outside volumes, gone with a restart) with the pod's volume mounts over it, all on the
 * node's in-memory disk, never the host's. The mount layer is only this: a path under a mount's
 * {@code containerPath} is that mount's path on the disk; any other path is under the root.
 *
 * <p>Paths are container paths, absolute ({@code /tmp/healthy}); {@code ..} never leaves the root,
 * as in a real container.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ContainerFiles {
    /** Paths resolved at most: a script's loop and its probes name the same few files again and again. */
    private static final int CACHED_PATHS = 64;

    private final Path root;
    /** Applies the node disk's pending changes ({@link NodeDisk#settle}) before any path is read or written. */
    private final Runnable settle;
    private final List<Mount> mounts;
    /** Per mount, in {@link #mounts}' order: its directory on the disk, parsed once. */
    private final List<Path> hostPaths;
    /** Normalized container path to its path on the disk; cleared when full (mounts never change). */
    private final Map<String, Path> resolved = new HashMap<>();

    /** @param root the container's root file system on a disk with no pending changes; mounts, the most nested wins */
    ContainerFiles(Path root, List<Mount> mounts) {
        this(root, mounts, () -> { });
    }

    /**
     * @param root the container's root file system on the disk; mounts, the most nested wins
     * @param settle applies the disk's pending changes, before every path this hands out
     */
    ContainerFiles(Path root, List<Mount> mounts, Runnable settle) {
        this.root = root;
        this.settle = settle;
        List<Mount> sorted = new ArrayList<>();
        for (Mount mount : mounts) { // a mountPath written "/data/" is /data
            sorted.add(new Mount(normalize(mount.containerPath()), mount.hostPath(), mount.readOnly(), mount.storage()));
        }
        sorted.sort(Comparator.comparingInt((Mount m) -> m.containerPath().length()).reversed());
        this.mounts = List.copyOf(sorted);
        this.hostPaths = this.mounts.stream().map(m -> m.storage() != null ? m.storage().path(m.hostPath())
                : root.getFileSystem().getPath(m.hostPath())).toList();
    }

    /** A container whose root is the root of {@code files}, with no mounts: for programs tested alone. */
    public static ContainerFiles of(FileSystem files) {
        return new ContainerFiles(files.getPath("/"), List.of(), () -> { });
    }

    /** The file or directory a container path names (to read, list or write where writing is allowed). */
    public Path path(String containerPath) {
        settle.run(); // whoever asks for a path reads or writes it next
        String path = normalize(containerPath);
        Path found = resolved.get(path);
        if (found == null) {
            if (resolved.size() == CACHED_PATHS) {
                resolved.clear();
            }
            found = onDisk(path);
            resolved.put(path, found);
        }
        return found;
    }

    private Path onDisk(String path) {
        for (int i = 0; i < mounts.size(); i++) {
            String at = mounts.get(i).containerPath();
            if (path.equals(at) || path.startsWith(at.endsWith("/") ? at : at + "/")) {
                Path host = hostPaths.get(i);
                String rest = path.substring(at.length());
                return rest.isEmpty() || rest.equals("/") ? host : host.resolve(rest.substring(rest.startsWith("/") ? 1 : 0));
            }
        }
        return path.equals("/") ? root : root.resolve(path.substring(1));
    }

    /**
     * The path, to be written: a read-only mount refuses with {@code Read-only file system}, the
     * EROFS message every tool prints.
     */
    public Path writable(String containerPath) throws FileSystemException {
        String path = normalize(containerPath);
        for (Mount mount : mounts) {
            String at = mount.containerPath();
            if (path.startsWith(at) && (path.length() == at.length() || path.charAt(at.length()) == '/')) { // at or under it
                if (mount.readOnly()) {
                    throw new FileSystemException(containerPath, null, "Read-only file system");
                }
                break;
            }
        }
        return path(path);
    }

    /** {@code dir} joined with {@code path} and normalized: {@code ..} above the root stays at the root. */
    public String resolve(String dir, String path) {
        return normalize(path.startsWith("/") ? path : (dir.endsWith("/") ? dir : dir + "/") + path);
    }

    /** Whether a path is where something is mounted, or the root: it cannot be removed (EBUSY). */
    public boolean isMountPoint(String containerPath) {
        String path = normalize(containerPath);
        return path.equals("/") || mounts.stream().anyMatch(m -> normalize(m.containerPath()).equals(path));
    }

    /** The mounts, the most nested first. */
    public List<Mount> mounts() {
        return mounts;
    }

    private String normalize(String containerPath) {
        if (!containerPath.startsWith("/")) {
            throw new IllegalArgumentException("a container path is absolute, not " + containerPath);
        }
        if (isNormal(containerPath)) {
            return containerPath; // the common case, /data/log: no empty, . or .. part to take out
        }
        List<String> parts = new ArrayList<>();
        for (String part : containerPath.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(part);
        }
        return "/" + String.join("/", parts);
    }

    /** Whether an absolute path is already what {@link #normalize} makes of it: "/", or parts with no "", "." or "..". */
    private static boolean isNormal(String path) {
        int length = path.length();
        if (length == 1) {
            return true;
        }
        if (path.charAt(length - 1) == '/') {
            return false;
        }
        int start = 1; // each part runs from start to the next '/'
        for (int i = 1; i <= length; i++) {
            if (i == length || path.charAt(i) == '/') {
                int part = i - start;
                if (part == 0 || (path.charAt(start) == '.' && (part == 1 || (part == 2 && path.charAt(start + 1) == '.')))) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }
}
