package dev.peapod.examples;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Runs every feature under src/test/resources/features with Peapod's steps (see junit-platform.properties).
 * One feature alone: {@code mvn -pl examples test -Dtest=RunFeaturesTest -Dcucumber.features=classpath:features/liveness.feature}.
 */
@Suite
@IncludeEngines("cucumber")
@SelectPackages("features")
class RunFeaturesTest {
}
