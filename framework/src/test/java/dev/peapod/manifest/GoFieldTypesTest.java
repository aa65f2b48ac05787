package dev.peapod.manifest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GoFieldTypesTest {
    /** The Fabric8 packages of the API groups the table was generated from. */
    private static final List<String> PACKAGES = List.of("io.fabric8.kubernetes.api.model", "io.fabric8.kubernetes.api.model.apps",
            "io.fabric8.kubernetes.api.model.batch.v1", "io.fabric8.kubernetes.api.model.scheduling.v1",
            "io.fabric8.kubernetes.api.model.node.v1");

    @Test
    void everyFieldOfTheTableIsAFieldOfAFabric8Class() {
        // when: a struct or field name that Fabric8 spells differently would never be looked up
        List<String> missing = GoFieldTypes.fields().stream().sorted().filter(field -> {
            String struct = field.substring(0, field.indexOf('.'));
            String name = field.substring(field.indexOf('.') + 1);
            return model(struct).map(type -> !ModelTypes.properties(type).containsKey(name)).orElse(true);
        }).toList();

        // then
        assertThat(missing).isEmpty();
    }

    @Test
    void namesWhatFabric8CannotSay() {
        assertThat(GoFieldTypes.of("PodSpec", "restartPolicy")).isEqualTo("v1.RestartPolicy");
        assertThat(GoFieldTypes.of("PersistentVolumeClaimSpec", "accessModes")).isEqualTo("[]v1.PersistentVolumeAccessMode");
        assertThat(GoFieldTypes.of("NamespaceSpec", "finalizers")).isEqualTo("[]v1.FinalizerName");
        assertThat(GoFieldTypes.of("Secret", "data")).isEqualTo("map[string][]uint8");
        assertThat(GoFieldTypes.of("ServiceSpec", "externalTrafficPolicy")).isEqualTo("v1.ServiceExternalTrafficPolicy");
        assertThat(GoFieldTypes.of("PriorityClass", "preemptionPolicy")).isEqualTo("v1.PreemptionPolicy");
        assertThat(GoFieldTypes.of("PodSpec", "nodeName")).isNull();
    }

    private static Optional<Class<?>> model(String simpleName) {
        for (String pkg : PACKAGES) {
            try {
                return Optional.of(Class.forName(pkg + "." + simpleName));
            } catch (ClassNotFoundException e) {
                // try the next group
            }
        }
        return Optional.empty();
    }
}
