package dev.peapod.runtime.images;

import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.Signal;
import dev.peapod.runtime.shell.ShellProgram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code httpd-foreground} of the httpd image ({@code exec httpd -DFOREGROUND}) with its default
 * httpd.conf: port 80, DocumentRoot /usr/local/apache2/htdocs, DirectoryIndex index.html, and
 * Apache's canned error documents (httpd: modules/http/http_protocol.c ap_send_error_response, with
 * ServerSignature off as the default). SIGTERM stops it at once with exit 0. Directory listings
 * (Options Indexes) are not simulated: such a request answers 501 and says so.
 */
final class HttpdProgram extends Server {
    static final String ROOT = "/usr/local/apache2/htdocs";

    HttpdProgram(ShellProgram shell) {
        super(Set.of(80), shell);
    }

    @Override
    void portTaken(ProcessContext process, int port) {
        process.stderr("(98)Address already in use: AH00072: make_sock: could not bind to address 0.0.0.0:" + port);
        process.stderr("no listening sockets available, shutting down");
        process.stderr("AH00015: Unable to open logs");
        process.exit(1);
    }

    @Override
    Response http(ProcessContext process, int port, String target) {
        String path = Http.path(target);
        Path root = process.files().path(ROOT);
        Path file = root.resolve("." + path).normalize();
        if (!file.startsWith(root)) {
            return Http.reply(400, page("400 Bad Request", "Bad Request",
                    "<p>Your browser sent a request that this server could not understand.<br />\n</p>\n"));
        }
        if (Files.isDirectory(file)) {
            if (!path.endsWith("/")) {
                return Http.reply(301, page("301 Moved Permanently", "Moved Permanently",
                        "<p>The document has moved <a href=\"" + path + "/\">here</a>.</p>\n"));
            }
            Path index = file.resolve("index.html");
            if (!Files.isRegularFile(index)) {
                return Http.reply(501, "peapod: httpd's directory listing (mod_autoindex) is not simulated; "
                        + "put an index.html in " + file + " or script this answer in the test\n");
            }
            file = index;
        }
        if (!Files.isRegularFile(file)) {
            return Http.reply(404, page("404 Not Found", "Not Found", "<p>The requested URL was not found on this server.</p>\n"));
        }
        try {
            return Http.ok(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Http.reply(403, page("403 Forbidden", "Forbidden", "<p>You don't have permission to access this resource.</p>\n"));
        }
    }

    /** ap_send_error_response: DOCTYPE HTML 2.0, the status line as title, the reason as heading, the canned text. */
    static String page(String statusLine, String reason, String text) {
        return "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n"
                + "<html><head>\n"
                + "<title>" + statusLine + "</title>\n"
                + "</head><body>\n"
                + "<h1>" + reason + "</h1>\n"
                + text
                + "</body></html>\n";
    }

    @Override
    public void onSignal(ProcessContext process, Signal signal) {
        process.exit(0); // SIGWINCH, its image's stop signal: graceful stop (as after SIGTERM), the parent exits 0
    }
}
