package dev.peapod.examples.report;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Checks the examples' rendered Allure report, after {@code allure:report} in the {@code report}
 * profile's verify phase (run by exec-maven-plugin; one line per check):
 * <ol>
 *   <li>the report is under 10 MB;</li>
 *   <li>the results folder holds this run's results only: no test or scenario twice (one result per historyId);</li>
 *   <li>no file of the results or the report holds a Secret value the examples put in a cluster;</li>
 *   <li>in headless Chromium, the timeline picture attached to a JUnit test and to a Cucumber scenario has its
 *       SVG in the DOM, and the report's page for the scenario is kept as a screenshot
 *       ({@code target/report-screenshot.png}; the JUnit test's in {@code target/report-screenshot-junit.png},
 *       the scenario's page with its attachments and steps in {@code target/report-screenshot-page.png}).
 *       Without Chromium ({@code PEAPOD_CHROMIUM}, else {@code chromium} on the PATH) this check is skipped,
 *       saying why.</li>
 * <li>no example failed or broke (surefire ignores test failures in this profile so that the report renders).</li>
 * </ol>
 * A failed check throws, which fails the build. Arguments: the report folder, the results folder, the
 * target folder, then the Secret values to look for.
 */
public final class ReportCheck {
    static final long LIMIT = 10L * 1024 * 1024;
    static final String PICTURE = "Timeline picture";

    private ReportCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args[0]);
        Path results = Path.of(args[1]);
        Path target = Path.of(args[2]);
        List<String> secrets = List.of(args).subList(3, args.length);
        System.out.println(size(report));
        System.out.println(onlyThisRun(results));
        System.out.println(noSecrets(secrets, report, results));
        System.out.println(browser(report, target));
        System.out.println(noFailures(results)); // last: the report and its screenshots are there to explain a failure
    }

    /** The examples pass: surefire's testFailureIgnore lets the report render for a failure, this fails the build after it. */
    static String noFailures(Path results) throws IOException {
        List<String> failed = new ArrayList<>();
        for (Path file : list(results, "-result.json")) {
            JsonNode result = Serialization.jsonMapper().readTree(Files.readString(file));
            String status = result.path("status").asString("");
            if (status.equals("failed") || status.equals("broken")) {
                failed.add(result.path("fullName").asString("") + " (" + status + ")");
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("report check: " + failed.size() + " examples failed (see the report): " + failed);
        }
        return "report check: no example failed";
    }

    static String size(Path report) throws IOException {
        long bytes;
        long files;
        try (Stream<Path> all = Files.walk(report)) {
            List<Path> regular = all.filter(Files::isRegularFile).toList();
            files = regular.size();
            bytes = 0;
            for (Path file : regular) {
                bytes += Files.size(file);
            }
        }
        // the files' own sizes, as an artifact upload or a zip counts them (a disk with 4 KiB blocks takes more)
        String size = String.format(Locale.ROOT, "report check: size %.1f MB in %d files (limit 10 MB)", bytes / 1024.0 / 1024.0, files);
        if (bytes >= LIMIT) {
            throw new IllegalStateException(size + ": over the limit");
        }
        return size;
    }

    /** Every result file's historyId once: a test counted twice (results kept from an earlier run) fails. */
    static String onlyThisRun(Path results) throws IOException {
        Map<String, List<String>> byHistory = new HashMap<>();
        for (Path file : list(results, "-result.json")) {
            JsonNode result = Serialization.jsonMapper().readTree(Files.readString(file));
            byHistory.computeIfAbsent(result.path("historyId").asString(""), k -> new ArrayList<>())
                    .add(result.path("fullName").asString(""));
        }
        List<String> twice = byHistory.values().stream().filter(names -> names.size() > 1).map(names -> names.get(0)).toList();
        if (!twice.isEmpty()) {
            throw new IllegalStateException("report check: " + twice.size() + " tests have more than one result (an old run's "
                    + "results were kept?): " + twice);
        }
        return "report check: " + byHistory.size() + " results, each test and scenario once";
    }

    static String noSecrets(List<String> secrets, Path... folders) throws IOException {
        List<String> hits = new ArrayList<>();
        int files = 0;
        for (Path folder : folders) {
            try (Stream<Path> all = Files.walk(folder)) {
                for (Path file : all.filter(Files::isRegularFile).toList()) {
                    files++;
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1); // any bytes, no decoding error
                    secrets.stream().filter(text::contains).forEach(s -> hits.add(file + ": " + s));
                }
            }
        }
        if (!hits.isEmpty()) {
            throw new IllegalStateException("report check: Secret values in the report: " + hits);
        }
        return "report check: none of " + secrets.size() + " Secret values in " + files + " files of the results and the report";
    }

    static String browser(Path report, Path target) throws Exception {
        Optional<String> chromium = chromium();
        if (chromium.isEmpty()) {
            return "report check: browser check skipped: no Chromium (set PEAPOD_CHROMIUM, or install Debian's chromium as .ci/run does)";
        }
        JsonNode junit = testCase(report, "junit-platform", "execProbeRestartsTheContainerOnceTheHealthFileIsGone");
        JsonNode scenario = testCase(report, "cucumber4jvm", "a container that keeps failing ends up crash-looping");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = report.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (exchange.getRequestURI().getPath().equals("/")) {
                file = report.resolve("index.html");
            }
            if (!file.startsWith(report) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", contentType(file));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            List<String> lines = new ArrayList<>();
            for (JsonNode test : List.of(junit, scenario)) {
                JsonNode picture = pictureOf(test);
                String dom = chromium(chromium.get(), target, "--dump-dom", base + "data/attachments/" + picture.path("source").asString());
                long lanes = dom.split("data-lane=", -1).length - 1;
                if (!dom.contains("<svg") || lanes == 0) {
                    throw new IllegalStateException("report check: no timeline SVG in the DOM of " + test.path("name").asString());
                }
                String page = chromium(chromium.get(), target, "--dump-dom", base + "index.html#testresult/" + test.path("uid").asString());
                if (!page.contains(PICTURE)) {
                    throw new IllegalStateException("report check: the page of " + test.path("name").asString() + " lists no " + PICTURE);
                }
                boolean isScenario = test == scenario;
                Path shot = target.resolve(isScenario ? "report-screenshot.png" : "report-screenshot-junit.png");
                chromium(chromium.get(), target, "--screenshot=" + shot.toAbsolutePath(), "--window-size=1600,1200",
                        base + "index.html#testresult/" + test.path("uid").asString() + "?attachment=" + picture.path("uid").asString());
                if (isScenario) { // the scenario's page: its attachments and steps, each changing step with its pods table
                    chromium(chromium.get(), target, "--screenshot=" + target.resolve("report-screenshot-page.png").toAbsolutePath(),
                            "--window-size=1600,1200", base + "index.html#testresult/" + test.path("uid").asString());
                }
                lines.add("report check: " + (isScenario ? "scenario \"" : "JUnit test \"") + test.path("name").asString()
                        + "\": timeline SVG in the DOM (" + lanes + " lanes), its page lists \"" + PICTURE + "\"; screenshot " + shot);
            }
            return String.join("\n", lines);
        } finally {
            server.stop(0);
        }
    }

    private static JsonNode testCase(Path report, String framework, String name) throws IOException {
        JsonNode fallback = null;
        for (Path file : list(report.resolve("data/test-cases"), ".json")) {
            JsonNode test = Serialization.jsonMapper().readTree(Files.readString(file));
            boolean ofFramework = false;
            for (JsonNode label : test.path("labels")) {
                ofFramework |= label.path("name").asString("").equals("framework") && label.path("value").asString("").equals(framework);
            }
            if (!ofFramework || pictureOf(test) == null) {
                continue;
            }
            if (test.path("name").asString("").startsWith(name)) {
                return test;
            }
            fallback = fallback == null ? test : fallback;
        }
        if (fallback == null) {
            throw new IllegalStateException("report check: no " + framework + " test with a " + PICTURE + " in " + report);
        }
        return fallback;
    }

    private static JsonNode pictureOf(JsonNode test) {
        for (JsonNode attachment : test.path("testStage").path("attachments")) {
            if (attachment.path("name").asString("").equals(PICTURE)) {
                return attachment;
            }
        }
        return null;
    }

    private static List<Path> list(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js")) {
            return "application/javascript";
        } else if (name.endsWith(".css")) {
            return "text/css";
        } else if (name.endsWith(".json")) {
            return "application/json";
        } else if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return name.endsWith(".txt") || name.endsWith(".yaml") ? "text/plain; charset=utf-8" : "application/octet-stream";
    }

    private static Optional<String> chromium() {
        String given = System.getenv("PEAPOD_CHROMIUM");
        if (given != null && Files.isExecutable(Path.of(given))) {
            return Optional.of(given);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    /** Runs headless Chromium on one page with its own throw-away profile; returns what it printed. */
    private static String chromium(String chromium, Path target, String... what) throws Exception {
        Path profile = Files.createTempDirectory(target, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--virtual-time-budget=15000"));
        command.addAll(List.of(what));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("report check: Chromium did not finish within 120 s: " + command);
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
