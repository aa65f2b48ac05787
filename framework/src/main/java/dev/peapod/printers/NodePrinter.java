package dev.peapod.printers;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * {@code kubectl get nodes} as the API server's table printer computes it (kubernetes:
 * pkg/printers/internalversion/printers.go, printNode, findNodeRoles, getNodeInternalIP,
 * getNodeExternalIP). Time comes in as {@code now}; nothing here reads a clock.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class NodePrinter {
    private static final List<String> HEADERS = List.of("NAME", "STATUS", "ROLES", "AGE", "VERSION");
    private static final List<String> WIDE = List.of("INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME");
    private static final String NONE = "<none>";
    private static final String UNKNOWN = "<unknown>";
    /** labelNodeRolePrefix and nodeLabelRole. */
    private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";

    private NodePrinter() {
    }

    /** Every column of one node, as printNode fills the cells at {@code now}. */
    public static NodeRow row(Node node, Instant now) {
        if (node == null || now == null) {
            throw new IllegalArgumentException((node == null ? "node" : "now") + " must not be null");
        }
        NodeSystemInfo info = node.getStatus() == null || node.getStatus().getNodeInfo() == null
                ? new NodeSystemInfo() : node.getStatus().getNodeInfo();
        return new NodeRow(node.getMetadata().getName(), status(node), roles(node),
                ApiTime.since(ApiTime.parse("metadata.creationTimestamp", node.getMetadata().getCreationTimestamp()), now),
                orEmpty(info.getKubeletVersion()), address(node, "InternalIP"), address(node, "ExternalIP"),
                orUnknown(info.getOsImage()), orUnknown(info.getKernelVersion()), orUnknown(info.getContainerRuntimeVersion()));
    }

    /** {@code kubectl get nodes [-o wide]}: a header, then a line per node, aligned; empty for none. */
    public static String table(List<Node> nodes, Instant now, boolean wide) {
        if (nodes.isEmpty()) {
            return "";
        }
        List<List<String>> lines = new ArrayList<>();
        List<String> headers = new ArrayList<>(HEADERS);
        if (wide) {
            headers.addAll(WIDE);
        }
        lines.add(headers);
        for (Node node : nodes) {
            lines.add(row(node, now).cells(wide));
        }
        return TabWriter.align(lines);
    }

    /** The Ready condition as Ready / NotReady (Unknown when it is missing), then SchedulingDisabled when cordoned. */
    static String status(Node node) {
        List<String> status = new ArrayList<>();
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        NodeCondition ready = null;
        for (NodeCondition condition : conditions) {
            if ("Ready".equals(condition.getType())) {
                ready = condition; // the map keeps the last of a type
            }
        }
        if (ready != null) {
            status.add("True".equals(ready.getStatus()) ? "Ready" : "NotReady");
        }
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    /** findNodeRoles: sorted, unique; {@code <none>} when there is none. */
    static String roles(Node node) {
        TreeSet<String> roles = new TreeSet<>();
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        labels.forEach((key, value) -> {
            if (key.startsWith(ROLE_PREFIX)) {
                String role = key.substring(ROLE_PREFIX.length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (key.equals(ROLE_LABEL) && value != null && !value.isEmpty()) {
                roles.add(value);
            }
        });
        return roles.isEmpty() ? NONE : String.join(",", roles);
    }

    /** getNodeInternalIP / getNodeExternalIP: the first address of that type, or {@code <none>}. */
    private static String address(Node node, String type) {
        List<NodeAddress> addresses = node.getStatus() == null || node.getStatus().getAddresses() == null
                ? List.of() : node.getStatus().getAddresses();
        return addresses.stream().filter(a -> type.equals(a.getType())).map(NodeAddress::getAddress).findFirst().orElse(NONE);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String orUnknown(String text) {
        return text == null || text.isEmpty() ? UNKNOWN : text;
    }
}
