package dev.peapod.runtime.images;

import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.shell.ShellProgram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code agnhost test-webserver} (kubernetes: test/images/agnhost/test-webserver/test-webserver.go):
 * Go's http.FileServer over the container's whole file system on {@code --port} (80). A file answers
 * its content, a directory its index.html or Go's listing (go: src/net/http/fs.go dirList), a
 * directory without its trailing slash a 301, anything else Go's 404.
 */
final class TestWebserver extends GoServer {
    TestWebserver(int port, ShellProgram shell) {
        super(Set.of(port), shell);
    }

    static CobraFlags flags(List<String> args) {
        return CobraFlags.parse(args, Map.of("port", "80"), Set.of("port"), Set.of());
    }

    @Override
    Response http(ProcessContext process, int port, String target) {
        String path = Http.path(target);
        Path file = process.files().path(process.files().resolve("/", path));
        if (path.endsWith("/index.html")) {
            return Http.reply(301, ""); // serveFile redirects .../index.html to ./
        }
        if (Files.isDirectory(file)) {
            if (!path.endsWith("/")) {
                return Http.reply(301, ""); // localRedirect to path + "/"
            }
            Path index = file.resolve("index.html");
            return Files.isRegularFile(index) ? read(index) : Http.ok(listing(file));
        }
        if (!Files.isRegularFile(file)) {
            return Http.reply(404, Http.GO_NOT_FOUND);
        }
        return read(file);
    }

    private static Response read(Path file) {
        try {
            return Http.ok(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Http.reply(403, "403 Forbidden\n");
        }
    }

    /** dirList: entries sorted by name, a slash after directories. */
    static String listing(Path directory) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(entry -> names.add(entry.getFileName().toString() + (Files.isDirectory(entry) ? "/" : "")));
        } catch (IOException e) {
            return "Error reading directory\n";
        }
        names.sort(null);
        StringBuilder page = new StringBuilder("<!doctype html>\n<meta name=\"viewport\" content=\"width=device-width\">\n<pre>\n");
        for (String name : names) {
            page.append("<a href=\"").append(escapeUrl(name)).append("\">").append(escapeHtml(name)).append("</a>\n");
        }
        return page.append("</pre>\n").toString();
    }

    private static String escapeUrl(String name) {
        return name.replace("%", "%25").replace(" ", "%20").replace("?", "%3F").replace("#", "%23");
    }

    /** Go's htmlReplacer: &amp; &lt; &gt; &#34; &#39;. */
    private static String escapeHtml(String name) {
        return name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
    }
}
