package dev.peapod.assertions;

import org.apiguardian.api.API;

import java.util.function.Supplier;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Checks on one file of a running container, from {@link ContainerAssert#hasFile(String)}:
 * {@code assertThat(cluster).pod("web").container("app").hasFile("/data/index.html").withContent("hello\n")}.
 * The file is read again at every check; {@link #container()} goes back to the container's checks.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ContainerFileAssert {
    private final ContainerAssert container;
    private final String path;
    private final Supplier<String> read;

    ContainerFileAssert(ContainerAssert container, String path, Supplier<String> read) {
        this.container = container;
        this.path = path;
        this.read = read;
    }

    /** The file holds exactly these characters (UTF-8), newline included: {@code withContent("hello\n")}. */
    public ContainerFileAssert withContent(String expected) {
        if (expected == null) {
            throw new dev.peapod.core.PeapodException("withContent(expected): expected must not be null; write \"\" for an empty file");
        }
        container.checkFileContent(path, expected, read.get());
        return this;
    }

    /** The file holds this text somewhere (UTF-8): {@code includes("listen 8080;")}. */
    public ContainerFileAssert includes(String text) {
        if (text == null || text.isEmpty()) {
            throw new dev.peapod.core.PeapodException("includes(text): text must not be null or empty; withContent(\"\") checks an empty file");
        }
        container.checkFileIncludes(path, text, read.get());
        return this;
    }

    /** The checks of the container this file belongs to. */
    public ContainerAssert container() {
        return container;
    }
}
