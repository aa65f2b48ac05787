package dev.peapod.manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class ManifestLoadingTest {
    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: %s
            """;

    @TempDir
    Path temp;

    @Test
    void loadsAFolderWithItsSubfoldersInPathOrder() throws IOException {
        // given
        Path deploy = temp.resolve("deploy");
        write(deploy.resolve("web.yaml"), CONFIG_MAP.formatted("web"));
        write(deploy.resolve("db/db.yml"), CONFIG_MAP.formatted("db"));
        write(deploy.resolve("api.json"), "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"api\"}}");
        write(deploy.resolve("README.md"), "not a manifest");

        // when
        List<ManifestDocument> documents = Manifests.load(deploy);

        // then
        assertThat(documents).extracting(document -> document.object().getMetadata().getName(), ManifestDocument::source)
                .containsExactly(
                        tuple("api", deploy + "/api.json"),
                        tuple("db", deploy + "/db/db.yml"),
                        tuple("web", deploy + "/web.yaml"));
    }

    @Test
    void namesAFileAsTheUserNamedIt() throws IOException {
        // given
        write(temp.resolve("web.yaml"), CONFIG_MAP.formatted("web") + "  nmae: typo\n");

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.load(temp.resolve("web.yaml")));

        // then
        assertThat(e).hasMessage(temp.resolve("web.yaml") + """
                , document 1 (ConfigMap web), line 5:
                  strict decoding error: unknown field "metadata.nmae"
                nothing was applied""");
    }

    @Test
    void refusesAMissingFile() {
        // when
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> Manifests.load(Path.of("deploy/missing.yaml")));

        // then
        assertThat(e).hasMessage("""
                manifest not found: deploy/missing.yaml
                nothing was applied""");
        assertThat(e.problems()).singleElement().extracting(ManifestException.Problem::source)
                .isEqualTo("deploy/missing.yaml");
    }

    @Test
    void refusesAFolderWithoutManifests() throws IOException {
        // given
        write(temp.resolve("empty/notes.txt"), "nothing here");

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.load(temp.resolve("empty")));

        // then
        assertThat(e).hasMessage("no manifests (.json, .yaml, .yml files) in " + temp.resolve("empty") + """

                nothing was applied""");
    }

    @Test
    void refusesAFileThatIsNotUtf8() throws IOException {
        // given: é in Latin-1 is 0xE9, the first byte of a 3-byte sequence, and only 2 bytes follow
        Files.write(temp.resolve("latin1.yaml"), "data:\n  name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        // when
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifests.load(temp.resolve("latin1.yaml")));

        // then
        assertThat(e).hasMessage(temp.resolve("latin1.yaml") + ", document 1, line 2, column 12:\n"
                + "  yaml: incomplete UTF-8 octet sequence (byte 0xE9 at offset 17: the file is not UTF-8 text;"
                + " save it as UTF-8, or check that it is the manifest you meant)\nnothing was applied");
    }

    @Test
    void loadsAFileFromTheClasspath() {
        // when
        List<ManifestDocument> documents = Manifests.loadResource("manifests/multi.yaml");

        // then
        assertThat(documents).extracting(ManifestDocument::describe).containsExactly(
                "manifests/multi.yaml, document 1 (Pod web), line 3",
                "manifests/multi.yaml, document 4 (ConfigMap settings), line 15");
    }

    @Test
    void loadsAListFromTheClasspath() {
        // when
        List<ManifestDocument> documents = Manifests.loadResource("/manifests/list.yaml");

        // then
        assertThat(documents).extracting(ManifestDocument::describe).containsExactly(
                "/manifests/list.yaml, document 1, item 1 (ConfigMap first), line 1",
                "/manifests/list.yaml, document 1, item 2 (ConfigMap second), line 1");
    }

    @Test
    void loadsAFolderFromTheClasspath() {
        // when
        List<ManifestDocument> documents = Manifests.loadResource("manifests/folder");

        // then
        assertThat(documents).extracting(ManifestDocument::source).containsExactly(
                "manifests/folder/a.yaml", "manifests/folder/b.yaml", "manifests/folder/d.json",
                "manifests/folder/sub/c.yml");
    }

    @Test
    void loadsAFolderFromAJarOnTheClasspath() throws Exception {
        // given
        Path jar = temp.resolve("manifests.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "deploy/", null);
            entry(out, "deploy/z.yaml", CONFIG_MAP.formatted("z"));
            entry(out, "deploy/inner/", null);
            entry(out, "deploy/inner/a.yaml", CONFIG_MAP.formatted("a"));
        }

        // when
        List<ManifestDocument> documents = withClassLoader(jar, () -> Manifests.loadResource("deploy"));

        // then
        assertThat(documents).extracting(ManifestDocument::source).containsExactly("deploy/inner/a.yaml", "deploy/z.yaml");
    }

    @Test
    void refusesAMissingResource() {
        // when
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> Manifests.loadResource("manifests/missing.yaml"));

        // then
        assertThat(e).hasMessage("""
                manifest not found on the classpath: manifests/missing.yaml
                nothing was applied""");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void entry(JarOutputStream jar, String name, String text) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        if (text != null) {
            jar.write(text.getBytes(StandardCharsets.UTF_8));
        }
        jar.closeEntry();
    }

    private static <T> T withClassLoader(Path jar, Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            thread.setContextClassLoader(loader);
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
