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
     * characters, at the document, line and column of the first byte go-yaml's reader refuses
     * ({@link #notUtf8}). kubectl itself reads files through golang.org/x/text's UTF-8 decoder
     * (k8s.io/cli-runtime/pkg/resource/visitor.go, FileVisitor.Visit), which silently turns such bytes
     * into U+FFFD; Peapod refuses instead (a departure): a test whose names or values are mangled passes
     * for the wrong reason.
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
            return new Source(name, null, notUtf8(name, bytes, in.position()));
        }
        String text = out.flip().toString();
        return new Source(name, text.startsWith("\uFEFF") ? text.substring(1) : text, null);
    }

    /**
     * The first problem go-yaml's reader meets in bytes that are not UTF-8, in its words (gopkg.in/yaml.v2
     * readerc.go, yaml_parser_update_buffer, as vendored in sigs.k8s.io/yaml/goyaml.v2): it decodes one
     * character at a time and checks it against YAML's printable range before the next, so a control
     * character before the first bad byte (a gzip file starts with 0x1F) is what it reports. The problem
     * is placed at the start of the character, as go-yaml's offset is; {@code malformed} is where Java's
     * decoder stopped, and nothing before it is malformed.
     */
    private static Problem notUtf8(String name, byte[] bytes, int malformed) {
        int at = 0;
        int width = 1;
        int bad = malformed; // the byte to show
        String problem = null;
        while (problem == null && at < bytes.length) {
            int octet = bytes[at] & 0xFF;
            width = (octet & 0x80) == 0 ? 1 : (octet & 0xE0) == 0xC0 ? 2 : (octet & 0xF0) == 0xE0 ? 3
                    : (octet & 0xF8) == 0xF0 ? 4 : 0;
            bad = at;
            if (width == 0) {
                problem = "invalid leading UTF-8 octet";
            } else if (width > bytes.length - at) {
                problem = "incomplete UTF-8 octet sequence";
            } else {
                problem = character(bytes, at, width);
                if (problem != null && problem.equals("invalid trailing UTF-8 octet")) {
                    for (int k = 1; k < width; k++) {
                        if ((bytes[at + k] & 0xC0) != 0x80) {
                            bad = at + k;
                            break;
                        }
                    }
                }
            }
            if (problem == null) {
                at += width;
            }
        }
        if (problem == null) { // not reached: go-yaml refuses all that Java's decoder refuses
            problem = "invalid leading UTF-8 octet";
            at = malformed;
            bad = malformed;
        }
        String before = new String(bytes, 0, at, StandardCharsets.UTF_8);
        int[] place = YamlStream.lineAndColumn(before, before.codePointCount(0, before.length()));
        String found = problem.startsWith("control")
                ? String.format("found U+%04X at offset %d; byte 0x%02X at offset %d is not UTF-8 either",
                        new String(bytes, at, width, StandardCharsets.UTF_8).codePointAt(0), at, bytes[malformed] & 0xFF, malformed)
                : String.format("byte 0x%02X at offset %d", bytes[bad] & 0xFF, bad);
        return new Problem(name, DocumentSizes.documentAt(before, before.length()), 0, null, place[0], place[1],
                "yaml: " + problem + " (" + found + ": the file is not UTF-8 text; save it as UTF-8,"
                        + " or check that it is the manifest you meant)");
    }

    /** What readerc.go says of the {@code width} bytes of one character, or null if they are a printable character. */
    private static String character(byte[] bytes, int at, int width) {
        int octet = bytes[at] & 0xFF;
        int value = width == 1 ? octet : width == 2 ? octet & 0x1F : width == 3 ? octet & 0x0F : octet & 0x07;
        for (int k = 1; k < width; k++) {
            int trailing = bytes[at + k] & 0xFF;
            if ((trailing & 0xC0) != 0x80) {
                return "invalid trailing UTF-8 octet";
            }
            value = (value << 6) + (trailing & 0x3F);
        }
        if (width == 2 && value < 0x80 || width == 3 && value < 0x800 || width == 4 && value < 0x10000) {
            return "invalid length of a UTF-8 sequence";
        }
        if (value >= 0xD800 && value <= 0xDFFF || value > 0x10FFFF) {
            return "invalid Unicode character";
        }
        return printable(value) ? null : "control characters are not allowed";
    }

    /** YAML 1.1's printable characters, the range readerc.go checks each decoded character against. */
    private static boolean printable(int c) {
        return c == 0x09 || c == 0x0A || c == 0x0D || c >= 0x20 && c <= 0x7E || c == 0x85
                || c >= 0xA0 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
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
