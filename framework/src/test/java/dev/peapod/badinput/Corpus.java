package dev.peapod.badinput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the corpus folder and {@code known-failing.txt}. */
final class Corpus {
    private Corpus() {
    }

    /**
     * One bad input: {@code id} is {@code <category>/<file>}; {@code file} is null for an input written
     * at run time from {@code content}; {@code document} is the 1-based document the message must name,
     * 0 for a problem with the whole file; {@code field}, when set, is the field path that locates the
     * problem (otherwise the message must give a line).
     */
    record Input(String id, Path file, byte[] content, String expect, int document, String field) {
        String category() {
            return id.substring(0, id.indexOf('/'));
        }
    }

    static Path root() throws URISyntaxException {
        URL url = Corpus.class.getClassLoader().getResource("bad-input/manifests");
        if (url == null) {
            throw new IllegalStateException("bad-input/manifests is not on the test classpath");
        }
        return Path.of(url.toURI());
    }

    /** Every input file below {@code root}, by id; a {@code .expect} sidecar is read for its header. */
    static List<Input> files(Path root) throws IOException {
        List<Input> inputs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".expect") || name.equals("README.md")) {
                    continue;
                }
                String id = root.relativize(file).toString().replace('\\', '/');
                Path sidecar = file.resolveSibling(name + ".expect");
                String header = Files.exists(sidecar)
                        ? Files.readString(sidecar, StandardCharsets.UTF_8)
                        : new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                inputs.add(header(id, file, null, header));
            }
        }
        return inputs;
    }

    /**
     * The header of an input: its leading comment lines {@code # expect: <text>} (required),
     * {@code # document: <n>} (default 1) and {@code # field: <path>}.
     */
    static Input header(String id, Path file, byte[] content, String text) {
        String expect = null;
        int document = 1;
        String field = null;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("#")) {
                break;
            }
            String body = trimmed.substring(1).strip();
            if (body.startsWith("expect:")) {
                expect = body.substring("expect:".length()).strip().replace("\\n", "\n");
            } else if (body.startsWith("document:")) {
                document = Integer.parseInt(body.substring("document:".length()).strip());
            } else if (body.startsWith("field:")) {
                field = body.substring("field:".length()).strip();
            }
        }
        if (expect == null) {
            throw new IllegalStateException(id + " has no '# expect:' line (or .expect sidecar)");
        }
        return new Input(id, file, content, expect, document, field);
    }

    /** {@code known-failing.txt}: {@code <id> <reason>} per line; {@code #} starts a comment line. */
    static Map<String, String> knownFailing() {
        Map<String, String> known = new LinkedHashMap<>();
        try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream("bad-input/known-failing.txt")) {
            if (in == null) {
                return known;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int space = trimmed.indexOf(' ');
                String id = space < 0 ? trimmed : trimmed.substring(0, space);
                known.put(id, space < 0 ? "" : trimmed.substring(space + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return known;
    }
}
