package dev.peapod.runtime.shell;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.peapod.runtime.ProcessContext;
import dev.peapod.time.EventLoop;
import dev.peapod.time.Timer;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A process context on a loop of its own, with Jimfs files, that records its log and its exit. */
final class FakeProcess implements ProcessContext {
    static final Instant T0 = Instant.parse("2026-12-04T08:58:39Z");

    final VirtualClock clock = new VirtualClock(T0);
    final EventLoop loop = new EventLoop(clock);
    final FileSystem files = Jimfs.newFileSystem(Configuration.unix().toBuilder()
            .setAttributeViews("basic", "owner", "posix", "unix")
            .setFileTimeSource(() -> FileTime.from(clock.now())).build());
    final List<String> log = new ArrayList<>();       // "out: line" / "err: line"
    Container spec = new ContainerBuilder().withName("c").withImage("busybox").build();
    Integer exitCode;
    Instant exitedAt;

    FakeProcess() {
        try {
            for (String dir : new String[] {"/tmp", "/etc"}) {
                Files.createDirectories(files.getPath(dir));
                Files.setPosixFilePermissions(files.getPath(dir), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.writeString(files.getPath("/etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Instant now() {
        return clock.now();
    }

    @Override
    public Instant startedAt() {
        return T0;
    }

    @Override
    public int startNumber() {
        return 1;
    }

    @Override
    public Container spec() {
        return spec;
    }

    @Override
    public String podIp() {
        return "10.244.0.5";
    }

    @Override
    public Timer scheduleAfter(Duration delay, Runnable action) {
        return loop.scheduleAfter(delay, "program", () -> {
            if (exitCode == null) {
                action.run();
            }
        });
    }

    @Override
    public void exit(int exitCode) {
        if (this.exitCode == null) {
            this.exitCode = exitCode;
            this.exitedAt = clock.now();
        }
    }

    @Override
    public void exitAfter(Duration delay, int exitCode) {
        loop.scheduleAfter(delay, "exit", () -> exit(exitCode));
    }

    @Override
    public boolean listen(int port) {
        return true;
    }

    @Override
    public dev.peapod.runtime.ContainerFiles files() {
        return dev.peapod.runtime.ContainerFiles.of(files);
    }

    final dev.peapod.runtime.ProcessTable processes = new dev.peapod.runtime.ProcessTable();
    private int pid;

    @Override
    public dev.peapod.runtime.ProcessTable processes() {
        return processes;
    }

    /** The main process: PID 1, in the table from the first call on. */
    @Override
    public int pid() {
        if (pid == 0) {
            pid = processes.spawn("root", String.join(" ", commandLine()));
        }
        return pid;
    }

    @Override
    public java.util.Map<String, String> env() {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        if (spec.getEnv() != null) {
            spec.getEnv().stream().filter(v -> v.getValue() != null).forEach(v -> env.put(v.getName(), v.getValue()));
        }
        return env;
    }

    @Override
    public List<String> commandLine() {
        List<String> line = new ArrayList<>(spec.getCommand() == null ? List.of() : spec.getCommand());
        line.addAll(spec.getArgs() == null ? List.of() : spec.getArgs());
        return line;
    }

    @Override
    public void stdout(String line) {
        log.add("out: " + line);
    }

    @Override
    public void stderr(String line) {
        log.add("err: " + line);
    }

    long elapsedSeconds() {
        return Duration.between(T0, exitedAt).toSeconds();
    }
}
