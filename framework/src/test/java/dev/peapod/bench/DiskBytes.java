package dev.peapod.bench;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Pod;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Issue #13's disk figure: the heap after GC of the scale case's probed pods (10 per node) once they
 * are all Running, whose node disks nobody has read (the kubelet's and runtime's writes still pending),
 * then once a file of one pod per node has been read (every change written to Jimfs). The difference,
 * per pod, is what a pod's written disk costs beyond its pending changes.
 */
final class DiskBytes {
    private DiskBytes() {
    }

    static void run(int pods, Function<Integer, dev.peapod.ClusterSpec> nodes, Function<String, Pod> pod) {
        FakeCluster cluster = FakeCluster.start(nodes.apply(pods / 10));
        for (int i = 0; i < pods; i++) {
            cluster.apply(pod.apply("web-" + i));
        }
        cluster.settle();
        long pending = heap();
        Map<String, String> onePerNode = new LinkedHashMap<>();
        for (int i = 0; i < pods; i++) {
            onePerNode.putIfAbsent(cluster.pod("web-" + i).getSpec().getNodeName(), "web-" + i);
        }
        long read = 0;
        for (String name : List.copyOf(onePerNode.values())) {
            read += cluster.inContainer(name, "app").file("/etc/hostname").length(); // reading one file writes the node's disk
        }
        long written = heap();
        cluster.close();
        System.out.printf(Locale.ROOT, "%,d probed pods, disks pending: heap %.1f MiB; every disk written: heap %.1f MiB, %,d bytes per pod more%s%n",
                pods, pending / (double) (1 << 20), written / (double) (1 << 20), (written - pending) / pods, read > 0 ? "" : " (nothing read?)");
    }

    private static long heap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
