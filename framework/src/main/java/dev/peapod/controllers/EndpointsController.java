package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Timestamps;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.WorkQueue;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import org.apiguardian.api.API;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The Endpoints controller (pkg/controller/endpoint/endpoints_controller.go), still on in v1.33: one
 * {@code Endpoints} object per Service with a selector, named as the Service, with the Service's
 * labels (and {@code service.kubernetes.io/headless} for a headless one), the ready pods' addresses
 * under {@code addresses} and the others under {@code notReadyAddresses} (all under {@code addresses}
 * with publishNotReadyAddresses, which also keeps terminating pods), per port set
 * (endpoints.RepackSubsets), and the {@code endpoints.kubernetes.io/last-change-trigger-time}
 * annotation. The Service's deletion deletes its Endpoints.
 *
 * <p>Not done: truncation above 1000 addresses ({@code endpoints.kubernetes.io/over-capacity}).
 * RepackSubsets orders subsets by a hash of their content; Peapod keeps them in the order their
 * port sets first appear (one subset in the common case of one port set).
 */
@API(status = INTERNAL, since = "0.1")
public final class EndpointsController implements Component {
    private ClusterContext context;
    private WorkQueue<String> queue;
    private final ServicePods.TriggerTimes triggerTimes = new ServicePods.TriggerTimes();
    private final Map<String, Set<String>> servicesOfPod = new TreeMap<>();

    /** The cluster's shared pod informer (see {@link PodCache}): a sync reads its pods there, not from a list of the namespace. */
    private final PodCache podCache;

    /** A controller with a pod cache of its own. */
    public EndpointsController() {
        this(new PodCache());
    }

    /** A controller reading the cluster's shared pod cache. */
    EndpointsController(PodCache podCache) {
        this.podCache = Objects.requireNonNull(podCache, "podCache");
    }

    @Override
    public String name() {
        return "endpoint-controller";
    }

    @Override
    public void start(ClusterContext context) {
        podCache.start(context); // before this controller's pod watch: see PodCache
        this.context = Objects.requireNonNull(context, "context");
        this.queue = new WorkQueue<>(context.loop(), name(), this::sync);
        context.store().watch(Service.class, ListOptions.all(), null, this::onService);
        context.store().watch(Pod.class, ListOptions.all(), null, this::onPod);
    }

    private void onService(WatchEvent<Service> event) {
        queue.add(Pods.key(event.object().getMetadata().getNamespace(), event.object().getMetadata().getName()));
    }

