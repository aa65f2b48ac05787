package dev.peapod.printers;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** printers.go printCronJob: TIMEZONE, SUSPEND's printBoolPtr, LAST SCHEDULE's age, the wide columns. */
class CronJobPrinterTest {
    private static final Instant NOW = Instant.parse("2025-01-01T02:00:00Z");

    @Test
    void wideTableWithATimeZoneAnUnsetSuspendAndASelector() {
        // given
        CronJob cronJob = new CronJobBuilder()
                .withNewMetadata().withName("morning").withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withSchedule("30 9 * * *").withTimeZone("Asia/Tokyo")
                .withNewJobTemplate().withNewSpec().withNewSelector().addToMatchLabels("b", "2").addToMatchLabels("a", "1")
                .endSelector().withNewTemplate().withNewSpec()
                .addNewContainer().withName("main").withImage("busybox:1.28").endContainer()
                .addNewContainer().withName("side").withImage("nginx:1.25").endContainer()
                .endSpec().endTemplate().endSpec().endJobTemplate().endSpec()
                .withNewStatus().withLastScheduleTime("2025-01-01T00:30:00Z").addNewActive().withName("morning-28928190").endActive()
                .endStatus().build();
        // when
        String table = CronJobPrinter.table(List.of(cronJob), NOW, true);
        // then: HumanDuration keeps minutes up to three hours
        assertThat(table).isEqualTo("""
                NAME      SCHEDULE     TIMEZONE     SUSPEND   ACTIVE   LAST SCHEDULE   AGE    CONTAINERS   IMAGES                    SELECTOR
                morning   30 9 * * *   Asia/Tokyo   <unset>   1        90m             120m   main,side    busybox:1.28,nginx:1.25   a=1,b=2
                """);
        assertThat(CronJobPrinter.table(List.of(), NOW, false)).isEmpty();
    }
}
