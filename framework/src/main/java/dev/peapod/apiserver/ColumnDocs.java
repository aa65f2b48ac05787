package dev.peapod.apiserver;

/**
 * The column descriptions upstream's printers take from the API types' SwaggerDoc() maps (kubernetes:
 * pkg/printers/internalversion/printers.go, AddHandlers), as Kubernetes v1.33 words them. Columns whose
 * description comes from an old group version (extensions/v1beta1, batch/v1beta1) carry that version's
 * words, which are not always the apps/v1 ones.
 */
final class ColumnDocs {
    // metav1.ObjectMeta
    static final String NAME = "Name must be unique within a namespace. Is required when creating resources, although"
            + " some resources may allow a client to request the generation of an appropriate name automatically. Name is"
            + " primarily intended for creation idempotence and configuration definition. Cannot be updated. More info:"
            + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    static final String CREATION_TIMESTAMP = "CreationTimestamp is a timestamp representing the server time when this"
            + " object was created. It is not guaranteed to be set in happens-before order across separate operations."
            + " Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the"
            + " system. Read-only. Null for lists. More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    // core/v1 Pod
    static final String POD_IP = "podIP address allocated to the pod. Routable at least within the cluster. Empty if"
            + " not yet allocated.";
    static final String NODE_NAME = "NodeName indicates in which node this pod is scheduled. If empty, this pod is a"
            + " candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet"
            + " for this node becomes responsible for the lifecycle of this pod. This field should not be used to express"
            + " a desire for the pod to be scheduled on a specific node."
            + " https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename";
    static final String NOMINATED_NODE_NAME = "nominatedNodeName is set only when this pod preempts other pods on the"
            + " node, but it cannot be scheduled right away as preemption victims receive their graceful termination"
            + " periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide"
            + " to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the"
            + " resources on this node to a higher priority pod that is created after preemption. As a result, this"
            + " field may be different than PodSpec.nodeName when the pod is scheduled.";
    static final String READINESS_GATES = "If specified, all readiness gates will be evaluated for pod readiness. A pod"
            + " is ready when all its containers are ready AND all conditions specified in the readiness gates have"
            + " status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates";
    static final String NODE_SELECTOR = "NodeSelector is a selector which must be true for the pod to fit on a node."
            + " Selector which must match a node's labels for the pod to be scheduled on that node. More info:"
            + " https://kubernetes.io/docs/concepts/configuration/assign-pod-node/";

    // core/v1 Node
    static final String KUBELET_VERSION = "Kubelet Version reported by the node.";
    static final String ADDRESSES = "List of addresses reachable to the node. Queried from cloud provider, if"
            + " available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field"
            + " is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption"
            + " when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for"
            + " an example. Consumers should assume that addresses can change during the lifetime of a Node. However,"
            + " there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in"
            + " its own status or consumers of the downward API (status.hostIP).";
    static final String OS_IMAGE = "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7"
            + " (wheezy)).";
    static final String KERNEL_VERSION = "Kernel Version reported by the node from 'uname -r' (e.g."
            + " 3.16.0-0.bpo.4-amd64).";
    static final String CONTAINER_RUNTIME_VERSION = "ContainerRuntime Version reported by the node through runtime"
            + " remote API (e.g. containerd://1.4.2).";

    // core/v1 Event and ObjectReference
    static final String LAST_TIMESTAMP = "The time at which the most recent occurrence of this event was recorded.";
    static final String EVENT_TYPE = "Type of this event (Normal, Warning), new types could be added in the future";
    static final String EVENT_REASON = "This should be a short, machine understandable string that gives the reason"
            + " for the transition into the object's current status.";
    static final String INVOLVED_OBJECT = "The object that this event is about.";
    static final String FIELD_PATH = "If referring to a piece of an object instead of an entire object, this string"
            + " should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For"
            + " example, if the object reference is to a container within a pod, this would take on a value like:"
            + " \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event)"
            + " or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This"
            + " syntax is chosen only to have some well-defined way of referencing a part of an object.";
    static final String EVENT_SOURCE = "The component reporting this event. Should be a short machine understandable"
            + " string.";
    static final String EVENT_MESSAGE = "A human-readable description of the status of this operation.";
    static final String FIRST_TIMESTAMP = "The time at which the event was first recorded. (Time of server receipt is"
            + " in TypeMeta.)";
    static final String EVENT_COUNT = "The number of times this event has occurred.";

    // core/v1 Service
    static final String SERVICE_TYPE = "type determines how the Service is exposed. Defaults to ClusterIP. Valid"
            + " options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a"
            + " cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or"
            + " if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If"
            + " clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints"
            + " rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which"
            + " routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an"
            + " external load-balancer (if supported in the current cloud) which routes to the same endpoints as the"
            + " clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do"
            + " not apply to ExternalName services. More info:"
            + " https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types";
    static final String CLUSTER_IP = "clusterIP is the IP address of the service and is usually assigned randomly. If"
            + " an address is specified manually, is in-range (as per system configuration), and is not in use, it will"
            + " be allocated to the service; otherwise creation of the service will fail. This field may not be changed"
            + " through updates unless the type field is also being changed to ExternalName (which requires this field"
            + " to be blank) or the type field is being changed from ExternalName (in which case this field may"
            + " optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid"
            + " IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when"
            + " direct endpoint connections are preferred and proxying is not required.  Only applies to types"
            + " ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type"
            + " ExternalName, creation will fail. This field will be wiped when updating a Service to type"
            + " ExternalName. More info:"
            + " https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies";
    static final String EXTERNAL_IPS = "externalIPs is a list of IP addresses for which nodes in the cluster will also"
            + " accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for"
            + " ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that"
            + " are not part of the Kubernetes system.";
    static final String SERVICE_PORTS = "The list of ports that are exposed by this service. More info:"
            + " https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies";
    static final String SERVICE_SELECTOR = "Route service traffic to pods with label keys and values matching this"
            + " selector. If empty or not present, the service is assumed to have an external process managing its"
            + " endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and"
            + " LoadBalancer. Ignored if type is ExternalName. More info:"
            + " https://kubernetes.io/docs/concepts/services-networking/service/";

