package dev.peapod.printers;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.peapod.printers.Pods.NOW;
import static dev.peapod.printers.Pods.pod;
import static dev.peapod.printers.Pods.restarted;
import static dev.peapod.printers.Pods.running;
import static dev.peapod.printers.Pods.ts;
import static dev.peapod.printers.Pods.waiting;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text of {@code kubectl get pods [-o wide]}: upper-case headers, tabwriter alignment with minwidth 6 and
 * padding 3 (kubernetes: staging/src/k8s.io/cli-runtime/pkg/printers/tableprinter.go, tabwriter.go).
 */
class PodTableTest {

    private final Pod web = pod("web", "Running", "app")
            .editMetadata().withCreationTimestamp(ts(NOW.minusSeconds(300))).endMetadata()
            .editSpec().withNodeName("node-1").endSpec()
            .editStatus().withPodIP("10.244.1.5").withContainerStatuses(running("app", true).build()).endStatus()
            .build();
    private final Pod database = pod("database-0", "Running", "db")
            .editSpec().withNodeName("node-2").endSpec()
            .editStatus().withPodIP("10.244.2.17")
            .withContainerStatuses(restarted(waiting("db", "CrashLoopBackOff"), 4, 27).build()).endStatus()
            .build();

    @Test
    void columnsAreAsWideAsTheirWidestCellPlusThreeSpaces() {
        // when
        String table = PodPrinter.table(List.of(web, database), NOW, false);
        // then
        assertThat(table).isEqualTo(""
                + "NAME         READY   STATUS             RESTARTS      AGE\n"
                + "web          1/1     Running            0             5m\n"
                + "database-0   0/1     CrashLoopBackOff   4 (27s ago)   2m57s\n");
    }

    @Test
    void wideTableAddsIpNodeNominatedNodeAndReadinessGates() {
        // when
        String table = PodPrinter.table(List.of(web, database), NOW, true);
        // then
        assertThat(table).isEqualTo(""
                + "NAME         READY   STATUS             RESTARTS      AGE     IP            NODE     NOMINATED NODE   READINESS GATES\n"
                + "web          1/1     Running            0             5m      10.244.1.5    node-1   <none>           <none>\n"
                + "database-0   0/1     CrashLoopBackOff   4 (27s ago)   2m57s   10.244.2.17   node-2   <none>           <none>\n");
    }

    @Test
    void rowsKeepTheOrderTheyAreGiven() {
        // when
        String table = PodPrinter.table(List.of(database, web), NOW, false);
        // then
        assertThat(table.lines().map(line -> line.split(" ")[0]).toList())
                .containsExactly("NAME", "database-0", "web");
    }

    @Test
    void noPodsPrintNothingNotEvenAHeader() {
        // when
        String table = PodPrinter.table(List.of(), NOW, true);
        // then
        assertThat(table).isEmpty();
    }

    @Test
    void narrowColumnsAreStillSixWide() {
        // given: tabwriter minwidth 6 beats a cell of 1 plus padding 3
        List<List<String>> lines = List.of(List.of("A", "B", "C"), List.of("x", "y", "z"));
        // when
        String text = TabWriter.align(lines);
        // then
        assertThat(text).isEqualTo("A     B     C\nx     y     z\n");
    }
}
