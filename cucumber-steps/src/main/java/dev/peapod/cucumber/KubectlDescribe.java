package dev.peapod.cucumber;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import dev.peapod.printers.Durations;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.peapod.cucumber.KubectlHttp.list;
import static dev.peapod.cucumber.KubectlHttp.map;
import static dev.peapod.cucumber.KubectlHttp.parameters;
import static dev.peapod.cucumber.KubectlHttp.query;

/**
 * {@code kubectl describe pod|deployment NAME...}: kubectl v1.20's pod and deployment describers (kubectl:
 * pkg/describe/describe.go, describePod, describeDeployment, DescribePodTemplate, describeContainers, describeVolumes,
 * DescribeEvents), laid out by Go's tabwriter. Ages are the virtual
 * clock's (kubectl reads the host's clock) and times are printed in UTC (kubectl uses the local zone).
 */
final class KubectlDescribe {
    private static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private final Kubectl kubectl;
    private final KubectlHttp http;
    private final FakeCluster cluster;
    private GoTabWriter w;

    KubectlDescribe(Kubectl kubectl, KubectlHttp http, FakeCluster cluster) {
        this.kubectl = kubectl;
        this.http = http;
        this.cluster = cluster;
    }

    /** describe.go Run: each object, "\n\n" between two; a missing TYPE NAME describes the objects whose name starts so. */
    void describe(KubectlCommand command) {
        List<Kubectl.Target> targets = kubectl.targets(command, command.arguments(), true);
        KubectlResource resource = targets.get(0).resource();
        boolean pod = resource.kind().equals("Pod") && resource.group().isEmpty();
        boolean deployment = resource.kind().equals("Deployment") && resource.group().equals("apps");
        if ((!pod && !deployment) || targets.stream().anyMatch(t -> !t.resource().equals(resource))) {
            throw new PeapodException("Peapod's \"kubectl describe\" describes pods and deployments (kubectl describe pod "
                    + "NAME); not " + targets.get(0).resource().plural() + " yet: check them with the workload steps or kubectl get -o yaml");
        }
        String namespace = kubectl.namespace(command);
        List<String> names = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (targets.get(0).name() == null) {
            KubectlHttp.Answer listed = http.get(resource.path(namespace), "application/json");
            kubectl.expect(listed);
            list(listed.json().get("items")).forEach(item -> names.add(String.valueOf(map(map(item).get("metadata")).get("name"))));
            if (names.isEmpty()) {
                kubectl.err("No resources found in " + namespace + " namespace.\n");
                return;
            }
        } else {
            for (Kubectl.Target target : targets) {
                KubectlHttp.Answer answer = http.get(resource.path(namespace, target.name()), "application/json");
                if (answer.ok()) {
                    names.add(target.name());
                } else if (answer.code() == 404 && command.arguments().size() == 2 && !command.arguments().get(0).contains("/")) {
                    matching(resource, namespace, target.name(), answer);
                    return;
                } else {
                    errors.add(Kubectl.serverError(answer));
                }
            }
        }
        boolean first = true;
        for (String name : names) {
            String text = describeOne(resource, namespace, name);
            kubectl.out(first ? text : "\n\n" + text);
            first = false;
        }
        if (!errors.isEmpty()) {
            throw new Kubectl.Failure(String.join("\n", errors));
        }
    }

    /** DescribeMatchingResources: the objects whose name starts with the prefix, each followed by a newline. */
    private void matching(KubectlResource resource, String namespace, String prefix, KubectlHttp.Answer notFound) {
        KubectlHttp.Answer listed = http.get(resource.path(namespace), "application/json");
        kubectl.expect(listed);
        List<String> names = list(listed.json().get("items")).stream()
                .map(item -> String.valueOf(map(map(item).get("metadata")).get("name"))).filter(n -> n.startsWith(prefix)).toList();
        if (names.isEmpty()) {
            throw new Kubectl.Failure(Kubectl.serverError(notFound));
        }
        names.forEach(name -> kubectl.out(describeOne(resource, namespace, name) + "\n"));
    }

    private String describeOne(KubectlResource resource, String namespace, String name) {
        return resource.kind().equals("Pod") ? pod(namespace, name) : deployment(namespace, name);
    }

    // ------------------------------------------------------------------ the pod

