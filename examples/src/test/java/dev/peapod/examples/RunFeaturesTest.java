package dev.peapod.examples;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

/** Runs every feature under src/test/resources/features with Peapod's steps (see junit-platform.properties). */
@Suite
@IncludeEngines("cucumber")
@SelectClasspathResource("features")
class RunFeaturesTest {
}
