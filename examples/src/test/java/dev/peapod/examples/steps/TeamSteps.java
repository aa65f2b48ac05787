package dev.peapod.examples.steps;

import dev.peapod.cucumber.PeapodWorld;
import io.cucumber.java.en.When;

import java.time.Duration;

/** A team's own step beside Peapod's: it gets the scenario's cluster by asking for the world. */
public class TeamSteps {
    private final PeapodWorld world;

    public TeamSteps(PeapodWorld world) {
        this.world = world;
    }

    @When("the team's standard soak time passes")
    public void soak() {
        world.cluster().advance(Duration.ofMinutes(15));
    }
}
