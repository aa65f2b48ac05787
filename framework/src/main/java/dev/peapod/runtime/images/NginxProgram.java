package dev.peapod.runtime.images;

import dev.peapod.runtime.ExecResult;
import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.Signal;
import dev.peapod.runtime.shell.ShellProgram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code nginx -g 'daemon off;'} with the image's default server (nginx docker image:
 * /etc/nginx/conf.d/default.conf): port 80, root /usr/share/nginx/html, index index.html, built-in
 * error pages (nginx: src/http/ngx_http_special_response.c, server_tokens on, so the page names the
 * version). {@code nginx -s quit} and {@code nginx -s stop} run through exec end the server with 0;
 * SIGTERM is nginx's fast shutdown, exit 0 at once. The configuration files are not read: a changed
 * nginx.conf changes nothing here.
 */
final class NginxProgram extends Server {
    static final String ROOT = "/usr/share/nginx/html";
    private static final String CRLF = "\r\n";

    private final String version;

    NginxProgram(String version, ShellProgram shell) {
        super(Set.of(80), shell);
        this.version = version;
    }

    /**
     * The master renames itself and forks its worker as user nginx (101), as {@code ps} shows them
     * (ngx_setproctitle; worker_processes auto gives one per CPU, Peapod forks one).
     */
    @Override
    void started(ProcessContext process) {
        if (process.processes() == null) {
            return;
        }
        process.processes().retitle(process.pid(), "root", "nginx: master process nginx -g daemon off;");
        process.processes().spawn("101", "nginx: worker process");
    }

    @Override
    void portTaken(ProcessContext process, int port) {
        // ngx_open_listening_sockets: 5 tries, 500 ms apart, then "still could not bind()" and exit 1
        for (int i = 0; i < 5; i++) {
            process.stderr("nginx: [emerg] bind() to 0.0.0.0:" + port + " failed (98: Address already in use)");
        }
        process.stderr("nginx: [emerg] still could not bind()");
        process.exitAfter(Duration.ofMillis(2500), 1);
    }

    @Override
    Response http(ProcessContext process, int port, String target) {
        String path = Http.path(target);
        Path root = process.files().path(ROOT);
        Path file = root.resolve("." + path).normalize();
        if (!file.startsWith(root)) {
            return Http.reply(400, page(400, "Bad Request"));
        }
        if (Files.isDirectory(file)) {
            if (!path.endsWith("/")) {
                return Http.reply(301, page(301, "Moved Permanently")); // ngx_http_static_module: Location: path + "/"
            }
            Path index = file.resolve("index.html");
            if (!Files.isRegularFile(index)) {
                return Http.reply(403, page(403, "Forbidden")); // autoindex off: "directory index ... is forbidden"
            }
            file = index;
        }
        if (!Files.isRegularFile(file)) {
            return Http.reply(404, page(404, "Not Found"));
        }
        try {
            return Http.ok(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Http.reply(403, page(403, "Forbidden")); // open() failed (13: Permission denied)
        }
    }

    /** A built-in error page: ngx_http_error_NNN_page then ngx_http_error_full_tail, lines ending in CRLF. */
    String page(int status, String reason) {
        String title = status + " " + reason;
        return "<html>" + CRLF
                + "<head><title>" + title + "</title></head>" + CRLF
                + "<body>" + CRLF
                + "<center><h1>" + title + "</h1></center>" + CRLF
                + "<hr><center>nginx/" + version + "</center>" + CRLF
                + "</body>" + CRLF
                + "</html>" + CRLF;
    }

    @Override
    public void onSignal(ProcessContext process, Signal signal) {
        process.exit(0); // SIGQUIT, its image's stop signal: graceful quit (SIGTERM would be the fast shutdown); exit 0
    }

    @Override
    boolean answersItself(List<String> command) {
        return command.size() >= 2 && command.get(0).substring(command.get(0).lastIndexOf('/') + 1).equals("nginx")
                && command.get(1).equals("-s");
    }

    @Override
    public ExecResult onExec(ProcessContext process, List<String> command) {
        if (answersItself(command)) {
            return signal(process, command.size() > 2 ? command.get(2) : "");
        }
        return super.onExec(process, command);
    }

    /** {@code nginx -s SIGNAL} (nginx: src/core/nginx.c ngx_get_options and ngx_signal_process). */
    private ExecResult signal(ProcessContext process, String signal) {
        switch (signal) {
            case "quit", "stop" -> {
                process.exit(0);
                return ExecResult.of(0, "");
            }
            case "reload", "reopen" -> {
                return ExecResult.of(0, "");
            }
            default -> {
                return ExecResult.of(1, signal.isEmpty() ? "nginx: option \"-s\" requires parameter\n"
                        : "nginx: invalid option: \"-s " + signal + "\"\n");
            }
        }
    }
}
