package dev.peapod.runtime;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A node disk's changes made later: applied in order, each at its own instant, before anything reads the disk (issue #13). */
class NodeDiskTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private Instant now = T0;
    private final NodeDisk disk = new NodeDisk(() -> now);

    @Test
    void aLaterChangeWaitsForTheNextReadAndKeepsItsInstantAsTheFilesTimes() throws IOException {
        // given: a file written at T0 + 1 s, later
        now = T0.plusSeconds(1);
        Path file = disk.podDirectory("uid").resolve("etc-hosts");
        disk.later(() -> {
            NodeDisk.createDirectories(file.getParent());
            Files.writeString(file, "127.0.0.1\tlocalhost\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        });
        // when: nothing reads the disk for ten minutes
        now = T0.plusSeconds(601);
        assertThat(disk.pendingChanges()).isEqualTo(1);
        assertThat(disk.name("/var/lib/kubelet/pods/uid")).isEqualTo(file.getParent()); // only named: nothing applied
        assertThat(disk.pendingChanges()).isEqualTo(1);
        Path read = disk.path("/var/lib/kubelet/pods/uid/etc-hosts");
        // then
        assertThat(disk.pendingChanges()).isZero();
        assertThat(Files.readString(read)).isEqualTo("127.0.0.1\tlocalhost\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(read))).isEqualTo("rw-rw-rw-");
        BasicFileAttributes attributes = Files.readAttributes(read, BasicFileAttributes.class);
        assertThat(attributes.lastModifiedTime().toInstant()).isEqualTo(T0.plusSeconds(1));
        assertThat(attributes.creationTime().toInstant()).isEqualTo(T0.plusSeconds(1));
        assertThat(Files.getLastModifiedTime(read.getParent()).toInstant()).isEqualTo(T0.plusSeconds(1));
        // a write now is dated now again
        Files.writeString(read, "x");
        assertThat(Files.getLastModifiedTime(read).toInstant()).isEqualTo(T0.plusSeconds(601));
    }

    @Test
    void changesApplyInTheOrderTheyWereMadeEachAtItsInstant() throws IOException {
        // given: a directory made at 1 s, a file in it at 2 s, the directory's other file at 3 s
        List<String> order = new ArrayList<>();
        Path dir = disk.podDirectory("uid");
        now = T0.plusSeconds(1);
        disk.later(() -> {
            order.add("dir");
            NodeDisk.createDirectories(dir);
        });
        now = T0.plusSeconds(2);
        disk.later(() -> {
            order.add("a");
            Files.writeString(dir.resolve("a"), "a");
            disk.later(() -> order.add("made by a")); // a change made while applying: applied in its place
        });
        now = T0.plusSeconds(3);
        disk.later(() -> {
            order.add("b");
            Files.writeString(dir.resolve("b"), "b");
        });
        now = T0.plusSeconds(10);
        // when
        disk.settle();
        // then
        assertThat(order).containsExactly("dir", "a", "made by a", "b");
        assertThat(Files.getLastModifiedTime(dir.resolve("a")).toInstant()).isEqualTo(T0.plusSeconds(2));
        assertThat(Files.getLastModifiedTime(dir.resolve("b")).toInstant()).isEqualTo(T0.plusSeconds(3));
        assertThat(Files.getLastModifiedTime(dir).toInstant()).isEqualTo(T0.plusSeconds(3)); // its last entry's instant
        assertThat(disk.pendingChanges()).isZero();
    }
}
