package dev.peapod.runtime;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.junit.jupiter.api.Test;

import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Container paths to paths on the node's disk: normalized as the kernel resolves them ({@code ..}
 * never leaves the root), the most nested mount first, a read-only mount refusing writes.
 */
class ContainerFilesTest {
    private final FileSystem disk = Jimfs.newFileSystem(Configuration.unix());
    private final ContainerFiles files = new ContainerFiles(disk.getPath("/rootfs"), List.of(
            new Mount("/data", "/pods/u1/volumes/data", false),
            new Mount("/data/ro", "/pods/u1/volumes/config", true)));

    private String onDisk(String containerPath) {
        return files.path(containerPath).toString();
    }

    @Test
    void pathsUnderAMountAreOnItsDirectoryAndOthersUnderTheRoot() {
        assertThat(onDisk("/data/log")).isEqualTo("/pods/u1/volumes/data/log");
        assertThat(onDisk("/data")).isEqualTo("/pods/u1/volumes/data");
        assertThat(onDisk("/data/ro/app.properties")).isEqualTo("/pods/u1/volumes/config/app.properties");
        assertThat(onDisk("/datax/log")).isEqualTo("/rootfs/datax/log");
        assertThat(onDisk("/tmp/healthy")).isEqualTo("/rootfs/tmp/healthy");
        assertThat(onDisk("/")).isEqualTo("/rootfs");
    }

    @Test
    void emptyDotAndDotDotPartsAreResolvedAndDotDotStopsAtTheRoot() {
        assertThat(onDisk("//data//log/")).isEqualTo("/pods/u1/volumes/data/log");
        assertThat(onDisk("/data/./log")).isEqualTo("/pods/u1/volumes/data/log");
        assertThat(onDisk("/tmp/../data/log")).isEqualTo("/pods/u1/volumes/data/log");
        assertThat(onDisk("/data/ro/..")).isEqualTo("/pods/u1/volumes/data");
        assertThat(onDisk("/../../etc/hosts")).isEqualTo("/rootfs/etc/hosts");
        assertThat(onDisk("/.")).isEqualTo("/rootfs");
        assertThat(onDisk("/a/.b/..c/...")).isEqualTo("/rootfs/a/.b/..c/...");
        assertThat(files.resolve("/data", "../tmp/./x")).isEqualTo("/tmp/x");
    }

    @Test
    void aPathAskedAgainIsTheSameAfterManyOthers() {
        Path first = files.path("/data/log");
        for (int i = 0; i < 200; i++) {
            assertThat(onDisk("/tmp/f" + i)).isEqualTo("/rootfs/tmp/f" + i);
        }
        assertThat(files.path("/data/log")).isEqualTo(first);
        assertThat(onDisk("/data/log")).isEqualTo("/pods/u1/volumes/data/log");
    }

    @Test
    void aReadOnlyMountRefusesWritesAtAndUnderItButNotBesideIt() throws FileSystemException {
        assertThatThrownBy(() -> files.writable("/data/ro/x")).isInstanceOf(FileSystemException.class)
                .hasMessage("/data/ro/x: Read-only file system");
        assertThatThrownBy(() -> files.writable("/data/ro")).hasMessage("/data/ro: Read-only file system");
        assertThatThrownBy(() -> files.writable("/data//ro/./x")).hasMessage("/data//ro/./x: Read-only file system");
        assertThat(files.writable("/data/rox").toString()).isEqualTo("/pods/u1/volumes/data/rox");
        assertThat(files.writable("/data/log").toString()).isEqualTo("/pods/u1/volumes/data/log");
    }

    @Test
    void aMountPathWrittenWithATrailingSlashIsTheSameMount() {
        ContainerFiles slashed = new ContainerFiles(disk.getPath("/rootfs"), List.of(new Mount("/config/", "/pods/u1/volumes/config", true)));

        assertThat(slashed.path("/config/app.yaml").toString()).isEqualTo("/pods/u1/volumes/config/app.yaml");
        assertThatThrownBy(() -> slashed.writable("/config/app.yaml")).hasMessage("/config/app.yaml: Read-only file system");
    }
}
