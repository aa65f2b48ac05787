package dev.peapod.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The kubelet's atomic writer (kubernetes: pkg/volume/util/atomic_writer.go, v1.33), on any
 * {@link java.nio.file.FileSystem} (Peapod's containers use Jimfs, never the host's disk). It
 * projects a payload into a target directory so that what users see is what a real node shows:
 * <pre>
 * ..2025_01_01_00_00_00.2871734922/   the files (0755 directory)
 * ..data -> ..2025_01_01_00_00_00.2871734922
 * game.properties -> ..data/game.properties
 * </pre>
 * An update writes a new timestamped directory, swaps {@code ..data} by renaming {@code ..data_tmp}
 * over it, removes stale top-level links and then the old directory; a payload whose bytes are
 * already on disk writes nothing. The timestamp is the virtual instant given, the directory's
 * random suffix comes from the random given (Go's {@code os.MkdirTemp}: the decimal of a random
 * uint32), so the layout is deterministic.
 *
 * <p>Not modelled: {@code setPerms} (fsGroup ownership) and the Windows branch. Only the permission
 * bits (0777) of a mode are applied: Jimfs has no setuid, setgid or sticky bit.
 */
final class AtomicWriter {
    static final String DATA_DIR_NAME = "..data";
    static final String NEW_DATA_DIR_NAME = "..data_tmp";
    private static final int MAX_FILE_NAME_LENGTH = 255;
    private static final int MAX_PATH_LENGTH = 4096;
    /** time.Now().UTC().Format("..2006_01_02_15_04_05.") */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss'.'")
            .withZone(ZoneOffset.UTC);
    /** os.MkdirTemp gives up after this many names that already exist. */
    private static final int MKDIR_TEMP_ATTEMPTS = 10_000;

    private final Path targetDir;

    /** NewAtomicWriter: the target directory must exist (upstream returns os.Stat's error). */
    AtomicWriter(Path targetDir) {
        if (!Files.exists(targetDir)) {
            throw new VolumeSetupException("stat " + targetDir + ": no such file or directory");
        }
        this.targetDir = targetDir;
    }

    /**
     * Write's twelve steps. Returns true when a new timestamped directory was written, false when
     * the bytes on disk already matched and only the user-visible links were made sure of.
     *
     * @throws VolumeSetupException with validatePath's message for a bad payload path, before
     *     anything is written
     */
    boolean write(Map<String, FileProjection> payload, Instant now, Random random) {
        // (1) validate; iterate in path order so that nothing depends on a map's order
        SortedMap<String, FileProjection> clean = validatePayload(payload);
        try {
            // (2) the current timestamped directory
            Path dataDirPath = targetDir.resolve(DATA_DIR_NAME);
            String oldTsDir = Files.isSymbolicLink(dataDirPath) ? Files.readSymbolicLink(dataDirPath).toString() : "";
            Path oldTsPath = targetDir.resolve(oldTsDir);
            Set<String> pathsToRemove = Set.of();
            boolean shouldWrite = true;
            if (!oldTsDir.isEmpty()) {
                // (3) and (4)
                pathsToRemove = pathsToRemove(clean, oldTsPath);
                if (!shouldWritePayload(clean, oldTsPath) && pathsToRemove.isEmpty()) {
                    // up to date; the user-visible links are still made sure of (kubernetes#121472)
                    shouldWrite = false;
                    oldTsDir = "";
                }
            }
            if (shouldWrite) {
                Path tsDir = newTimestampDir(now, random); // (5)
                writePayloadToDir(clean, tsDir); // (6); (7) setPerms is not modelled
                Path newDataDirPath = targetDir.resolve(NEW_DATA_DIR_NAME);
                Files.createSymbolicLink(newDataDirPath, tsDir.getFileName()); // (8)
                Files.move(newDataDirPath, dataDirPath, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE); // (9) rename is atomic
            }
            createUserVisibleFiles(clean); // (10)
            removeUserVisiblePaths(pathsToRemove); // (11)
            if (!oldTsDir.isEmpty()) {
                deleteRecursively(oldTsPath); // (12)
            }
            return shouldWrite;
        } catch (IOException e) {
            throw new UncheckedIOException("atomic write into " + targetDir + " failed", e);
        }
    }

