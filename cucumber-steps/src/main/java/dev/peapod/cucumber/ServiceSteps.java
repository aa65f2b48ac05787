package dev.peapod.cucumber;

import dev.peapod.assertions.PeapodAssertions;
import dev.peapod.assertions.ServiceAssert;
import io.cucumber.java.en.Then;
import org.apiguardian.api.API;

import java.time.Duration;

/**
 * Services and their endpoints: {@code Then the service web has 2 ready endpoints within 30 seconds}.
 * The Service is named as every workload is ({@link Workload}): bare, quoted, or {@code namespace/name};
 * each step delegates to {@code ServiceAssert}, which reads the Service's EndpointSlices.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ServiceSteps {
    private final PeapodWorld world;

    public ServiceSteps(PeapodWorld world) {
        this.world = world;
    }

    /** Checks now: the Service's EndpointSlices hold exactly this many ready endpoints. */
    @Then("(the ){workload} has {int} ready endpoint(s)")
    public void hasReadyEndpoints(Workload service, int count) {
        service(service).hasReadyEndpoints(count);
    }

    /** Lets at most that much virtual time pass, stopping at the first instant the count is reached. */
    @Then("(the ){workload} has {int} ready endpoint(s) within {duration}")
    public void hasReadyEndpointsWithin(Workload service, int count, Duration limit) {
        service(service).reachesReadyEndpoints(count).within(limit);
    }

    private ServiceAssert service(Workload service) {
        service.expect("has N ready endpoints", "service");
        return PeapodAssertions.assertThat(world.cluster()).service(world.namespaceOf(service), service.name());
    }
}
