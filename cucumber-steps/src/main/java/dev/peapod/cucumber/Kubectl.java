package dev.peapod.cucumber;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.peapod.cucumber.KubectlHttp.list;
import static dev.peapod.cucumber.KubectlHttp.map;
import static dev.peapod.cucumber.KubectlHttp.parameters;
import static dev.peapod.cucumber.KubectlHttp.query;

/**
 * Runs a kubectl command line against the cluster's HTTP API as kubectl v1.20 does (the same requests, in the
 * same order) and prints what it prints. Nothing runs on the host: this is not kubectl, it speaks as kubectl.
 * The subset it takes is {@link KubectlCommand}'s; any other word is refused before a request is sent.
 */
final class Kubectl {
    private final FakeCluster cluster;
    private final KubectlHttp http;
    private final String defaultNamespace;
    private final ResourceLoader files;
    /** How long a watching command ({@code get -w}) runs; null for any other. */
    private final java.time.Duration watchFor;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final StringBuilder output = new StringBuilder();
    private List<KubectlResource> resources;

    /** Reads a manifest named by {@code kubectl apply -f}: a classpath resource, else a file. */
    interface ResourceLoader {
        String read(String location);
    }

    /**
     * A failure as kubectl prints it on its last line: {@code Error from server (NotFound): ...}, {@code error: ...}.
     */
    static final class Failure extends RuntimeException {
        Failure(String printed) {
            super(printed, null, false, false);
        }
    }

    Kubectl(FakeCluster cluster, String defaultNamespace, ResourceLoader files, java.time.Duration watchFor) {
        this.cluster = cluster;
        this.watchFor = watchFor;
        this.http = new KubectlHttp(cluster.client());
        this.defaultNamespace = defaultNamespace;
        this.files = files;
    }

    /** Runs the command; a refused command (not in the subset) throws {@link PeapodException} and sends nothing. */
    static KubectlResult run(FakeCluster cluster, String defaultNamespace, ResourceLoader files, String line) {
        return run(cluster, defaultNamespace, files, line, null);
    }

    /** As {@link #run(FakeCluster, String, ResourceLoader, String)}, a watching command for {@code watchFor} of virtual time. */
    static KubectlResult run(FakeCluster cluster, String defaultNamespace, ResourceLoader files, String line,
                             java.time.Duration watchFor) {
        Kubectl kubectl = new Kubectl(cluster, defaultNamespace, files, watchFor);
        int exit = 0;
        try {
            KubectlCommand command = KubectlCommand.parse(line);
            kubectl.check(command);
            kubectl.execute(command);
        } catch (Failure failure) {
            kubectl.err(failure.getMessage() + "\n");
            exit = 1;
        }
        return new KubectlResult(line, kubectl.stdout.toString(), kubectl.stderr.toString(), kubectl.output.toString(), exit);
    }

    /** The refusals that need no request: values of flags the subset does not print or take. */
    private void check(KubectlCommand command) {
        String output = command.flag("output", null);
        if (output != null && !List.of("wide", "name", "yaml", "json").contains(output)) {
            throw new PeapodException("\"kubectl get -o " + output + "\" is not taken by Peapod's kubectl steps: they print "
                    + "the table, -o wide, -o name, -o yaml and -o json; check an object's fields with the pod and workload "
                    + "steps instead");
        }
        if (watchFor != null && !command.verb().equals("get") && !command.verb().equals("logs")) {
            throw new PeapodException("only \"kubectl get -w\" and \"kubectl logs -f\" run for a time; run \"kubectl "
                    + command.verb() + "\" without \"for ...\"");
        }
        String validate = command.flag("validate", null);
        if (validate != null && !validate.equals("false")) {
            throw new PeapodException("--validate=" + validate + ": Peapod's kubectl steps validate nothing on the client "
                    + "(the API server validates every write); write --validate=false or leave it out");
        }
        if (command.verb().equals("apply") && !command.has("filename")) {
            throw new PeapodException("\"kubectl apply\" needs -f <manifest>: a classpath resource or a file");
        }
        if (command.verb().equals("apply") && !command.isOn("server-side", false)
                && (command.has("force-conflicts") || command.has("field-manager"))) {
            throw new PeapodException("--force-conflicts and --field-manager of \"kubectl apply\" are for --server-side in "
                    + "Peapod's kubectl steps");
        }
    }

