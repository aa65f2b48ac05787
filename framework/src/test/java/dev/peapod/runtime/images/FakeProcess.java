package dev.peapod.runtime.images;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.peapod.runtime.Endpoint;
import dev.peapod.runtime.ExecResult;
import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Program;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.Signal;
import dev.peapod.time.EventLoop;
import dev.peapod.time.Timer;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One run of a program on a loop of its own, with Jimfs files laid down from an image profile, that
 * records its log, its ports and its exit. Drives the program as the runtime does.
 */
final class FakeProcess implements ProcessContext {
    static final Instant T0 = Instant.parse("2026-12-04T08:58:39Z");

    final VirtualClock clock = new VirtualClock(T0);
    final EventLoop loop = new EventLoop(clock);
    final FileSystem files = Jimfs.newFileSystem(Configuration.unix().toBuilder()
            .setAttributeViews("basic", "owner", "posix", "unix")
            .setFileTimeSource(() -> FileTime.from(clock.now())).build());
    final List<String> log = new ArrayList<>();       // "out: line" / "err: line"
    final Set<Integer> listening = new TreeSet<>();
    final Set<Integer> takenByOthers = new TreeSet<>();
    Container spec = new ContainerBuilder().withName("c").withImage("busybox").build();
    Integer exitCode;
    Instant exitedAt;
    private Program program;

    FakeProcess() {
        mkdirs("/tmp", "/etc");
    }

    /** The image's files, as the runtime will lay them down. */
    FakeProcess withImage(ImageProfile profile) {
        for (Map.Entry<String, ImageFile> file : profile.files().entrySet()) {
            write(file.getKey(), file.getValue().content());
            try {
                Set<PosixFilePermission> mode = PosixFilePermissions.fromString(rwx(file.getValue().mode()));
                Files.setPosixFilePermissions(files.getPath(file.getKey()), mode);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    FakeProcess write(String path, String content) {
        try {
            Path file = files.getPath(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeProcess mkdirs(String... paths) {
        try {
            for (String path : paths) {
                Files.createDirectories(files.getPath(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static String rwx(int mode) {
        StringBuilder text = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (mode >> shift) & 7;
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return text.toString();
    }

    FakeProcess start(Program program) {
        this.program = program;
        program.onStart(this);
        return this;
    }

    /** Lets virtual time pass, running what is due. */
    FakeProcess advance(Duration by) {
        loop.advance(by);
        return this;
    }

    Response get(int port, String path) {
        return program.onRequest(this, Endpoint.http(port, path));
    }

    Response tcp(int port) {
        return program.onRequest(this, Endpoint.tcp(port));
    }

    Response grpc(int port, String service) {
        return program.onRequest(this, Endpoint.grpc(port, service));
    }

    ExecResult exec(String... command) {
        return program.onExec(this, List.of(command));
    }

    FakeProcess sigterm() {
        program.onSignal(this, Signal.SIGTERM);
        return this;
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
        if (takenByOthers.contains(port)) {
            return false;
        }
        listening.add(port);
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

    /** Seconds from start to exit. */
    long exitedAfterSeconds() {
        return Duration.between(T0, exitedAt).toSeconds();
    }
}
