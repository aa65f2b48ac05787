package dev.peapod.store;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** generic/registry/store.go deletionFinalizersForGarbageCollection and the strategies' DefaultGarbageCollectionPolicy. */
class PropagationTest {
    @Test
    void replicationControllersAndJobsOrphanByDefaultEverythingElseDeletesInTheBackground() {
        assertThat(Propagation.defaultFor(new ReplicationControllerBuilder().build())).isEqualTo(Propagation.ORPHAN);
        assertThat(Propagation.defaultFor(new JobBuilder().build())).isEqualTo(Propagation.ORPHAN);
        assertThat(Propagation.defaultFor(new CronJobBuilder().build())).isEqualTo(Propagation.BACKGROUND);
        assertThat(Propagation.defaultFor(new ReplicaSetBuilder().build())).isEqualTo(Propagation.BACKGROUND);
        assertThat(Propagation.defaultFor(new ConfigMapBuilder().build())).isEqualTo(Propagation.BACKGROUND);
    }

    @Test
    void theRequestWinsOverTheObjectsFinalizerWhichWinsOverTheDefault() {
        var orphaning = new JobBuilder().withNewMetadata().withFinalizers("example.com/keep").endMetadata().build();
        assertThat(Propagation.finalizersAfterDelete(orphaning, null)).containsExactly("example.com/keep", "orphan");
        assertThat(Propagation.finalizersAfterDelete(orphaning, Propagation.FOREGROUND)).containsExactly("example.com/keep", "foregroundDeletion");
        var foreground = new JobBuilder().withNewMetadata().withFinalizers("foregroundDeletion").endMetadata().build();
        assertThat(Propagation.finalizersAfterDelete(foreground, null)).isSameAs(foreground.getMetadata().getFinalizers());
        assertThat(Propagation.finalizersAfterDelete(foreground, Propagation.BACKGROUND)).isEqualTo(List.of());
        var plain = new ReplicaSetBuilder().withNewMetadata().endMetadata().build();
        assertThat(Propagation.finalizersAfterDelete(plain, null)).isSameAs(plain.getMetadata().getFinalizers());
        assertThat(Propagation.finalizersAfterDelete(plain, Propagation.ORPHAN)).containsExactly("orphan");
    }
}
