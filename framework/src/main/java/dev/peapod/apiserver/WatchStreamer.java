package dev.peapod.apiserver;

import dev.peapod.store.ApiException;
import dev.peapod.store.FieldError;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import dev.peapod.store.Watch;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves watches: opens a store watch through {@link EventLoop#exclusive} and streams its events as
 * the API server's watch events ({@code {"type":"ADDED","object":{...}}}, apimachinery
 * pkg/apis/meta/v1 WatchEvent) to a {@link WatchSink}.
 *
 * <ul>
 *   <li>No resourceVersion, or {@code 0}: every matching object as ADDED, then the changes (the store's
 *       list-then-watch, as the watch cache serves them); a version: the changes after it, replayed from
 *       the store's history.</li>
 *   <li>A version older than the history: HTTP 200 and one ERROR event carrying the 410 Expired Status
 *       ({@code too old resource version: X (Y)}), then the end, as the watch cache's error watcher does
 *       (apiserver/pkg/storage/cacher/cacher.go newErrWatcher). A version the store has not reached:
 *       the same with the 504 {@code Too large resource version}.</li>
 *   <li>{@code allowWatchBookmarks=true}: a BOOKMARK event (an object of the kind with only
 *       {@code metadata.resourceVersion}) every bookmark interval of real time, 1 minute by default as
 *       the watch cache's defaultBookmarkFrequency, read with the engine held so that every change up to
 *       it has been sent.</li>
 *   <li>{@code timeoutSeconds}: the stream ends after that many real seconds; without it after 1,800 s
 *       (the API server's --min-request-timeout; upstream adds a random part, Peapod does not).</li>
 *   <li>The client going away closes the store watch.</li>
 *   <li>A client that does not read what it was sent: once its {@link Backlog} passes the limit, the
 *       store watch is closed and the stream ended (chunked: the response ends after what was already
 *       handed over; WebSocket: closed), as the watch cache forces an unresponsive watcher closed. The
 *       client re-watches from the last version it read, or re-lists on a 410.</li>
 * </ul>
 */
final class WatchStreamer {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1800);

    private final ObjectStore store;
    private final EventLoop loop;
    private final VirtualClock clock;
    private final Vertx vertx;
    private final Duration bookmarkInterval;
    private final long backlogLimit;
    /** The largest backlog of any watch so far, in bytes: for the server's tests. */
    private final java.util.concurrent.atomic.AtomicLong peakBacklog = new java.util.concurrent.atomic.AtomicLong();
    /** Watches closed because their client did not read: for the server's tests. */
    private final java.util.concurrent.atomic.AtomicInteger unresponsive = new java.util.concurrent.atomic.AtomicInteger();
    /** Store watches open for clients now: each goes when its client does, its timeout ends it, or the server stops. */
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();

    WatchStreamer(ObjectStore store, EventLoop loop, VirtualClock clock, Vertx vertx, Duration bookmarkInterval, long backlogLimit) {
        this.store = store;
        this.loop = loop;
        this.clock = clock;
        this.vertx = vertx;
        this.bookmarkInterval = bookmarkInterval;
        this.backlogLimit = backlogLimit;
    }

    /** A new watch's backlog, bounded by this server's limit. */
    Backlog backlog() {
        return new Backlog(backlogLimit, peakBacklog);
    }

    /**
     * What a watch asks for, checked before any response is begun; {@code transform} turns each event's
     * object into what the Accept header asked for (a Table, a PartialObjectMetadata), one per stream.
     */
    record Request(ApiResource resource, ListOptions options, Long from, boolean bookmarks, Duration timeout,
                   Transform transform) {
    }

    /** Reads and checks a watch's query (ValidateListOptions' watch rules); a refusal is a plain Status. */
    /** A hundred years: {@code timeoutSeconds} above it is taken as this. */
    static final long LONGEST_TIMEOUT_SECONDS = Duration.ofDays(36_500).toSeconds();

    static Request request(RequestPath path, Query query, Transform transform) {
        if (query.get("sendInitialEvents") != null) {
            throw ApiException.badRequest("sendInitialEvents is not served by Peapod yet: list, then watch from the list's "
                    + "resourceVersion");
        }
        if (query.get("resourceVersionMatch") != null) {
            throw ApiException.invalid("ListOptions.meta.k8s.io", "", List.of(FieldError.forbidden("resourceVersionMatch",
                    "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")));
        }
        ListOptions options = ResourceDispatcher.listOptions(path, query);
        String rv = query.get("resourceVersion");
        Long from = null;
        if (rv != null && !rv.equals("0")) {
            try {
                from = Long.parseUnsignedLong(rv);
            } catch (NumberFormatException e) {
                throw ApiException.invalid(ResourceDispatcher.qualified(path.resource()), "", List.of(FieldError.invalid(
                        "resourceVersion", rv, "strconv.ParseUint: parsing " + FieldError.quote(rv) + ": invalid syntax")));
            }
        }
        Long seconds = query.number("timeoutSeconds");
        // a timeout past what a timer can hold in milliseconds means "no timeout" in effect: capped, never an overflow
        Duration timeout = seconds == null || seconds <= 0 ? DEFAULT_TIMEOUT : Duration.ofSeconds(Math.min(seconds, LONGEST_TIMEOUT_SECONDS));
        return new Request(path.resource(), options, from, query.flag("allowWatchBookmarks"), timeout, transform);
    }

    /**
     * Opens the watch and starts streaming; returns once the store watch is open (its first events
     * may still be on their way). A refusal before anything was sent is thrown; the store's 410 and 504
     * become an ERROR event.
     */
    void open(Request request, WatchSink sink) {
        AtomicBoolean closed = new AtomicBoolean();
        Watch watch;
        try {
            ApiResource resource = request.resource();
            // a custom resource's Table has its version's additionalPrinterColumns
            Transform custom = CustomResourceRoutes.isCustom(resource) ? request.transform().withPrinter(CustomResourceTables.printer(
                    store.customResources().printerColumns(resource.group(), resource.plural(), resource.version())).printer()) : null;
            watch = loop.exclusive("watch " + resource.plural(), () -> {
                Watch opened = CustomResourceRoutes.isCustom(resource)
                        ? store.customResources().watch(resource.group(), resource.plural(), request.options(), request.from(), event -> {
                            HasMetadata object = event.object();
                            // at another version only apiVersion differs (conversion None), and that map is sent as it is
                            deliver(sink, eventJson(event.type().name(), resource.groupVersion().equals(object.getApiVersion())
                                    ? custom.event(object, clock.now()) : inVersion(object, resource.groupVersion())));
                        })
                        : store.watch(resource.type().asSubclass(HasMetadata.class), request.options(), request.from(),
                                event -> deliver(sink, eventJson(event.type().name(), request.transform().event(event.object(), clock.now()))));
                sink.backlog().goLive(); // the initial events were all delivered inside watch(..)
                return opened;
            });
        } catch (ApiException refused) {
            if (refused.code() != 410 && refused.code() != 504) {
                throw refused;
            }
            sink.send(eventJson("ERROR", Statuses.of(refused)));
            sink.end();
            return;
        }
        open.incrementAndGet();
        sink.begin();
        long timer = vertx.setTimer(request.timeout().toMillis(), id -> sink.end());
        AtomicBoolean pending = new AtomicBoolean();
        long bookmarks = request.bookmarks()
                ? vertx.setPeriodic(bookmarkInterval.toMillis(), id -> bookmark(request, sink, closed, pending)) : -1;
        sink.onClose(() -> {
            if (closed.compareAndSet(false, true)) {
                open.decrementAndGet();
                watch.close();
                vertx.cancelTimer(timer);
                if (bookmarks >= 0) {
                    vertx.cancelTimer(bookmarks);
                }
            }
        });
    }

    /** The path a watch asks for: a built-in resource's, or a custom resource's. */
    Optional<RequestPath> route(String uri) {
        return RequestPath.parse(uri).or(() -> CustomResourceRoutes.parse(uri, store.customResources()));
    }

    /**
     * Hands an event to the client; when its backlog is full, ends the stream instead (once): the
     * store watch closes when the stream does. Runs on the engine's thread: never waits.
     */
    private void deliver(WatchSink sink, String json) {
        if (!sink.send(json) && sink.backlog().closing()) {
            unresponsive.incrementAndGet();
            sink.end();
        }
    }

    /** The largest backlog any watch had, in bytes: for the server's tests. */
    long peakBacklog() {
        return peakBacklog.get();
    }

    /** How many watches were closed because their client did not read: for the server's tests. */
    int closedUnresponsive() {
        return unresponsive.get();
    }

    /** How many store watches are open for clients: for the server's tests. */
    int open() {
        return open.get();
    }

    /** The event's object at the request's version (conversion None: only apiVersion differs), without touching the store's copy. */
    private static Object inVersion(HasMetadata object, String groupVersion) {
        if (groupVersion.equals(object.getApiVersion())) {
            return object;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = Json.MAPPER.convertValue(object, LinkedHashMap.class);
        tree.put("apiVersion", groupVersion);
        return tree;
    }

    /** One BOOKMARK at the store's version, read with the engine held (after every delivered change). */
    private void bookmark(Request request, WatchSink sink, AtomicBoolean closed, AtomicBoolean pending) {
        if (closed.get() || !pending.compareAndSet(false, true)) {
            return;
        }
        vertx.executeBlocking(() -> loop.exclusive("watch bookmark", () -> {
            if (!closed.get()) {
                deliver(sink, eventJson("BOOKMARK", request.transform().event(bookmarkObject(request.resource(), store.resourceVersion()),
                        clock.now())));
            }
            return null;
        }), false).onComplete(done -> pending.set(false));
    }

    static HasMetadata bookmarkObject(ApiResource resource, long resourceVersion) {
        try {
            HasMetadata object = resource.type().getDeclaredConstructor().newInstance();
            ObjectMeta meta = new ObjectMeta();
            meta.setResourceVersion(Long.toString(resourceVersion));
            object.setMetadata(meta);
            if (CustomResourceRoutes.isCustom(resource)) { // an unstructured bookmark names its kind
                object.setApiVersion(resource.groupVersion());
                ((io.fabric8.kubernetes.api.model.GenericKubernetesResource) object).setKind(resource.kind());
            }
            return object;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a bookmark " + resource.kind(), e);
        }
    }

    static String eventJson(String type, Object object) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("object", object);
        return Json.string(event);
    }

}