    private void execute(KubectlCommand command) {
        switch (command.verb()) {
            case "get" -> new KubectlGet(this, http, cluster).get(command, watchFor);
            case "apply" -> new KubectlApply(this, http).apply(command, namespace(command), !command.flag("namespace", "").isEmpty(),
                    files.read(command.flag("filename", null)));
            case "label" -> metadata(command, "labels");
            case "annotate" -> metadata(command, "annotations");
            case "patch" -> patch(command);
            case "scale" -> scale(command);
            case "delete" -> new KubectlDelete(this, http, cluster).delete(command);
            case "describe" -> new KubectlDescribe(this, http, cluster).describe(command);
            case "wait" -> new KubectlWait(this, http, cluster).await(command);
            case "rollout" -> new KubectlRollout(this, cluster).rollout(command);
            case "logs" -> logs(command);
            default -> throw new IllegalStateException(command.verb()); // KubectlCommand takes no other
        }
    }

    // ------------------------------------------------------------------ label, annotate

    /** {@code kubectl label|annotate TYPE NAME k=v k2-}: a merge patch of the object's labels or annotations. */
    private void metadata(KubectlCommand command, String field) {
        boolean labels = field.equals("labels");
        String verb = labels ? "label" : "annotate";
        List<String> resourceWords = new ArrayList<>();
        Map<String, String> set = new TreeMap<>();
        List<String> remove = new ArrayList<>();
        for (String argument : command.arguments()) {
            if (argument.contains("=")) {
                String[] kv = labels ? argument.split("=", -1) : argument.split("=", 2);
                if (kv.length != 2) {
                    throw new Failure("error: invalid label spec: " + argument);
                }
                set.put(kv[0], kv[1]);
            } else if (argument.endsWith("-") && !resourceWords.isEmpty()) {
                remove.add(argument.substring(0, argument.length() - 1));
            } else {
                resourceWords.add(argument);
            }
        }
        if (set.isEmpty() && remove.isEmpty()) {
            throw new Failure("error: at least one " + (labels ? "label" : "annotation") + " update is required");
        }
        List<String> both = remove.stream().filter(set::containsKey).toList();
        if (!both.isEmpty()) { // label.go and annotate.go word it differently; annotate names the keys
            throw new Failure(labels ? "error: can not both modify and remove a label in the same command"
                    : "error: can not both modify and remove the following annotation(s) in the same command: "
                            + String.join(", ", both));
        }
        boolean overwrite = command.isOn("overwrite", false);
        for (Target target : targets(command, resourceWords, false)) {
            Map<String, Object> before = fetch(target, command);
            Map<String, Object> current = map(map(before.get("metadata")).get(field));
            if (!overwrite) {
                List<String> taken = set.keySet().stream().filter(current::containsKey)
                        .map(key -> "'" + key + "' already has a value (" + current.get(key) + ")").toList();
                if (!taken.isEmpty()) { // label.go: an aggregate, one line per error and no "error: " when several
                    throw new Failure(labels
                            ? (taken.size() == 1 ? "error: " : "") + String.join(", and --overwrite is false\n", taken)
                                    + ", and --overwrite is false"
                            : "error: --overwrite is false but found the following declared annotation(s): " + String.join("; ", taken));
                }
            }
            Map<String, Object> changes = new LinkedHashMap<>(set);
            for (String key : remove) {
                if (current.containsKey(key)) {
                    changes.put(key, null);
                } else if (labels) {
                    out("label \"" + key + "\" not found.\n"); // label.go, on standard output
                }
            }
            // label.go compares the object before and after: one without labels gains an empty map, a change
            boolean changed = !map(before.get("metadata")).containsKey(field) || changes.entrySet().stream()
                    .anyMatch(e -> e.getValue() == null || !e.getValue().equals(current.get(e.getKey())));
            Map<String, Object> patch = changes.isEmpty() ? Map.of() : Map.of("metadata", Map.of(field, changes));
            KubectlHttp.Answer answer = http.send("PATCH", target.resource().path(namespace(command), target.name())
                    + query(parameters("fieldManager", "kubectl-" + verb)), "application/merge-patch+json", dev.peapod.core.GoJsonText.marshal(patch));
            expect(answer);
            String done = labels ? (changed ? "labeled" : "not labeled") : "annotated";
            out(target.resource().kindWord() + "/" + target.name() + " " + done + "\n");
        }
    }

    // ------------------------------------------------------------------ patch

