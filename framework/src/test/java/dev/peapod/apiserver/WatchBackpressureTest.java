package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import dev.peapod.store.ObjectStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A watch client that does not read: the server keeps at most the backlog's limit of its events, then
 * closes the watch as the watch cache closes an unresponsive watcher (cache_watcher.go add, v1.33).
 * The clients are raw sockets with a small receive buffer that read nothing until the watch was
 * closed; the writes go on until the server gives up, bounded far above what the kernel's buffers
 * can absorb (tcp_wmem's largest, 4 MiB by default, plus the client's receive buffer).
 */
@Timeout(120)
class WatchBackpressureTest {
    private static final long LIMIT = 64 * 1024;
    /** 2,000 events of 16 KiB: 32 MiB, eight times what the kernel's buffers hold at most. */
    private static final int MOST_WRITES = 2_000;
    private static final String VALUE = "x".repeat(16 * 1024);

    private FakeCluster cluster;
    private ApiServer server;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        server = ApiServer.start(cluster.context(), PodLogSource.NONE, ApiServer.BOOKMARK_INTERVAL, LIMIT);
    }

    @AfterEach
    void stop() {
        server.close();
        cluster.close();
    }

    @Test
    void aChunkedWatchWhoseClientDoesNotReadIsEndedWithItsBacklogBounded() throws IOException {
        // given: a chunked watch from now, whose client reads only the response's head
        ObjectStore store = cluster.context().store();
        try (Socket socket = idleClient()) {
            send(socket, "GET /api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + store.resourceVersion()
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String head = head(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("transfer-encoding: chunked");
            // when: changes go on until the server closes the watch
            int written = writeUntilClosed(store);
            // then: never more than the limit was kept, and the store watch is gone
            assertThat(server.watchesClosedUnresponsive()).isEqualTo(1);
            assertThat(server.peakWatchBacklog()).isPositive().isLessThanOrEqualTo(LIMIT);
            await("the store watch closed").atMost(Duration.ofSeconds(20)).until(() -> server.openWatches() == 0);
            // and: reading now, the client gets the first events, in order, then the response's end
            List<String> names = names(chunkedBody(socket.getInputStream()));
            assertThat(names).isNotEmpty().hasSizeLessThan(written);
            for (int i = 0; i < names.size(); i++) {
                assertThat(names.get(i)).isEqualTo("c" + i);
            }
        }
    }

    @Test
    void aWebSocketWatchWhoseClientDoesNotReadIsClosedWithItsBacklogBounded() throws IOException {
        // given: a WebSocket watch from now, whose client reads only the 101
        ObjectStore store = cluster.context().store();
        try (Socket socket = idleClient()) {
            send(socket, "GET /api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + store.resourceVersion()
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
            await("the store watch open").atMost(Duration.ofSeconds(20)).until(() -> server.openWatches() == 1);
            // when
            int written = writeUntilClosed(store);
            // then
            assertThat(server.watchesClosedUnresponsive()).isEqualTo(1);
            assertThat(server.peakWatchBacklog()).isPositive().isLessThanOrEqualTo(LIMIT);
            await("the store watch closed").atMost(Duration.ofSeconds(20)).until(() -> server.openWatches() == 0);
            // and: text frames with the first events, then a close frame
            List<String> names = new ArrayList<>();
            InputStream in = socket.getInputStream();
            int opcode;
            while ((opcode = frame(in, names)) != 0x8) {
                assertThat(opcode).isEqualTo(0x1);
            }
            assertThat(names).isNotEmpty().hasSizeLessThan(written);
            for (int i = 0; i < names.size(); i++) {
                assertThat(names.get(i)).isEqualTo("c" + i);
            }
        }
    }

    @Test
    void theInitialEventsDoNotCountAgainstTheLimit() throws IOException {
        // given: more stored objects than the limit holds
        ObjectStore store = cluster.context().store();
        for (int i = 0; i < 16; i++) {
            store.create(configMap("initial-" + i));
        }
        cluster.settle();
        try (Socket socket = idleClient()) {
            // when: a watch from no version, whose client reads everything
            send(socket, "GET /api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            head(socket.getInputStream());
            List<String> names = names(chunkedBody(socket.getInputStream()));
            // then: every one of them came, and the watch ended by its timeout
            assertThat(names).filteredOn(name -> name.startsWith("initial-")).hasSize(16);
            assertThat(server.watchesClosedUnresponsive()).isZero();
        }
    }

    @Test
    void aFabric8InformerWhoseWatchWasClosedListsAgainAndMissesNothing() {
        // given: a server whose watches may hold no change unwritten, so that the first change closes the watch;
        // closed at once with nothing sent, Fabric8 (8.0) takes it for an expired resourceVersion, as a 410
        try (ApiServer strict = ApiServer.start(cluster.context(), PodLogSource.NONE, ApiServer.BOOKMARK_INTERVAL, 1);
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withAutoConfigure(false)
                     .withMasterUrl(strict.url()).withNamespace("default").build()).build()) {
            List<String> added = new CopyOnWriteArrayList<>();
            SharedIndexInformer<ConfigMap> informer = client.configMaps().inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(ConfigMap object) {
                    added.add(object.getMetadata().getName());
                }

                @Override
                public void onUpdate(ConfigMap old, ConfigMap object) {
                }

                @Override
                public void onDelete(ConfigMap object, boolean unknown) {
                }
            });
            await("the informer's watch open").atMost(Duration.ofSeconds(20)).until(() -> strict.openWatches() == 1);
            // when
            ObjectStore store = cluster.context().store();
            for (String name : List.of("a", "b", "c")) {
                store.create(configMap(name));
            }
            cluster.settle(); // gives the engine back: the list and the watch that follow need it
            // then: the watch was closed, and the informer, listing again, has every object once
            await("every object").atMost(Duration.ofSeconds(30)).until(() -> added.containsAll(List.of("a", "b", "c")));
            assertThat(strict.watchesClosedUnresponsive()).isPositive();
            assertThat(added).filteredOn(name -> List.of("a", "b", "c").contains(name)).containsExactly("a", "b", "c");
            assertThat(informer.getStore().listKeys()).contains("default/a", "default/b", "default/c");
            informer.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .addToData("v", VALUE).build();
    }

    /** Creates c0, c1, ... until the server closed the watch; how many were written. */
    private int writeUntilClosed(ObjectStore store) {
        for (int i = 0; i < MOST_WRITES; i++) {
            store.create(configMap("c" + i));
            if (server.watchesClosedUnresponsive() > 0) {
                return i + 1;
            }
        }
        throw new AssertionError("the server kept a watch whose client read nothing through " + MOST_WRITES
                + " events of 16 KiB; its backlog reached " + server.peakWatchBacklog() + " bytes");
    }

    /** A client with a small receive buffer, set before connecting so that the window stays small. */
    private Socket idleClient() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout(20_000);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
        return socket;
    }

    private static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The response's status line and headers, through the blank line. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the connection ended in the response's head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (!line.toString().endsWith("\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the connection ended inside a chunk's size line: " + line);
            }
            line.append((char) b);
        }
        return line.substring(0, line.length() - 2);
    }

    /** A chunked body through its last (empty) chunk: a body that never ends fails the read's timeout. */
    private static String chunkedBody(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line(in).trim(), 16);
            if (size == 0) {
                assertThat(line(in)).isEmpty();
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(size));
            assertThat(line(in)).isEmpty();
        }
    }

    /** The object names of watch events, one JSON object a line. */
    private static List<String> names(String body) {
        List<String> names = new ArrayList<>();
        for (String event : body.split("\n")) {
            if (!event.isEmpty()) {
                names.add(name(event));
            }
        }
        return names;
    }

    private static String name(String event) {
        assertThat(event).startsWith("{\"type\":\"ADDED\",\"object\":{").endsWith("}");
        return Json.MAPPER.readTree(event).path("object").path("metadata").path("name").asString();
    }

    /** Reads one unmasked server frame (RFC 6455 5.2); a text frame's event name goes to {@code names}. */
    private static int frame(InputStream in, List<String> names) throws IOException {
        int first = in.read();
        int second = in.read();
        if (first < 0 || second < 0) {
            throw new AssertionError("the connection ended before a close frame");
        }
        assertThat(first & 0x80).as("FIN: the server sends whole messages").isEqualTo(0x80);
        long length = second & 0x7f;
        if (length == 126) {
            length = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | (in.read() & 0xff);
            }
        }
        byte[] payload = in.readNBytes((int) length);
        int opcode = first & 0x0f;
        if (opcode == 0x1) {
            names.add(name(new String(payload, StandardCharsets.UTF_8)));
        }
        return opcode;
    }
}