    private String pod(String namespace, String name) {
        KubectlHttp.Answer answer = http.get("/api/v1/namespaces/" + namespace + "/pods/" + name, "application/json");
        kubectl.expect(answer);
        Pod pod = Serialization.unmarshal(answer.body(), Pod.class);
        String selector = "involvedObject.name=" + name + ",involvedObject.namespace=" + namespace
                + ",involvedObject.uid=" + pod.getMetadata().getUid();
        KubectlHttp.Answer events = http.get("/api/v1/namespaces/" + namespace + "/events"
                + query(parameters("fieldSelector", selector)), "application/json");
        kubectl.expect(events);
        w = new GoTabWriter();
        describePod(pod, Serialization.unmarshal(events.body(), EventList.class).getItems());
        return w.text();
    }

    private void describePod(Pod pod, List<Event> events) {
        var meta = pod.getMetadata();
        var spec = pod.getSpec();
        var status = pod.getStatus() == null ? new io.fabric8.kubernetes.api.model.PodStatus() : pod.getStatus();
        write(0, "Name:\t" + meta.getName() + "\n");
        write(0, "Namespace:\t" + meta.getNamespace() + "\n");
        if (spec.getPriority() != null) {
            write(0, "Priority:\t" + spec.getPriority() + "\n");
        }
        if (spec.getPriorityClassName() != null && !spec.getPriorityClassName().isEmpty()) {
            write(0, "Priority Class Name:\t" + spec.getPriorityClassName() + "\n");
        }
        write(0, "Node:\t" + (empty(spec.getNodeName()) ? "<none>" : spec.getNodeName() + "/" + orEmpty(status.getHostIP())) + "\n");
        if (status.getStartTime() != null) {
            write(0, "Start Time:\t" + time(status.getStartTime()) + "\n");
        }
        labels("Labels", meta.getLabels());
        annotations(meta.getAnnotations());
        if (meta.getDeletionTimestamp() != null) {
            write(0, "Status:\tTerminating (lasts " + since(meta.getDeletionTimestamp()) + ")\n");
            write(0, "Termination Grace Period:\t" + meta.getDeletionGracePeriodSeconds() + "s\n");
        } else {
            write(0, "Status:\t" + orEmpty(status.getPhase()) + "\n");
        }
        if (!empty(status.getReason())) {
            write(0, "Reason:\t" + status.getReason() + "\n");
        }
        if (!empty(status.getMessage())) {
            write(0, "Message:\t" + status.getMessage() + "\n");
        }
        write(0, "IP:\t" + orEmpty(status.getPodIP()) + "\n");
        if (status.getPodIPs() == null || status.getPodIPs().isEmpty()) {
            write(0, "IPs:\t<none>\n");
        } else {
            write(0, "IPs:\n");
            status.getPodIPs().forEach(ip -> write(1, "IP:\t" + orEmpty(ip.getIp()) + "\n")); // %s of an empty IP
        }
        meta.getOwnerReferences().stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst()
                .ifPresent((OwnerReference o) -> write(0, "Controlled By:\t" + o.getKind() + "/" + o.getName() + "\n"));
        if (!empty(status.getNominatedNodeName())) {
            write(0, "NominatedNodeName:\t" + status.getNominatedNodeName() + "\n");
        }
        if (!spec.getInitContainers().isEmpty()) {
            containers("Init Containers", spec.getInitContainers(), status.getInitContainerStatuses(), pod, "");
        }
        containers("Containers", spec.getContainers(), status.getContainerStatuses(), pod, "");
        if (!spec.getEphemeralContainers().isEmpty()) {
            throw new PeapodException("Peapod's \"kubectl describe pod\" does not describe ephemeral containers (pod "
                    + meta.getName() + " has some)");
        }
        if (!spec.getReadinessGates().isEmpty()) {
            write(0, "Readiness Gates:\n  Type\tStatus\n");
            spec.getReadinessGates().forEach(g -> write(1, g.getConditionType() + " \t" + status.getConditions().stream()
                    .filter(c -> c.getType().equals(g.getConditionType())).map(PodCondition::getStatus).findFirst()
                    .orElse("<none>") + " \n"));
        }
        if (!status.getConditions().isEmpty()) {
            write(0, "Conditions:\n  Type\tStatus\n");
            status.getConditions().forEach(c -> write(1, c.getType() + " \t" + c.getStatus() + " \n"));
        }
        volumes(spec.getVolumes(), "");
        write(0, "QoS Class:\t" + orEmpty(status.getQosClass()) + "\n");
        labels("Node-Selectors", spec.getNodeSelector());
        tolerations(spec.getTolerations());
        events(events);
    }