    private void patch(KubectlCommand command) {
        String type = command.flag("type", "strategic");
        if (!List.of("json", "merge", "strategic").contains(type)) {
            throw new Failure("error: --type must be one of [json merge strategic], not \"" + type + "\"");
        }
        String text = command.flag("patch", null);
        if (text == null) {
            throw new Failure("error: must specify --patch or --patch-file containing the contents of the patch");
        }
        String contentType = switch (type) {
            case "json" -> "application/json-patch+json";
            case "merge" -> "application/merge-patch+json";
            default -> "application/strategic-merge-patch+json";
        };
        // patch.go, RunPatch: yaml.ToJSON(-p) first, so a YAML patch is sent as JSON (0755 as 493, yes as true)
        String body = dev.peapod.core.GoJsonText.marshal(KubectlApply.yaml(text, "\"" + text + "\""));
        for (Target target : targets(command, command.arguments(), false)) {
            Map<String, Object> before = fetch(target, command);
            KubectlHttp.Answer answer = http.send("PATCH", target.resource().path(namespace(command), target.name())
                    + query(parameters("fieldManager", "kubectl-patch")), contentType, body);
            expect(answer);
            boolean changed = !answer.json().equals(before); // patch.go: reflect.DeepEqual of the object before and after
            out(target.resource().kindWord() + "/" + target.name() + " patched" + (changed ? "" : " (no change)") + "\n");
        }
    }

    // ------------------------------------------------------------------ scale

