package dev.peapod.admission;

import dev.peapod.store.ApiException;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.peapod.admission.Manifests.app;
import static dev.peapod.admission.Manifests.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Admission as an ordered chain of plugins that read the store. */
class AdmissionChainTest {

    /** Rejects pods in a namespace that holds a ConfigMap named "frozen"; records what each phase saw. */
    static final class FrozenNamespace implements AdmissionPlugin {
        final List<String> seen = new ArrayList<>();

        @Override
        public String name() {
            return "FrozenNamespace";
        }

        @Override
        public void mutate(AdmissionRequest request) {
            if (request.object() instanceof Pod pod) {
                // the plugins before this one have run: ServiceAccount and Priority
                seen.add("mutate " + pod.getMetadata().getName() + " sa=" + pod.getSpec().getServiceAccountName()
                        + " priority=" + pod.getSpec().getPriority());
            }
        }

        @Override
        public void validate(AdmissionRequest request) {
            if (!(request.object() instanceof Pod pod)) {
                return;
            }
            seen.add("validate " + pod.getMetadata().getName() + " stored pods="
                    + request.store().list(Pod.class).stream().map(p -> p.getMetadata().getName()).toList());
            if (request.store().get(ConfigMap.class, pod.getMetadata().getNamespace(), "frozen").isPresent()) {
                throw ApiException.forbidden("pods \"" + pod.getMetadata().getName() + "\" is forbidden: namespace "
                        + pod.getMetadata().getNamespace() + " is frozen");
            }
        }
    }

    @Test
    void theDefaultChainRunsInKubeApiserversOrder() {
        assertThat(new ApiAdmission().pluginNames()).containsExactly("ServiceAccount", "Priority", "DefaultTolerationSeconds",
                "RuntimeClass");
    }

    @Test
    void aPluginReadsObjectsAlreadyStored() {
        // given
        FrozenNamespace plugin = new FrozenNamespace();
        ApiAdmission admission = new ApiAdmission().withPlugin(plugin);
        ObjectStore store = new ObjectStore(new VirtualClock(VirtualClock.DEFAULT_START), new Random(1), admission);
        store.create(pod(app()));
        store.create(new ConfigMapBuilder().withNewMetadata().withName("frozen").withNamespace("default").endMetadata().build());
        Pod second = pod(app());
        second.getMetadata().setName("second");
        // when / then
        assertThatThrownBy(() -> store.create(second))
                .isInstanceOf(ApiException.class)
                .hasMessage("pods \"second\" is forbidden: namespace default is frozen");
        assertThat(store.list(Pod.class)).extracting(p -> p.getMetadata().getName()).containsExactly("web");
        assertThat(admission.pluginNames()).containsExactly("ServiceAccount", "Priority", "DefaultTolerationSeconds",
                "RuntimeClass", "FrozenNamespace");
        assertThat(plugin.seen).containsExactly(
                "mutate web sa=default priority=0",
                "validate web stored pods=[]",
                "mutate second sa=default priority=0",
                "validate second stored pods=[web]");
    }

    @Test
    void withoutAStoreAPluginSeesAnEmptyOne() {
        // given
        FrozenNamespace plugin = new FrozenNamespace();
        // when
        new ApiAdmission().withPlugin(plugin).admit(dev.peapod.store.Admission.Operation.CREATE, pod(app()), null);
        // then
        assertThat(plugin.seen).containsExactly("mutate web sa=default priority=0", "validate web stored pods=[]");
    }
}
