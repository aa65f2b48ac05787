package dev.peapod.controllers;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ApiException;
import dev.peapod.store.Copies;
import dev.peapod.store.Timestamps;
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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The Endpoints controller (pkg/controller/endpoint/endpoints_controller.go), still on in v1.33: one
 * {@code Endpoints} object per Service with a selector, named as the Service, with the Service's
 * labels (and {@code service.kubernetes.io/headless} for a headless one), the ready pods' addresses
 * under {@code addresses} and the others under {@code notReadyAddresses} (all under {@code addresses}
 * with publishNotReadyAddresses, which also keeps terminating pods), packed and sorted as
 * endpoints.RepackSubsets does, and the {@code endpoints.kubernetes.io/last-change-trigger-time}
 * annotation. The Service's deletion deletes its Endpoints.
 *
 * <p>Not done: truncation above 1000 addresses ({@code endpoints.kubernetes.io/over-capacity}).
 * The order of subsets follows a hash of their content, UIDs included: deterministic in Peapod, but
 * not a real cluster's order for the same pods (their UIDs differ).
 */
@API(status = INTERNAL, since = "0.1")
public final class EndpointsController implements Component {
    private ClusterContext context;
    private WorkQueue<String> queue;
    private ServiceWatch services;

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
        this.services = ServiceWatch.start(context, queue, podCache);
    }

    private void sync(String key) {
        int slash = key.indexOf('/');
        String namespace = key.substring(0, slash);
        String name = key.substring(slash + 1);
        Service service = context.store().peek(Service.class, namespace, name);
        if (service == null) {
            // "Delete the corresponding endpoint, as the service has been deleted."
            services.forget(key);
            delete(namespace, name);
            return;
        }
        if (!ServicePods.managed(service)) {
            return; // ExternalName, or no selector: Endpoints are the user's own
        }
        ServiceWatch.Selected selected = services.select(service);
        Instant triggerTime = selected.triggerTime();
        List<EndpointSubset> subsets = subsets(service, selected.pods());
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
                context.store().shared().create(next);
            } else {
                context.store().shared().update(next);
            }
        } catch (ApiException failed) {
            queue.addRateLimited(key);
        }
    }

    private void delete(String namespace, String name) {
        try {
            context.store().shared().delete(Endpoints.class, namespace, name);
        } catch (ApiException gone) {
            if (gone.code() != 404) {
                throw gone;
            }
        }
    }

    /**
     * The loop of syncService (addEndpointSubset: one subset per pod and port, a headless Service
     * without ports giving its address with no port), then {@link #repack}.
     */
    static List<EndpointSubset> subsets(Service service, List<Pod> pods) {
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        List<ServicePort> servicePorts = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        List<Offer> offers = new ArrayList<>();
        for (Pod pod : pods) {
            if (!ServicePods.shouldBeInEndpoints(pod, publishNotReady)) {
                continue;
            }
            EndpointAddress address = address(pod, service);
            boolean isReady = publishNotReady || Pods.isReady(pod);
            if (servicePorts.isEmpty()) {
                if ("None".equals(service.getSpec().getClusterIP())) {
                    offers.add(new Offer(address, null, isReady));
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
                offers.add(new Offer(address, port, isReady));
            }
        }
        return repack(offers);
    }

    /** One address offering one port (null: the Service has no ports), ready or not: addEndpointSubset's unit. */
    private record Offer(EndpointAddress address, EndpointPort port, boolean ready) {
    }

    /** RepackSubsets' sentinel for a subset with no ports: {@code EndpointPort{Port: -1}}. */
    private static final EndpointPort NO_PORT = new EndpointPortBuilder().withPort(-1).build();

    /**
     * endpoints.RepackSubsets (pkg/api/v1/endpoints/util.go): each port maps to the set of addresses
     * offering it (an address keyed by IP and target UID; "not ready always trumps ready" for one
     * port); ports with the same set of (address, ready) share a subset; then SortSubsets. So two
     * pods of which one also offers a second port give two subsets: both addresses with the common
     * port, and the one address with the other port.
     */
    private static List<EndpointSubset> repack(List<Offer> offers) {
        Map<String, EndpointAddress> allAddrs = new LinkedHashMap<>();
        Map<PortKey, EndpointPort> ports = new LinkedHashMap<>();
        Map<PortKey, Map<String, Boolean>> portToAddrReady = new LinkedHashMap<>();
        for (Offer offer : offers) {
            String addressKey = offer.address().getIp() + "/"
                    + (offer.address().getTargetRef() == null ? "" : Objects.toString(offer.address().getTargetRef().getUid(), ""));
            allAddrs.putIfAbsent(addressKey, offer.address());
            EndpointPort port = offer.port() == null ? NO_PORT : offer.port();
            PortKey portKey = PortKey.of(port);
            ports.putIfAbsent(portKey, port);
            Map<String, Boolean> addrs = portToAddrReady.computeIfAbsent(portKey, k -> new LinkedHashMap<>());
            Boolean wasReady = addrs.get(addressKey);
            if (wasReady == null || wasReady) {
                addrs.put(addressKey, offer.ready());
            }
        }
        // the (address, ready) set as a key: hashAddresses sorts it first, so a sorted string does the same
        Map<String, Map<String, Boolean>> keyToAddrReady = new LinkedHashMap<>();
        Map<String, List<EndpointPort>> keyToPorts = new LinkedHashMap<>();
        for (var entry : portToAddrReady.entrySet()) {
            String key = new TreeMap<>(entry.getValue()).toString();
            keyToAddrReady.put(key, entry.getValue());
            keyToPorts.computeIfAbsent(key, k -> new ArrayList<>()).add(ports.get(entry.getKey()));
        }
        List<EndpointSubset> subsets = new ArrayList<>();
        for (var entry : keyToPorts.entrySet()) {
            List<EndpointAddress> ready = new ArrayList<>();
            List<EndpointAddress> notReady = new ArrayList<>();
            keyToAddrReady.get(entry.getKey()).forEach((addressKey, isReady) -> (isReady ? ready : notReady).add(allAddrs.get(addressKey)));
            // "avoid sentinels": a set of addresses offered only under the sentinel has no ports (nil)
            List<EndpointPort> subsetPorts = entry.getValue().stream().filter(p -> p.getPort() > 0).collect(Collectors.toCollection(ArrayList::new));
            EndpointSubset subset = new EndpointSubset();
            subset.setPorts(subsetPorts.isEmpty() ? null : subsetPorts);
            subset.setAddresses(ready.isEmpty() ? null : ready);
            subset.setNotReadyAddresses(notReady.isEmpty() ? null : notReady);
            subsets.add(subset);
        }
        return sortSubsets(subsets);
    }

    /** EndpointPort as the Go map key it is upstream (a struct compared field by field). */
    private record PortKey(String name, Integer port, String protocol, String appProtocol) {
        static PortKey of(EndpointPort port) {
            return new PortKey(port.getName(), port.getPort(), port.getProtocol(), port.getAppProtocol());
        }
    }

    /**
     * SortSubsets: addresses and not-ready addresses by LessEndpointAddress (IP bytes, then target
     * UID, no target first), ports and then subsets by the MD5 of their DeepHashObject printing
     * ({@link #spew(EndpointPort)}, {@link #spew(EndpointSubset)}), compared as unsigned bytes.
     */
    static List<EndpointSubset> sortSubsets(List<EndpointSubset> subsets) {
        for (EndpointSubset subset : subsets) {
            if (subset.getAddresses() != null) {
                subset.getAddresses().sort(EndpointsController::lessEndpointAddress);
            }
            if (subset.getNotReadyAddresses() != null) {
                subset.getNotReadyAddresses().sort(EndpointsController::lessEndpointAddress);
            }
            if (subset.getPorts() != null) {
                subset.getPorts().sort(Comparator.comparing(p -> md5(spew(p)), Arrays::compareUnsigned));
            }
        }
        List<EndpointSubset> sorted = new ArrayList<>(subsets);
        sorted.sort(Comparator.comparing(s -> md5(spew(s)), Arrays::compareUnsigned));
        return sorted;
    }

    /** LessEndpointAddress as a comparator. */
    private static int lessEndpointAddress(EndpointAddress a, EndpointAddress b) {
        int ip = Arrays.compareUnsigned(bytes(a.getIp()), bytes(b.getIp()));
        if (ip != 0) {
            return ip;
        }
        if (a.getTargetRef() == null || b.getTargetRef() == null) {
            return a.getTargetRef() == null ? (b.getTargetRef() == null ? 0 : -1) : 1;
        }
        return Arrays.compareUnsigned(bytes(a.getTargetRef().getUid()), bytes(b.getTargetRef().getUid()));
    }

    private static byte[] bytes(String s) {
        return Objects.toString(s, "").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] md5(String printed) {
        try {
            return MessageDigest.getInstance("MD5").digest(printed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /**
     * hashutil.DeepHashObject's text for a v1.EndpointPort: k8s.io/utils/dump.ForHash, spew's
     * {@code %#v} (go-spew spew/format.go: each field with its name and its Go type in parentheses,
     * strings unquoted, a nil pointer as {@code (*T)<nil>}).
     */
    static String spew(EndpointPort port) {
        return "(v1.EndpointPort)" + spewFields(port);
    }

    private static String spewFields(EndpointPort port) {
        return "{Name:(string)" + Objects.toString(port.getName(), "")
                + " Port:(int32)" + port.getPort()
                + " Protocol:(v1.Protocol)" + Objects.toString(port.getProtocol(), "")
                + " AppProtocol:(*string)" + (port.getAppProtocol() == null ? "<nil>" : port.getAppProtocol()) + "}";
    }

    /** The same for a v1.EndpointSubset: slice elements print without their type, a nil slice as {@code ([]T)<nil>}. */
    static String spew(EndpointSubset subset) {
        return "(v1.EndpointSubset){Addresses:" + spewAddresses(subset.getAddresses())
                + " NotReadyAddresses:" + spewAddresses(subset.getNotReadyAddresses())
                + " Ports:([]v1.EndpointPort)" + (subset.getPorts() == null || subset.getPorts().isEmpty() ? "<nil>"
                : subset.getPorts().stream().map(EndpointsController::spewFields).collect(Collectors.joining(" ", "[", "]"))) + "}";
    }

    /**
     * EndpointAddress{IP, Hostname, NodeName *string, TargetRef *ObjectReference}; upstream's
     * podToEndpointAddressForService always sets NodeName (to the pod's, empty or not).
     */
    private static String spewAddresses(List<EndpointAddress> addresses) {
        if (addresses == null || addresses.isEmpty()) {
            return "([]v1.EndpointAddress)<nil>";
        }
        return addresses.stream().map(a -> "{IP:(string)" + Objects.toString(a.getIp(), "")
                + " Hostname:(string)" + Objects.toString(a.getHostname(), "")
                + " NodeName:(*string)" + Objects.toString(a.getNodeName(), "")
                + " TargetRef:(*v1.ObjectReference)" + (a.getTargetRef() == null ? "<nil>"
                : "{Kind:(string)" + Objects.toString(a.getTargetRef().getKind(), "")
                + " Namespace:(string)" + Objects.toString(a.getTargetRef().getNamespace(), "")
                + " Name:(string)" + Objects.toString(a.getTargetRef().getName(), "")
                + " UID:(types.UID)" + Objects.toString(a.getTargetRef().getUid(), "")
                + " APIVersion:(string)" + Objects.toString(a.getTargetRef().getApiVersion(), "")
                + " ResourceVersion:(string)" + Objects.toString(a.getTargetRef().getResourceVersion(), "")
                + " FieldPath:(string)" + Objects.toString(a.getTargetRef().getFieldPath(), "") + "}") + "}")
                .collect(Collectors.joining(" ", "([]v1.EndpointAddress)[", "]"));
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
