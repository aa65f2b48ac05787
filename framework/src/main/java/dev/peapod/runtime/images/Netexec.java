package dev.peapod.runtime.images;

import dev.peapod.runtime.ExecResult;
import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.shell.ShellProgram;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code agnhost netexec} (kubernetes: test/images/agnhost/netexec/netexec.go) on its HTTP port
 * ({@code --http-port}, 8080): {@code /} (and every path without a handler, the ServeMux's "/"
 * pattern) answers "NOW: " and the time, {@code /echo?msg=&code=}, {@code /hostname} and
 * {@code /hostName}, {@code /healthz} (200 once the UDP server runs, else 412), {@code /exit} and
 * {@code /shutdown}, {@code /shell?cmd=} (in the container's shell). {@code /clientip}, {@code /dial},
 * {@code /upload} and {@code /redirect} are not simulated (501, said in the body); neither are the UDP and SCTP answers,
 * but a UDP port (default 8081) still makes the server ready, as upstream's does once it listens.
 */
final class Netexec extends GoServer {
    private static final Set<String> NOT_SIMULATED = Set.of("/clientip", "/dial", "/upload", "/redirect");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|ms|s|m|h)");

    private final String hostname;
    private final int httpPort;
    private final boolean ready;       // serverReady: the UDP (or SCTP) server started
    private final boolean udp;
    private final String override;
    private final int udpPort;

    Netexec(CobraFlags flags, String hostname, ShellProgram shell) {
        super(Set.of(flags.integer("http-port")), shell);
        this.hostname = hostname;
        this.httpPort = flags.integer("http-port");
        this.udp = flags.integer("udp-port") != -1;
        this.ready = udp || flags.integer("sctp-port") != -1;
        this.override = flags.string("http-override");
        this.udpPort = flags.integer("udp-port");
    }

    static CobraFlags flags(List<String> args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("http-port", "8080");
        defaults.put("tls-cert-file", "");
        defaults.put("tls-private-key-file", "");
        defaults.put("udp-port", "8081");
        defaults.put("sctp-port", "-1");
        defaults.put("http-override", "");
        defaults.put("udp-listen-addresses", "");
        return CobraFlags.parse(args, defaults, Set.of("http-port", "udp-port", "sctp-port"), Set.of());
    }

    @Override
    void started(ProcessContext process) {
        log(process, "Started HTTP server on port " + httpPort);
        if (udp) {
            log(process, "Started UDP server on port  " + udpPort); // the bind address is "" (any): two spaces
        }
    }

    @Override
    Response http(ProcessContext process, int port, String target) {
        String request = override.isEmpty() ? target : override;
        String path = Http.path(request);
        Map<String, String> query = Http.query(request);
        switch (path) {
            case "/echo":
                return echo(process, query);
            case "/exit":
                return exit(process, query);
            case "/healthz":
                log(process, "GET /healthz");
                return Http.reply(ready ? 200 : 412, "");
            case "/hostname":
                log(process, "GET /hostname");
                return Http.ok(hostname);
            case "/hostName":
                log(process, "GET /hostName");
                return Http.ok(hostname);
            case "/shell":
                return shell(process, query);
            case "/shutdown":
                log(process, "GET /shutdown");
                process.exit(0);
                return Response.refusing(); // os.Exit(0) before an answer: the connection closes
            default:
                if (NOT_SIMULATED.contains(path)) {
                    return Http.reply(501, "peapod: agnhost netexec " + path + " is not simulated; script its answer in the test\n");
                }
                log(process, "GET /");
                return Http.ok("NOW: " + GoFormat.time(process.now(), Duration.between(process.startedAt(), process.now())));
        }
    }

    /**
     * {@code /shell?cmd=} (or {@code shellCommand}): {@code /bin/sh -c cmd} in the container's shell,
     * answered as json.Marshal of {"error", "output"} (keys sorted, empty ones left out, Go's HTML-safe
     * escaping), 200 whatever the command's status; a command that waits in virtual time cannot
     * answer at once and fails.
     */
    private Response shell(ProcessContext process, Map<String, String> query) {
        String cmd = query.getOrDefault("shellCommand", "");
        if (cmd.isEmpty()) {
            cmd = query.getOrDefault("cmd", "");
        }
        log(process, "GET /shell?cmd=" + cmd);
        ExecResult result = onExec(process, List.of("/bin/sh", "-c", cmd));
        Map<String, String> output = new TreeMap<>();
        if (!result.output().isEmpty()) {
            output.put("output", result.output());
        }
        if (result.exitCode() != 0) {
            output.put("error", "exit status " + result.exitCode()); // exec.ExitError
        }
        StringBuilder map = new StringBuilder();
        output.forEach((k, v) -> map.append(map.isEmpty() ? "" : " ").append(k).append(':').append(v));
        // log.Printf writes the map's text as it is: a line break in the output breaks the log line
        String[] lines = ("Output: map[" + map + "]").split("\n", -1);
        log(process, lines[0]);
        for (int i = 1; i < lines.length; i++) {
            process.stderr(lines[i]);
        }
        StringBuilder json = new StringBuilder("{");
        output.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append(goJson(k)).append(':').append(goJson(v)));
        return Http.ok(json.append('}').toString());
    }

    /** A string as Go's encoding/json writes it: quotes, backslashes and control characters escaped, and &lt; &gt; &amp; U+2028 U+2029 as \\u escapes. */
    static String goJson(String text) {
        return dev.peapod.core.GoJsonText.quote(text);
    }

    private Response echo(ProcessContext process, Map<String, String> query) {
        String msg = query.getOrDefault("msg", "");
        String code = query.getOrDefault("code", "");
        log(process, "GET /echo?msg=" + msg + "&code=" + code);
        if (code.isEmpty()) {
            return Http.ok(msg);
        }
        if (!code.matches("[-+]?[0-9]+")) {
            return Http.ok("argument 'code' must be an integer or empty, got \"" + code + "\"\n");
        }
        return Http.reply(Integer.parseInt(code.replace("+", "")), msg);
    }

    /**
     * {@code /exit?code=&timeout=&wait=}: after {@code wait}, exit with {@code code}; a zero timeout
     * exits at once without answering, a positive one shuts the server down gracefully, answering first.
     */
    private Response exit(ProcessContext process, Map<String, String> query) {
        String waitText = query.getOrDefault("wait", "");
        String timeoutText = query.getOrDefault("timeout", "");
        String codeText = query.getOrDefault("code", "");
        log(process, "GET /exit?code=" + codeText + "&timeout=" + timeoutText + "&wait=" + waitText);
        Optional<Duration> timeout = goDuration(timeoutText);
        if (timeout.isEmpty()) {
            return Http.ok("argument 'timeout' must be a valid golang duration or empty, got \"" + timeoutText + "\"\n");
        }
        Optional<Duration> wait = goDuration(waitText);
        if (wait.isEmpty()) {
            return Http.ok("argument 'wait' must be a valid golang duration or empty, got \"" + waitText + "\"\n");
        }
        if (!codeText.isEmpty() && !codeText.matches("[-+]?[0-9]+")) {
            return Http.ok("argument 'code' must be an integer [0-127] or empty, got \"" + codeText + "\"\n");
        }
        int code = codeText.isEmpty() ? 0 : Integer.parseInt(codeText.replace("+", ""));
        log(process, "Will begin shutdown in " + GoFormat.duration(wait.get()) + ", allowing " + GoFormat.duration(timeout.get())
                + " for connections to close, then will exit with " + code);
        process.exitAfter(wait.get(), code);
        if (timeout.get().isZero()) {
            return Response.refusing().delayed(wait.get()); // os.Exit(code) before an answer: the connection closes
        }
        return Http.ok("").delayed(wait.get());
    }

    /** Go's time.ParseDuration for the forms agnhost's users write ("5s", "1m30s", "100ms", "0"); empty text is 0; empty Optional when invalid. */
    static Optional<Duration> goDuration(String text) {
        if (text.isEmpty() || text.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher m = DURATION_PART.matcher(text);
        int at = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (at < text.length() && m.find(at) && m.start() == at && !m.group(1).isEmpty() && !m.group(1).equals(".")) {
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        return at == text.length() ? Optional.of(Duration.ofNanos(nanos.longValue())) : Optional.empty();
    }
}
