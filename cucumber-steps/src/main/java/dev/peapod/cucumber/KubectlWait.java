package dev.peapod.cucumber;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import dev.peapod.store.ListOptions;
import dev.peapod.store.Watch;
import dev.peapod.store.WatchEvent;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.peapod.cucumber.KubectlHttp.list;
import static dev.peapod.cucumber.KubectlHttp.map;

/**
 * {@code kubectl wait --for=condition=NAME[=VALUE]|delete TYPE/NAME... [--timeout=30s]} (kubectl: cmd/wait/wait.go):
 * each object in turn, the cluster's virtual time running until its condition holds or its timeout has passed.
 */
final class KubectlWait {
    /** wait.go: a negative timeout waits a week. */
    private static final Duration WEEK = Duration.ofHours(168);

    private final Kubectl kubectl;
    private final KubectlHttp http;
    private final FakeCluster cluster;

    KubectlWait(Kubectl kubectl, KubectlHttp http, FakeCluster cluster) {
        this.kubectl = kubectl;
        this.http = http;
        this.cluster = cluster;
    }

    void await(KubectlCommand command) {
        Duration timeout = GoDuration.parse(command.flag("timeout", "30s"), "timeout", "wait");
        if (timeout.isNegative()) {
            timeout = WEEK;
        }
        String condition = command.flag("for", "");
        boolean delete = condition.toLowerCase(Locale.ROOT).equals("delete");
        if (!delete && !condition.startsWith("condition=")) {
            throw new Kubectl.Failure("error: unrecognized condition: \"" + condition + "\"");
        }
        String name = condition.substring(Math.min(condition.length(), "condition=".length()));
        String value = "true";
        if (name.contains("=")) {
            value = name.substring(name.indexOf('=') + 1);
            name = name.substring(0, name.indexOf('='));
        }
        if (command.arguments().isEmpty()) {
            throw new PeapodException("\"kubectl wait\" needs a resource: TYPE/NAME or TYPE NAME, e.g. kubectl wait "
                    + "--for=condition=Ready pod/web (Peapod's kubectl steps take neither -l nor --all here)");
        }
        List<Kubectl.Target> targets = kubectl.targets(command, command.arguments(), false);
        String namespace = kubectl.namespace(command);
        List<String> errors = new ArrayList<>();
        int visited = 0;
        for (Kubectl.Target target : targets) {
            String path = target.resource().path(namespace, target.name());
            KubectlHttp.Answer found = http.get(path, "application/json");
            if (!found.ok()) {
                if (!(delete && found.code() == 404)) { // wait.go: --for=delete ignores what is already gone
                    errors.add(Kubectl.serverError(found));
                }
                continue;
            }
            visited++;
            String uid = String.valueOf(map(found.json().get("metadata")).get("uid"));
            String conditionName = name;
            String conditionValue = value;
            boolean met;
            AtomicBoolean changed = new AtomicBoolean(true);
            Watch watch = watchChanges(target, namespace, changed);
            try { // the object is read again only when the store's watch saw it change: a long wait costs no requests
                met = delete
                        ? cluster.runUntil(c -> changed.getAndSet(watch == null) && gone(path, uid), timeout)
                        : cluster.runUntil(c -> changed.getAndSet(watch == null) && conditionMet(path, conditionName, conditionValue), timeout);
            } finally {
                if (watch != null) {
                    watch.close();
                }
            }
            if (met) {
                kubectl.out(target.resource().kindWord() + "/" + target.name() + " condition met\n");
            } else {
                errors.add("timed out waiting for the condition on " + target.resource().plural() + "/" + target.name());
            }
        }
        if (errors.isEmpty() && visited == 0) {
            errors.add("no matching resources found");
        }
        if (errors.size() == 1) { // helpers.go, checkErr: one error gets "error: ", unless it is the server's
            String error = errors.get(0);
            throw new Kubectl.Failure(error.startsWith("Error from server") || error.startsWith("The ") ? error : "error: " + error);
        }
        if (!errors.isEmpty()) { // an aggregate: MultipleErrors, one line each, no prefix
            throw new Kubectl.Failure(String.join("\n", errors));
        }
    }

    /**
     * A watch of the store that sets {@code changed} at each change of the object; null for a kind without a model
     * class (a custom resource), which is read again after every event of the loop.
     */
    private Watch watchChanges(Kubectl.Target target, String namespace, AtomicBoolean changed) {
        String apiVersion = target.resource().apiVersion();
        String kind = target.resource().kind();
        for (Class<? extends HasMetadata> model : cluster.context().store().kinds()) {
            if (model != GenericKubernetesResource.class && kind.equals(HasMetadata.getKind(model))
                    && apiVersion.equals(HasMetadata.getApiVersion(model))) {
                return watch(model, target, namespace, changed);
            }
        }
        return null;
    }

    private <T extends HasMetadata> Watch watch(Class<T> model, Kubectl.Target target, String namespace, AtomicBoolean changed) {
        ListOptions options = target.resource().namespaced() ? ListOptions.inNamespace(namespace) : ListOptions.all();
        return cluster.context().loop().exclusive("kubectl wait", () -> cluster.context().store().watch(model, options, null,
                (WatchEvent<T> event) -> {
                    if (target.name().equals(event.object().getMetadata().getName())) {
                        changed.set(true);
                    }
                }));
    }

    /** checkCondition: the first condition of that type (case aside) decides, by its status (case aside). */
    private boolean conditionMet(String path, String name, String value) {
        KubectlHttp.Answer answer = http.get(path, "application/json");
        if (!answer.ok()) {
            return false; // deleted meanwhile: kubectl keeps waiting
        }
        for (Object entry : list(map(answer.json().get("status")).get("conditions"))) {
            Map<String, Object> condition = map(entry);
            if (condition.get("type") instanceof String type && type.equalsIgnoreCase(name) && condition.get("status") instanceof String status) {
                return status.equalsIgnoreCase(value);
            }
        }
        return false;
    }

    /** Gone: not found, or found with another uid. */
    private boolean gone(String path, String uid) {
        KubectlHttp.Answer answer = http.get(path, "application/json");
        return answer.code() == 404 || (answer.ok() && !uid.equals(String.valueOf(map(answer.json().get("metadata")).get("uid"))));
    }
}
