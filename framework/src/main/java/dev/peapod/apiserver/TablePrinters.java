package dev.peapod.apiserver;

import dev.peapod.printers.ApiTime;
import dev.peapod.printers.CronJobPrinter;
import dev.peapod.printers.CronJobRow;
import dev.peapod.printers.DaemonSetPrinter;
import dev.peapod.printers.DaemonSetRow;
import dev.peapod.printers.DeploymentPrinter;
import dev.peapod.printers.DeploymentRow;
import dev.peapod.printers.EventPrinter;
import dev.peapod.printers.EventRow;
import dev.peapod.printers.JobPrinter;
import dev.peapod.printers.JobRow;
import dev.peapod.printers.NodePrinter;
import dev.peapod.printers.NodeRow;
import dev.peapod.printers.PodPrinter;
import dev.peapod.printers.PodRow;
import dev.peapod.printers.ReplicaSetPrinter;
import dev.peapod.printers.ServicePrinter;
import dev.peapod.printers.ServiceRow;
import dev.peapod.printers.StatefulSetPrinter;
import dev.peapod.printers.StatefulSetRow;
import dev.peapod.printers.TemplateCells;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.peapod.apiserver.TableColumn.ageColumn;
import static dev.peapod.apiserver.TableColumn.column;
import static dev.peapod.apiserver.TableColumn.nameColumn;
import static dev.peapod.apiserver.TableColumn.wide;

/**
 * The column definitions and cells of upstream's table printers (kubernetes:
 * pkg/printers/internalversion/printers.go, AddHandlers and the print functions), the cells computed
 * by Peapod's printers, the same ones the assertions use. A kind without one gets the default table
 * (staging/src/k8s.io/apiserver/pkg/registry/rest/table.go, defaultTableConvertor).
 */
final class TablePrinters {
    private static final String STRING = "string";
    private static final String INTEGER = "integer";

    private static final TablePrinter POD = new TablePrinter(List.of(
            nameColumn(),
            column("Ready", STRING, "The aggregate readiness state of this pod for accepting traffic."),
            column("Status", STRING, "The aggregate status of the containers in this pod."),
            column("Restarts", STRING, "The number of times the containers in this pod have been restarted and when"
                    + " the last container in this pod has restarted."),
            ageColumn(),
            wide("IP", STRING, ColumnDocs.POD_IP),
            wide("Node", STRING, ColumnDocs.NODE_NAME),
            wide("Nominated Node", STRING, ColumnDocs.NOMINATED_NODE_NAME),
            wide("Readiness Gates", STRING, ColumnDocs.READINESS_GATES)),
            TablePrinters::podRow);

    private static final TablePrinter NODE = new TablePrinter(List.of(
            nameColumn(),
            column("Status", STRING, "The status of the node"),
            column("Roles", STRING, "The roles of the node"),
            ageColumn(),
            column("Version", STRING, ColumnDocs.KUBELET_VERSION),
            wide("Internal-IP", STRING, ColumnDocs.ADDRESSES),
            wide("External-IP", STRING, ColumnDocs.ADDRESSES),
            wide("OS-Image", STRING, ColumnDocs.OS_IMAGE),
            wide("Kernel-Version", STRING, ColumnDocs.KERNEL_VERSION),
            wide("Container-Runtime", STRING, ColumnDocs.CONTAINER_RUNTIME_VERSION)),
            (object, now) -> {
                NodeRow r = NodePrinter.row((Node) object, now);
                return TableRow.of(r.name(), r.status(), r.roles(), r.age(), r.version(), r.internalIp(), r.externalIp(),
                        r.osImage(), r.kernelVersion(), r.containerRuntime());
            });

