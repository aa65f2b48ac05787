package dev.peapod.junit;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** A namespace the API server refuses is reported at the annotation attribute, as a bad @PeapodNode is. */
class PeapodTestNamespaceErrorTest {

    @Test
    void anInvalidNamespaceNamesTheAnnotationAttribute() {
        // when
        List<Event> failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(UpperCaseNamespace.class))
                .execute().allEvents().failed().list();
        // then
        assertThat(failed).hasSize(1);
        Throwable thrown = failed.get(0).getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .orElseThrow();
        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@PeapodTest(namespace = \"E2E\"): Namespace \"E2E\" is invalid: metadata.name: Invalid value: \"E2E\":"
                        + " a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must"
                        + " start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for"
                        + " validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
                .hasCauseInstanceOf(dev.peapod.store.ApiException.class);
    }

    // ---------------------------------------------------------------- fixture, run only through the test kit

    @PeapodTest(namespace = "E2E")
    static class UpperCaseNamespace {
        @Test
        void usesTheCluster(FakeCluster cluster) {
            cluster.settle();
        }
    }
}
