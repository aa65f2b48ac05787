package dev.peapod.cucumber;

import io.cucumber.cucumberexpressions.Expression;
import io.cucumber.cucumberexpressions.ExpressionFactory;
import io.cucumber.cucumberexpressions.ParameterType;
import io.cucumber.cucumberexpressions.ParameterTypeRegistry;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every step text of the lifecycle steps (and its neighbours) matches exactly one step definition of the
 * library, as Cucumber requires: two matching definitions fail a scenario as ambiguous. The definitions
 * are read from every step class of this package, so a step added later that collides is caught here.
 */
class StepExpressionsTest {

    /** A step text and the method that must be the only one to match it. */
    private record Sample(String text, String method) {
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample("pod \"web\" is deleted with a grace period of 30 seconds", "deletedWithGrace"),
            new Sample("pod \"e2e/web\" is deleted with a grace period of 1 second", "deletedWithGrace"),
            new Sample("I delete pod \"web\" with a grace period of 30 seconds", "iDeletePodWithGrace"),
            new Sample("pod \"web\" is Running", "podHasPhase"),
            new Sample("the postStart hook of container \"app\" in pod \"web\" fails", "postStartFails"),
            new Sample("the postStart hook of container \"app\" in pod \"web\" takes 5 seconds", "postStartTakes"),
            new Sample("the preStop hook of container \"app\" in pod \"web\" fails", "preStopFails"),
            new Sample("the preStop hook of container \"app\" in pod \"web\" takes 40 seconds", "preStopTakes"),
            new Sample("the liveness probe of container \"app\" in pod \"web\" fails 3 times", "theProbeFails"),
            new Sample("container \"app\" of pod \"web\" takes 10 seconds to shut down after SIGTERM", "shutsDownIn"),
            new Sample("container \"app\" of pod \"web\" dies on SIGTERM", "diesOnSigterm"),
            new Sample("container \"app\" of pod \"web\" ignores SIGTERM", "ignoresSigterm"),
            new Sample("container \"app\" of pod \"web\" exits with code 1 after 5 seconds on start 2", "exitsOnStart"),
            new Sample("container \"app\" of pod \"web\" exits with code 1 after 5 seconds", "exitsAfter"),
            new Sample("container \"app\" of pod \"web\" received SIGTERM at 15 seconds", "receivedSignalAt"),
            new Sample("container \"app\" of pod \"web\" received SIGKILL at 42 and 90 seconds", "receivedSignalAt"),
            new Sample("container \"web\" of pod \"slow-stop\" received SIGQUIT at 30 seconds", "receivedSignalAt"),
            new Sample("container \"app\" of pod \"web\" exited at 42 seconds", "exitedAt"),
            new Sample("container \"app\" of pod \"web\" was killed after the grace period", "wasKilledAfterTheGracePeriod"),
            new Sample("the postStart hook of container \"app\" in pod \"web\" failed", "postStartFailed"),
            new Sample("the preStop hook of container \"app\" in pod \"web\" failed", "preStopFailed"),
            new Sample("the preStop hook of container \"app\" in pod \"web\" ran before SIGTERM", "preStopRanBeforeSigterm"),
            new Sample("init container \"init\" of pod \"web\" ran before container \"app\"", "ranBefore"),
            // the workloads: one phrasing for every kind, the article optional, the name bare or quoted
            new Sample("the deployment web has 3 available replicas within 2 minutes", "reachesAvailableReplicas"),
            new Sample("deployment \"web\" has 3 available replicas", "hasAvailableReplicas"),
            new Sample("the replicaset frontend has 3 ready replicas within 30 seconds", "reachesReadyReplicas"),
            new Sample("the statefulset e2e/web has 1 ready replica", "hasReadyReplicas"),
            new Sample("the replicaset frontend has 1 replica", "hasReplicas"),
            new Sample("the replicaset frontend has 2 replicas within 1 minute", "reachesReplicas"),
            new Sample("the deployment web is scaled to 2 replicas", "scaled"),
            new Sample("statefulset \"web\" is scaled to 1 replica", "scaled"),
            new Sample("container \"app\" of deployment web is set to image \"nginx:1.26\"", "setImage"),
            new Sample("container \"nginx\" of the statefulset web is set to image \"nginx:1.28\"", "setImage"),
            new Sample("the rollout of web completes", "deploymentRolloutCompletes"),
            new Sample("the rollout of web completes within 2 minutes", "deploymentRolloutCompletesWithin"),
            new Sample("the rollout of statefulset web completes within 2 minutes", "rolloutCompletesWithin"),
            new Sample("the rollout of deployment \"web\" completes", "rolloutCompletes"),
            new Sample("the rollout status of web reads \"done\"", "deploymentRolloutStatus"),
            new Sample("the rollout status of daemonset node-agent reads \"done\"", "rolloutStatus"),
            new Sample("kubectl shows statefulset web as \"3/3\"", "kubectlShows"),
            new Sample("kubectl shows job pi as \"Complete 1/1\"", "kubectlShows"),
            new Sample("kubectl shows pod \"web\" as \"1/1 Running 0\"", "kubectlShows"),
            new Sample("kubectl shows node \"worker-2\" as \"Ready,SchedulingDisabled\"", "kubectlShowsNode"),
            new Sample("node \"node-1\" has taint \"node.kubernetes.io/unschedulable:NoSchedule\"", "nodeHasTaint"),
            new Sample("node \"node-1\" has no taint \"node.kubernetes.io/unschedulable\"", "nodeHasNoTaint"),
            new Sample("node \"node-1\" has condition \"Ready\" \"True\"", "nodeHasCondition"),
            new Sample("the replicaset frontend no longer exists", "noLongerExists"),
            new Sample("pod \"web\" no longer exists", "noLongerExists"),
            new Sample("I delete replicaset frontend", "delete"),
            new Sample("I delete the deployment web with cascade orphan", "deleteWithCascade"),
            new Sample("I delete pod \"web\"", "iDeletePod"),
            new Sample("the job pi is suspended", "suspended"),
            new Sample("the cronjob hello is resumed", "resumed"),
            new Sample("the deployment web is paused", "paused"),
            new Sample("the deployment web is rolled back", "rolledBack"),
            new Sample("the deployment web is rolled back to revision 2", "rolledBackTo"),
            new Sample("the deployment web went through the ReplicaSet sizes \"4, 2\"", "sizes"),
            new Sample("the statefulset web has pods \"web-0, web-1\"", "hasPods"),
            new Sample("pod web-0 keeps its name and volume after it is deleted", "keepsIdentity"),
            new Sample("pod \"web-0\" keeps its name and volume after it is deleted", "keepsIdentity"),
            new Sample("the daemonset node-agent runs on every node", "runsOnEveryNode"),
            new Sample("daemon set \"node-agent\" runs on every node", null), // the old phrasing: one word, kubectl's
            new Sample("the pod web is scaled to 2 replicas", null),
            new Sample("daemonset kube-system/node-agent runs on every node within 1 minute", "runsOnEveryNodeWithin"),
            new Sample("the daemonset node-agent runs on every eligible node", "runsOnEveryEligibleNode"),
            new Sample("the daemonset node-agent runs on every eligible node within 30 seconds", "runsOnEveryEligibleNodeWithin"),
            new Sample("the daemonset node-agent has 2 ready pods", "hasReadyPods"),
            new Sample("the daemonset node-agent has 1 ready pod within 50 seconds", "hasReadyPodsWithin"),
            new Sample("the job pi completes within 2 minutes", "completesWithin"),
            new Sample("the job flaky-import fails with BackoffLimitExceeded within 15 minutes", "failsWithin"),
            new Sample("the job pi is complete", "isComplete"),
            new Sample("the job pi has failed with BackoffLimitExceeded", "hasFailed"),
            new Sample("the job chunks created pods at 0, 0 and 6 seconds", "createdPodsAt"),
            new Sample("the cronjob hello creates job hello-28928161 within 2 minutes", "createsJob"),
            new Sample("cronjob \"report\" creates job \"report-28928165\" within 6 minutes", "createsJob"),
            new Sample("the cronjob report has 1 active job", "hasActiveJobs"),
            new Sample("the cronjob report has the jobs \"report-28928165\"", "hasJobs"),
            new Sample("the cronjob hello has no jobs", "hasNoJobs"),
            new Sample("the cronjob hello has an event \"SuccessfulCreate\"", "hasEvent"),
            new Sample("the cronjob hello has an event \"SuccessfulCreate\" with message \"Created job hello-1\"", "hasEventWithMessage"),
            new Sample("the cronjob hello has no event \"MissSchedule\"", "hasNoEvent"),
            new Sample("the service web has 2 ready endpoints", "hasReadyEndpoints"),
            new Sample("the service web has 1 ready endpoint within 1 minute", "hasReadyEndpointsWithin"),
            // kubectl command lines: quotes inside the command stay in it
            new Sample("I run \"kubectl get pods -o wide\"", "iRun"),
            new Sample("I run \"kubectl patch deployment web --type=merge -p '{\"spec\":{\"replicas\":3}}'\"", "iRun"),
            new Sample("I try to run \"kubectl get pod nope\"", "iTryToRun"),
            new Sample("I run \"kubectl get pods -w\" for 30 seconds", "iRunFor"),
            new Sample("I run \"kubectl get pods --watch-only -l 'app in (a,b)'\" for 2m", "iRunFor"),
            new Sample("the output is:", "theOutputIs"),
            new Sample("the output contains \"No resources found\"", "theOutputContains"),
            new Sample("the command fails with:", "theCommandFailsWith"));

