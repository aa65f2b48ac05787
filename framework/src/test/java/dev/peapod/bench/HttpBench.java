package dev.peapod.bench;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue #14's benchmark: get, list, create and watch-event throughput through HTTP with 100 and
 * 10,000 ConfigMaps stored, Peapod's HTTP API ({@link FakeCluster#client()}) beside Fabric8's CRUD
 * mock server ({@link KubernetesMockServer} with a {@link KubernetesCrudDispatcher}), measured in the
 * same run with the same client code (one Fabric8 client, Vert.x, synchronous calls from one thread).
 * Each server and size runs in a JVM of its own ({@link Bench#SCALE_JVM}). Figures are printed, never
 * asserted (STYLE §3).
 */
final class HttpBench {
    static final int[] SIZES = {100, 10_000};
    static final String[] SERVERS = {"peapod", "crud"};
    static final String[] OPERATIONS = {"get", "list limit=500", "list all", "create", "watch event"};
    /** Objects created per watch round (the watcher waits for all of their ADDED events). */
    private static final int WATCH_BATCH = 200;
    /** Creates per create round, deleted (untimed) after each round so the store keeps its size. */
    private static final int CREATE_BATCH = 200;

    /** The mock server's logger, held here: java.util.logging keeps only weak references to loggers. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

    private HttpBench() {
    }

    /** Every server and size, each forked; then the table. {@code seconds}: how long each operation is timed. */
    static void run(double seconds) {
        List<String> jvm = List.of(System.getProperty("peapod.bench.jvm", Bench.SCALE_JVM).trim().split("\\s+"));
        System.out.println("Peapod HTTP API beside Fabric8's CRUD mock server (" + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores; each server and size in its own JVM: "
                + String.join(" ", jvm) + "; each operation warmed up, then timed for " + seconds + " s; ops/s)");
        double[][][] opsPerSecond = new double[SERVERS.length][SIZES.length][];
        for (int s = 0; s < SERVERS.length; s++) {
            for (int n = 0; n < SIZES.length; n++) {
                String[] r = Bench.fork(jvm, "http-case", SERVERS[s], String.valueOf(SIZES[n]), String.valueOf(seconds)).split(" ");
                opsPerSecond[s][n] = java.util.Arrays.stream(r).mapToDouble(Double::parseDouble).toArray();
            }
        }
        System.out.printf(Locale.ROOT, "%-15s %7s %12s %12s %10s%n", "operation", "objects", "Peapod", "CRUD mock", "Peapod/CRUD");
        for (int o = 0; o < OPERATIONS.length; o++) {
            for (int n = 0; n < SIZES.length; n++) {
                double peapod = opsPerSecond[0][n][o];
                double crud = opsPerSecond[1][n][o];
                System.out.printf(Locale.ROOT, "%-15s %,7d %12s %12s %10.1fx%n", OPERATIONS[o], SIZES[n], figure(peapod), figure(crud),
                        peapod / crud);
            }
        }
        System.out.println("flatness (ops/s at 10,000 objects / ops/s at 100; 1.0 is flat):");
        for (int o = 0; o < OPERATIONS.length; o++) {
            System.out.printf(Locale.ROOT, "%-15s Peapod %.2f   CRUD mock %.2f%n", OPERATIONS[o],
                    opsPerSecond[0][1][o] / opsPerSecond[0][0][o], opsPerSecond[1][1][o] / opsPerSecond[1][0][o]);
        }
    }

    private static String figure(double opsPerSecond) {
        if (Double.isNaN(opsPerSecond)) {
            return "failed";
        }
        return String.format(Locale.ROOT, opsPerSecond >= 100 ? "%,.0f" : "%,.1f", opsPerSecond);
    }

    /** One server and size in this (forked) JVM: prints {@code result} and the ops/s of each operation, in {@link #OPERATIONS}' order. */
    static void runCase(String server, int objects, double seconds) throws Exception {
        List<ConfigMap> preset = new ArrayList<>(objects);
        for (int i = 0; i < objects; i++) {
            preset.add(configMap("stored-" + i, "stored"));
        }
        long start = System.nanoTime();
        double[] r;
        switch (server) {
            case "peapod" -> {
                try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
                    preset.forEach(cluster::apply);
                    KubernetesClient client = cluster.client();
                    r = measure(server, client, objects, start, seconds);
                }
            }
            case "crud" -> {
                // the mock server logs every request at INFO (java.util.logging, to the console): measured is the
                // server, not its console, so its log is kept to warnings (Peapod's HTTP API logs no request either)
                MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
                KubernetesMockServer mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                        new KubernetesCrudDispatcher(), false);
                mock.init(InetAddress.getByName("127.0.0.1"), 0);
                try (KubernetesClient client = mock.createClient()) {
                    for (ConfigMap configMap : preset) { // the mock has no store of its own to fill: through its client
                        client.configMaps().resource(configMap).create();
                    }
                    r = measure(server, client, objects, start, seconds);
                } finally {
                    mock.destroy();
                }
            }
            default -> throw new IllegalArgumentException("no server " + server);
        }
        StringBuilder result = new StringBuilder("result");
        for (double v : r) {
            result.append(' ').append(v);
        }
        System.out.println(result);
    }

    private static double[] measure(String server, KubernetesClient client, int objects, long start, double seconds) throws Exception {
        String namespace = client.getNamespace();
        int counted = client.configMaps().inNamespace(namespace).list().getItems().size();
        if (counted != objects) {
            throw new IllegalStateException(server + " lists " + counted + " ConfigMaps, not " + objects);
        }
        System.out.printf(Locale.ROOT, "  %s, %,d ConfigMaps stored and counted in %.1f s%n", server, objects, (System.nanoTime() - start) / 1e9);
        Operations ops = new Operations(client, namespace, objects);
        double[] r = new double[OPERATIONS.length];
        Round[] rounds = {ops::get, ops::listPage, ops::listAll, ops::create, ops::watch};
        for (int o = 0; o < rounds.length; o++) {
            try {
                timed(rounds[o], Math.max(1.0, seconds / 2)); // warm-up: the JIT, the connection pool, the server's caches
                r[o] = timed(rounds[o], seconds);
                System.out.printf(Locale.ROOT, "  %s %,d: %-15s %,12.1f ops/s%n", server, objects, OPERATIONS[o], r[o]);
            } catch (RuntimeException e) { // reported in the table as failed, not a figure; the other operations still run
                r[o] = Double.NaN;
                System.out.printf(Locale.ROOT, "  %s %,d: %-15s FAILED: %s%n", server, objects, OPERATIONS[o], e);
            }
        }
        boolean failed = java.util.Arrays.stream(r).anyMatch(Double::isNaN);
        try {
            int after = client.configMaps().inNamespace(namespace).list().getItems().size();
            if (after != objects) {
                throw new IllegalStateException(server + " lists " + after + " ConfigMaps after the benchmark, not " + objects);
            }
        } catch (RuntimeException e) {
            if (!failed) {
                throw e;
            } // after a failed operation the server may be stuck or hold its leftovers: the figures measured stand
            System.out.printf(Locale.ROOT, "  %s %,d: not counted after the failure: %s%n", server, objects, e);
        }
        return r;
    }

    /** A round of operations: returns how many it did and the nanoseconds they took (untimed clean-up left out). */
    @FunctionalInterface
    private interface Round {
        long[] run() throws Exception;
    }

    /** Runs rounds until {@code seconds} of timed work (at least 3 rounds); ops/s over the timed part. */
    private static double timed(Round round, double seconds) {
        long ops = 0;
        long nanos = 0;
        for (int rounds = 0; rounds < 3 || nanos < seconds * 1e9; rounds++) {
            long[] r;
            try {
                r = round.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            ops += r[0];
            nanos += r[1];
        }
        return ops / (nanos / 1e9);
    }

    private static ConfigMap configMap(String name, String label) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("bench", label).endMetadata()
                .addToData("mode", "fast").addToData("level", "3").build();
    }

    /** The operations, the same client code for both servers. */
    private static final class Operations {
        private final KubernetesClient client;
        private final String namespace;
        private final int objects;
        private int next;
        private long sink;

        Operations(KubernetesClient client, String namespace, int objects) {
            this.client = client;
            this.namespace = namespace;
            this.objects = objects;
        }

        /** 1,000 gets of a stored object by name, spread over the whole store. */
        long[] get() {
            int gets = 1_000;
            long start = System.nanoTime();
            for (int i = 0; i < gets; i++) {
                ConfigMap got = client.configMaps().inNamespace(namespace).withName("stored-" + (next++ * 7919 % objects)).get();
                sink += got.getData().size();
            }
            return new long[] {gets, System.nanoTime() - start};
        }

        /** 10 lists of one page of 500 (all 100 at 100 objects). */
        long[] listPage() {
            int lists = 10;
            long start = System.nanoTime();
            for (int i = 0; i < lists; i++) {
                ConfigMapList page = client.configMaps().inNamespace(namespace).list(
                        new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(500L).build());
                sink += page.getItems().size();
            }
            return new long[] {lists, System.nanoTime() - start};
        }

        /** One list of every object (the client's list: no limit). */
        long[] listAll() {
            long start = System.nanoTime();
            int items = client.configMaps().inNamespace(namespace).list().getItems().size();
            long took = System.nanoTime() - start;
            if (items < objects) {
                throw new IllegalStateException("listed " + items + " of " + objects);
            }
            return new long[] {1, took};
        }

        /** {@link #CREATE_BATCH} creates of new names, timed; then their deletes, untimed. */
        long[] create() {
            List<String> names = new ArrayList<>(CREATE_BATCH);
            long start = System.nanoTime();
            for (int i = 0; i < CREATE_BATCH; i++) {
                String name = "created-" + next++;
                client.configMaps().inNamespace(namespace).resource(configMap(name, "created")).create();
                names.add(name);
            }
            long took = System.nanoTime() - start;
            deleteAll(names);
            return new long[] {CREATE_BATCH, took};
        }

        /**
         * Opens a watch on a label no stored object has (no initial events), creates
         * {@link #WATCH_BATCH} objects with it and times from the first create until the watcher
         * has seen every ADDED event; then deletes them and closes the watch, untimed. The deletes
         * come before the close: Fabric8's mock, deleting an object a just-closed watch matched,
         * blocked its Vert.x event loop for 30 s writing the DELETED event to the closed WebSocket.
         */
        long[] watch() throws InterruptedException {
            String label = "watched-" + next++;
            CountDownLatch added = new CountDownLatch(WATCH_BATCH);
            AtomicInteger other = new AtomicInteger();
            List<String> names = new ArrayList<>(WATCH_BATCH);
            long took;
            int others;
            try (Watch ignored = client.configMaps().inNamespace(namespace).withLabel("bench", label).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, ConfigMap resource) {
                    if (action == Action.ADDED) {
                        added.countDown();
                    } else {
                        other.incrementAndGet();
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                try {
                    long start = System.nanoTime();
                    for (int i = 0; i < WATCH_BATCH; i++) {
                        String name = "watched-" + next++;
                        client.configMaps().inNamespace(namespace).resource(configMap(name, label)).create();
                        names.add(name);
                    }
                    if (!added.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the watcher saw " + (WATCH_BATCH - added.getCount()) + " of " + WATCH_BATCH + " events");
                    }
                    took = System.nanoTime() - start;
                    others = other.get();
                } finally {
                    deleteAll(names);
                }
            }
            if (others != 0) {
                throw new IllegalStateException("the watcher saw " + others + " events other than ADDED");
            }
            return new long[] {WATCH_BATCH, took};
        }

        private void deleteAll(List<String> names) {
            for (String name : names) {
                client.configMaps().inNamespace(namespace).withName(name).delete();
            }
        }
    }
}
