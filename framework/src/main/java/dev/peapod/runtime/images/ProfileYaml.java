package dev.peapod.runtime.images;

import dev.peapod.core.PeapodException;
import dev.peapod.runtime.Program;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Image profiles written in YAML, beside a team's manifests:
 * <pre>
 * profiles:
 *   - image: registry.example.com/team/api        # every tag; "team/api:2" for one tag; or images: [a, b]
 *     entrypoint: ["/app/server"]
 *     cmd: ["--port=8080"]
 *     env:
 *       APP_ENV: test
 *     shell: true                                   # the image has /bin/sh: shell command lines and exec commands run in Peapod's shell
 *     files:
 *       /etc/app/config.yaml: |
 *         mode: test
 *       /app/start.sh: {content: "#!/bin/sh\n", mode: "0755"}
 *     ports:
 *       - port: 8080
 *         http:
 *           /healthz: 200
 *           /ready: {status: 503, body: warming up}
 *       - port: 9090                                # no http: 200 on every path, TCP accepted
 *     onSigterm: exit 0 after 5s                    # or "exit 143", or "ignore"
 * </pre>
 * Every problem is a {@link PeapodException} naming the file and the field, and nothing is loaded.
 */
final class ProfileYaml {
    private static final List<String> FIELDS = List.of("image", "images", "entrypoint", "cmd", "env", "shell", "files", "ports", "onSigterm",
            "stopSignal");
    private static final Pattern SIGTERM = Pattern.compile("exit (\\d+)(?: after (\\S+))?");

    private final String source;

    private ProfileYaml(String source) {
        this.source = source;
    }

    /** The profiles of one YAML document; {@code source} names it in errors (a file name). */
    static List<ImageProfile> parse(String source, String yaml) {
        return new ProfileYaml(source).profiles(yaml);
    }

    private List<ImageProfile> profiles(String yaml) {
        JsonNode root;
        try {
            root = Serialization.yamlMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw new PeapodException(source + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull() || !root.isObject() || root.get("profiles") == null) {
            throw fail("profiles", "required: a list of image profiles, each with at least \"image\"");
        }
        for (String name : root.propertyNames()) {
            if (!name.equals("profiles")) {
                throw fail(name, "unknown field; the file has one field, profiles");
            }
        }
        JsonNode list = root.get("profiles");
        if (!list.isArray()) {
            throw fail("profiles", "must be a list of image profiles, got " + describe(list));
        }
        List<ImageProfile> profiles = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            profiles.add(profile("profiles[" + i + "]", list.get(i)));
        }
        return profiles;
    }