    // core/v1 ConfigMap, Secret, ReplicationController
    static final String CONFIG_MAP_DATA = "Data contains the configuration data. Each key must consist of alphanumeric"
            + " characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys"
            + " stored in Data must not overlap with the keys in the BinaryData field, this is enforced during"
            + " validation process.";
    static final String SECRET_TYPE = "Used to facilitate programmatic handling of secret data. More info:"
            + " https://kubernetes.io/docs/concepts/configuration/secret/#secret-types";
    static final String SECRET_DATA = "Data contains the secret data. Each key must consist of alphanumeric characters,"
            + " '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the"
            + " arbitrary (possibly non-string) data value here. Described in"
            + " https://tools.ietf.org/html/rfc4648#section-4";
    static final String RC_SPEC_REPLICAS = "Replicas is the number of desired replicas. This is a pointer to"
            + " distinguish between explicit zero and unspecified. Defaults to 1. More info:"
            + " https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller";
    static final String RC_STATUS_REPLICAS = "Replicas is the most recently observed number of replicas. More info:"
            + " https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller";
    static final String RC_READY_REPLICAS = "The number of ready replicas for this replication controller.";
    static final String RC_SELECTOR = "Selector is a label query over pods that should match the Replicas count. If"
            + " Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that"
            + " must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod"
            + " template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";

    // extensions/v1beta1 ReplicaSet, DaemonSet, Deployment (the versions the printers name)
    static final String RS_SPEC_REPLICAS = "Replicas is the number of desired replicas. This is a pointer to"
            + " distinguish between explicit zero and unspecified. Defaults to 1. More info:"
            + " https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller";
    static final String RS_STATUS_REPLICAS = "Replicas is the most recently observed number of replicas. More info:"
            + " https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller";
    static final String RS_READY_REPLICAS = "The number of ready replicas for this replica set.";
    static final String RS_SELECTOR = "Selector is a label query over pods that should match the replica count. If the"
            + " selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that"
            + " must match in order to be controlled by this replica set. More info:"
            + " https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";
    static final String DS_DESIRED = "The total number of nodes that should be running the daemon pod (including nodes"
            + " correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/";
    static final String DS_CURRENT = "The number of nodes that are running at least 1 daemon pod and are supposed to"
            + " run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/";
    static final String DS_READY = "The number of nodes that should be running the daemon pod and have one or more of"
            + " the daemon pod running and ready.";
    static final String DS_UPDATED = "The total number of nodes that are running updated daemon pod";
    static final String DS_AVAILABLE = "The number of nodes that should be running the daemon pod and have one or more"
            + " of the daemon pod running and available (ready for at least spec.minReadySeconds)";
    static final String DS_SELECTOR = "A label query over pods that are managed by the daemon set. Must match in order"
            + " to be controlled. If empty, defaulted to labels on Pod template. More info:"
            + " https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";
    static final String DEPLOYMENT_UPDATED = "Total number of non-terminated pods targeted by this deployment that have"
            + " the desired template spec.";
    static final String DEPLOYMENT_AVAILABLE = "Total number of available pods (ready for at least minReadySeconds)"
            + " targeted by this deployment.";
    static final String DEPLOYMENT_SELECTOR = "Label selector for pods. Existing ReplicaSets whose pods are selected by"
            + " this will be the ones affected by this deployment.";

    // batch/v1 Job, batch/v1beta1 CronJob
    static final String JOB_SUCCEEDED = "The number of pods which reached phase Succeeded. The value increases"
            + " monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed"
            + " jobs.";
    static final String JOB_SELECTOR = "A label query over pods that should match the pod count. Normally, the system"
            + " sets this field for you. More info:"
            + " https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";
    static final String CRON_SCHEDULE = "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.";
    static final String CRON_TIME_ZONE = "The time zone name for the given schedule, see"
            + " https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the"
            + " time zone of the kube-controller-manager process. The set of valid time zone names and the time zone"
            + " offset is loaded from the system-wide time zone database by the API server during CronJob validation"
            + " and the controller manager during execution. If no system-wide time zone database can be found a"
            + " bundled version of the database is used instead. If the time zone name becomes invalid during the"
            + " lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new"
            + " new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found"
            + " in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones";
    static final String CRON_SUSPEND = "This flag tells the controller to suspend subsequent executions, it does not"
            + " apply to already started executions.  Defaults to false.";
    static final String CRON_ACTIVE = "A list of pointers to currently running jobs.";
    static final String CRON_LAST_SCHEDULE = "Information when was the last time the job was successfully scheduled.";

    // descriptions printers.go writes out itself
    static final String CONTAINERS = "Names of each container in the template.";
    static final String IMAGES = "Images referenced by each container in the template.";

    private ColumnDocs() {
    }
}