    private static final TablePrinter EVENT = new TablePrinter(List.of(
            column("Last Seen", STRING, ColumnDocs.LAST_TIMESTAMP),
            column("Type", STRING, ColumnDocs.EVENT_TYPE),
            column("Reason", STRING, ColumnDocs.EVENT_REASON),
            column("Object", STRING, ColumnDocs.INVOLVED_OBJECT),
            wide("Subobject", STRING, ColumnDocs.FIELD_PATH),
            wide("Source", STRING, ColumnDocs.EVENT_SOURCE),
            column("Message", STRING, ColumnDocs.EVENT_MESSAGE),
            wide("First Seen", STRING, ColumnDocs.FIRST_TIMESTAMP),
            wide("Count", STRING, ColumnDocs.EVENT_COUNT),
            new TableColumn("Name", STRING, "name", ColumnDocs.NAME, 1)),
            (object, now) -> {
                EventRow r = EventPrinter.row((Event) object, now);
                return TableRow.of(r.lastSeen(), r.type(), r.reason(), r.object(), r.subobject(), r.source(),
                        r.message(), r.firstSeen(), (long) r.count(), r.name());
            });

    private static final TablePrinter DEPLOYMENT = new TablePrinter(List.of(
            nameColumn(),
            column("Ready", STRING, "Number of the pod with ready state"),
            column("Up-to-date", STRING, ColumnDocs.DEPLOYMENT_UPDATED),
            column("Available", STRING, ColumnDocs.DEPLOYMENT_AVAILABLE),
            ageColumn(),
            wide("Containers", STRING, ColumnDocs.CONTAINERS),
            wide("Images", STRING, ColumnDocs.IMAGES),
            wide("Selector", STRING, ColumnDocs.DEPLOYMENT_SELECTOR)),
            (object, now) -> {
                Deployment d = (Deployment) object;
                DeploymentRow r = DeploymentPrinter.row(d, now);
                var spec = d.getSpec();
                return TableRow.of(r.name(), r.ready(), Long.parseLong(r.upToDate()), Long.parseLong(r.available()),
                        r.age(), TemplateCells.containers(spec == null ? null : spec.getTemplate()),
                        TemplateCells.images(spec == null ? null : spec.getTemplate()),
                        TemplateCells.selectorString(spec == null ? null : spec.getSelector()));
            });

    private static final TablePrinter REPLICA_SET = replicaSetLike(ColumnDocs.RS_SPEC_REPLICAS,
            ColumnDocs.RS_STATUS_REPLICAS, ColumnDocs.RS_READY_REPLICAS, ColumnDocs.RS_SELECTOR);
    private static final TablePrinter REPLICATION_CONTROLLER = replicaSetLike(ColumnDocs.RC_SPEC_REPLICAS,
            ColumnDocs.RC_STATUS_REPLICAS, ColumnDocs.RC_READY_REPLICAS, ColumnDocs.RC_SELECTOR);

    private static final TablePrinter STATEFUL_SET = new TablePrinter(List.of(
            nameColumn(),
            column("Ready", STRING, "Number of the pod with ready state"),
            ageColumn(),
            wide("Containers", STRING, ColumnDocs.CONTAINERS),
            wide("Images", STRING, ColumnDocs.IMAGES)),
            (object, now) -> {
                StatefulSetRow r = StatefulSetPrinter.row((StatefulSet) object, now);
                return TableRow.of(r.name(), r.ready(), r.age(), r.containers(), r.images());
            });

    private static final TablePrinter DAEMON_SET = new TablePrinter(List.of(
            nameColumn(),
            column("Desired", INTEGER, ColumnDocs.DS_DESIRED),
            column("Current", INTEGER, ColumnDocs.DS_CURRENT),
            column("Ready", INTEGER, ColumnDocs.DS_READY),
            column("Up-to-date", INTEGER, ColumnDocs.DS_UPDATED),
            column("Available", INTEGER, ColumnDocs.DS_AVAILABLE),
            column("Node Selector", STRING, ColumnDocs.NODE_SELECTOR),
            ageColumn(),
            wide("Containers", STRING, ColumnDocs.CONTAINERS),
            wide("Images", STRING, ColumnDocs.IMAGES),
            wide("Selector", STRING, ColumnDocs.DS_SELECTOR)),
            (object, now) -> {
                DaemonSet ds = (DaemonSet) object;
                DaemonSetRow r = DaemonSetPrinter.row(ds, now);
                var spec = ds.getSpec();
                return TableRow.of(r.name(), Long.parseLong(r.desired()), Long.parseLong(r.current()),
                        Long.parseLong(r.ready()), Long.parseLong(r.upToDate()), Long.parseLong(r.available()),
                        r.nodeSelector(), r.age(), TemplateCells.containers(spec == null ? null : spec.getTemplate()),
                        TemplateCells.images(spec == null ? null : spec.getTemplate()),
                        TemplateCells.formatLabelSelector(spec == null ? null : spec.getSelector()));
            });

