package dev.peapod;

import dev.peapod.apiserver.ApiServer;
import dev.peapod.apiserver.PodExecSource;
import dev.peapod.apiserver.PodLogSource;
import dev.peapod.core.PeapodException;
import dev.peapod.spi.ClusterContext;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A cluster's HTTP face and what is made on it, each made on first use: the API server, one Fabric8
 * client, one kubeconfig file. Closing closes the client, stops the server and deletes the kubeconfig
 * and its folder. Callable from any thread.
 */
final class HttpFace implements AutoCloseable {
    private final ClusterContext context;
    private final Supplier<String> namespace;
    private final PodLogSource logs;
    private final PodExecSource execs;
    private ApiServer server;
    private KubernetesClient client;
    private Path kubeconfig;
    private boolean https;

    HttpFace(ClusterContext context, Supplier<String> namespace, PodLogSource logs, PodExecSource execs) {
        this.context = context;
        this.namespace = namespace;
        this.logs = logs;
        this.execs = execs;
    }

    synchronized ApiServer server() {
        if (server == null) {
            server = https ? ApiServer.startHttps(context, logs, execs) : ApiServer.start(context, logs, execs);
        }
        return server;
    }

    /** Serves HTTPS from the start; refused once the server runs over plain HTTP (its clients hold its URL). */
    synchronized void https() {
        if (server != null && !https) {
            throw new PeapodException("the cluster's HTTP API already serves plain HTTP at " + server.url()
                    + " (client() or kubeconfig() started it): call serveHttps() before them");
        }
        https = true;
    }

    /** The server's certificate, base64 of its PEM as kubeconfig's certificate-authority-data and Fabric8's caCertData take it. */
    private java.util.Optional<String> caData() {
        return server().caCertificatePem().map(pem -> java.util.Base64.getEncoder().encodeToString(
                pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    synchronized KubernetesClient client() {
        if (client == null) {
            // no auto-configuration: the host's ~/.kube/config and environment must not reach the client
            dev.peapod.time.EngineLock engine = context.loop().engine();
            client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withAutoConfigure(false)
                    .withMasterUrl(server().url()).withCaCertData(caData().orElse(null)).withNamespace(namespace.get()).build())
                    // on the calling thread, before it waits: a thread that holds the engine gives it back or fails
                    .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("peapod-engine",
                            new io.fabric8.kubernetes.client.http.Interceptor() {
                                @Override
                                public void before(io.fabric8.kubernetes.client.http.BasicBuilder request,
                                        io.fabric8.kubernetes.client.http.HttpRequest sent, RequestTags tags) {
                                    // a plain GET reads the store without the engine; writes, watches, exec and logs (the runtime's) need it
                                    String query = sent.uri().getQuery() == null ? "" : sent.uri().getQuery();
                                    if (!sent.method().equals("GET") || query.contains("watch=true") || sent.uri().getPath().contains("/watch/")
                                            || sent.uri().getPath().endsWith("/exec") || sent.uri().getPath().endsWith("/log")) {
                                        engine.beforeWaitingForARequest("cluster.client(): " + sent.method() + " " + sent.uri().getPath());
                                    }
                                }
                            }))
                    .build();
        }
        return client;
    }

    synchronized Path kubeconfig() {
        if (kubeconfig == null) {
            try {
                Path folder = Files.createTempDirectory("peapod-kubeconfig-");
                kubeconfig = Files.writeString(folder.resolve("config"), kubeconfigText(server().url(), caData(), namespace.get()));
            } catch (IOException e) {
                throw new PeapodException("cannot write the cluster's kubeconfig in the temporary folder: " + e.getMessage(), e);
            }
        }
        return kubeconfig;
    }

    /** One cluster, user and context, all named {@code peapod}; no credentials (the server asks for none). */
    static String kubeconfigText(String url, java.util.Optional<String> caData, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: peapod
                  cluster:
                    server: %s
                %susers:
                - name: peapod
                  user: %s
                contexts:
                - name: peapod
                  context:
                    cluster: peapod
                    user: peapod
                    namespace: %s
                current-context: peapod
                preferences: {}
                """.formatted(url, caData.map(data -> "    certificate-authority-data: " + data + "\n").orElse(""),
                // over TLS, kubectl asks for a user name on its terminal unless the user has credentials
                // (clientcmd canIdentifyUser): a token, which the server does not check
                caData.isPresent() ? "{token: peapod}" : "{}", namespace);
    }

    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        if (client != null) {
            try {
                client.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (kubeconfig != null) {
            try {
                Files.deleteIfExists(kubeconfig);
                Files.deleteIfExists(kubeconfig.getParent());
            } catch (IOException e) {
                failure = failure == null ? new UncheckedIOException(e) : failure;
            }
        }
        client = null;
        server = null;
        kubeconfig = null;
        if (failure != null) {
            throw failure;
        }
    }
}