    // ------------------------------------------------------------------ containers

    /** describeContainers; {@code space} indents a pod template's (its names get one blank more); no pod: no env values. */
    private void containers(String label, List<Container> containers, List<ContainerStatus> statuses, Pod pod, String space) {
        write(0, space + label + ":" + (containers.isEmpty() ? " <none>" : "") + "\n");
        for (Container container : containers) {
            ContainerStatus status = statuses.stream().filter(s -> s.getName().equals(container.getName())).findFirst().orElse(null);
            write(1, (space.isEmpty() ? "" : " ") + container.getName() + ":\n");
            if (status != null) {
                write(2, "Container ID:\t" + orEmpty(status.getContainerID()) + "\n");
            }
            write(2, "Image:\t" + container.getImage() + "\n");
            if (status != null) {
                write(2, "Image ID:\t" + orEmpty(status.getImageID()) + "\n");
            }
            List<ContainerPort> ports = container.getPorts();
            String containerPorts = String.join(", ", ports.stream().map(p -> p.getContainerPort() + "/" + p.getProtocol()).toList());
            String hostPorts = String.join(", ", ports.stream()
                    .map(p -> (p.getHostPort() == null ? 0 : p.getHostPort()) + "/" + p.getProtocol()).toList());
            write(2, (containerPorts.contains(",") ? "Ports:\t" : "Port:\t") + noneIfEmpty(containerPorts) + "\n");
            write(2, (hostPorts.contains(",") ? "Host Ports:\t" : "Host Port:\t") + noneIfEmpty(hostPorts) + "\n");
            lines("Command", container.getCommand());
            lines("Args", container.getArgs());
            if (status != null) {
                state("State", status.getState());
                if (status.getLastState() != null && status.getLastState().getTerminated() != null) {
                    state("Last State", status.getLastState());
                }
                write(2, "Ready:\t" + (Boolean.TRUE.equals(status.getReady()) ? "True" : "False") + "\n");
                write(2, "Restart Count:\t" + (status.getRestartCount() == null ? 0 : status.getRestartCount()) + "\n");
            }
            if (container.getResources() != null) {
                resources("Limits", container.getResources().getLimits());
                resources("Requests", container.getResources().getRequests());
            }
            probe("Liveness", container.getLivenessProbe());
            probe("Readiness", container.getReadinessProbe());
            probe("Startup", container.getStartupProbe());
            if (!container.getEnvFrom().isEmpty()) {
                write(2, "Environment Variables from:\n");
                container.getEnvFrom().forEach(this::envFrom);
            }
            write(2, "Environment:" + (container.getEnv().isEmpty() ? "\t<none>" : "") + "\n");
            container.getEnv().forEach(e -> env(e, pod));
            mounts(container.getVolumeMounts());
            if (!container.getVolumeDevices().isEmpty()) {
                throw new PeapodException("Peapod's \"kubectl describe pod\" does not describe volume devices (container "
                        + container.getName() + " has some)");
            }
        }
    }

    private void lines(String title, List<String> words) {
        if (words.isEmpty()) {
            return;
        }
        write(2, title + ":\n");
        words.forEach(word -> List.of(word.split("\n", -1)).forEach(line -> write(3, line + "\n")));
    }

    private void state(String title, ContainerState state) {
        if (state != null && state.getRunning() != null) {
            write(2, title + ":\tRunning\n");
            write(3, "Started:\t" + time(state.getRunning().getStartedAt()) + "\n");
        } else if (state != null && state.getWaiting() != null) {
            write(2, title + ":\tWaiting\n");
            if (!empty(state.getWaiting().getReason())) {
                write(3, "Reason:\t" + state.getWaiting().getReason() + "\n");
            }
        } else if (state != null && state.getTerminated() != null) {
            var terminated = state.getTerminated();
            write(2, title + ":\tTerminated\n");
            if (!empty(terminated.getReason())) {
                write(3, "Reason:\t" + terminated.getReason() + "\n");
            }
            if (!empty(terminated.getMessage())) {
                write(3, "Message:\t" + terminated.getMessage() + "\n");
            }
            write(3, "Exit Code:\t" + terminated.getExitCode() + "\n");
            if (terminated.getSignal() != null && terminated.getSignal() > 0) {
                write(3, "Signal:\t" + terminated.getSignal() + "\n");
            }
            write(3, "Started:\t" + time(terminated.getStartedAt()) + "\n");
            write(3, "Finished:\t" + time(terminated.getFinishedAt()) + "\n");
        } else {
            write(2, title + ":\tWaiting\n");
        }
    }