    /**
     * The first payload path that lies inside another path's file ({@code x/y} beside {@code x}), or
     * null: validatePayload accepts such a payload, and writing it fails ({@link #mkdirs}).
     */
    static String nested(Map<String, FileProjection> payload) {
        SortedMap<String, FileProjection> sorted = payload instanceof SortedMap<String, FileProjection> s ? s : new TreeMap<>(payload);
        for (String path : sorted.keySet()) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                if (sorted.containsKey(path.substring(0, slash))) {
                    return path;
                }
            }
        }
        return null;
    }

    /** validatePayload: each key checked by validatePath, then cleaned as filepath.Clean does. */
    static SortedMap<String, FileProjection> validatePayload(Map<String, FileProjection> payload) {
        SortedMap<String, FileProjection> clean = new TreeMap<>();
        payload.forEach((path, projection) -> {
            validatePath(path);
            clean.put(cleanPath(path), projection);
        });
        return clean;
    }

    /** validatePath's five rules, with its messages. */
    static void validatePath(String targetPath) {
        if (targetPath.isEmpty()) {
            throw new VolumeSetupException("invalid path: must not be empty: \"\"");
        }
        if (targetPath.startsWith("/")) {
            throw new VolumeSetupException("invalid path: must be relative path: " + targetPath);
        }
        if (targetPath.length() > MAX_PATH_LENGTH) {
            throw new VolumeSetupException("invalid path: must be less than or equal to " + MAX_PATH_LENGTH + " characters");
        }
        String[] items = targetPath.split("/", -1);
        for (String item : items) {
            if (item.equals("..")) {
                throw new VolumeSetupException("invalid path: must not contain '..': " + targetPath);
            }
            if (item.length() > MAX_FILE_NAME_LENGTH) {
                throw new VolumeSetupException("invalid path: filenames must be less than or equal to "
                        + MAX_FILE_NAME_LENGTH + " characters");
            }
        }
        if (items[0].startsWith("..") && items[0].length() > 2) {
            throw new VolumeSetupException("invalid path: must not start with '..': " + targetPath);
        }
    }

    /** filepath.Clean for the relative paths validatePath lets through: no empty or "." elements. */
    static String cleanPath(String path) {
        String cleaned = String.join("/", Arrays.stream(path.split("/"))
                .filter(element -> !element.isEmpty() && !element.equals("."))
                .toList());
        return cleaned.isEmpty() ? "." : cleaned;
    }

    /** shouldWritePayload: true when a file is missing from the old directory or holds other bytes (the mode is not compared). */
    private static boolean shouldWritePayload(Map<String, FileProjection> payload, Path oldTsDir) throws IOException {
        for (Map.Entry<String, FileProjection> entry : payload.entrySet()) {
            Path path = oldTsDir.resolve(entry.getKey());
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    || !Arrays.equals(entry.getValue().data(), Files.readAllBytes(path))) {
                return true;
            }
        }
        return false;
    }

    /** pathsToRemove: every path under the old directory that is neither a payload path nor one of its parents. */
    private static Set<String> pathsToRemove(Map<String, FileProjection> payload, Path oldTsDir) throws IOException {
        if (!Files.isDirectory(oldTsDir, LinkOption.NOFOLLOW_LINKS)) {
            return Set.of();
        }
        Set<String> paths = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(oldTsDir)) {
            walk.filter(p -> !p.equals(oldTsDir)).forEach(p -> paths.add(oldTsDir.relativize(p).toString()));
        }
        Set<String> newPaths = new TreeSet<>();
        for (String file : payload.keySet()) {
            for (String sub = file; !sub.isEmpty(); sub = sub.contains("/") ? sub.substring(0, sub.lastIndexOf('/')) : "") {
                newPaths.add(sub);
            }
        }
        paths.removeAll(newPaths);
        return paths;
    }

    /** newTimestampDir: os.MkdirTemp(targetDir, "..<UTC time>.") then chmod 0755. */
    private Path newTimestampDir(Instant now, Random random) throws IOException {
        String prefix = TIMESTAMP.format(now);
        for (int attempt = 0; attempt < MKDIR_TEMP_ATTEMPTS; attempt++) {
            Path candidate = targetDir.resolve(prefix + Integer.toUnsignedString(random.nextInt()));
            try {
                Path dir = Files.createDirectory(candidate);
                setMode(dir, 0755);
                return dir;
            } catch (FileAlreadyExistsException e) {
                // os.MkdirTemp tries another random suffix
            }
        }
        throw new IOException("mkdirtemp " + targetDir.resolve(prefix + "*") + ": file exists");
    }

    /**
     * writePayloadToDir: parent directories as os.MkdirAll(0777) leaves them under the usual 022
     * umask (0755), each file written then chmod-ed to its mode, and chown-ed when fsUser is set.
     */
    private static void writePayloadToDir(Map<String, FileProjection> payload, Path dir) throws IOException {
        for (Map.Entry<String, FileProjection> entry : payload.entrySet()) {
            Path fullPath = dir.resolve(entry.getKey());
            mkdirs(dir, fullPath.getParent());
            Files.write(fullPath, entry.getValue().data());
            setMode(fullPath, entry.getValue().mode());
            if (entry.getValue().fsUser() != null) {
                UserPrincipal owner = fullPath.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(Long.toString(entry.getValue().fsUser()));
                Files.setOwner(fullPath, owner);
            }
        }
    }

    private static void mkdirs(Path base, Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        Path p = dir;
        for (; p != null && !p.equals(base) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(0, p);
        }
        if (p != null && !p.equals(base) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            // os.MkdirAll finds a file where a directory must be: a *PathError{Op: "mkdir", Err: ENOTDIR}
            // (writePayloadToDir writes in path order here, so "x" is a file before "x/y" needs it as a directory)
            throw new VolumeSetupException("mkdir " + p + ": not a directory");
        }
        for (Path made : missing) {
            Files.createDirectory(made);
            setMode(made, 0755);
        }
    }

    /** createUserVisibleFiles: one relative link per top-level name, {@code name -> ..data/name}, made only when missing. */
    private void createUserVisibleFiles(Map<String, FileProjection> payload) throws IOException {
        for (String userVisiblePath : payload.keySet()) {
            int slash = userVisiblePath.indexOf('/');
            String linkName = slash < 0 ? userVisiblePath : userVisiblePath.substring(0, slash);
            Path visibleFile = targetDir.resolve(linkName);
            if (!Files.exists(visibleFile, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(visibleFile, visibleFile.getFileSystem().getPath(DATA_DIR_NAME, linkName));
            }
        }
    }

    /** removeUserVisiblePaths: only top-level names (no '/') are removed; the links below them went with the old directory. */
    private void removeUserVisiblePaths(Set<String> paths) throws IOException {
        IOException last = null;
        for (String p : paths) {
            if (p.contains("/")) {
                continue;
            }
            try {
                Files.delete(targetDir.resolve(p));
            } catch (IOException e) {
                last = e; // upstream carries on and returns the last error
            }
        }
        if (last != null) {
            throw last;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.delete(p);
        }
    }

    /** The permission bits of a file (0 on file systems that keep no POSIX permissions). */
    static int mode(Path path) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) == null) {
            return 0;
        }
        int mode = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    /** chmod with the permission bits of a mode, on file systems that keep POSIX permissions. */
    static void setMode(Path path, int mode) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) == null) {
            return;
        }
        Files.setPosixFilePermissions(path, dev.peapod.runtime.NodeDisk.permissions(mode));
    }
}
