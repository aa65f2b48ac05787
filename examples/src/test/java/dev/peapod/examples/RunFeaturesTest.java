package dev.peapod.examples;

import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Runs every feature under src/test/resources/features with Peapod's steps (see junit-platform.properties).
 * One feature alone: see the README's "Running one feature" (the command excludes the suite engine so
 * that each scenario runs once). Features tagged {@code @failing-on-purpose} fail to show a failure
 * message: FailingOnPurposeTest runs them.
 */
@Suite
@IncludeEngines("cucumber")
@SelectPackages("features")
@ExcludeTags("failing-on-purpose")
class RunFeaturesTest {
}
