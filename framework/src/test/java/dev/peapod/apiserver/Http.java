package dev.peapod.apiserver;

import dev.peapod.FakeCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;

/** Raw HTTP against a cluster's API server, from the test's thread (the engine is free between verbs). */
final class Http {
    /** HTTP/1.1, as kubectl and Fabric8 speak to an API server on plain HTTP (no h2c upgrade). */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String url;

    Http(FakeCluster cluster) {
        this.url = cluster.client().getMasterUrl().toString().replaceAll("/$", "");
    }

    String url() {
        return url;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET().build());
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
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
    static HttpResponse<java.util.stream.Stream<String>> sendLines(HttpRequest request) {
        return uncheck(() -> CLIENT.send(request, HttpResponse.BodyHandlers.ofLines()));
    }

    /** Every line of a response that ends (a watch with a timeout or an error), settling the cluster meanwhile. */
    static java.util.List<String> lines(HttpRequest request) {
        return uncheck(() -> CLIENT.send(request, HttpResponse.BodyHandlers.ofLines()).body().toList());
    }

    private static <T> T uncheck(Callable<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
