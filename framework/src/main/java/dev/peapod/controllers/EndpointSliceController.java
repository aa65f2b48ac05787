package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The EndpointSlice controller (pkg/controller/endpointslice/endpointslice_controller.go with the
 * reconciler of staging/src/k8s.io/endpointslice/reconciler.go): for each Service with a selector,
 * IPv4 slices named from {@code <service>-}, labelled with the Service's name and
 * {@code endpointslice-controller.k8s.io}, owned by the Service, holding one endpoint per selected pod
 * with an IP (terminating ones included) with its ready, serving and terminating conditions, node,
 * zone and pod reference, grouped by the ports the pods resolve (a named targetPort per pod), at most
 * {@value #MAX_ENDPOINTS_PER_SLICE} endpoints a slice; a Service with no endpoint gets one empty
 * placeholder slice.
 *
 * <p>Order: upstream adds new endpoints from a hash set (random order); Peapod adds them in pod-name
 * order and keeps endpoints already in a slice where they are, as upstream does.
 * Not done: topology hints and trafficDistribution, dual stack (IPv6 slices), and deleting the
 * slices of a deleted Service (upstream leaves that to the garbage collector, through the owner
 * reference).
 */
@API(status = INTERNAL, since = "0.1")
public final class EndpointSliceController implements Component {
    /** --max-endpoints-per-slice's default (kube-controller-manager, endpointslice config). */
    static final int MAX_ENDPOINTS_PER_SLICE = 100;
    static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";

    private ClusterContext context;
    private WorkQueue<String> queue;
    private ServiceWatch services;

    /** The cluster's shared pod informer (see {@link PodCache}): a sync reads its pods there, not from a list of the namespace. */
    private final PodCache podCache;

    /** A controller with a pod cache of its own. */
    public EndpointSliceController() {
        this(new PodCache());
    }

    /** A controller reading the cluster's shared pod cache. */
    EndpointSliceController(PodCache podCache) {
        this.podCache = Objects.requireNonNull(podCache, "podCache");
    }

    @Override
    public String name() {
        return "endpointslice-controller";
    }

    @Override
    public void start(ClusterContext context) {
        podCache.start(context); // before this controller's pod watch: see PodCache
        this.context = Objects.requireNonNull(context, "context");
        this.queue = new WorkQueue<>(context.loop(), name(), this::sync);
        this.services = ServiceWatch.start(context, queue, podCache);
        context.store().watch(EndpointSlice.class, ListOptions.all(), null, this::onSlice);
    }

    // ---------------------------------------------------------------- watch callbacks: enqueue only

    /** A managed slice changed by someone else: its Service is synced again (the reconciler repairs it). */
    private void onSlice(WatchEvent<EndpointSlice> event) {
        Map<String, String> labels = event.object().getMetadata().getLabels();
        if (labels != null && CONTROLLER_NAME.equals(labels.get(MANAGED_BY_LABEL)) && labels.get(SERVICE_NAME_LABEL) != null) {
            queue.add(Pods.key(event.object().getMetadata().getNamespace(), labels.get(SERVICE_NAME_LABEL)));
        }
    }

    // ---------------------------------------------------------------- sync

    private void sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        Service service = context.store().peek(Service.class, namespace, key.substring(slash + 1));
        if (service == null) {
            services.forget(key);
            return; // the garbage collector deletes the slices through their owner reference
        }
        if (!ServicePods.managed(service)) {
            return;
        }
        ServiceWatch.Selected selected = services.select(service);
        reconcile(service, selected.pods(), selected.triggerTime());
    }

    /** The slices this controller manages for the Service (by its name label), in name order. */
    private List<EndpointSlice> existing(Service service) {
        List<EndpointSlice> slices = new ArrayList<>();
        for (EndpointSlice slice : context.store().list(EndpointSlice.class, ListOptions.inNamespace(service.getMetadata().getNamespace()))) {
            Map<String, String> labels = slice.getMetadata().getLabels();
            if (labels != null && service.getMetadata().getName().equals(labels.get(SERVICE_NAME_LABEL))
                    && CONTROLLER_NAME.equals(labels.get(MANAGED_BY_LABEL))) {
                slices.add(slice);
            }
        }
        return slices;
    }

    /** reconcileByAddressType for IPv4, the one family of Peapod's services. */
    private void reconcile(Service service, List<Pod> pods, Instant triggerTime) {
        List<EndpointSlice> existing = existing(service);
        List<EndpointSlice> toCreate = new ArrayList<>();
        List<EndpointSlice> toUpdate = new ArrayList<>();
        List<EndpointSlice> toDelete = new ArrayList<>();
        Map<List<EndpointPort>, List<EndpointSlice>> existingByPorts = new LinkedHashMap<>();
        for (EndpointSlice slice : existing) {
            if (ownedBy(slice, service) && "IPv4".equals(slice.getAddressType())) {
                existingByPorts.computeIfAbsent(portKey(slice.getPorts()), k -> new ArrayList<>()).add(slice);
            } else {
                toDelete.add(slice);
            }
        }
        Map<List<EndpointPort>, List<EndpointPort>> portsByKey = new LinkedHashMap<>();
        Map<List<EndpointPort>, LinkedHashMap<String, Endpoint>> desiredByPorts = new LinkedHashMap<>();
        for (Pod pod : pods) {
            if (!ServicePods.shouldBeInEndpoints(pod, true)) {
                continue;
            }
            List<EndpointPort> ports = endpointPorts(service, pod);
            List<EndpointPort> portKey = portKey(ports);
            portsByKey.putIfAbsent(portKey, ports);
            LinkedHashMap<String, Endpoint> desired = desiredByPorts.computeIfAbsent(portKey, k -> new LinkedHashMap<>());
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            Node node = nodeName == null || nodeName.isEmpty() ? null : context.store().peek(Node.class, null, nodeName);
            if (node == null && nodeName != null && !nodeName.isEmpty()
                    && !Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses())) {
                continue; // "skipping Pod for Service, Node not found"
            }
            desired.put(pod.getMetadata().getUid(), endpoint(pod, node, service));
        }
        for (var entry : desiredByPorts.entrySet()) {
            byPortMapping(service, existingByPorts.getOrDefault(entry.getKey(), List.of()), entry.getValue(),
                    portsByKey.get(entry.getKey()), toCreate, toUpdate, toDelete);
        }
        for (var entry : existingByPorts.entrySet()) {
            if (!desiredByPorts.containsKey(entry.getKey())) {
                toDelete.addAll(entry.getValue());
            }
        }
        if (existing.size() == toDelete.size() && toCreate.isEmpty()) {
            EndpointSlice placeholder = newSlice(service, List.of());
            if (toDelete.size() == 1 && isPlaceholder(toDelete.get(0), placeholder)) {
                toDelete.clear();
            } else {
                toCreate.add(placeholder);
            }
        }
        finalize(service, toCreate, toUpdate, toDelete, triggerTime);
    }

    /** reconcileByPortMapping: update slices in place, drop endpoints gone, fill slices with room, create the rest. */
    private void byPortMapping(Service service, List<EndpointSlice> existing, LinkedHashMap<String, Endpoint> desired,
                               List<EndpointPort> ports, List<EndpointSlice> toCreate, List<EndpointSlice> toUpdate,
                               List<EndpointSlice> toDelete) {
        Map<String, Endpoint> remaining = new LinkedHashMap<>(desired);
        List<EndpointSlice> unchanged = new ArrayList<>();
        for (EndpointSlice slice : existing) {
            boolean changed = false;
            List<Endpoint> kept = new ArrayList<>();
            for (Endpoint endpoint : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                String uid = endpoint.getTargetRef() == null ? null : endpoint.getTargetRef().getUid();
                Endpoint wanted = uid == null ? null : remaining.remove(uid);
                if (wanted == null) {
                    changed = true;
                } else {
                    changed |= !wanted.equals(endpoint);
                    kept.add(wanted);
                }
            }
            Map<String, String> labels = labels(service);
            boolean labelsChanged = !labels.equals(slice.getMetadata().getLabels());
            if (kept.isEmpty()) {
                toDelete.add(slice);
            } else if (changed || labelsChanged) {
                EndpointSlice copy = Copies.copy(slice);
                copy.setEndpoints(kept);
                copy.getMetadata().setLabels(labels);
                toUpdate.add(copy);
            } else {
                unchanged.add(slice);
            }
        }
        // 3. endpoints left go into the slices being updated, fullest first
        List<EndpointSlice> updating = new ArrayList<>(toUpdate);
        updating.sort(Comparator.comparingInt((EndpointSlice s) -> s.getEndpoints().size()).reversed());
        for (EndpointSlice slice : updating) {
            while (!remaining.isEmpty() && slice.getEndpoints().size() < MAX_ENDPOINTS_PER_SLICE) {
                slice.getEndpoints().add(pop(remaining));
            }
        }
        // 4. then into the one unchanged slice closest to full, else new slices
        while (!remaining.isEmpty()) {
            EndpointSlice fill = remaining.size() < MAX_ENDPOINTS_PER_SLICE ? sliceToFill(unchanged, remaining.size()) : null;
            if (fill == null) {
                fill = newSlice(service, ports);
                toCreate.add(fill);
            } else {
                unchanged.remove(fill);
                fill = Copies.copy(fill);
                fill.setEndpoints(new ArrayList<>(fill.getEndpoints()));
                toUpdate.add(fill);
            }
            while (!remaining.isEmpty() && fill.getEndpoints().size() < MAX_ENDPOINTS_PER_SLICE) {
                fill.getEndpoints().add(pop(remaining));
            }
        }
    }

    private static Endpoint pop(Map<String, Endpoint> remaining) {
        String first = remaining.keySet().iterator().next();
        return remaining.remove(first);
    }

    /** getSliceToFill: the slice that will be closest to full with {@code count} more endpoints. */
    private static EndpointSlice sliceToFill(List<EndpointSlice> slices, int count) {
        int closest = MAX_ENDPOINTS_PER_SLICE;
        EndpointSlice found = null;
        for (EndpointSlice slice : slices) {
            int diff = MAX_ENDPOINTS_PER_SLICE - (count + slice.getEndpoints().size());
            if (diff >= 0 && diff < closest) {
                closest = diff;
                found = slice;
                if (diff == 0) {
                    break;
                }
            }
        }
        return found;
    }

    /** finalize: creates become updates of slices about to be deleted; no create for a Service being deleted. */
    private void finalize(Service service, List<EndpointSlice> toCreate, List<EndpointSlice> toUpdate,
                          List<EndpointSlice> toDelete, Instant triggerTime) {
        for (int i = 0; i < toDelete.size() && !toCreate.isEmpty(); ) {
            EndpointSlice deleting = toDelete.get(i);
            EndpointSlice creating = toCreate.get(toCreate.size() - 1);
            if (Objects.equals(deleting.getAddressType(), creating.getAddressType()) && ownedBy(deleting, service)) {
                creating.getMetadata().setName(deleting.getMetadata().getName());
                creating.getMetadata().setResourceVersion(null);
                creating.getMetadata().setUid(deleting.getMetadata().getUid());
                toCreate.remove(toCreate.size() - 1);
                toUpdate.add(creating);
                toDelete.remove(i);
            } else {
                i++;
            }
        }
        String namespace = service.getMetadata().getNamespace();
        if (service.getMetadata().getDeletionTimestamp() == null) {
            for (EndpointSlice slice : toCreate) {
                annotate(slice, triggerTime);
                try {
                    context.store().shared().create(slice);
                } catch (ApiException refused) {
                    queue.addRateLimited(Pods.key(namespace, service.getMetadata().getName()));
                    return;
                }
            }
        }
        for (EndpointSlice slice : toUpdate) {
            annotate(slice, triggerTime);
            EndpointSlice stored = context.store().peek(EndpointSlice.class, namespace, slice.getMetadata().getName());
            if (stored == null) {
                continue;
            }
            EndpointSlice update = Copies.copy(stored);
            update.setEndpoints(slice.getEndpoints());
            update.setPorts(slice.getPorts());
            update.getMetadata().setLabels(slice.getMetadata().getLabels());
            update.getMetadata().setAnnotations(slice.getMetadata().getAnnotations());
            update.getMetadata().setOwnerReferences(slice.getMetadata().getOwnerReferences());
            context.store().shared().update(update);
        }
        for (EndpointSlice slice : toDelete) {
            try {
                context.store().shared().delete(EndpointSlice.class, namespace, slice.getMetadata().getName());
            } catch (ApiException gone) {
                if (gone.code() != 404) {
                    throw gone;
                }
            }
        }
    }

    /** addTriggerTimeAnnotation: the trigger time, or none. */
    private static void annotate(EndpointSlice slice, Instant triggerTime) {
        Map<String, String> annotations = slice.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(slice.getMetadata().getAnnotations());
        if (triggerTime != null) {
            annotations.put(ServicePods.TRIGGER_TIME, Timestamps.format(triggerTime));
        } else {
            annotations.remove(ServicePods.TRIGGER_TIME);
        }
        slice.getMetadata().setAnnotations(annotations);
    }

    // ---------------------------------------------------------------- building slices

    /** newEndpointSlice: generateName {@code <service>-}, the Service's controller reference and the slice labels. */
    private static EndpointSlice newSlice(Service service, List<EndpointPort> ports) {
        EndpointSlice slice = new EndpointSlice();
        ObjectMeta meta = new ObjectMeta();
        meta.setGenerateName(prefix(service.getMetadata().getName()));
        meta.setNamespace(service.getMetadata().getNamespace());
        meta.setLabels(labels(service));
        meta.setOwnerReferences(new ArrayList<>(List.of(ownerRef(service))));
        slice.setMetadata(meta);
        slice.setAddressType("IPv4");
        slice.setPorts(new ArrayList<>(ports));
        slice.setEndpoints(new ArrayList<>());
        return slice;
    }

    /** getEndpointSlicePrefix: {@code <name>-}, or the name alone when the dash would make it no DNS subdomain. */
    static String prefix(String serviceName) {
        return serviceName.length() + 1 > 253 ? serviceName : serviceName + "-";
    }

    /** metav1.NewControllerRef(service, v1 Service). */
    private static OwnerReference ownerRef(Service service) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
                .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private static boolean ownedBy(EndpointSlice slice, Service service) {
        List<OwnerReference> refs = slice.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(ref -> Objects.equals(ref.getUid(), service.getMetadata().getUid())
                && "Service".equals(ref.getKind()) && "v1".equals(ref.getApiVersion()));
    }

    /** setEndpointSliceLabels: the Service's labels but the reserved ones, the headless label, the name and manager. */
    static Map<String, String> labels(Service service) {
        Map<String, String> labels = new TreeMap<>();
        if (service.getMetadata().getLabels() != null) {
            service.getMetadata().getLabels().forEach((k, v) -> {
                if (!k.equals(SERVICE_NAME_LABEL) && !k.equals(MANAGED_BY_LABEL) && !k.equals(ServicePods.HEADLESS)) {
                    labels.put(k, v);
                }
            });
        }
        if (!ServicePods.hasClusterIp(service)) {
            labels.put(ServicePods.HEADLESS, "");
        }
        labels.put(SERVICE_NAME_LABEL, service.getMetadata().getName());
        labels.put(MANAGED_BY_LABEL, CONTROLLER_NAME);
        return new LinkedHashMap<>(labels);
    }

    /** The placeholder comparison: same namespace and labels, no ports, no endpoints. */
    private static boolean isPlaceholder(EndpointSlice slice, EndpointSlice placeholder) {
        return Objects.equals(slice.getMetadata().getNamespace(), placeholder.getMetadata().getNamespace())
                && Objects.equals(slice.getMetadata().getLabels(), placeholder.getMetadata().getLabels())
                && (slice.getPorts() == null || slice.getPorts().isEmpty())
                && (slice.getEndpoints() == null || slice.getEndpoints().isEmpty());
    }

    /** getEndpointPorts: each service port the pod resolves, with the service port's name, protocol and appProtocol. */
    static List<EndpointPort> endpointPorts(Service service, Pod pod) {
        List<EndpointPort> ports = new ArrayList<>();
        List<ServicePort> servicePorts = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        for (ServicePort servicePort : servicePorts) {
            OptionalInt number = ServicePods.findPort(pod, servicePort);
            if (number.isEmpty()) {
                continue; // "Failed to find port for service"
            }
            ports.add(new EndpointPortBuilder()
                    .withName(servicePort.getName() == null ? "" : servicePort.getName())
                    .withPort(number.getAsInt())
                    .withProtocol(servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol())
                    .withAppProtocol(servicePort.getAppProtocol())
                    .build());
        }
        return ports;
    }

    /** NewPortMapKey: the ports as a set (upstream sorts them by hash; a sort by name and number groups the same sets). */
    private static List<EndpointPort> portKey(List<EndpointPort> ports) {
        List<EndpointPort> key = new ArrayList<>(ports == null ? List.of() : ports);
        key.sort(Comparator.comparing((EndpointPort p) -> Objects.toString(p.getName(), ""))
                .thenComparing(p -> p.getPort() == null ? 0 : p.getPort())
                .thenComparing(p -> Objects.toString(p.getProtocol(), "")));
        return key;
    }

    /** podToEndpoint: ready is serving and not terminating, or publishNotReadyAddresses; node, zone, hostname, pod reference. */
    static Endpoint endpoint(Pod pod, Node node, Service service) {
        boolean serving = Pods.isReady(pod);
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        boolean ready = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses()) || serving && !terminating;
        EndpointBuilder endpoint = new EndpointBuilder()
                .withAddresses(ServicePods.ips(pod))
                .withNewConditions().withReady(ready).withServing(serving).withTerminating(terminating).endConditions()
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (nodeName != null && !nodeName.isEmpty()) {
            endpoint.withNodeName(nodeName);
        }
        String zone = node == null || node.getMetadata().getLabels() == null ? null
                : node.getMetadata().getLabels().get("topology.kubernetes.io/zone");
        if (zone != null && !zone.isEmpty()) {
            endpoint.withZone(zone);
        }
        if (shouldSetHostname(pod, service)) {
            endpoint.withHostname(pod.getSpec().getHostname());
        }
        return endpoint.build();
    }

    /** ShouldSetHostname: the pod's hostname, when its subdomain is the Service's name in the same namespace. */
    static boolean shouldSetHostname(Pod pod, Service service) {
        return pod.getSpec() != null && pod.getSpec().getHostname() != null && !pod.getSpec().getHostname().isEmpty()
                && Objects.equals(pod.getSpec().getSubdomain(), service.getMetadata().getName())
                && Objects.equals(pod.getMetadata().getNamespace(), service.getMetadata().getNamespace());
    }
}
