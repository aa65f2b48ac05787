package dev.peapod.kubelet;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * A steady pod reuses its status while {@link PodSync}'s change counter stands still ({@code
 * PodSync.changed()}), so only PodSync may write what the runtime snapshot reads: each of its writes
 * is followed by a {@code changed()}, checked by an {@code assert} in {@code PodSync.snapshot()}. This
 * test holds the rule with assertions off too: a write from another class would leave a stale status
 * (review 12, L3).
 */
class RuntimeChangeCounterTest {
    /** What {@code ContainerRecord.snapshot()} and the waiting reason read. */
    private static final List<String> SNAPSHOT_FIELDS = List.of("process", "image", "user", "exit", "previousExit", "previousId",
            "previousStartedAt", "restartCount", "waitingReason", "waitingMessage", "killing");

    @Test
    void onlyPodSyncWritesWhatTheRuntimeSnapshotReads() {
        JavaClasses kubelet = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.peapod.kubelet");
        DescribedPredicate<JavaFieldAccess> snapshotField = DescribedPredicate.describe(
                "a field of ContainerRecord the runtime snapshot reads " + SNAPSHOT_FIELDS,
                access -> access.getTargetOwner().isEquivalentTo(ContainerRecord.class) && SNAPSHOT_FIELDS.contains(access.getName()));
        noClasses().that().haveNameNotMatching("dev\\.peapod\\.kubelet\\.PodSync(\\$.*)?")
                .should().setFieldWhere(snapshotField)
                .because("PodSync counts every such change (changed()); a write elsewhere would not regenerate the pod's status")
                .check(kubelet);
    }
}
