package dev.peapod.cucumber;

import org.apiguardian.api.API;

import dev.peapod.core.PeapodException;
import dev.peapod.spi.ReportAttachment;
import io.cucumber.java.After;
import io.cucumber.java.Scenario;

import java.util.function.Consumer;

/**
 * After each scenario: its cluster story goes to every installed report (peapod-allure), then the cluster is closed.
 */
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
        close(world, scenario.isFailed(), scenario::log);
    }

    /**
     * Closes the world's cluster. A container script for a pod that never existed fails a scenario
     * that passed; a scenario that already failed keeps its failure, and the unused script is only
     * logged beside it (it may be the cause: a typo in a pod name).
     */
    static void close(PeapodWorld world, boolean failed, Consumer<String> log) {
        if (failed && world.started()) {
            try {
                world.cluster().checkScriptsUsed();
            } catch (PeapodException unused) {
                log.accept("Also: " + unused.getMessage());
            }
        }
        world.close();
    }
}
