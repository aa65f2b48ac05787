package dev.peapod.kubelet;

import dev.peapod.store.Timestamps;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The Node object a kubelet registers for its {@link NodeConfig}, with the labels and status upstream sets. */
final class NodeObjects {
    static final String KUBELET_VERSION = "v1.33.0";

    private NodeObjects() {
    }

    /** @param images the node's status.images; null: none listed (a node with every image) */
    static Node node(NodeConfig spec, Instant now, List<io.fabric8.kubernetes.api.model.ContainerImage> images) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("beta.kubernetes.io/arch", "amd64");
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("kubernetes.io/hostname", spec.name());
        labels.put("kubernetes.io/os", "linux");
        labels.putAll(spec.labels());
        Map<String, Quantity> allocatable = new TreeMap<>();
        spec.allocatable().forEach((k, v) -> allocatable.put(k, new Quantity(v)));
        String cidr = spec.podCidr();
        return new NodeBuilder()
                .withNewMetadata().withName(spec.name()).withLabels(labels).endMetadata()
                .withNewSpec()
                    .withPodCIDR(cidr).withPodCIDRs(cidr)
                    .withTaints(spec.taints())
                    .withUnschedulable(spec.unschedulable() ? true : null)
                .endSpec()
                .withNewStatus()
                    .withCapacity(allocatable)
                    .withAllocatable(allocatable)
                    .withConditions(conditions(now))
                    .withAddresses(new NodeAddressBuilder().withType("InternalIP").withAddress(spec.internalIp()).build(),
                            new NodeAddressBuilder().withType("Hostname").withAddress(spec.name()).build())
                    .withNewNodeInfo()
                        .withKubeletVersion(KUBELET_VERSION)
                        .withContainerRuntimeVersion("peapod://0.1")
                        .withOperatingSystem("linux").withArchitecture("amd64")
                        .withOsImage("Peapod simulated node")
                        .withKernelVersion("6.1.0").withMachineID("").withSystemUUID("").withBootID("")
                    .endNodeInfo()
                    .withImages(images)
                .endStatus()
                .build();
    }

    /** The four conditions a healthy kubelet reports (pkg/kubelet/nodestatus/setters.go). */
    private static List<NodeCondition> conditions(Instant now) {
        String t = Timestamps.format(now);
        return List.of(
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", t),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", t),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", t),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", t));
    }

    private static NodeCondition condition(String type, String status, String reason, String message, String time) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(time).withLastTransitionTime(time).build();
    }
}
