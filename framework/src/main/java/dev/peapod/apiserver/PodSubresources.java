package dev.peapod.apiserver;

import dev.peapod.apiserver.patch.GoJson;
import dev.peapod.core.PeapodException;
import dev.peapod.runtime.LogLine;
import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pods' subresources that are not the pod itself: {@code log} (pkg/registry/core/pod/rest/log.go,
 * the location checks of pkg/registry/core/pod/strategy.go LogLocation, the kubelet's options),
 * {@code eviction} (pkg/registry/core/pod/storage/eviction.go) and {@code binding}
 * (pkg/registry/core/pod/storage/storage.go BindingREST). Eviction and binding answer 201 with a
 * Success Status, as the create handler gives a Status without a code the code 201.
 *
 * <p>An eviction is checked against the PodDisruptionBudget that selects the pod ({@link
 * dev.peapod.store.Evictions}): 429 TooManyRequests when it allows no disruption, and, as upstream, a
 * Status with code 500 when more than one selects the pod.
 */
final class PodSubresources {
    static final Set<String> NAMES = Set.of("log", "eviction", "binding", "exec");
    /** The kubelet's RFC3339NanoFixed, what {@code timestamps=true} puts before each line. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectStore store;
    private final EventLoop loop;
    private final VirtualClock clock;
    private final PodLogSource logs;

    PodSubresources(ObjectStore store, EventLoop loop, VirtualClock clock, PodLogSource logs) {
        this.store = store;
        this.loop = loop;
        this.clock = clock;
        this.logs = logs;
    }

    /** Whether the path is one of these subresources of a pod. */
    static boolean serves(RequestPath path) {
        return path.resource() != null && path.resource().type() == Pod.class && path.name() != null && path.subresource() != null
                && NAMES.contains(path.subresource());
    }

    MockResponse dispatch(RecordedRequest request, RequestPath path, Query query) {
        String method = request.getMethod();
        return switch (path.subresource()) {
            case "log" -> method.equals("GET") ? log(path, query) : Statuses.methodNotAllowed();
            case "eviction" -> method.equals("POST") ? evict(request, path, query) : Statuses.methodNotAllowed();
            case "binding" -> method.equals("POST") ? bind(request, path, query) : Statuses.methodNotAllowed();
            // PodExec serves exec's upgrades; what reaches here is a plain request (or a method exec does not take)
            case "exec" -> method.equals("GET") || method.equals("POST") ? Statuses.response(ApiException.badRequest("Upgrade request required"))
                    : Statuses.methodNotAllowed();
            default -> throw new IllegalStateException("not a pod subresource: " + path.subresource());
        };
    }

    // ---------------------------------------------------------------- log