    /**
     * {@code kubectl scale TYPE NAME --replicas=N}: a merge patch of the scale subresource (kubectl: scale/scale.go).
     */
    private void scale(KubectlCommand command) {
        if (!command.has("replicas")) {
            throw new Failure("Error: required flag(s) \"replicas\" not set"); // cobra's required flag
        }
        long replicas = GoInt.parse(command.flag("replicas", "-1"), "replicas", "scale"); // an int: what an int32 does not hold, the server refuses
        if (replicas < 0) {
            throw new Failure("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
        }
        for (Target target : targets(command, command.arguments(), false)) {
            fetch(target, command);
            KubectlHttp.Answer answer = http.send("PATCH", target.resource().path(namespace(command), target.name()) + "/scale"
                            + query(parameters("fieldManager", "kubectl")),
                    "application/merge-patch+json", "{\"spec\":{\"replicas\":" + replicas + "}}");
            expect(answer);
            out(target.resource().kindWord() + "/" + target.name() + " scaled\n");
        }
    }

    // ------------------------------------------------------------------ logs

    private void logs(KubectlCommand command) {
        long tail = GoInt.parse(command.flag("tail", "-1"), "tail", "logs"); // cobra parses it first: an int64; -1, the default, is all lines
        List<String> arguments = command.arguments();
        if (arguments.size() != 1) {
            throw new PeapodException("Peapod's \"kubectl logs\" takes one pod (web or pod/web) and the container as -c: "
                    + "kubectl logs web -c app");
        }
        String pod = arguments.get(0);
        if (pod.contains("/")) {
            Target target = targets(command, arguments, false).get(0);
            if (!target.resource().kind().equals("Pod") || !target.resource().group().isEmpty()) {
                throw new PeapodException("Peapod's \"kubectl logs\" takes a pod, not " + pod + "; name the pod, or use "
                        + "the step 'the logs of container \"<container>\" of pod \"" + pod + "\" show:'");
            }
            pod = target.name();
        }
        String container = command.flag("container", null);
        if (container == null) { // v1.20 reads the pod and asks for a container when it has several (logs.go)
            Map<String, Object> spec = map(fetch(new Target(resource("pods"), pod), command).get("spec"));
            List<Object> containers = list(spec.get("containers"));
            if (containers.size() > 1) {
                List<Object> init = list(spec.get("initContainers"));
                throw new Failure("error: a container name must be specified for pod " + pod + ", choose one of: "
                        + names(containers) + (init.isEmpty() ? "" : " or one of the init containers: " + names(init)));
            }
        }
        boolean follow = command.isOn("follow", false);
        if (follow != (watchFor != null)) {
            throw new PeapodException(follow
                    ? "\"kubectl logs -f\" runs until the container stops: give it a time, When I run \"kubectl logs -f "
                            + pod + "\" for 30 seconds"
                    : "only \"kubectl logs -f\" runs for a time; run this command without \"for ...\"");
        }
        String path = "/api/v1/namespaces/" + namespace(command) + "/pods/" + pod + "/log";
        String query = query(parameters("container", container,
                "previous", command.isOn("previous", false) ? "true" : null,
                "tailLines", tail < 0 ? null : String.valueOf(tail)));
        KubectlHttp.Answer answer = http.get(path + query, "application/json, */*");
        expect(answer);
        out(answer.body());
        if (follow && !command.isOn("previous", false)) {
            follow(command, pod, container, path, answer.body());
        }
    }

    /**
     * {@code logs -f}: the stream of the container's current run goes on while virtual time passes, and ends when that
     * run ends (the container stops or restarts) or the step's time is up. Printed: what the run wrote meanwhile.
     */
    private void follow(KubectlCommand command, String pod, String container, String path, String printed) {
        Target target = new Target(resource("pods"), pod);
        String name = container != null ? container
                : String.valueOf(map(list(map(fetch(target, command).get("spec")).get("containers")).get(0)).get("name"));
        String run = runningContainerId(fetch(target, command), name);
        if (run == null) {
            return; // not running: the server answers what there is and closes the stream
        }
        String full = http.get(path + query(parameters("container", container)), "application/json, */*").body();
        cluster.runUntil(c -> !run.equals(runningContainerId(json(target, command), name)), watchFor);
        KubectlHttp.Answer current = http.get(path + query(parameters("container", container)), "application/json, */*");
        String now = current.ok() ? current.body() : "";
        if (!run.equals(containerId(json(target, command), name))) { // restarted: the followed run is the previous one
            KubectlHttp.Answer previous = http.get(path + query(parameters("container", container, "previous", "true")),
                    "application/json, */*");
            now = previous.ok() ? previous.body() : now;
        }
        if (now.startsWith(full)) {
            out(now.substring(full.length()));
        }
    }

    private Map<String, Object> json(Target target, KubectlCommand command) {
        KubectlHttp.Answer answer = http.get(target.resource().path(namespace(command), target.name()), "application/json");
        return answer.ok() ? answer.json() : Map.of();
    }

    /** The container's id while it runs; null when it does not (waiting, terminated, the pod gone). */
    private static String runningContainerId(Map<String, Object> pod, String container) {
        for (Object status : list(map(pod.get("status")).get("containerStatuses"))) {
            Map<String, Object> s = map(status);
            if (container.equals(s.get("name")) && map(s.get("state")).containsKey("running")) {
                return String.valueOf(s.get("containerID"));
            }
        }
        return null;
    }

    private static String containerId(Map<String, Object> pod, String container) {
        for (Object status : list(map(pod.get("status")).get("containerStatuses"))) {
            Map<String, Object> s = map(status);
            if (container.equals(s.get("name"))) {
                return String.valueOf(s.get("containerID"));
            }
        }
        return null;
    }

    /** Go's %v of a []string: {@code [a b]}. */
    private static String names(List<Object> containers) {
        return "[" + String.join(" ", containers.stream().map(c -> String.valueOf(map(c).get("name"))).toList()) + "]";
    }

    // ------------------------------------------------------------------ shared

    /** An object named on the command line and its kind. */
    record Target(KubectlResource resource, String name) {
    }

    /** {@code TYPE NAME...} or {@code TYPE/NAME...}; for get, a bare {@code TYPE} is a target without a name. */
    List<Target> targets(KubectlCommand command, List<String> words, boolean typeAlone) {
        if (words.isEmpty() && typeAlone) {
            throw new Failure("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list "
                    + "of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a "
                    + "detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
        }
        if (words.isEmpty()) {
            throw new PeapodException("\"kubectl " + command.verb() + "\" needs a resource: TYPE NAME or TYPE/NAME, "
                    + "e.g. kubectl " + command.verb() + " pod web");
        }
        List<Target> targets = new ArrayList<>();
        if (words.get(0).contains("/")) {
            for (String word : words) {
                String[] parts = word.split("/", 2);
                if (!word.contains("/") || parts[1].isEmpty() || parts[1].contains("/")) {
                    throw new Failure("error: there is no need to specify a resource type as a separate argument when passing "
                            + "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of "
                            + "'kubectl get resource resource/<resource_name>'");
                }
                targets.add(new Target(resource(parts[0]), parts[1]));
            }
            return targets;
        }
        if (words.get(0).contains(",")) {
            throw new PeapodException("Peapod's kubectl steps take one resource type at a time, not \"" + words.get(0) + "\"");
        }
        KubectlResource resource = resource(words.get(0));
        if (words.size() == 1) {
            if (!typeAlone) {
                throw new PeapodException("\"kubectl " + command.verb() + " " + words.get(0) + "\" needs a name"
                        + (command.verb().equals("delete") ? " or -l <selector>" : "") + ": Peapod's kubectl steps do not take --all"
                        + (command.verb().equals("delete") ? "" : " or -l here"));
            }
            return List.of(new Target(resource, null));
        }
        words.subList(1, words.size()).forEach(name -> targets.add(new Target(resource, name)));
        return targets;
    }

    /** What kubectl's REST mapper makes of a resource word, from the server's discovery. */
    KubectlResource resource(String word) {
        if (word.equals("all")) {
            throw new PeapodException("\"all\" is a category of resources; Peapod's kubectl steps take one resource type "
                    + "at a time: kubectl get pods, kubectl get deployments, ...");
        }
        return resources().stream().filter(r -> r.isNamed(word)).findFirst()
                .orElseThrow(() -> new Failure("error: the server doesn't have a resource type \"" + word + "\""));
    }

    /** The kind a manifest's apiVersion and kind name. */
    java.util.Optional<KubectlResource> resourceOf(String apiVersion, String kind) {
        return resources().stream().filter(r -> r.kind().equals(kind) && r.apiVersion().equals(apiVersion)).findFirst();
    }

    private List<KubectlResource> resources() {
        if (resources == null) {
            resources = http.discover();
        }
        return resources;
    }

    /** The object as the server has it now (kubectl's resource builder reads it before it changes it). */
    Map<String, Object> fetch(Target target, KubectlCommand command) {
        KubectlHttp.Answer answer = http.get(target.resource().path(namespace(command), target.name()), "application/json");
        expect(answer);
        return answer.json();
    }

    /** {@code -n NAME}; an empty {@code -n ''} is no override, so the context's namespace, as clientcmd has it. */
    String namespace(KubectlCommand command) {
        String namespace = command.flag("namespace", "");
        return namespace.isEmpty() ? defaultNamespace : namespace;
    }

    /** Prints the answer's warnings, or fails as kubectl does on an error status. */
    void expect(KubectlHttp.Answer answer) {
        if (!answer.ok()) {
            throw new Failure(serverError(answer));
        }
        warnings(answer);
    }

    void warnings(KubectlHttp.Answer answer) {
        answer.warnings().forEach(warning -> err("Warning: " + warning + "\n"));
    }

    /**
     * kubectl's line for an error status (kubectl: cmd/util/helpers.go, StandardErrorMessage):
     * {@code Error from server (Reason): message}, or without the reason when the Status has none.
     */
    static String serverError(KubectlHttp.Answer answer) {
        Map<String, Object> status;
        try {
            status = answer.json();
        } catch (RuntimeException notJson) {
            status = Map.of();
        }
        Object message = status.get("message");
        Object reason = status.get("reason");
        List<Object> causes = list(map(status.get("details")).get("causes"));
        if ("Invalid".equals(reason) && !causes.isEmpty()) {
            return invalid(map(status.get("details")), causes);
        }
        String text = message != null ? message.toString() : answer.body().strip();
        return reason != null && !reason.toString().isEmpty() ? "Error from server (" + reason + "): " + text
                : "Error from server: " + text;
    }

    /**
     * kubectl's text for a 422 Invalid with causes (cmd/util/helpers.go, checkErr and MultilineError):
     * {@code The Deployment "web" is invalid: <field>: <message>}, or one {@code * <field>: <message>} line per cause.
     */
    private static String invalid(Map<String, Object> details, List<Object> causes) {
        Object kind = details.get("kind");
        Object name = details.get("name");
        String prefix = (kind != null && !kind.toString().isEmpty()) || (name != null && !name.toString().isEmpty())
                ? "The " + (kind == null ? "" : kind) + " \"" + (name == null ? "" : name) + "\" is invalid: "
                : "The request is invalid: ";
        // statusCausesToAggrError: "%s: %s" of the field and the message; a cause without a field has ""
        List<String> lines = causes.stream().map(c -> map(c).getOrDefault("field", "") + ": "
                + map(c).getOrDefault("message", "")).toList();
        return lines.size() == 1 ? prefix + lines.get(0) : prefix + "\n* " + String.join("\n* ", lines);
    }

    void out(String text) {
        stdout.append(text);
        output.append(text);
    }

    void err(String text) {
        stderr.append(text);
        output.append(text);
    }
}
