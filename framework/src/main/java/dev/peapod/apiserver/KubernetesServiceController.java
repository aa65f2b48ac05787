package dev.peapod.apiserver;

import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import dev.peapod.store.WatchEvent;
import dev.peapod.time.Timer;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import org.apiguardian.api.API;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The API server's own {@code kubernetes} Service in {@code default}, and its Endpoints and
 * EndpointSlice (pkg/controlplane/controller/kubernetesservice/controller.go with the endpoints
 * adapter of pkg/controlplane/reconcilers/endpointsadapter.go, v1.33). At start it creates the Service
 * as {@code CreateOrUpdateMasterServiceIfNeeded} does (labels {@code provider: kubernetes} and
 * {@code component: apiserver}, no selector, cluster IP {@value #CLUSTER_IP} (the first address of the
 * service range), SingleStack, sessionAffinity None, type ClusterIP, port {@code https} 443 to 6443/TCP),
 * then the Endpoints (label {@code endpointslice.kubernetes.io/skip-mirror: "true"}) and the IPv4
 * EndpointSlice named {@code kubernetes} (label {@code kubernetes.io/service-name}) with the API
 * server's address {@value #PUBLIC_IP}:{@value #SECURE_PORT}, kind's control-plane node (Peapod's
 * nodes are kind's workers, from 172.18.0.3).
 *
 * <p>Upstream runs this every {@link #INTERVAL} ({@code DefaultEndpointReconcilerInterval}, a
 * non-sliding period from the server's start): a deleted Service comes back, and the Endpoints and
 * the slice are put back when deleted or changed (their labels, addresses or ports; the Service itself
 * is not reconciled after it exists). Peapod does the same at the next tick of that period after the
 * change, and schedules nothing while nothing needs it, so an idle cluster gets no events from it.
 *
 * <p>The three objects' uids are not drawn from the cluster's seeded Random (the store derives them
 * from their names), so that no generated name or uid a spec pins moves. Peapod's endpoints
 * controllers leave them alone: the Service has no selector and the slice no managed-by label.
 */
@API(status = INTERNAL, since = "0.1")
public final class KubernetesServiceController implements Component {
    /** KubernetesServiceName, KubernetesServiceNamespace. */
    public static final String NAME = "kubernetes";
    public static final String NAMESPACE = "default";
    /** The first address of the service CIDR 10.96.0.0/12. */
    static final String CLUSTER_IP = "10.96.0.1";
    /** The API server's advertise address: kind's control-plane node. */
    static final String PUBLIC_IP = "172.18.0.2";
    /** --secure-port. */
    static final int SECURE_PORT = 6443;
    /** DefaultEndpointReconcilerInterval. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private ClusterContext context;
    private Instant started;
    private Timer pending;

    @Override
    public String name() {
        return "kubernetes-service-controller";
    }

    @Override
    public void start(ClusterContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.started = context.loop().now();
        sync();
        context.store().watch(Service.class, ListOptions.inNamespace(NAMESPACE), null, this::onChange);
        context.store().watch(Endpoints.class, ListOptions.inNamespace(NAMESPACE), null, this::onChange);
        context.store().watch(EndpointSlice.class, ListOptions.inNamespace(NAMESPACE), null, this::onChange);
    }

    /** A watch callback: enqueue only, at the reconciler's next tick, when something is off. */
    private void onChange(WatchEvent<? extends HasMetadata> event) {
        if (pending != null || !NAME.equals(event.object().getMetadata().getName()) || inSync()) {
            return;
        }
        Instant now = context.loop().now();
        long periods = Duration.between(started, now).toNanos() / INTERVAL.toNanos() + 1;
        pending = context.loop().schedule(started.plus(INTERVAL.multipliedBy(periods)), name() + " sync", () -> {
            pending = null;
            sync();
        });
    }

    private boolean inSync() {
        ObjectStore store = context.store();
        Endpoints endpoints = store.peek(Endpoints.class, NAMESPACE, NAME);
        EndpointSlice slice = store.peek(EndpointSlice.class, NAMESPACE, NAME);
        return store.peek(Service.class, NAMESPACE, NAME) != null
                && endpoints != null && endpoints.getSubsets().equals(endpoints().getSubsets())
                && Objects.equals(endpoints.getMetadata().getLabels(), endpoints().getMetadata().getLabels())
                && slice != null && sliceMatches(slice, slice());
    }

    private static boolean sliceMatches(EndpointSlice stored, EndpointSlice desired) {
        return desired.getAddressType().equals(stored.getAddressType())
                && desired.getEndpoints().equals(stored.getEndpoints()) && desired.getPorts().equals(stored.getPorts())
                && desired.getMetadata().getLabels().equals(stored.getMetadata().getLabels());
    }

    /** UpdateKubernetesService(false): the Service if missing, then the Endpoints and the slice as the adapter's Sync. */
    private void sync() {
        ObjectStore store = context.store();
        if (store.peek(Service.class, NAMESPACE, NAME) == null) {
            store.create(service());
        }
        Endpoints endpoints = store.peek(Endpoints.class, NAMESPACE, NAME);
        Endpoints desired = endpoints();
        if (endpoints == null) {
            store.create(desired);
        } else if (!endpoints.getSubsets().equals(desired.getSubsets())
                || !Objects.equals(endpoints.getMetadata().getLabels(), desired.getMetadata().getLabels())) {
            endpoints.getMetadata().setLabels(desired.getMetadata().getLabels());
            endpoints.setSubsets(desired.getSubsets());
            store.update(endpoints);
        }
        EndpointSlice slice = store.peek(EndpointSlice.class, NAMESPACE, NAME);
        EndpointSlice desiredSlice = slice();
        if (slice == null) {
            store.create(desiredSlice);
        } else if (!sliceMatches(slice, desiredSlice)) {
            slice.getMetadata().setLabels(desiredSlice.getMetadata().getLabels());
            slice.setAddressType(desiredSlice.getAddressType());
            slice.setEndpoints(desiredSlice.getEndpoints());
            slice.setPorts(desiredSlice.getPorts());
            store.update(slice);
        }
    }

    /** createPortAndServiceSpec and the Service of CreateOrUpdateMasterServiceIfNeeded. */
    static Service service() {
        return new ServiceBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                    .withLabels(Map.of("provider", "kubernetes", "component", "apiserver")).endMetadata()
                .withNewSpec()
                    .addNewPort().withProtocol("TCP").withPort(443).withName("https")
                        .withTargetPort(new IntOrString(SECURE_PORT)).endPort()
                    .withClusterIP(CLUSTER_IP).withIpFamilyPolicy("SingleStack").withSessionAffinity("None")
                    .withType("ClusterIP")
                .endSpec().build();
    }

    /** updateEndpoints for one API server. */
    static Endpoints endpoints() {
        return new EndpointsBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                    .withLabels(Map.of("endpointslice.kubernetes.io/skip-mirror", "true")).endMetadata()
                .withSubsets(List.<EndpointSubset>of(new EndpointSubsetBuilder()
                        .withAddresses(new EndpointAddressBuilder().withIp(PUBLIC_IP).build())
                        .withPorts(new EndpointPortBuilder().withName("https").withPort(SECURE_PORT).withProtocol("TCP").build())
                        .build()))
                .build();
    }

    /** updateEndpointSlice for the IPv4 family. */
    static EndpointSlice slice() {
        return new EndpointSliceBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                    .withLabels(Map.of("kubernetes.io/service-name", NAME)).endMetadata()
                .withAddressType("IPv4")
                .withEndpoints(new EndpointBuilder().withAddresses(PUBLIC_IP).withNewConditions().withReady(true).endConditions().build())
                .addNewPort().withName("https").withPort(SECURE_PORT).withProtocol("TCP").endPort()
                .build();
    }
}
