package dev.peapod.kubelet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static dev.peapod.kubelet.VolumeListing.list;
import static dev.peapod.kubelet.VolumeListing.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kubelet's atomic-writer layout (kubernetes: pkg/volume/util/atomic_writer.go and atomic_writer_test.go). */
class AtomicWriterTest {
    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");
    private static final Instant T1 = Instant.parse("2025-03-04T05:07:10Z");

    private Path target;
    private AtomicWriter writer;

    @BeforeEach
    void volumeDirectory() throws IOException {
        FileSystem fs = VolumeListing.jimfs();
        target = Files.createDirectories(fs.getPath("/var/lib/kubelet/pods/uid/volumes/cfg"));
        writer = new AtomicWriter(target);
    }

    private static FileProjection file(String text, int mode) {
        return new FileProjection(text.getBytes(StandardCharsets.UTF_8), mode);
    }

    private static String tsDir(Instant at, long seed) {
        return "..2025_03_04_05_0" + (at.equals(T0) ? "6_07." : "7_10.") + Integer.toUnsignedString(new Random(seed).nextInt());
    }

    @Test
    void firstWriteMakesATimestampedDirectoryTheDataLinkAndOneLinkPerKey() {
        // given
        Map<String, FileProjection> payload = new LinkedHashMap<>();
        payload.put("game.properties", file("lives=3\n", 0644));
        payload.put("ui.properties", file("color=blue\n", 0644));
        // when
        boolean written = writer.write(payload, T0, new Random(1));
        // then
        String ts = tsDir(T0, 1);
        assertThat(written).isTrue();
        assertThat(list(target)).isEqualTo(""
                + "drwxr-xr-x " + ts + "\n"
                + "-rw-r--r-- " + ts + "/game.properties\n"
                + "-rw-r--r-- " + ts + "/ui.properties\n"
                + "lrwxrwxrwx ..data -> " + ts + "\n"
                + "lrwxrwxrwx game.properties -> ..data/game.properties\n"
                + "lrwxrwxrwx ui.properties -> ..data/ui.properties\n");
        assertThat(read(target.resolve("game.properties"))).isEqualTo("lives=3\n");
    }

    @Test
    void theDirectorySuffixIsTheDecimalOfARandomUnsignedThirtyTwoBitNumber() {
        // given: os.MkdirTemp's nextRandom, uint32(rand) in decimal
        Random random = new Random(7);
        // when
        writer.write(Map.of("a", file("x", 0644)), T0, random);
        // then
        assertThat(list(target)).startsWith("drwxr-xr-x ..2025_03_04_05_06_07.3138328473\n");
    }

    @Test
    void anUpdateWritesANewDirectorySwapsDataAndRemovesTheOldDirectoryAndStaleLinks() {
        // given
        writer.write(Map.of("a", file("1", 0644), "b", file("2", 0644)), T0, new Random(1));
        // when: b is gone, a changed, c is new
        boolean written = writer.write(Map.of("a", file("one", 0644), "c", file("3", 0600)), T1, new Random(2));
        // then
        String ts = tsDir(T1, 2);
        assertThat(written).isTrue();
        assertThat(list(target)).isEqualTo(""
                + "drwxr-xr-x " + ts + "\n"
                + "-rw-r--r-- " + ts + "/a\n"
                + "-rw------- " + ts + "/c\n"
                + "lrwxrwxrwx ..data -> " + ts + "\n"
                + "lrwxrwxrwx a -> ..data/a\n"
                + "lrwxrwxrwx c -> ..data/c\n");
        assertThat(read(target.resolve("a"))).isEqualTo("one");
    }

    @Test
    void anUnchangedPayloadWritesNothing() {
        // given
        writer.write(Map.of("a", file("1", 0644)), T0, new Random(1));
        String before = list(target);
        // when: same bytes; a mode change alone is not compared (shouldWriteFile reads only the data)
        boolean written = writer.write(Map.of("a", file("1", 0600)), T1, new Random(2));
        // then
        assertThat(written).isFalse();
        assertThat(list(target)).isEqualTo(before);
    }

    @Test
    void anUnchangedPayloadStillRestoresAMissingUserVisibleLink() throws IOException {
        // given: kubernetes#121472, a link removed behind the writer's back
        writer.write(Map.of("a", file("1", 0644)), T0, new Random(1));
        Files.delete(target.resolve("a"));
        // when
        boolean written = writer.write(Map.of("a", file("1", 0644)), T1, new Random(2));
        // then
        assertThat(written).isFalse();
        assertThat(list(target)).contains("lrwxrwxrwx a -> ..data/a\n");
    }