    /** SortedResourceNames: cpu, memory, ephemeral-storage... by name, as sort.Strings. */
    private void resources(String title, Map<String, Quantity> quantities) {
        if (quantities == null || quantities.isEmpty()) {
            return;
        }
        write(2, title + ":\n");
        new TreeMap<>(quantities).forEach((name, quantity) -> write(3, name + ":\t" + quantity.toString() + "\n"));
    }

    /** DescribeProbe. */
    private void probe(String title, Probe probe) {
        if (probe == null) {
            return;
        }
        String attributes = "delay=" + orZero(probe.getInitialDelaySeconds()) + "s timeout=" + orZero(probe.getTimeoutSeconds())
                + "s period=" + orZero(probe.getPeriodSeconds()) + "s #success=" + orZero(probe.getSuccessThreshold())
                + " #failure=" + orZero(probe.getFailureThreshold());
        String how;
        if (probe.getExec() != null) {
            how = "exec [" + String.join(" ", probe.getExec().getCommand()) + "]";
        } else if (probe.getHttpGet() != null) {
            var get = probe.getHttpGet();
            String port = get.getPort() == null ? "" : get.getPort().getValue() instanceof Integer i ? i.toString()
                    : String.valueOf(get.getPort().getStrVal());
            String host = orEmpty(get.getHost());
            String hostPort = port.isEmpty() ? host : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            String path = orEmpty(get.getPath());
            if (!path.isEmpty() && !path.startsWith("/") && !hostPort.isEmpty()) {
                path = "/" + path;
            }
            how = "http-get " + orEmpty(get.getScheme()).toLowerCase(Locale.ROOT) + "://" + hostPort + path;
        } else if (probe.getTcpSocket() != null) {
            var tcp = probe.getTcpSocket();
            how = "tcp-socket " + orEmpty(tcp.getHost()) + ":" + (tcp.getPort().getValue() instanceof Integer i ? i.toString()
                    : String.valueOf(tcp.getPort().getStrVal()));
        } else {
            how = "unknown"; // kubectl v1.20 knows no grpc probe
        }
        write(2, title + ":\t" + how + " " + attributes + "\n");
    }

    private void envFrom(EnvFromSource source) {
        String from = source.getConfigMapRef() != null ? "ConfigMap" : source.getSecretRef() != null ? "Secret" : "";
        String name = source.getConfigMapRef() != null ? source.getConfigMapRef().getName()
                : source.getSecretRef() != null ? source.getSecretRef().getName() : "";
        Boolean optional = source.getConfigMapRef() != null ? source.getConfigMapRef().getOptional()
                : source.getSecretRef() != null ? source.getSecretRef().getOptional() : null;
        write(3, name + "\t" + from + (empty(source.getPrefix()) ? "" : " with prefix '" + source.getPrefix() + "'")
                + "\tOptional: " + Boolean.TRUE.equals(optional) + "\n");
    }

    private void env(EnvVar e, Pod pod) {
        if (e.getValueFrom() == null) {
            List<String> lines = List.of(orEmpty(e.getValue()).split("\n", -1));
            write(3, e.getName() + ":\t" + lines.get(0) + "\n");
            lines.subList(1, lines.size()).forEach(line -> write(3, "\t" + line + "\n"));
            return;
        }
        var from = e.getValueFrom();
        if (from.getFieldRef() != null) {
            // EnvValueRetriever: the field label conversion and ExtractFieldPathAsString leave only these two
            String path = from.getFieldRef().getFieldPath();
            String value = pod == null ? "" : path.equals("metadata.name") ? pod.getMetadata().getName()
                    : path.equals("metadata.namespace") ? pod.getMetadata().getNamespace() : "";
            write(3, e.getName() + ":\t" + value + " (" + orEmpty(from.getFieldRef().getApiVersion()) + ":" + path + ")\n");
        } else if (from.getSecretKeyRef() != null) {
            write(3, e.getName() + ":\t<set to the key '" + from.getSecretKeyRef().getKey() + "' in secret '"
                    + from.getSecretKeyRef().getName() + "'>\tOptional: " + Boolean.TRUE.equals(from.getSecretKeyRef().getOptional()) + "\n");
        } else if (from.getConfigMapKeyRef() != null) {
            write(3, e.getName() + ":\t<set to the key '" + from.getConfigMapKeyRef().getKey() + "' of config map '"
                    + from.getConfigMapKeyRef().getName() + "'>\tOptional: "
                    + Boolean.TRUE.equals(from.getConfigMapKeyRef().getOptional()) + "\n");
        } else {
            throw new PeapodException("Peapod's \"kubectl describe pod\" does not describe the environment variable "
                    + e.getName() + " (resourceFieldRef)");
        }
    }

