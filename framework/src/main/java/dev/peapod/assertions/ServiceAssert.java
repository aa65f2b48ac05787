package dev.peapod.assertions;

import dev.peapod.FakeCluster;
import dev.peapod.printers.Durations;
import dev.peapod.store.ListOptions;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Checks on a Service and its endpoints, read from the cluster at every check:
 * {@code assertThat(cluster).service("web").reachesReadyEndpoints(2).within(ofSeconds(30))}. The
 * endpoints are the ones its EndpointSlices hold, as kube-proxy reads them.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ServiceAssert extends AbstractAssert<ServiceAssert, FakeCluster> {
    private final String namespace;
    private final String name;

    ServiceAssert(FakeCluster cluster, String namespace, String name) {
        super(cluster, ServiceAssert.class);
        this.namespace = namespace;
        this.name = name;
    }

    /**
     * Waits until the Service has exactly {@code count} ready endpoints (EndpointSlice condition
     * {@code ready}); {@code within(Duration.ZERO)} checks now. A failure lists the ready and
     * not-ready endpoints and the timelines of the pods behind the not-ready ones.
     */
    public PodWait<ServiceAssert> reachesReadyEndpoints(int count) {
        Arguments.requireNotNegative(count, "count");
        return new PodWait<>(limit -> {
            if (!actual.runUntil(cluster -> ready(cluster, true).size() == count, limit)) {
                failWithMessage("%s", shouldHaveReadyEndpoints(count, limit));
            }
        }, this);
    }

    /** The Service has exactly {@code count} ready endpoints now. */
    public ServiceAssert hasReadyEndpoints(int count) {
        return reachesReadyEndpoints(count).within(java.time.Duration.ZERO);
    }

    /** The Service's ready endpoint addresses are exactly these, in the slices' order. */
    public ServiceAssert hasReadyEndpointAddresses(String... addresses) {
        isNotNull();
        List<String> actualAddresses = ready(actual, true).stream().map(EndpointRef::address).toList();
        if (!actualAddresses.equals(List.of(addresses))) {
            failWithMessage("%s", "Expecting " + subject() + " to have the ready endpoints " + List.of(addresses)
                    + ", but it has " + actualAddresses + "." + details());
        }
        return myself;
    }

    /** The Service's cluster IP ({@code spec.clusterIP}) is this one. */
    public ServiceAssert hasClusterIp(String clusterIp) {
        isNotNull();
        String ip = service(actual).map(s -> s.getSpec().getClusterIP()).orElse(null);
        if (!clusterIp.equals(ip)) {
            failWithMessage("%s", "Expecting " + subject() + " to have cluster IP " + clusterIp + ", but it has "
                    + (ip == null ? "none (" + notFound() + ")" : ip) + ".");
        }
        return myself;
    }

    // ---------------------------------------------------------------- reading

    /** One endpoint: its address and the pod behind it. */
    record EndpointRef(String address, String pod) {
        @Override
        public String toString() {
            return pod == null ? address : address + " (pod " + pod + ")";
        }
    }

    private Optional<Service> service(FakeCluster cluster) {
        return cluster.context().store().get(Service.class, namespace, name);
    }

    private List<EndpointRef> ready(FakeCluster cluster, boolean ready) {
        List<EndpointRef> found = new ArrayList<>();
        for (EndpointSlice slice : cluster.context().store().list(EndpointSlice.class, ListOptions.inNamespace(namespace))) {
            Map<String, String> labels = slice.getMetadata().getLabels();
            if (labels == null || !name.equals(labels.get("kubernetes.io/service-name"))) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                boolean isReady = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                        || endpoint.getConditions().getReady();
                if (isReady != ready || endpoint.getAddresses() == null) {
                    continue;
                }
                String pod = endpoint.getTargetRef() == null ? null : endpoint.getTargetRef().getName();
                endpoint.getAddresses().forEach(address -> found.add(new EndpointRef(address, pod)));
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- messages

    /** The store's NotFound: the API server's words, the namespace, the Services there. */
    private String notFound() {
        return actual.context().store().notFound(Service.class, namespace, name).getMessage();
    }

    private String subject() {
        return "service " + namespace + "/" + name;
    }

    /** Pinned by ServiceAssertTest. */
    String shouldHaveReadyEndpoints(int count, Duration limit) {
        int has = ready(actual, true).size();
        String within = limit.isZero() ? "" : " within " + Durations.human(limit);
        String at = " at " + clock(actual.elapsed());
        if (service(actual).isEmpty()) {
            return "Expecting " + subject() + " to have " + count + " ready endpoint" + (count == 1 ? "" : "s") + within
                    + ", but" + at + " " + notFound() + ".";
        }
        return "Expecting " + subject() + " to have " + count + " ready endpoint" + (count == 1 ? "" : "s") + within
                + ", but it has " + has + at + "." + details();
    }

    private String details() {
        List<EndpointRef> ready = ready(actual, true);
        List<EndpointRef> notReady = ready(actual, false);
        StringBuilder s = new StringBuilder();
        s.append("\nReady: ").append(ready.isEmpty() ? "none" : String.join(", ", ready.stream().map(Object::toString).toList()));
        s.append("\nNot ready: ").append(notReady.isEmpty() ? "none" : String.join(", ", notReady.stream().map(Object::toString).toList()));
        for (EndpointRef ref : notReady) {
            if (ref.pod() != null) {
                s.append("\nTimeline of pod ").append(namespace).append('/').append(ref.pod()).append(" (virtual time):\n")
                        .append(actual.timeline().describe(namespace, ref.pod()).stripTrailing());
            }
        }
        return s.toString();
    }

    private static String clock(Duration elapsed) {
        long seconds = elapsed.getSeconds();
        return String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
