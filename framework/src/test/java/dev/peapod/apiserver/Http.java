package dev.peapod.apiserver;

import dev.peapod.FakeCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;

/** Raw HTTP against a cluster's API server, and a way to call it from the cluster's own thread. */
final class Http {
    /** HTTP/1.1, as kubectl and Fabric8 speak to an API server on plain HTTP (no h2c upgrade). */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final FakeCluster cluster;
    private final String url;

    Http(FakeCluster cluster) {
        this.cluster = cluster;
        this.url = cluster.client().getMasterUrl().toString().replaceAll("/$", "");
    }

    String url() {
        return url;
    }

    HttpResponse<String> get(String path) {
        return stepping(cluster, () -> send(HttpRequest.newBuilder(URI.create(url + path)).GET().build()));
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return stepping(cluster, () -> send(request.build()));
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request whose body is read line by line (a chunked watch); waits for its headers while settling the cluster. */
    static HttpResponse<java.util.stream.Stream<String>> sendLines(HttpRequest request, FakeCluster cluster) {
        return stepping(cluster, () -> CLIENT.send(request, HttpResponse.BodyHandlers.ofLines()));
    }

    /** Every line of a response that ends (a watch with a timeout or an error), settling the cluster meanwhile. */
    static java.util.List<String> lines(HttpRequest request, FakeCluster cluster) {
        return stepping(cluster, () -> CLIENT.send(request, HttpResponse.BodyHandlers.ofLines()).body().toList());
    }

    /**
     * Runs {@code call} on another thread while this one, the cluster's, keeps settling the cluster,
     * so that a write waiting for the loop gets it; no virtual time passes.
     */
    static <T> T stepping(FakeCluster cluster, Callable<T> call) {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        while (!result.isDone()) {
            cluster.settle();
            LockSupport.parkNanos(200_000);
            if (Thread.interrupted()) {
                throw new IllegalStateException("interrupted while waiting for an HTTP call");
            }
        }
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