    private static final TablePrinter JOB = new TablePrinter(List.of(
            nameColumn(),
            column("Status", STRING, "Status of the job."),
            column("Completions", STRING, ColumnDocs.JOB_SUCCEEDED),
            column("Duration", STRING, "Time required to complete the job."),
            ageColumn(),
            wide("Containers", STRING, ColumnDocs.CONTAINERS),
            wide("Images", STRING, ColumnDocs.IMAGES),
            wide("Selector", STRING, ColumnDocs.JOB_SELECTOR)),
            (object, now) -> {
                Job job = (Job) object;
                JobRow r = JobPrinter.row(job, now);
                var spec = job.getSpec();
                return TableRow.of(r.name(), r.status(), r.completions(), r.duration(), r.age(),
                        TemplateCells.containers(spec == null ? null : spec.getTemplate()),
                        TemplateCells.images(spec == null ? null : spec.getTemplate()),
                        TemplateCells.formatLabelSelector(spec == null ? null : spec.getSelector()));
            });

    private static final TablePrinter CRON_JOB = new TablePrinter(List.of(
            nameColumn(),
            column("Schedule", STRING, ColumnDocs.CRON_SCHEDULE),
            column("Timezone", STRING, ColumnDocs.CRON_TIME_ZONE),
            column("Suspend", "boolean", ColumnDocs.CRON_SUSPEND),
            column("Active", INTEGER, ColumnDocs.CRON_ACTIVE),
            column("Last Schedule", STRING, ColumnDocs.CRON_LAST_SCHEDULE),
            ageColumn(),
            wide("Containers", STRING, ColumnDocs.CONTAINERS),
            wide("Images", STRING, ColumnDocs.IMAGES),
            wide("Selector", STRING, ColumnDocs.JOB_SELECTOR)),
            (object, now) -> {
                CronJobRow r = CronJobPrinter.row((CronJob) object, now);
                return TableRow.of(r.name(), r.schedule(), r.timeZone(), r.suspend(), Long.parseLong(r.active()),
                        r.lastSchedule(), r.age(), r.containers(), r.images(), r.selector());
            });

    private static final TablePrinter SERVICE = new TablePrinter(List.of(
            nameColumn(),
            column("Type", STRING, ColumnDocs.SERVICE_TYPE),
            column("Cluster-IP", STRING, ColumnDocs.CLUSTER_IP),
            column("External-IP", STRING, ColumnDocs.EXTERNAL_IPS),
            column("Port(s)", STRING, ColumnDocs.SERVICE_PORTS),
            ageColumn(),
            wide("Selector", STRING, ColumnDocs.SERVICE_SELECTOR)),
            (object, now) -> {
                ServiceRow r = ServicePrinter.servedRow((Service) object, now);
                return TableRow.of(r.name(), r.type(), r.clusterIp(), r.externalIp(), r.ports(), r.age(), r.selector());
            });

    private static final TablePrinter CONFIG_MAP = new TablePrinter(List.of(
            nameColumn(), column("Data", STRING, ColumnDocs.CONFIG_MAP_DATA), ageColumn()),
            (object, now) -> {
                ConfigMap cm = (ConfigMap) object;
                long data = size(cm.getData()) + size(cm.getBinaryData());
                return TableRow.of(name(cm), data, ApiTime.age(cm, now));
            });