    private ImageProfile profile(String at, JsonNode node) {
        if (!node.isObject()) {
            throw fail(at, "must be a mapping with at least \"image\", got " + describe(node));
        }
        for (String name : node.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw fail(at + "." + name, "unknown field; the fields are " + String.join(", ", FIELDS));
            }
        }
        List<String> names = names(at, node);
        List<String> entrypoint = strings(at + ".entrypoint", node.get("entrypoint"));
        List<String> cmd = strings(at + ".cmd", node.get("cmd"));
        boolean shell = bool(at + ".shell", node.get("shell"));
        OnSigterm onSigterm = onSigterm(at + ".onSigterm", node.get("onSigterm"));
        Map<Integer, Optional<Map<String, DeclaredProgram.HttpAnswer>>> ports = ports(at + ".ports", node.get("ports"));
        ImageProfile profile = new ImageProfile(names, entrypoint, cmd, env(at + ".env", node.get("env")),
                files(at + ".files", node.get("files")), onSigterm, ImagePrograms.none());
        return profile.withPrograms(programs(mainExecutable(entrypoint, cmd), shell, ports, onSigterm))
                .withStopSignal(stopSignal(at + ".stopSignal", node.get("stopSignal")));
    }

    /** The image config's STOPSIGNAL: the signals Peapod's runtime can send to stop a container. */
    private dev.peapod.runtime.Signal stopSignal(String at, JsonNode node) {
        if (node == null || node.isNull()) {
            return dev.peapod.runtime.Signal.SIGTERM;
        }
        String text = node.isString() ? node.asString().strip() : "";
        for (dev.peapod.runtime.Signal signal : dev.peapod.runtime.Signal.values()) {
            if (signal != dev.peapod.runtime.Signal.SIGKILL && signal.name().equals(text)) {
                return signal;
            }
        }
        throw fail(at, "must be SIGTERM, SIGQUIT or SIGWINCH (the stop signals Peapod's runtime sends), got " + describe(node));
    }

    /**
     * The program a command line starts: a shell line runs in the shell when the image has one; the
     * image's own executable (entrypoint, else cmd; any line when it declares neither) runs the
     * declared program; anything else is not known here.
     */
    private static ImagePrograms programs(Optional<String> main, boolean shell,
                                          Map<Integer, Optional<Map<String, DeclaredProgram.HttpAnswer>>> ports, OnSigterm onSigterm) {
        return launch -> {
            if (shell && BuiltInProfiles.isShell(launch)) {
                return Shells.program(launch);
            }
            if (main.isEmpty() || main.get().equals(launch.executable())) {
                return Optional.<Program>of(new DeclaredProgram(ports, onSigterm, shell ? Shells.forExec(launch) : null));
            }
            return Optional.empty();
        };
    }

    private static Optional<String> mainExecutable(List<String> entrypoint, List<String> cmd) {
        List<String> line = entrypoint.isEmpty() ? cmd : entrypoint;
        if (line.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(line.get(0).substring(line.get(0).lastIndexOf('/') + 1));
    }

    private List<String> names(String at, JsonNode node) {
        JsonNode image = node.get("image");
        JsonNode images = node.get("images");
        if (image != null && images != null) {
            throw fail(at + ".images", "give either image or images, not both");
        }
        List<String> names = new ArrayList<>();
        if (image != null) {
            names.add(imageName(at + ".image", image));
        } else if (images != null) {
            List<String> listed = strings(at + ".images", images);
            for (int i = 0; i < listed.size(); i++) {
                names.add(imageName(at + ".images[" + i + "]", images.get(i)));
            }
            if (names.isEmpty()) {
                throw fail(at + ".images", "must name at least one image");
            }
        } else {
            throw fail(at + ".image", "required: the image the profile is for, such as myorg/app (every tag) or myorg/app:1.2 (one tag)");
        }
        return names;
    }

    private String imageName(String at, JsonNode node) {
        if (!node.isString() || node.asString().isBlank() || node.asString().strip().contains(" ")) {
            throw fail(at, "must be an image name such as myorg/app or myorg/app:1.2, got " + describe(node));
        }
        return node.asString().strip();
    }

    private List<String> strings(String at, JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw fail(at, "must be a list of strings, such as [\"/app/server\", \"--port=8080\"], got " + describe(node));
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isString()) {
                throw fail(at + "[" + i + "]", "must be a string (quote it), got " + describe(item));
            }
            values.add(item.asString());
        }
        return values;
    }

    private boolean bool(String at, JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw fail(at, "must be true or false, got " + describe(node));
        }
        return node.booleanValue();
    }

    private Map<String, String> env(String at, JsonNode node) {
        Map<String, String> env = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return env;
        }
        if (!node.isObject()) {
            throw fail(at, "must be a mapping of names to values, such as {APP_ENV: test}, got " + describe(node));
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw fail(at + "." + entry.getKey(), "must be a string, number or boolean, got " + describe(value));
            }
            env.put(entry.getKey(), value.asString());
        }
        return env;
    }

    private Map<String, ImageFile> files(String at, JsonNode node) {
        Map<String, ImageFile> files = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return files;
        }
        if (!node.isObject()) {
            throw fail(at, "must be a mapping of absolute paths to contents, got " + describe(node));
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String path = entry.getKey();
            String fileAt = at + "[\"" + path + "\"]";
            if (!path.startsWith("/")) {
                throw fail(fileAt, "must be an absolute path, such as /etc/app/config.yaml");
            }
            files.put(path, file(fileAt, entry.getValue()));
        }
        return files;
    }

    private ImageFile file(String at, JsonNode node) {
        if (node.isString()) {
            return ImageFile.of(node.asString());
        }
        if (!node.isObject()) {
            throw fail(at, "must be the file's text, or {content: ..., mode: \"0755\"}, got " + describe(node));
        }
        for (String name : node.propertyNames()) {
            if (!Set.of("content", "mode").contains(name)) {
                throw fail(at + "." + name, "unknown field; a file has content and mode");
            }
        }
        JsonNode content = node.get("content");
        if (content == null || !content.isString()) {
            throw fail(at + ".content", "required: the file's text, got " + describe(content));
        }
        JsonNode mode = node.get("mode");
        if (mode == null) {
            return ImageFile.of(content.asString());
        }
        if (!mode.isString() || !mode.asString().matches("0?[0-7]{3,4}")) {
            throw fail(at + ".mode", "must be an octal string such as \"0755\", got " + describe(mode));
        }
        return new ImageFile(content.asString(), Integer.parseInt(mode.asString(), 8));
    }

    private Map<Integer, Optional<Map<String, DeclaredProgram.HttpAnswer>>> ports(String at, JsonNode node) {
        Map<Integer, Optional<Map<String, DeclaredProgram.HttpAnswer>>> ports = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return ports;
        }
        if (!node.isArray()) {
            throw fail(at, "must be a list of ports, such as [{port: 8080, http: {/healthz: 200}}], got " + describe(node));
        }
        for (int i = 0; i < node.size(); i++) {
            String portAt = at + "[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                throw fail(portAt, "must be a mapping with port and, optionally, http, got " + describe(item));
            }
            for (String name : item.propertyNames()) {
                if (!Set.of("port", "http").contains(name)) {
                    throw fail(portAt + "." + name, "unknown field; a port has port and http");
                }
            }
            JsonNode port = item.get("port");
            if (port == null || !port.isIntegralNumber() || !port.canConvertToInt() || port.intValue() < 1 || port.intValue() > 65535) {
                throw fail(portAt + ".port", "must be a port number from 1 to 65535, got " + describe(port));
            }
            if (ports.containsKey(port.intValue())) {
                throw fail(portAt + ".port", "port " + port.intValue() + " is declared twice");
            }
            ports.put(port.intValue(), http(portAt + ".http", item.get("http")));
        }
        return ports;
    }

    private Optional<Map<String, DeclaredProgram.HttpAnswer>> http(String at, JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw fail(at, "must be a mapping of paths to answers, such as {/healthz: 200}, got " + describe(node));
        }
        Map<String, DeclaredProgram.HttpAnswer> answers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String path = entry.getKey();
            String answerAt = at + "[\"" + path + "\"]";
            if (!path.startsWith("/")) {
                throw fail(answerAt, "a path must start with /");
            }
            answers.put(path, answer(answerAt, entry.getValue()));
        }
        return Optional.of(answers);
    }

    private DeclaredProgram.HttpAnswer answer(String at, JsonNode node) {
        JsonNode status = node;
        String body = "";
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                if (!Set.of("status", "body").contains(name)) {
                    throw fail(at + "." + name, "unknown field; an answer has status and body");
                }
            }
            status = node.get("status");
            at = at + ".status";
            JsonNode text = node.get("body");
            if (text != null && !text.isString()) {
                throw fail(at.replace(".status", ".body"), "must be a string, got " + describe(text));
            }
            body = text == null ? "" : text.asString();
        }
        if (status == null || !status.isIntegralNumber() || !status.canConvertToInt() || status.intValue() < 100 || status.intValue() > 599) {
            throw fail(at, "must be an HTTP status from 100 to 599, got " + describe(status));
        }
        return new DeclaredProgram.HttpAnswer(status.intValue(), body);
    }

    private OnSigterm onSigterm(String at, JsonNode node) {
        if (node == null || node.isNull()) {
            return OnSigterm.exit(0);
        }
        String text = node.isString() ? node.asString().strip() : "";
        if (text.equals("ignore")) {
            return OnSigterm.ignore();
        }
        Matcher m = SIGTERM.matcher(text);
        if (m.matches() && Integer.parseInt(m.group(1)) <= 255) {
            int code = Integer.parseInt(m.group(1));
            if (m.group(2) == null) {
                return OnSigterm.exit(code);
            }
            Optional<Duration> after = Netexec.goDuration(m.group(2));
            if (after.isPresent() && !after.get().isZero()) {
                return OnSigterm.exit(code, after.get());
            }
        }
        throw fail(at, "must be \"ignore\", \"exit N\" or \"exit N after D\" (N from 0 to 255, D such as 5s or 1m30s), got " + describe(node));
    }

    private PeapodException fail(String at, String problem) {
        return new PeapodException(source + ": " + at + ": " + problem);
    }

    /** A value as the error shows it: strings quoted, the rest as YAML wrote them. */
    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isString()) {
            return "\"" + node.asString() + "\"";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.asString();
    }
}
