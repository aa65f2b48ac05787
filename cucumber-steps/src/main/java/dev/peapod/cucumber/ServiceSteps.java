package dev.peapod.cucumber;

import dev.peapod.assertions.PeapodAssertions;
import dev.peapod.assertions.ServiceAssert;
import io.cucumber.java.en.Then;
import org.apiguardian.api.API;

import java.time.Duration;

/**
 * Services and their endpoints: {@code Then the service web has 2 ready endpoints within 30 seconds}.
 * The Service is named bare or as {@code namespace/name}, like a pod; each step delegates to
 * {@code ServiceAssert}, which reads the Service's EndpointSlices.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ServiceSteps {
    private final PeapodWorld world;

    public ServiceSteps(PeapodWorld world) {
        this.world = world;
    }

    /** Checks now: the Service's EndpointSlices hold exactly this many ready endpoints. */
    @Then("the service {word} has {int} ready endpoint(s)")
    public void hasReadyEndpoints(String service, int count) {
        service(service).hasReadyEndpoints(count);
    }

    /** Lets at most that much virtual time pass, stopping at the first instant the count is reached. */
    @Then("the service {word} has {int} ready endpoint(s) within {duration}")
    public void hasReadyEndpointsWithin(String service, int count, Duration limit) {
        service(service).reachesReadyEndpoints(count).within(limit);
    }

    /** {@code web}, {@code e2e/web}, or quoted as a pod is ({@code "web"}). */
    private ServiceAssert service(String text) {
        String unquoted = text.length() > 1 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
        PodName name = PodName.parse(unquoted);
        String namespace = name.namespace() != null ? name.namespace() : world.cluster().namespace();
        return PeapodAssertions.assertThat(world.cluster()).service(namespace, name.name());
    }
}