    private void mounts(List<VolumeMount> mounts) {
        write(2, "Mounts:" + (mounts.isEmpty() ? "\t<none>" : "") + "\n");
        mounts.stream().sorted(Comparator.comparing(VolumeMount::getMountPath)).forEach(m -> write(3, m.getMountPath() + " from "
                + m.getName() + " (" + (Boolean.TRUE.equals(m.getReadOnly()) ? "ro" : "rw")
                + (empty(m.getSubPath()) ? "" : ",path=" + dev.peapod.core.GoJsonText.quote(m.getSubPath())) + ")\n"));
    }

    // ------------------------------------------------------------------ volumes

    private void volumes(List<Volume> volumes, String space) {
        if (volumes.isEmpty()) {
            write(0, space + "Volumes:\t<none>\n");
            return;
        }
        write(0, space + "Volumes:\n");
        for (Volume volume : volumes) {
            write(1, (space.isEmpty() ? "" : " ") + volume.getName() + ":\n");
            if (volume.getHostPath() != null) {
                write(2, "Type:\tHostPath (bare host directory volume)\n    Path:\t" + volume.getHostPath().getPath()
                        + "\n    HostPathType:\t" + (volume.getHostPath().getType() == null ? "<none>" : volume.getHostPath().getType()) + "\n");
            } else if (volume.getEmptyDir() != null) {
                Quantity limit = volume.getEmptyDir().getSizeLimit();
                write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t"
                        + orEmpty(volume.getEmptyDir().getMedium()) + "\n    SizeLimit:\t"
                        + (limit == null || Quantity.getAmountInBytes(limit).signum() <= 0 ? "<unset>" : limit.toString()) + "\n");
            } else if (volume.getSecret() != null) {
                write(2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t" + volume.getSecret().getSecretName()
                        + "\n    Optional:\t" + Boolean.TRUE.equals(volume.getSecret().getOptional()) + "\n");
            } else if (volume.getConfigMap() != null) {
                write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t" + volume.getConfigMap().getName()
                        + "\n    Optional:\t" + Boolean.TRUE.equals(volume.getConfigMap().getOptional()) + "\n");
            } else if (volume.getPersistentVolumeClaim() != null) {
                write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                        + "    ClaimName:\t" + volume.getPersistentVolumeClaim().getClaimName() + "\n    ReadOnly:\t"
                        + Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly()) + "\n");
            } else if (volume.getDownwardAPI() != null) {
                write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
                volume.getDownwardAPI().getItems().forEach(item -> {
                    if (item.getFieldRef() != null) {
                        write(3, item.getFieldRef().getFieldPath() + " -> " + item.getPath() + "\n");
                    }
                    if (item.getResourceFieldRef() != null) {
                        write(3, item.getResourceFieldRef().getResource() + " -> " + item.getPath() + "\n");
                    }
                });
            } else if (volume.getProjected() != null) {
                projected(volume);
            } else {
                throw new PeapodException("Peapod's \"kubectl describe pod\" describes hostPath, emptyDir, secret, configMap, "
                        + "persistentVolumeClaim, downwardAPI and projected volumes, not volume " + volume.getName());
            }
        }
    }

    private void projected(Volume volume) {
        write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
        for (VolumeProjection source : volume.getProjected().getSources()) {
            if ((source.getSecret() != null && source.getSecret().getOptional() != null)
                    || (source.getConfigMap() != null && source.getConfigMap().getOptional() != null)) {
                // kubectl prints the *bool with %v: the pointer's address
                throw new PeapodException("Peapod's \"kubectl describe pod\" cannot print what kubectl v1.20 prints for a "
                        + "projected source's optional (a memory address), in volume " + volume.getName());
            }
            if (source.getSecret() != null) {
                write(2, "SecretName:\t" + source.getSecret().getName() + "\n    SecretOptionalName:\t<nil>\n");
            } else if (source.getDownwardAPI() != null) {
                write(2, "DownwardAPI:\ttrue\n");
            } else if (source.getConfigMap() != null) {
                write(2, "ConfigMapName:\t" + source.getConfigMap().getName() + "\n    ConfigMapOptional:\t<nil>\n");
            } else if (source.getServiceAccountToken() != null) {
                write(2, "TokenExpirationSeconds:\t" + source.getServiceAccountToken().getExpirationSeconds() + "\n");
            }
        }
    }

    // ------------------------------------------------------------------ labels, tolerations, events

    // ------------------------------------------------------------------ a deployment

    private String deployment(String namespace, String name) {
        KubectlHttp.Answer answer = http.get("/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name, "application/json");
        kubectl.expect(answer);
        Map<String, Object> json = answer.json();
        io.fabric8.kubernetes.api.model.apps.Deployment d = Serialization.unmarshal(answer.body(),
                io.fabric8.kubernetes.api.model.apps.Deployment.class);
        String selector = "involvedObject.kind=Deployment,involvedObject.name=" + name + ",involvedObject.namespace=" + namespace
                + ",involvedObject.uid=" + d.getMetadata().getUid();
        KubectlHttp.Answer events = http.get("/api/v1/namespaces/" + namespace + "/events"
                + query(parameters("fieldSelector", selector)), "application/json");
        kubectl.expect(events);
        KubectlHttp.Answer sets = http.get("/apis/apps/v1/namespaces/" + namespace + "/replicasets", "application/json");
        kubectl.expect(sets);
        w = new GoTabWriter();
        var spec = d.getSpec();
        var status = d.getStatus() == null ? new io.fabric8.kubernetes.api.model.apps.DeploymentStatus() : d.getStatus();
        write(0, "Name:\t" + name + "\n");
        write(0, "Namespace:\t" + namespace + "\n");
        write(0, "CreationTimestamp:\t" + time(d.getMetadata().getCreationTimestamp()) + "\n");
        labels("Labels", d.getMetadata().getLabels());
        annotations(d.getMetadata().getAnnotations());
        write(0, "Selector:\t" + selectorString(spec.getSelector()) + "\n");
        write(0, "Replicas:\t" + spec.getReplicas() + " desired | " + orZero(status.getUpdatedReplicas()) + " updated | "
                + orZero(status.getReplicas()) + " total | " + orZero(status.getAvailableReplicas()) + " available | "
                + orZero(status.getUnavailableReplicas()) + " unavailable\n");
        write(0, "StrategyType:\t" + spec.getStrategy().getType() + "\n");
        write(0, "MinReadySeconds:\t" + orZero(spec.getMinReadySeconds()) + "\n");
        if (spec.getStrategy().getRollingUpdate() != null) {
            var ru = spec.getStrategy().getRollingUpdate();
            write(0, "RollingUpdateStrategy:\t" + intOrString(ru.getMaxUnavailable()) + " max unavailable, "
                    + intOrString(ru.getMaxSurge()) + " max surge\n");
        }
        var template = spec.getTemplate();
        write(0, "Pod Template:\n");
        labels("  Labels", template.getMetadata() == null ? null : template.getMetadata().getLabels());
        if (template.getMetadata() != null && template.getMetadata().getAnnotations() != null
                && !template.getMetadata().getAnnotations().isEmpty()) {
            throw new PeapodException("Peapod's \"kubectl describe deployment\" does not print a pod template's annotations");
        }
        if (!empty(template.getSpec().getServiceAccountName())) {
            write(1, "Service Account:\t" + template.getSpec().getServiceAccountName() + "\n");
        }
        if (!template.getSpec().getInitContainers().isEmpty()) {
            containers("Init Containers", template.getSpec().getInitContainers(), List.of(), null, "  ");
        }
        containers("Containers", template.getSpec().getContainers(), List.of(), null, "  ");
        volumes(template.getSpec().getVolumes(), "  ");
        if (!empty(template.getSpec().getPriorityClassName())) {
            write(1, "Priority Class Name:\t" + template.getSpec().getPriorityClassName() + "\n");
        }
        if (!status.getConditions().isEmpty()) {
            write(0, "Conditions:\n  Type\tStatus\tReason\n");
            write(1, "----\t------\t------\n");
            status.getConditions().forEach(c -> write(1, c.getType() + " \t" + c.getStatus() + "\t" + c.getReason() + "\n"));
        }
        List<String> old = new ArrayList<>();
        List<String> current = new ArrayList<>();
        Object wanted = map(json.get("spec")).get("template");
        for (Object item : list(sets.json().get("items"))) {
            Map<String, Object> rs = map(item);
            Map<String, Object> meta = map(rs.get("metadata"));
            boolean owned = list(meta.get("ownerReferences")).stream().map(KubectlHttp::map)
                    .anyMatch(o -> Boolean.TRUE.equals(o.get("controller")) && d.getMetadata().getUid().equals(o.get("uid")));
            if (!owned) {
                continue;
            }
            Map<String, Object> rsTemplate = new java.util.LinkedHashMap<>(map(map(rs.get("spec")).get("template")));
            Map<String, Object> rsMeta = new java.util.LinkedHashMap<>(map(rsTemplate.get("metadata")));
            Map<String, Object> rsLabels = new java.util.LinkedHashMap<>(map(rsMeta.get("labels")));
            rsLabels.remove("pod-template-hash");
            rsMeta.put("labels", rsLabels);
            rsTemplate.put("metadata", rsMeta);
            Object replicas = map(rs.get("spec")).get("replicas");
            String line = meta.get("name") + " (" + KubectlGet.cell(map(rs.get("status")).getOrDefault("replicas", 0)) + "/"
                    + KubectlGet.cell(replicas) + " replicas created)";
            if (StrategicThreeWay.deepEqual(rsTemplate, wanted)) {
                current.add(line);
            } else if (replicas instanceof Number n && n.intValue() != 0) {
                old.add(line);
            }
        }
        if (current.size() > 1) {
            throw new PeapodException("Peapod's \"kubectl describe deployment\" found two new ReplicaSets for " + name);
        }
        write(0, "OldReplicaSets:\t" + (old.isEmpty() ? "<none>" : String.join(", ", old)) + "\n");
        write(0, "NewReplicaSet:\t" + (current.isEmpty() ? "<none>" : current.get(0)) + "\n");
        events(Serialization.unmarshal(events.body(), EventList.class).getItems());
        return w.text();
    }

    private static String intOrString(io.fabric8.kubernetes.api.model.IntOrString value) {
        return value == null ? "0" : value.getValue() instanceof Integer i ? i.toString() : String.valueOf(value.getStrVal());
    }

    /** metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key, joined by commas. */
    private static String selectorString(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return "<none>";
        }
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(k + "=" + v));
        }
        for (var e : selector.getMatchExpressions()) {
            List<String> values = new ArrayList<>(new java.util.TreeSet<>(e.getValues()));
            String text = switch (e.getOperator()) {
                case "In" -> e.getKey() + " in (" + String.join(",", values) + ")";
                case "NotIn" -> e.getKey() + " notin (" + String.join(",", values) + ")";
                case "Exists" -> e.getKey();
                case "DoesNotExist" -> "!" + e.getKey();
                default -> throw new PeapodException("unknown selector operator " + e.getOperator());
            };
            byKey.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(text);
        }
        List<String> all = new ArrayList<>();
        byKey.values().forEach(all::addAll);
        return all.isEmpty() ? "<none>" : String.join(",", all);
    }

    private void labels(String title, Map<String, String> labels) {
        write(0, title + ":\t");
        if (labels == null || labels.isEmpty()) {
            write(0, "<none>\n");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            write(0, (first ? "" : "\t") + label.getKey() + "=" + label.getValue() + "\n");
            first = false;
        }
    }

    /** printAnnotationsMultiline: without the last-applied configuration; long or multi-line values on their own lines. */
    private void annotations(Map<String, String> annotations) {
        write(0, "Annotations:\t");
        TreeMap<String, String> shown = new TreeMap<>(annotations == null ? Map.of() : annotations);
        shown.remove(LAST_APPLIED);
        if (shown.isEmpty()) {
            write(0, "<none>\n");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> annotation : shown.entrySet()) {
            if (!first) {
                write(0, "\t");
            }
            first = false;
            String key = annotation.getKey();
            String value = annotation.getValue().endsWith("\n")
                    ? annotation.getValue().substring(0, annotation.getValue().length() - 1) : annotation.getValue();
            if (utf8Length(value) + utf8Length(key) + 2 > 140 || value.contains("\n")) {
                write(0, key + ":\n");
                for (String line : value.split("\n", -1)) {
                    write(0, "\t  " + shorten(line) + "\n");
                }
            } else {
                write(0, key + ": " + value + "\n");
            }
        }
    }

    /** shorten(s, 138): Go slices bytes, so a cut inside a character keeps its first bytes; Peapod cuts characters. */
    private static String shorten(String line) {
        if (utf8Length(line) <= 138) {
            return line;
        }
        if (utf8Length(line) != line.length()) {
            throw new PeapodException("Peapod's \"kubectl describe\" does not cut a long annotation line with non-ASCII text "
                    + "as kubectl does (byte by byte)");
        }
        return line.substring(0, 138) + "...";
    }

    private static int utf8Length(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private void tolerations(List<Toleration> tolerations) {
        write(0, "Tolerations:\t");
        if (tolerations.isEmpty()) {
            write(0, "<none>\n");
            return;
        }
        List<Toleration> sorted = new ArrayList<>(tolerations);
        sorted.sort(Comparator.comparing(t -> orEmpty(t.getKey()))); // sort.Slice is not stable; keys are usually distinct
        boolean first = true;
        for (Toleration t : sorted) {
            StringBuilder line = new StringBuilder(first ? "" : "\t").append(orEmpty(t.getKey()));
            first = false;
            if (!empty(t.getValue())) {
                line.append('=').append(t.getValue());
            }
            if (!empty(t.getEffect())) {
                line.append(':').append(t.getEffect());
            }
            if ("Exists".equals(t.getOperator()) && empty(t.getValue())) {
                line.append(!empty(t.getKey()) || !empty(t.getEffect()) ? " op=Exists" : "op=Exists");
            }
            if (t.getTolerationSeconds() != null) {
                line.append(" for ").append(t.getTolerationSeconds()).append('s');
            }
            write(0, line + "\n");
        }
    }

    /** DescribeEvents: flushed first, sorted by last timestamp, {@code x N over M} for a repeated event. */
    private void events(List<Event> events) {
        if (events.isEmpty()) {
            write(0, "Events:\t<none>\n");
            return;
        }
        w.flush();
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(e -> instant(e.getLastTimestamp()), Comparator.nullsFirst(Comparator.naturalOrder())));
        write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
        write(1, "----\t------\t----\t----\t-------\n");
        for (Event e : sorted) {
            int count = e.getCount() == null ? 0 : e.getCount();
            String interval;
            if (count > 1) {
                interval = since(e.getLastTimestamp()) + " (x" + count + " over " + since(e.getFirstTimestamp()) + ")";
            } else {
                interval = e.getFirstTimestamp() != null ? since(e.getFirstTimestamp())
                        : e.getEventTime() != null && e.getEventTime().getTime() != null ? since(e.getEventTime().getTime()) : "<unknown>";
            }
            String source = e.getSource() != null && !empty(e.getSource().getComponent()) ? e.getSource().getComponent()
                    : orEmpty(e.getReportingComponent());
            write(1, orEmpty(e.getType()) + "\t" + orEmpty(e.getReason()) + "\t" + interval + "\t" + source + "\t"
                    + orEmpty(e.getMessage()).strip() + "\n");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The prefixWriter: two blanks a level. */
    private void write(int level, String text) {
        w.write("  ".repeat(level) + text);
    }

    private String since(String timestamp) {
        if (empty(timestamp)) {
            return "<unknown>";
        }
        return Durations.human(Duration.between(Instant.parse(timestamp), cluster.now()));
    }

    private static Instant instant(String timestamp) {
        return empty(timestamp) ? null : Instant.parse(timestamp);
    }

    private static String time(String timestamp) {
        return empty(timestamp) ? "Mon, 01 Jan 0001 00:00:00 +0000" : RFC1123Z.format(Instant.parse(timestamp));
    }

    private static boolean empty(String text) {
        return text == null || text.isEmpty();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String noneIfEmpty(String text) {
        return text.isEmpty() ? "<none>" : text;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
