package dev.peapod.kubelet;

import dev.peapod.runtime.ContainerExit;
import dev.peapod.runtime.LogLine;
import dev.peapod.runtime.Mount;
import dev.peapod.runtime.NodeDisk;
import io.fabric8.kubernetes.api.model.Container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

/**
 * A container's termination message, as the kubelet makes and reads it
 * (pkg/kubelet/kuberuntime/kuberuntime_container.go makeMounts, getTerminationMessage,
 * readLastStringFromContainerLogs, convertToKubeContainerStatus): an empty file per run under the
 * pod's directory, mounted at {@code terminationMessagePath}; at exit the last 4096 bytes of it; with
 * {@code FallbackToLogsOnError}, a non-zero exit and an empty file, the last 80 lines of the log,
 * cut to their last 2048 bytes.
 */
final class TerminationMessages {
    /** kubecontainer.MaxContainerTerminationMessageLength (pkg/kubelet/container/runtime.go). */
    static final int MAX_LENGTH = 4096;
    /** kubecontainer.MaxContainerTerminationMessageLogLength. */
    static final int MAX_LOG_LENGTH = 2048;
    /** kubecontainer.MaxContainerTerminationMessageLogLines. */
    static final int MAX_LOG_LINES = 80;

    private TerminationMessages() {
    }

    /**
     * Creates the run's message file, {@code <podDir>/containers/<name>/<8 hex>}, mode 0666, and the
     * mount that shows it at {@code terminationMessagePath}; null when the path is empty. Upstream's
     * 8 hex digits are {@code rand.Uint32()}; here they come from the pod, container and run, so that
     * no draw from the cluster's random shifts the container ids that follow. The file is made when
     * the disk is next read, dated now ({@link NodeDisk#later}).
     */
    static Mount mount(NodeDisk disk, Path podDirectory, Container spec, int startNumber) {
        String at = spec.getTerminationMessagePath();
        if (at == null || at.isEmpty()) {
            return null;
        }
        String id = String.format("%08x", (podDirectory.getFileName() + "/" + spec.getName() + "/" + startNumber).hashCode());
        Path file = podDirectory.resolve("containers").resolve(spec.getName()).resolve(id);
        disk.later(() -> {
            // kubelet_pods.go GenerateRunContainerOptions: os.MkdirAll(getPodContainerDir, 0750) makes containers/<name>
            NodeDisk.createDirectories(file.getParent(), 0750);
            NodeDisk.deleteTree(file);
            Files.createFile(file);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        });
        return new Mount(at, file.toString(), false);
    }

    /** The exit with its termination message, read from the run's file and, on fallback, its log. */
    static ContainerExit read(ContainerExit exit, Container spec, List<Mount> mounts, NodeDisk disk, List<LogLine> logs) {
        boolean fallbackToLogs = "FallbackToLogsOnError".equals(spec.getTerminationMessagePolicy()) && exit.exitCode() != 0;
        String path = spec.getTerminationMessagePath();
        String message = "";
        boolean checkLogs = fallbackToLogs;
        disk.settle(); // the file, and what was written to it, first
        if (path != null && !path.isEmpty()) {
            for (Mount mount : mounts) {
                if (mount.containerPath().equals(path)) {
                    Path file = mount.source(disk);
                    message = Files.isRegularFile(file) ? tail(file) : "";
                    checkLogs = fallbackToLogs && message.isEmpty();
                    break;
                }
            }
        }
        if (checkLogs) {
            message = lastLogs(logs);
        }
        return exit.withMessage(message);
    }

    /** tail.ReadAtMost: the last 4096 bytes of the file. */
    private static String tail(Path file) {
        try {
            byte[] data = Files.readAllBytes(file);
            int from = Math.max(0, data.length - MAX_LENGTH);
            return new String(data, from, data.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "Error on reading termination log " + file + ": " + e.getMessage();
        }
    }

    /**
     * readLastStringFromContainerLogs: the last 80 lines, stdout and stderr as written, each with its
     * newline, into a circular buffer of 2048 bytes that keeps the end.
     */
    static String lastLogs(List<LogLine> logs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (LogLine line : logs.subList(Math.max(0, logs.size() - MAX_LOG_LINES), logs.size())) {
            out.writeBytes((line.text() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = out.toByteArray();
        return new String(Arrays.copyOfRange(all, Math.max(0, all.length - MAX_LOG_LENGTH), all.length), StandardCharsets.UTF_8);
    }
}