    @Test
    void eachLifecycleStepTextMatchesExactlyOneStepDefinition() throws Exception {
        // given
        List<Definition> definitions = definitions();
        for (Sample sample : SAMPLES) {
            // when
            List<String> matching = definitions.stream().filter(d -> d.expression().match(sample.text()) != null)
                    .map(Definition::method).distinct().toList(); // Class.method: two classes may share a method name
            // then
            if (sample.method() == null) {
                assertThat(matching).as("the step definitions matching \"%s\"", sample.text()).isEmpty();
            } else {
                assertThat(matching).as("the step definitions matching \"%s\"", sample.text()).hasSize(1)
                        .allSatisfy(m -> assertThat(m.substring(m.indexOf('.') + 1)).isEqualTo(sample.method()));
            }
        }
    }

    private record Definition(String method, Expression expression) {
    }

    /** The expressions of every step method of every class beside this one, with the library's parameter types. */
    private static List<Definition> definitions() throws IOException, URISyntaxException, ClassNotFoundException {
        ExpressionFactory factory = new ExpressionFactory(registry());
        List<Definition> definitions = new ArrayList<>();
        for (Class<?> type : stepClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                for (String text : expressions(method)) {
                    definitions.add(new Definition(type.getSimpleName() + "." + method.getName(), factory.createExpression(text)));
                }
            }
        }
        assertThat(definitions).hasSizeGreaterThan(50);
        return definitions;
    }

    private static List<String> expressions(Method method) {
        List<String> texts = new ArrayList<>();
        for (Annotation a : method.getAnnotationsByType(Given.class)) texts.add(((Given) a).value());
        for (Annotation a : method.getAnnotationsByType(When.class)) texts.add(((When) a).value());
        for (Annotation a : method.getAnnotationsByType(Then.class)) texts.add(((Then) a).value());
        return texts;
    }

    /** Cucumber's built-in types and ParameterTypes' own, by name and regex (the values do not matter here). */
    private static ParameterTypeRegistry registry() {
        ParameterTypeRegistry registry = new ParameterTypeRegistry(Locale.ENGLISH);
        for (Method method : ParameterTypes.class.getDeclaredMethods()) {
            io.cucumber.java.ParameterType type = method.getAnnotation(io.cucumber.java.ParameterType.class);
            if (type != null) {
                registry.defineParameterType(new ParameterType<>(method.getName(), type.value(), Object.class,
                        (String[] args) -> args, false, false));
            }
        }
        return registry;
    }

    /** The compiled classes of this package, main and test alike. */
    private static List<Class<?>> stepClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path folder = Path.of(LifecycleSteps.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/peapod/cucumber");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    classes.add(Class.forName("dev.peapod.cucumber." + name.substring(0, name.length() - ".class".length())));
                }
            }
        }
        return classes;
    }
}