    private void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        String namespace = pod.getMetadata().getNamespace();
        Set<String> keys = new TreeSet<>(servicesOfPod.getOrDefault(Pods.key(namespace, pod.getMetadata().getName()), Set.of()));
        for (Service service : context.store().list(Service.class, ListOptions.inNamespace(namespace))) {
            if (ServicePods.selects(service, ServicePods.labels(pod))) {
                keys.add(Pods.key(namespace, service.getMetadata().getName()));
            }
        }
        keys.forEach(queue::add);
    }

    private void sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        Service service = context.store().peek(Service.class, namespace, name);
        if (service == null) {
            // "Delete the corresponding endpoint, as the service has been deleted."
            triggerTimes.forget(key);
            servicesOfPod.values().forEach(set -> set.remove(key));
            delete(namespace, name);
            return;
        }
        if (!ServicePods.managed(service)) {
            return; // ExternalName, or no selector: Endpoints are the user's own
        }
        List<Pod> pods = ServicePods.selected(podCache, service);
        Instant triggerTime = triggerTimes.compute(service, pods);
        servicesOfPod.values().forEach(set -> set.remove(key));
        for (Pod pod : pods) {
            servicesOfPod.computeIfAbsent(Pods.key(namespace, pod.getMetadata().getName()), k -> new TreeSet<>()).add(key);
        }
        List<EndpointSubset> subsets = subsets(service, pods);
        Endpoints current = context.store().peek(Endpoints.class, namespace, name);
        Map<String, String> serviceLabels = service.getMetadata().getLabels() == null ? Map.of() : service.getMetadata().getLabels();
        if (current != null) {
            Map<String, String> compare = current.getMetadata().getLabels() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(current.getMetadata().getLabels());
            compare.remove(ServicePods.HEADLESS);
            if (Objects.equals(emptyToNull(current.getSubsets()), emptyToNull(subsets)) && compare.equals(serviceLabels)) {
                return; // "endpoints are equal, skipping update"
            }
        }
        Endpoints next = current == null ? new Endpoints() : Copies.copy(current);
        if (current == null) {
            ObjectMeta meta = new ObjectMeta();
            meta.setName(name);
            meta.setNamespace(namespace);
            next.setMetadata(meta);
        }
        next.setSubsets(subsets);
        Map<String, String> labels = new LinkedHashMap<>(serviceLabels);
        if (!ServicePods.hasClusterIp(service)) {
            labels.put(ServicePods.HEADLESS, "");
        } else {
            labels.remove(ServicePods.HEADLESS);
        }
        next.getMetadata().setLabels(labels);
        Map<String, String> annotations = next.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(next.getMetadata().getAnnotations());
        if (triggerTime != null) {
            annotations.put(ServicePods.TRIGGER_TIME, Timestamps.format(triggerTime));
        } else {
            annotations.remove(ServicePods.TRIGGER_TIME);
        }
        next.getMetadata().setAnnotations(annotations);
        try {
            if (current == null) {
                context.store().create(next);
            } else {
                context.store().update(next);
            }
        } catch (ApiException failed) {
            queue.addRateLimited(key);
        }
    }

    private void delete(String namespace, String name) {
        try {
            context.store().delete(Endpoints.class, namespace, name);
        } catch (ApiException gone) {
            if (gone.code() != 404) {
                throw gone;
            }
        }
    }

    /** The loop of syncService, then RepackSubsets: per port set, ready and not-ready addresses sorted by IP then UID. */
    static List<EndpointSubset> subsets(Service service, List<Pod> pods) {
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        List<ServicePort> servicePorts = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        Map<List<EndpointPort>, List<EndpointAddress>> ready = new LinkedHashMap<>();
        Map<List<EndpointPort>, List<EndpointAddress>> notReady = new LinkedHashMap<>();
        for (Pod pod : pods) {
            if (!ServicePods.shouldBeInEndpoints(pod, publishNotReady)) {
                continue;
            }
            EndpointAddress address = address(pod, service);
            boolean isReady = publishNotReady || Pods.isReady(pod);
            if (servicePorts.isEmpty()) {
                if ("None".equals(service.getSpec().getClusterIP())) {
                    add(isReady ? ready : notReady, isReady ? notReady : ready, List.of(), address);
                }
                continue;
            }
            for (ServicePort servicePort : servicePorts) {
                OptionalInt number = ServicePods.findPort(pod, servicePort);
                if (number.isEmpty()) {
                    continue;
                }
                EndpointPort port = new EndpointPortBuilder()
                        .withName(servicePort.getName() == null || servicePort.getName().isEmpty() ? null : servicePort.getName())
                        .withPort(number.getAsInt())
                        .withProtocol(servicePort.getProtocol() == null ? "TCP" : servicePort.getProtocol())
                        .withAppProtocol(servicePort.getAppProtocol()).build();
                add(isReady ? ready : notReady, isReady ? notReady : ready, List.of(port), address);
            }
        }
        return repack(ready, notReady);
    }

    private static void add(Map<List<EndpointPort>, List<EndpointAddress>> into, Map<List<EndpointPort>, List<EndpointAddress>> other,
                            List<EndpointPort> ports, EndpointAddress address) {
        into.computeIfAbsent(ports, k -> new ArrayList<>()).add(address);
        other.computeIfAbsent(ports, k -> new ArrayList<>());
    }

    /**
     * RepackSubsets: addresses with the same ports share a subset (merging the ports an address is
     * reached on); a ready address wins over the same address not ready.
     */
    private static List<EndpointSubset> repack(Map<List<EndpointPort>, List<EndpointAddress>> ready,
                                               Map<List<EndpointPort>, List<EndpointAddress>> notReady) {
        // address key -> ports, ready or not, in first-seen order
        Map<String, EndpointAddress> addresses = new LinkedHashMap<>();
        Map<String, List<EndpointPort>> portsOf = new LinkedHashMap<>();
        Map<String, Boolean> readyOf = new LinkedHashMap<>();
        for (boolean isReady : new boolean[] {true, false}) {
            for (var entry : (isReady ? ready : notReady).entrySet()) {
                for (EndpointAddress address : entry.getValue()) {
                    String key = address.getIp() + "/" + (address.getTargetRef() == null ? "" : address.getTargetRef().getUid());
                    if (!isReady && Boolean.TRUE.equals(readyOf.get(key))) {
                        continue;
                    }
                    addresses.putIfAbsent(key, address);
                    readyOf.putIfAbsent(key, isReady);
                    List<EndpointPort> ports = portsOf.computeIfAbsent(key, k -> new ArrayList<>());
                    for (EndpointPort port : entry.getKey()) {
                        if (!ports.contains(port)) {
                            ports.add(port);
                        }
                    }
                }
            }
        }
        Map<List<EndpointPort>, EndpointSubset> subsets = new LinkedHashMap<>();
        for (String key : addresses.keySet()) {
            List<EndpointPort> ports = new ArrayList<>(portsOf.get(key));
            ports.sort(Comparator.comparing((EndpointPort p) -> Objects.toString(p.getName(), "")).thenComparing(EndpointPort::getPort));
            EndpointSubset subset = subsets.computeIfAbsent(ports, p -> {
                EndpointSubset s = new EndpointSubset();
                s.setPorts(p.isEmpty() ? null : p);
                return s;
            });
            if (readyOf.get(key)) {
                subset.getAddresses().add(addresses.get(key));
            } else {
                subset.getNotReadyAddresses().add(addresses.get(key));
            }
        }
        Comparator<EndpointAddress> byIpThenUid = Comparator.comparing(EndpointAddress::getIp)
                .thenComparing(a -> a.getTargetRef() == null ? "" : Objects.toString(a.getTargetRef().getUid(), ""));
        List<EndpointSubset> result = new ArrayList<>();
        for (EndpointSubset subset : subsets.values()) {
            subset.getAddresses().sort(byIpThenUid);
            subset.getNotReadyAddresses().sort(byIpThenUid);
            if (subset.getAddresses().isEmpty()) {
                subset.setAddresses(null);
            }
            if (subset.getNotReadyAddresses().isEmpty()) {
                subset.setNotReadyAddresses(null);
            }
            result.add(subset);
        }
        return result;
    }

    /** podToEndpointAddressForService: the pod's IP, its node and a reference to it; its hostname when ShouldSetHostname. */
    private static EndpointAddress address(Pod pod, Service service) {
        EndpointAddressBuilder address = new EndpointAddressBuilder()
                .withIp(ServicePods.ips(pod).get(0))
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node != null && !node.isEmpty()) {
            address.withNodeName(node);
        }
        if (EndpointSliceController.shouldSetHostname(pod, service)) {
            address.withHostname(pod.getSpec().getHostname());
        }
        return address.build();
    }

    private static <T> List<T> emptyToNull(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