    private static final TablePrinter SECRET = new TablePrinter(List.of(
            nameColumn(), column("Type", STRING, ColumnDocs.SECRET_TYPE), column("Data", STRING, ColumnDocs.SECRET_DATA), ageColumn()),
            (object, now) -> {
                Secret secret = (Secret) object;
                return TableRow.of(name(secret), orEmpty(secret.getType()), (long) size(secret.getData()),
                        ApiTime.age(secret, now));
            });

    private static final TablePrinter NAMESPACE = new TablePrinter(List.of(
            nameColumn(), column("Status", STRING, "The status of the namespace"), ageColumn()),
            (object, now) -> {
                Namespace ns = (Namespace) object;
                return TableRow.of(name(ns), ns.getStatus() == null ? "" : orEmpty(ns.getStatus().getPhase()),
                        ApiTime.age(ns, now));
            });

    /** printers.go printPodDisruptionBudget: the bounds as written (N/A when unset), the disruptions the status allows. */
    private static final TablePrinter POD_DISRUPTION_BUDGET = new TablePrinter(List.of(
            nameColumn(),
            column("Min Available", STRING, "The minimum number of pods that must be available."),
            column("Max Unavailable", STRING, "The maximum number of pods that may be unavailable."),
            column("Allowed Disruptions", INTEGER, "Calculated number of pods that may be disrupted at this time."),
            ageColumn()),
            (object, now) -> {
                io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget pdb = (io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget) object;
                var spec = pdb.getSpec();
                String min = spec == null || spec.getMinAvailable() == null ? "N/A" : intOrString(spec.getMinAvailable());
                String max = spec == null || spec.getMaxUnavailable() == null ? "N/A" : intOrString(spec.getMaxUnavailable());
                long allowed = pdb.getStatus() == null || pdb.getStatus().getDisruptionsAllowed() == null ? 0
                        : pdb.getStatus().getDisruptionsAllowed();
                return TableRow.of(name(pdb), min, max, allowed, ApiTime.age(pdb, now));
            });

    /** intstr.IntOrString.String(): the number or the text. */
    private static String intOrString(io.fabric8.kubernetes.api.model.IntOrString value) {
        return value.getIntVal() != null ? String.valueOf(value.getIntVal()) : orEmpty(value.getStrVal());
    }

    /** defaultTableConvertor: Name and Created At, the creation time in RFC 3339, not an age. */
    static final TablePrinter DEFAULT = new TablePrinter(List.of(
            nameColumn(), new TableColumn("Created At", "date", "", ColumnDocs.CREATION_TIMESTAMP, 0)),
            (object, now) -> TableRow.of(name(object), createdAt(object)));

    private static final Map<Class<?>, TablePrinter> BY_KIND = Map.ofEntries(
            Map.entry(Pod.class, POD), Map.entry(Node.class, NODE), Map.entry(Event.class, EVENT),
            Map.entry(Deployment.class, DEPLOYMENT), Map.entry(ReplicaSet.class, REPLICA_SET),
            Map.entry(ReplicationController.class, REPLICATION_CONTROLLER), Map.entry(StatefulSet.class, STATEFUL_SET),
            Map.entry(DaemonSet.class, DAEMON_SET), Map.entry(Job.class, JOB), Map.entry(CronJob.class, CRON_JOB),
            Map.entry(Service.class, SERVICE), Map.entry(ConfigMap.class, CONFIG_MAP), Map.entry(Secret.class, SECRET),
            Map.entry(Namespace.class, NAMESPACE),
            Map.entry(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class, POD_DISRUPTION_BUDGET));

