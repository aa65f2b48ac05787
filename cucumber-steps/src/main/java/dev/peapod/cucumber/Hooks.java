package dev.peapod.cucumber;

import org.apiguardian.api.API;

import dev.peapod.core.PeapodException;
import dev.peapod.spi.ReportAttachment;
import dev.peapod.allure.StepTables;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;

import java.util.function.Consumer;

/**
 * Before each scenario (one hook, so the report lists one set-up), the steps' log lines go to the scenario's log and
 * peapod-allure follows its cluster, so that each step that changed the cluster
 * shows the pods table as an attachment of that step ({@link StepTables}). After each scenario its
 * cluster story goes to every installed report (peapod-allure puts it on the scenario itself, not under
 * this hook), then the cluster is closed.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Hooks {
    private final PeapodWorld world;

    public Hooks(PeapodWorld world) {
        this.world = world;
    }

    /** The one hook before each scenario: the steps' log lines go to it, and peapod-allure follows its cluster. */
    @Before
    public void startTheScenario(Scenario scenario) {
        world.logTo(scenario::log);
        StepTables.follow(() -> world.started() ? world.cluster() : null);
    }

    @After
    public void tellTheStory(Scenario scenario) {
        StepTables.unfollow();
        if (world.started()) {
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
