package dev.peapod.manifest;

import dev.peapod.manifest.ManifestException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.stream.Stream;

/** Reads manifest files: one file, the manifests of a folder and its subfolders, or the same on the classpath. */
final class ManifestSources {
    /** What a folder contributes, as kubectl reads a folder (k8s.io/cli-runtime/pkg/resource, FileExtensions). */
    private static final List<String> EXTENSIONS = List.of(".json", ".yaml", ".yml");

    /** A file's text, or why it could not be read. */
    record Source(String name, String text, Problem unreadable) {
    }

    private ManifestSources() {
    }

    static List<Source> fromPath(Path path) {
        if (!Files.exists(path)) {
            throw fileProblem(path.toString(), "manifest not found: " + path);
        }
        return read(path, path.toString());
    }

    /** A file or folder found by the context class loader: on disk, or inside a jar. */
    static List<Source> fromClasspath(String resource) {
        String name = resource.endsWith("/") ? resource.substring(0, resource.length() - 1) : resource;
        String path = name.startsWith("/") ? name.substring(1) : name;
        URL url = classLoader().getResource(path);
        if (url == null) {
            throw fileProblem(resource, "manifest not found on the classpath: " + resource);
        }
        try {
            if (url.getProtocol().equals("file")) {
                return read(Path.of(url.toURI()), name);
            }
            if (url.getProtocol().equals("jar")) {
                return fromJar(url, name);
            }
            try (InputStream in = url.openStream()) {
                return List.of(source(name, in.readAllBytes()));
            }
        } catch (IOException | URISyntaxException e) {
            throw fileProblem(name, "cannot read manifest " + name + ": " + e.getMessage());
        }
    }

    private static List<Source> fromJar(URL url, String name) throws IOException, URISyntaxException {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false); // a cached JarFile would stay open, and locked on Windows
        JarEntry entry = connection.getJarEntry();
        if (entry == null || !entry.isDirectory()) {
            try (InputStream in = connection.getInputStream()) {
                return List.of(source(name, in.readAllBytes()));
            }
        }
        connection.getJarFile().close();
        try (FileSystem jar = FileSystems.newFileSystem(Path.of(connection.getJarFileURL().toURI()))) {
            return read(jar.getPath("/" + entry.getName()), name);
        }
    }

    private static List<Source> read(Path path, String name) {
        if (!Files.isDirectory(path)) {
            return List.of(file(path, name));
        }
        List<Path> files = manifestsIn(path, name);
        if (files.isEmpty()) {
            throw fileProblem(name, "no manifests (" + String.join(", ", EXTENSIONS) + " files) in " + name);
        }
        return files.stream().map(file -> file(file, name + "/" + relative(path, file))).toList();
    }

    /** Regular files with a manifest extension, in every subfolder, sorted by their path. */
    private static List<Path> manifestsIn(Path folder, String name) {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile)
                    .filter(file -> EXTENSIONS.stream().anyMatch(file.getFileName().toString()::endsWith))
                    .sorted(Comparator.comparing(file -> relative(folder, file)))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw fileProblem(name, "cannot read manifest folder " + name + ": " + e.getMessage());
        }
    }

    private static Source file(Path path, String name) {
        try {
            return source(name, Files.readAllBytes(path));
        } catch (IOException e) {
            return new Source(name, null, problem(name, "cannot read manifest " + name + ": " + e));
        }
    }

    /**
     * The text, decoded strictly: a file that is not UTF-8 is refused rather than read with replacement
     * characters, naming the first byte that is not, its offset and its line.
     */
    private static Source source(String name, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            return new Source(name, null, problem(name, "cannot read manifest " + name + ": it is not UTF-8 text"
                    + String.format(" (byte 0x%02X at offset %d, line %d: save the file as UTF-8)",
                    bytes[offset] & 0xFF, offset, line(bytes, offset))));
        }
        String text = out.flip().toString();
        return new Source(name, text.startsWith("\uFEFF") ? text.substring(1) : text, null);
    }

    /** The 1-based line of a byte offset. */
    private static int line(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n')) {
                line++;
            }
        }
        return line;
    }

    /** A path below a folder with forward slashes, whatever the file system. */
    private static String relative(Path folder, Path file) {
        return folder.relativize(file).toString().replace(folder.getFileSystem().getSeparator(), "/");
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ManifestSources.class.getClassLoader();
    }

    private static Problem problem(String name, String message) {
        return new Problem(name, 0, 0, null, 0, 0, message);
    }

    private static ManifestException fileProblem(String name, String message) {
        return new ManifestException(List.of(problem(name, message)), List.of());
    }
}
