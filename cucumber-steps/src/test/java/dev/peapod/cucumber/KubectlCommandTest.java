package dev.peapod.cucumber;

import dev.peapod.core.PeapodException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.BDDAssertions.then;

/** The kubectl steps' command lines: split as a shell splits them, and refused by name outside the subset. */
class KubectlCommandTest {

    @Test
    void splitsWordsAsAShellDoes() {
        // when
        List<String> words = KubectlCommand.words("kubectl patch deployment web --type=merge -p '{\"spec\": {\"replicas\": 3}}' "
                + "-n \"my ns\" a\\ b");
        // then
        then(words).containsExactly("kubectl", "patch", "deployment", "web", "--type=merge", "-p",
                "{\"spec\": {\"replicas\": 3}}", "-n", "my ns", "a b");
    }

    @Test
    void readsFlagsInEveryFormPflagTakes() {
        // when
        KubectlCommand command = KubectlCommand.parse("kubectl logs web -c app --tail=2 -nshop -p");
        KubectlCommand spaced = KubectlCommand.parse("kubectl get pods -o wide --namespace shop -A");
        // then
        then(command.verb()).isEqualTo("logs");
        then(command.arguments()).containsExactly("web");
        then(command.flags()).containsExactly(entry("container", "app"), entry("tail", "2"), entry("namespace", "shop"),
                entry("previous", "true"));
        then(spaced.flags()).containsEntry("output", "wide").containsEntry("namespace", "shop").containsEntry("all-namespaces", "true");
    }

    @Test
    void refusesAnotherProgram() {
        assertThatThrownBy(() -> KubectlCommand.parse("helm install web ./chart"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"helm install web ./chart\" is not a kubectl command: the kubectl steps run only \"kubectl ...\"");
    }

    @Test
    void refusesAVerbOutsideTheSubset() {
        assertThatThrownBy(() -> KubectlCommand.parse("kubectl exec web -- ls"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"kubectl exec\" is not one of the commands Peapod's kubectl steps run: "
                        + "annotate, apply, delete, describe, get, label, logs, patch, rollout, scale, wait");
    }

    @Test
    void refusesAFlagOutsideTheSubsetNamingTheOnesTaken() {
        assertThatThrownBy(() -> KubectlCommand.parse("kubectl delete pods --all"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"kubectl delete\" in Peapod's kubectl steps does not take --all; it takes --wait, --grace-period, "
                        + "--force, -l/--selector, -n/--namespace");
        assertThatThrownBy(() -> KubectlCommand.parse("kubectl get pods --sort-by=.metadata.name"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"kubectl get\" in Peapod's kubectl steps does not take --sort-by; it takes -o/--output, "
                        + "-l/--selector, -A/--all-namespaces, --show-labels, -w/--watch, --watch-only, -n/--namespace");
        assertThatThrownBy(() -> KubectlCommand.parse("kubectl get pods -L app"))
                .isInstanceOf(PeapodException.class)
                .hasMessageStartingWith("\"kubectl get\" in Peapod's kubectl steps does not take -L; it takes");
    }

    @Test
    void refusesShellOperatorsAndUnclosedQuotes() {
        assertThatThrownBy(() -> KubectlCommand.parse("kubectl get pods | grep web"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("the kubectl steps run one kubectl command, without the shell's | (quote it if it is part of a word): "
                        + "kubectl get pods | grep web");
        assertThatThrownBy(() -> KubectlCommand.parse("kubectl label pod web 'a=b"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("the command line has an unclosed single quote: kubectl label pod web 'a=b");
    }

    @Test
    void refusesAFlagWithoutItsValueOrASwitchWithAWord() {
        assertThatThrownBy(() -> KubectlCommand.parse("kubectl scale deployment web --replicas"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("flag --replicas of \"kubectl scale\" needs a value");
        assertThatThrownBy(() -> KubectlCommand.parse("kubectl delete pod web --wait=soon"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("--wait of \"kubectl delete\" is true or false, not \"soon\"");
        assertThatThrownBy(() -> KubectlCommand.parse("kubectl get pods -n a -n b"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"kubectl get\": give --namespace once");
    }

    @Test
    void takesTheNamespaceBeforeTheVerbAndRefusesAVerblessLine() {
        // when
        KubectlCommand before = KubectlCommand.parse("kubectl -n shop get pods");
        KubectlCommand equals = KubectlCommand.parse("kubectl --namespace=shop get pods -o name");
        // then
        then(before.verb()).isEqualTo("get");
        then(before.flags()).containsExactly(entry("namespace", "shop"));
        then(equals.flags()).containsExactly(entry("namespace", "shop"), entry("output", "name"));
        assertThatThrownBy(() -> KubectlCommand.parse("kubectl -n shop"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"kubectl -n shop\": name the command: kubectl [-n NAMESPACE] "
                        + "annotate|apply|delete|describe|get|label|logs|patch|rollout|scale|wait ...");
        assertThatThrownBy(() -> KubectlCommand.parse("kubectl -A get pods"))
                .isInstanceOf(Kubectl.Failure.class)
                .hasMessage("Error: flags cannot be placed before plugin name: -A");
    }
}
