package dev.peapod.cucumber;

import org.apiguardian.api.API;

import dev.peapod.spi.ReportAttachment;
import io.cucumber.java.After;
import io.cucumber.java.Scenario;

/** After each scenario: its cluster story goes to every installed report (peapod-allure), then the cluster is closed. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Hooks {
    private final PeapodWorld world;

    public Hooks(PeapodWorld world) {
        this.world = world;
    }

    @After
    public void tellTheStory(Scenario scenario) {
        if (world.started()) {
            scenario.log(world.cluster().podTable());
            ReportAttachment.attachAll(world.cluster(), scenario.getName());
        }
        world.close();
    }
}