    /**
     * Kinds upstream prints with columns of their own that Peapod does not compute: they get the default
     * table, and the caller a warning that says so (printers.go AddHandlers registers them).
     */
    private static final Set<String> UPSTREAM_PRINTED = Set.of("PodTemplate", "Ingress",
            "IngressClass", "Endpoints", "ServiceAccount", "PersistentVolume", "PersistentVolumeClaim", "ComponentStatus",
            "HorizontalPodAutoscaler", "NetworkPolicy", "RoleBinding", "ClusterRoleBinding", "CertificateSigningRequest",
            "ClusterTrustBundle", "Lease", "LeaseCandidate", "StorageClass", "VolumeAttributesClass",
            "ControllerRevision", "ResourceQuota", "PriorityClass", "RuntimeClass", "VolumeAttachment", "EndpointSlice",
            "CSINode", "CSIDriver", "CSIStorageCapacity", "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
            "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "FlowSchema", "PriorityLevelConfiguration",
            "StorageVersion", "DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice", "ServiceCIDR",
            "IPAddress", "StorageVersionMigration");

    private TablePrinters() {
    }

    /** The printer of a kind: its own, or the default table. */
    static TablePrinter of(Class<? extends HasMetadata> kind) {
        return BY_KIND.getOrDefault(kind, DEFAULT);
    }

    /**
     * A warning when Peapod's table for this kind is not upstream's: the kind has columns of its own
     * upstream, and Peapod answers with the default ones. Null when the table is upstream's.
     */
    static String warning(Class<? extends HasMetadata> kind) {
        if (BY_KIND.containsKey(kind)) {
            return null;
        }
        String name = HasMetadata.getKind(kind);
        // events.k8s.io Events are printed upstream as core Events after conversion; Peapod does not convert them
        if (UPSTREAM_PRINTED.contains(name) || name.equals("Event")) {
            return "Peapod has no table printer for " + HasMetadata.getPlural(kind)
                    + ": the columns are the default ones (Name, Created At), not the API server's";
        }
        return null;
    }

    private static TablePrinter replicaSetLike(String desired, String current, String ready, String selector) {
        return new TablePrinter(List.of(
                nameColumn(),
                column("Desired", INTEGER, desired),
                column("Current", INTEGER, current),
                column("Ready", INTEGER, ready),
                ageColumn(),
                wide("Containers", STRING, ColumnDocs.CONTAINERS),
                wide("Images", STRING, ColumnDocs.IMAGES),
                wide("Selector", STRING, selector)),
                (object, now) -> {
                    ReplicaSetPrinter.Row r = ReplicaSetPrinter.row(object, now);
                    return TableRow.of(r.name(), Long.parseLong(r.desired()), Long.parseLong(r.current()),
                            Long.parseLong(r.ready()), r.age(), r.containers(), r.images(), r.selector());
                });
    }

    /** printPod's row, with the Completed condition of a pod in a terminal phase. */
    private static TableRow podRow(HasMetadata object, Instant now) {
        Pod pod = (Pod) object;
        PodRow r = PodPrinter.row(pod, now);
        List<Object> cells = List.of(r.name(), r.ready(), r.status(), r.restarts(), r.age(), r.ip(), r.node(),
                r.nominatedNode(), r.readinessGates());
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase)) {
            return new TableRow(cells, List.of(new TableRow.Condition("Completed", "True", "Succeeded",
                    "The pod has completed successfully.")));
        } else if ("Failed".equals(phase)) {
            return new TableRow(cells, List.of(new TableRow.Condition("Completed", "True", "Failed", "The pod failed.")));
        }
        return new TableRow(cells, List.of());
    }

    /**
     * The default table's Created At: the creation time in UTC as Go's time.RFC3339 writes it, whole
     * seconds; an unset time is Go's zero time.
     */
    private static String createdAt(HasMetadata object) {
        Instant created = ApiTime.parse("metadata.creationTimestamp", object.getMetadata().getCreationTimestamp());
        return created == null ? "0001-01-01T00:00:00Z" : DateTimeFormatter.ISO_INSTANT.format(created);
    }

    private static String name(HasMetadata object) {
        return orEmpty(object.getMetadata().getName());
    }

    private static int size(Map<?, ?> map) {
        return map == null ? 0 : map.size();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