    @Test
    void nestedItemPathsGetOneTopLevelLinkToTheirFirstDirectory() {
        // given: items with path a/b/c and a/d
        Map<String, FileProjection> payload = Map.of("a/b/c", file("deep", 0400), "a/d", file("d", 0644), "top", file("t", 0644));
        // when
        writer.write(payload, T0, new Random(1));
        // then
        String ts = tsDir(T0, 1);
        assertThat(list(target)).isEqualTo(""
                + "drwxr-xr-x " + ts + "\n"
                + "drwxr-xr-x " + ts + "/a\n"
                + "drwxr-xr-x " + ts + "/a/b\n"
                + "-r-------- " + ts + "/a/b/c\n"
                + "-rw-r--r-- " + ts + "/a/d\n"
                + "-rw-r--r-- " + ts + "/top\n"
                + "lrwxrwxrwx ..data -> " + ts + "\n"
                + "lrwxrwxrwx a -> ..data/a\n"
                + "lrwxrwxrwx top -> ..data/top\n");
        assertThat(read(target.resolve("a/b/c"))).isEqualTo("deep");
    }

    @Test
    void anUpdateDroppingANestedDirectoryRemovesItsTopLevelLink() {
        // given
        writer.write(Map.of("a/b", file("x", 0644), "k", file("y", 0644)), T0, new Random(1));
        // when
        writer.write(Map.of("k", file("y2", 0644)), T1, new Random(2));
        // then
        String ts = tsDir(T1, 2);
        assertThat(list(target)).isEqualTo(""
                + "drwxr-xr-x " + ts + "\n"
                + "-rw-r--r-- " + ts + "/k\n"
                + "lrwxrwxrwx ..data -> " + ts + "\n"
                + "lrwxrwxrwx k -> ..data/k\n");
    }

    @Test
    void anEmptyPayloadLeavesOnlyTheHiddenEntries() {
        // given: an optional ConfigMap that does not exist
        // when
        writer.write(Map.of(), T0, new Random(1));
        // then
        String ts = tsDir(T0, 1);
        assertThat(list(target)).isEqualTo("drwxr-xr-x " + ts + "\nlrwxrwxrwx ..data -> " + ts + "\n");
    }

    @Test
    void modesFollowThePayloadAndOnlyThePermissionBitsAreApplied() {
        // when
        writer.write(Map.of("x", file("x", 0755), "y", file("y", 0400), "z", file("z", 04777)), T0, new Random(1));
        // then
        String ts = tsDir(T0, 1);
        assertThat(list(target)).contains("-rwxr-xr-x " + ts + "/x\n", "-r-------- " + ts + "/y\n", "-rwxrwxrwx " + ts + "/z\n");
    }

    @Test
    void badPathsAreRefusedWithValidatePathsMessagesBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> writer.write(Map.of("", file("x", 0644)), T0, new Random(1)))
                .isInstanceOf(VolumeSetupException.class).hasMessage("invalid path: must not be empty: \"\"");
        assertThatThrownBy(() -> writer.write(Map.of("/etc/x", file("x", 0644)), T0, new Random(1)))
                .hasMessage("invalid path: must be relative path: /etc/x");
        assertThatThrownBy(() -> writer.write(Map.of("a/../b", file("x", 0644)), T0, new Random(1)))
                .hasMessage("invalid path: must not contain '..': a/../b");
        assertThatThrownBy(() -> writer.write(Map.of("..data", file("x", 0644)), T0, new Random(1)))
                .hasMessage("invalid path: must not start with '..': ..data");
        assertThatThrownBy(() -> writer.write(Map.of("x".repeat(256), file("x", 0644)), T0, new Random(1)))
                .hasMessage("invalid path: filenames must be less than or equal to 255 characters");
        assertThat(list(target)).isEqualTo("\n");
    }

    @Test
    void pathsAreCleanedAsFilepathCleanDoes() {
        // when
        writer.write(Map.of("./a//b/", file("x", 0644)), T0, new Random(1));
        // then
        assertThat(read(target.resolve("a/b"))).isEqualTo("x");
    }
}