    /** The options of a log request, checked as ValidatePodLogOptions checks them. */
    record LogOptions(String container, boolean previous, Long tailLines, boolean timestamps, Long limitBytes,
                      Long sinceSeconds, Instant sinceTime, boolean follow) {

        static LogOptions read(String pod, Query query) {
            LogOptions options = new LogOptions(query.get("container"), query.flag("previous"), query.number("tailLines"),
                    query.flag("timestamps"), query.number("limitBytes"), query.number("sinceSeconds"), sinceTime(query),
                    query.flag("follow"));
            List<FieldError> errors = new ArrayList<>();
            if (options.tailLines != null && options.tailLines < 0) {
                errors.add(FieldError.invalid("tailLines", options.tailLines, "must be greater than or equal to 0"));
            }
            if (options.limitBytes != null && options.limitBytes < 1) {
                errors.add(FieldError.invalid("limitBytes", options.limitBytes, "must be greater than 0"));
            }
            if (options.sinceSeconds != null && options.sinceTime != null) {
                errors.add(FieldError.forbidden("sinceTime", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
            }
            if (options.sinceSeconds != null && options.sinceSeconds < 1) {
                errors.add(FieldError.invalid("sinceSeconds", options.sinceSeconds, "must be greater than 0"));
            }
            if (!errors.isEmpty()) {
                throw ApiException.invalid("PodLogOptions", pod, errors);
            }
            return options;
        }

        /**
         * metav1.Time's UnmarshalQueryParameter: RFC 3339, or empty or {@code null} for Go's zero time
         * (before every line); what Go cannot parse is the parameter decoder's 400 with Go's error.
         */
        private static Instant sinceTime(Query query) {
            String text = query.values().get("sinceTime"); // present though empty: Go's zero time, not absent
            if (text == null) {
                return null;
            }
            if (text.isEmpty() || text.equals("null")) {
                return Instant.MIN;
            }
            try {
                return GoTime.parseRfc3339(text);
            } catch (IllegalArgumentException refused) {
                throw ApiException.badRequest(refused.getMessage());
            }
        }

        /** The same options without the byte limit (a follower counts the bytes of the whole stream). */
        LogOptions withoutLimit() {
            return new LogOptions(container, previous, tailLines, timestamps, null, sinceSeconds, sinceTime, follow);
        }

        /**
         * The kubelet's NewLogOptions: since {@code sinceSeconds} before now, or {@code sinceTime} when
         * it is later; null: every line.
         */
        Instant since(Instant now) {
            Instant since = sinceSeconds == null ? null : now.minusSeconds(sinceSeconds);
            if (sinceTime != null && (since == null || sinceTime.isAfter(since))) {
                since = sinceTime;
            }
            return since;
        }
    }

    private MockResponse log(RequestPath path, Query query) {
        String pod = path.name();
        LogOptions options = LogOptions.read(pod, query);
        if (options.follow()) {
            // the server streams these before they reach a dispatcher (LogFollower); one that gets here cannot be
            throw ApiException.badRequest("follow=true cannot be answered by a single response: open it through the server");
        }
        String text = loop.exclusive("GET pods/log", () -> {
            Pod found = store.get(Pod.class, path.namespace(), pod).orElseThrow(() -> ApiException.notFound("pods", pod));
            String container = container(found, options.container());
            String node = found.getSpec().getNodeName();
            if (node == null || node.isEmpty()) {
                return ""; // LogLocation: no host yet, no location, an empty stream
            }
            List<LogLine> lines;
            try {
                lines = logs.lines(path.namespace(), pod, container, options.previous());
            } catch (PeapodException refused) {
                throw ApiException.badRequest(refused.getMessage());
            }
            return render(lines, options, clock.now());
        });
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                .setBody(new Buffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code follow=true}: the lines so far (since, tail, timestamps as without follow), then each new
     * line as the container writes it, until the container stops (the kubelet's ReadLogs returns once
     * the container is not running, so a previous run's log just ends), the byte limit is reached, or
     * the client goes. Called on a worker thread; a refusal before anything was sent is thrown.
     */
    void follow(RequestPath path, Query query, WatchSink sink) {
        String pod = path.name();
        LogOptions options = LogOptions.read(pod, query);
        LogFollower follower = new LogFollower(sink, options);
        loop.exclusive("GET pods/log?follow=true", () -> {
            Pod found = store.get(Pod.class, path.namespace(), pod).orElseThrow(() -> ApiException.notFound("pods", pod));
            String container = container(found, options.container());
            String node = found.getSpec().getNodeName();
            if (node == null || node.isEmpty()) {
                follower.begin("", () -> { }); // LogLocation: no host yet, an empty stream
                follower.end();
                return null;
            }
            PodLogSource.Following following;
            try {
                following = logs.follow(path.namespace(), pod, container, options.previous(), follower::line, follower::end);
            } catch (PeapodException refused) {
                throw ApiException.badRequest(refused.getMessage());
            }
            follower.begin(render(following.lines(), options.withoutLimit(), clock.now()), following.stop());
            return null;
        });
        sink.onClose(follower::stop);
    }

    /** strategy.go LogLocation: the container named, or the only one; else upstream's BadRequest. */
    static String container(Pod pod, String container) {
        String name = pod.getMetadata().getName();
        List<Container> containers = pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
        if (container == null) {
            if (containers.size() == 1) {
                return containers.get(0).getName();
            }
            if (containers.isEmpty()) {
                throw ApiException.badRequest("a container name must be specified for pod " + name);
            }
            List<String> names = containers.stream().map(Container::getName).toList();
            String message = "a container name must be specified for pod " + name + ", choose one of: " + goList(names);
            List<String> init = pod.getSpec().getInitContainers() == null ? List.of()
                    : pod.getSpec().getInitContainers().stream().map(Container::getName).toList();
            if (!init.isEmpty()) {
                message += " or one of the init containers: " + goList(init);
            }
            throw ApiException.badRequest(message);
        }
        boolean known = containers.stream().anyMatch(c -> c.getName().equals(container))
                || pod.getSpec().getInitContainers() != null
                && pod.getSpec().getInitContainers().stream().anyMatch(c -> c.getName().equals(container));
        if (!known) {
            throw ApiException.badRequest("container " + container + " is not valid for pod " + name);
        }
        return container;
    }

    /** Go's %v of a []string: {@code [a b]}. */
    private static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    /** The kubelet's reading of the lines: since, then the tail, timestamps, then the byte limit. */
    static String render(List<LogLine> lines, LogOptions options, Instant now) {
        List<LogLine> kept = new ArrayList<>();
        Instant since = options.since(now);
        for (LogLine line : lines) {
            if (since == null || !line.at().isBefore(since)) {
                kept.add(line);
            }
        }
        if (options.tailLines() != null && kept.size() > options.tailLines()) {
            kept = kept.subList(kept.size() - options.tailLines().intValue(), kept.size());
        }
        StringBuilder text = new StringBuilder();
        for (LogLine line : kept) {
            text.append(render(line, options.timestamps()));
        }
        return limited(text.toString(), options.limitBytes());
    }

    /** One line as the kubelet writes it: its RFC3339NanoFixed time first when asked. */
    static String render(LogLine line, boolean timestamps) {
        return timestamps ? TIMESTAMP.format(line.at()) + " " + line.text() + "\n" : line.text() + "\n";
    }

    /** The first {@code limit} bytes of the text; null: all of it. */
    static String limited(String text, Long limit) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (limit != null && bytes.length > limit) {
            return new String(bytes, 0, limit.intValue(), StandardCharsets.UTF_8);
        }
        return text;
    }

    // ---------------------------------------------------------------- eviction

    private MockResponse evict(RecordedRequest request, RequestPath path, Query query) {
        boolean dryRun = query.dryRun("CreateOptions");
        JsonNode eviction = body(request, "Eviction");
        String name = eviction.path("metadata").path("name").asString("");
        if (!name.equals(path.name())) {
            throw ApiException.badRequest("name in URL does not match name in Eviction object");
        }
        JsonNode deleteOptions = eviction.get("deleteOptions");
        DeleteOptions options = deleteOptions == null || deleteOptions.isNull() ? DeleteOptions.read(empty(), new Query(Map.of()))
                : DeleteOptions.read(withBody(Json.bytes(deleteOptions)), new Query(Map.of()));
        boolean dry = dryRun || options.dryRun();
        dev.peapod.store.Evictions.Outcome outcome = loop.exclusive("POST pods/eviction", () -> {
            java.util.concurrent.Callable<dev.peapod.store.Evictions.Outcome> evict = () -> {
                Pod pod = store.get(Pod.class, path.namespace(), name).orElse(null);
                if (pod != null) {
                    options.checkPreconditions("pods", pod);
                }
                return store.evict(path.namespace(), name, options.gracePeriodSeconds(), options.propagation());
            };
            return dry ? store.dryRun(() -> {
                try {
                    return evict.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new PeapodException(e.getMessage(), e);
                }
            }) : evict.call();
        });
        if (outcome == dev.peapod.store.Evictions.Outcome.MULTIPLE_BUDGETS) {
            // the REST layer's own Status: code 500, no reason, nothing changed
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("kind", "Status");
            status.put("apiVersion", "v1");
            status.put("metadata", Map.of());
            status.put("status", "Failure");
            status.put("message", dev.peapod.store.Evictions.MULTIPLE_BUDGETS);
            status.put("code", 500);
            return Statuses.json(500, status);
        }
        return Statuses.json(201, success());
    }

    // ---------------------------------------------------------------- binding

    private MockResponse bind(RecordedRequest request, RequestPath path, Query query) {
        boolean dryRun = query.dryRun("CreateOptions");
        JsonNode binding = body(request, "Binding");
        String name = binding.path("metadata").path("name").asString("");
        if (!name.equals(path.name())) {
            throw ApiException.badRequest("name in URL does not match name in Binding object");
        }
        JsonNode target = binding.path("target");
        String kind = target.path("kind").asString("");
        String node = target.path("name").asString("");
        List<FieldError> errors = new ArrayList<>();
        if (!kind.isEmpty() && !kind.equals("Node")) {
            errors.add(FieldError.notSupported("target.kind", kind, List.of("Node", "<empty>")));
        }
        if (node.isEmpty()) {
            errors.add(FieldError.required("target.name", ""));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Binding", name, errors);
        }
        loop.exclusive("POST pods/binding", () -> dryRun
                ? store.dryRun(() -> store.bind(path.namespace(), name, node))
                : store.bind(path.namespace(), name, node));
        return Statuses.json(201, success());
    }

    // ---------------------------------------------------------------- shared

    /** What the create handler answers for a Status without a code: Success, code 201. */
    private static Map<String, Object> success() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.put("metadata", Map.of());
        status.put("status", "Success");
        status.put("code", 201);
        return status;
    }

    /** A JSON object body; anything else is upstream's BadRequest for an undecodable body. */
    private static JsonNode body(RecordedRequest request, String kind) {
        byte[] bytes = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        String syntax = GoJson.syntaxError(bytes).orElse(null);
        if (syntax != null) {
            throw ApiException.badRequest("the object provided is unrecognized (must be of type " + kind
                    + "): couldn't get version/kind; json parse error: " + syntax + " (" + Bodies.summary(bytes) + ")");
        }
        try {
            JsonNode tree = Json.MAPPER.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw ApiException.badRequest("the object provided is unrecognized (must be of type " + kind + "): "
                        + "a " + kind + " body is a JSON object (" + Bodies.summary(bytes) + ")");
            }
            JsonNode given = tree.get("kind");
            if (given != null && !given.isNull() && !given.asString("").isEmpty() && !given.asString("").equals(kind)) {
                throw ApiException.badRequest("not a " + kind + " object: " + given.asString(""));
            }
            return tree;
        } catch (JacksonException e) {
            throw ApiException.badRequest("the object provided is unrecognized (must be of type " + kind + "): "
                    + e.getOriginalMessage() + " (" + Bodies.summary(bytes) + ")");
        }
    }

    private static RecordedRequest empty() {
        return withBody(new byte[0]);
    }

    private static RecordedRequest withBody(byte[] body) {
        return new RecordedRequest("HTTP/1.1", HttpMethod.POST, "/", Headers.builder().build(), new Buffer(body));
    }
}
