package dev.peapod;

import dev.peapod.core.PeapodException;
import dev.peapod.printers.ServicePrinter;
import dev.peapod.printers.ServiceRow;
import dev.peapod.spi.ClusterContext;
import dev.peapod.store.ListOptions;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * A live view of one Service: {@code cluster.service("web")}. Every call reads the store again, so
 * the view follows the Service and its EndpointSlices as they change.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ServiceView {
    private final ClusterContext context;
    private final Consumer<String> guard;
    private final String namespace;
    private final String name;

    ServiceView(ClusterContext context, Consumer<String> guard, String namespace, String name) {
        this.context = context;
        this.guard = guard;
        this.namespace = namespace;
        this.name = name;
    }

    /** The namespace this view reads. */
    public String namespace() {
        return namespace;
    }

    /** The name this view reads. */
    public String name() {
        return name;
    }

    /** The Service as stored now; a {@link PeapodException} when there is none. */
    public Service get() {
        guard.accept("ServiceView.get");
        return context.store().get(Service.class, namespace, name).orElseThrow(() -> context.store().notFound(Service.class, namespace, name));
    }

    /** The Service's cluster IP ({@code spec.clusterIP}), {@code None} for a headless one. */
    public String clusterIp() {
        return get().getSpec().getClusterIP();
    }

    /**
     * The addresses of the Service's ready endpoints (condition {@code ready}), as its EndpointSlices
     * hold them, slice by slice in name order: what kube-proxy sends traffic to.
     */
    public List<String> endpoints() {
        return addresses(true);
    }

    /** The addresses of the endpoints that are not ready (a failing readiness probe, a terminating pod). */
    public List<String> notReadyEndpoints() {
        return addresses(false);
    }

    private List<String> addresses(boolean ready) {
        get();
        List<String> addresses = new ArrayList<>();
        for (EndpointSlice slice : context.store().list(EndpointSlice.class, ListOptions.inNamespace(namespace))) {
            Map<String, String> labels = slice.getMetadata().getLabels();
            if (labels == null || !name.equals(labels.get("kubernetes.io/service-name"))) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                // discovery/v1: a nil ready is read as true
                boolean isReady = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                        || endpoint.getConditions().getReady();
                if (isReady == ready && endpoint.getAddresses() != null) {
                    addresses.addAll(endpoint.getAddresses());
                }
            }
        }
        return addresses;
    }

    /** The Service's line of {@code kubectl get services} now: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE. */
    public ServiceRow row() {
        return ServicePrinter.row(get(), context.clock().now());
    }

    /** {@code kubectl get service <name>} as text now: the header line and this Service's line. */
    public String table() {
        return ServicePrinter.table(List.of(get()), context.clock().now(), false);
    }

    /** The Service as stored now, if there is one. */
    public java.util.Optional<Service> find() {
        guard.accept("ServiceView.find");
        return context.store().get(Service.class, namespace, name);
    }

    /**
     * The events about this Service (any its controllers wrote), oldest first, as {@code kubectl events --for service/<name>}
     * lists them; those about an earlier Service of the same name too. It need not exist now.
     */
    public List<io.fabric8.kubernetes.api.model.Event> events() {
        guard.accept("ServiceView.events");
        return FakeCluster.eventsAbout(context, namespace, "Service", name);
    }

    @Override
    public String toString() {
        return "service/" + name + " in " + namespace;
    }
}
