package dev.peapod.runtime.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** wget (busybox) and curl over the caller's {@link Network}: never the host's. */
final class Web {
    /** The reason phrases servers send (Go's net/http StatusText, nginx's), which wget prints back. */
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"), Map.entry(201, "Created"),
            Map.entry(204, "No Content"), Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private Web() {
    }

    private record Url(String host, int port, String path) {
        static Url parse(String text) {
            String rest = text;
            int defaultPort = 80;
            if (rest.startsWith("http://")) {
                rest = rest.substring(7);
            } else if (rest.startsWith("https://")) {
                rest = rest.substring(8);
                defaultPort = 443;
            } else if (rest.contains("://")) {
                return null;
            }
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "/" : rest.substring(slash);
            int colon = authority.lastIndexOf(':');
            try {
                int port = colon < 0 ? defaultPort : Integer.parseInt(authority.substring(colon + 1));
                return new Url(colon < 0 ? authority : authority.substring(0, colon), port, path);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    static int run(Job job, String command, List<String> args, Io io) {
        return command.equals("wget") ? wget(job, args, io) : curl(job, args, io);
    }

    private static String reason(int status) {
        return REASONS.getOrDefault(status, status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "OK");
    }

    /** busybox wget [-q] [-O FILE|-] [--spider] [-T SEC] URL (networking/wget.c messages). */
    private static int wget(Job job, List<String> args, Io io) {
        boolean quiet = false;
        boolean spider = false;
        String output = null;
        String address = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-q") || arg.equals("--quiet")) {
                quiet = true;
            } else if (arg.equals("--spider")) {
                spider = true;
            } else if (arg.equals("-O") && i + 1 < args.size()) {
                output = args.get(++i);
            } else if (arg.startsWith("-O")) {
                output = arg.substring(2);
            } else if ((arg.equals("-T") || arg.equals("--timeout")) && i + 1 < args.size()) {
                i++;
            } else if (arg.startsWith("--timeout=") || arg.equals("-S")) {
                continue;
            } else if (arg.equals("-qO-") || arg.equals("-qO")) {
                quiet = true;
                output = arg.equals("-qO-") ? "-" : (i + 1 < args.size() ? args.get(++i) : null);
            } else if (arg.startsWith("-")) {
                io.err().write("wget: unrecognized option '" + arg + "' (Peapod's wget knows -q, -O, -T, --spider)\n");
                return 1;
            } else {
                address = arg;
            }
        }
        Url url = address == null ? null : Url.parse(address);
        if (url == null) {
            io.err().write(address == null ? "wget: missing URL\n" : "wget: bad address '" + address + "'\n");
            return 1;
        }
        if (!quiet) {
            io.err().write("Connecting to " + url.host() + ":" + url.port() + " (" + url.host() + ":" + url.port() + ")\n");
        }
        if (!job.shell.host.network().resolves(url.host())) {
            io.err().write("wget: bad address '" + url.host() + "'\n");
            return 1;
        }
        Optional<Network.Reply> reply = job.shell.host.network().get(url.host(), url.port(), url.path());
        if (reply.isEmpty()) {
            io.err().write("wget: can't connect to remote host (" + url.host() + "): Connection refused\n");
            return 1;
        }
        int status = reply.get().status();
        if (status >= 400) {
            io.err().write("wget: server returned error: HTTP/1.1 " + status + " " + reason(status) + "\n");
            return 1;
        }
        if (spider) {
            return 0;
        }
        String body = reply.get().body();
        if (output == null) {
            String last = url.path().substring(url.path().lastIndexOf('/') + 1);
            output = last.isEmpty() ? "index.html" : last;
        }
        return deliver(job, io, output, body, "wget", quiet);
    }

    /** curl [-s] [-S] [-f] [-o FILE] [-L] [-m SEC] URL: exit 7 when refused, 22 for an HTTP error with -f. */
    private static int curl(Job job, List<String> args, Io io) {
        boolean silent = false;
        boolean showError = false;
        boolean fail = false;
        String output = "-";
        String address = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--fail")) {
                fail = true;
            } else if (arg.equals("--silent")) {
                silent = true;
            } else if (arg.equals("--show-error")) {
                showError = true;
            } else if (arg.equals("-o") || arg.equals("--output")) {
                output = i + 1 < args.size() ? args.get(++i) : "-";
            } else if (arg.equals("-m") || arg.equals("--max-time") || arg.equals("--connect-timeout")) {
                i++;
            } else if (arg.matches("-[sSfLk]+")) {
                silent |= arg.contains("s");
                showError |= arg.contains("S");
                fail |= arg.contains("f");
            } else if (arg.startsWith("-")) {
                io.err().write("curl: option " + arg + ": is not supported by Peapod's curl (it knows -s -S -f -L -k -o -m)\n");
                return 2;
            } else {
                address = arg;
            }
        }
        Url url = address == null ? null : Url.parse(address);
        if (url == null) {
            io.err().write(address == null ? "curl: no URL specified\n" : "curl: (3) URL using bad/illegal format or missing URL\n");
            return address == null ? 2 : 3;
        }
        if (!job.shell.host.network().resolves(url.host())) {
            if (!silent || showError) {
                io.err().write("curl: (6) Could not resolve host: " + url.host() + "\n");
            }
            return 6;
        }
        Optional<Network.Reply> reply = job.shell.host.network().get(url.host(), url.port(), url.path());
        if (reply.isEmpty()) {
            if (!silent || showError) {
                io.err().write("curl: (7) Failed to connect to " + url.host() + " port " + url.port()
                        + " after 0 ms: Couldn't connect to server\n");
            }
            return 7;
        }
        if (fail && reply.get().status() >= 400) {
            if (!silent || showError) {
                io.err().write("curl: (22) The requested URL returned error: " + reply.get().status() + "\n");
            }
            return 22;
        }
        return deliver(job, io, output, reply.get().body(), "curl", true);
    }

    private static int deliver(Job job, Io io, String output, String body, String tool, boolean quiet) {
        if (output.equals("-")) {
            io.out().write(body);
            return 0;
        }
        try {
            Path path = Paths.writable(job, output);
            Files.writeString(path, body, StandardCharsets.UTF_8);
            Commands.touchTime(job, path);
        } catch (IOException e) {
            io.err().write(tool + ": can't open '" + output + "': " + Paths.reason(e, "No such file or directory") + "\n");
            return 1;
        }
        if (!quiet) {
            io.err().write("saving to '" + output + "'\n");
        }
        return 0;
    }
}
