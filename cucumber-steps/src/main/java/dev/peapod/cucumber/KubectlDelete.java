package dev.peapod.cucumber;

import dev.peapod.FakeCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.peapod.cucumber.KubectlHttp.list;
import static dev.peapod.cucumber.KubectlHttp.map;
import static dev.peapod.cucumber.KubectlHttp.parameters;
import static dev.peapod.cucumber.KubectlHttp.query;

/** {@code kubectl delete}: each object by name, then, as {@code --wait=true}, virtual time until they have gone. */
final class KubectlDelete {
    private final Kubectl kubectl;
    private final KubectlHttp http;
    private final FakeCluster cluster;

    KubectlDelete(Kubectl kubectl, KubectlHttp http, FakeCluster cluster) {
        this.kubectl = kubectl;
        this.http = http;
        this.cluster = cluster;
    }

    /**
     * {@code kubectl delete TYPE NAME...}: deletes in the background (kubectl's default cascade), then waits, as
     * {@code --wait=true} does, until each object has gone: virtual time passes until then, at most a week (kubectl:
     * delete.go, effectiveTimeout). A pod leaves when its kubelet has stopped it.
     */
    void delete(KubectlCommand command) {
        long grace = GoInt.parse(command.flag("grace-period", "-1"), "grace-period", "delete");
        boolean force = command.isOn("force", false);
        if (grace == 0 && !force) {
            grace = 1; // delete.go: "--grace-period=0" without --force becomes 1, to prevent accidental data loss
        }
        if (force && grace < 0) {
            grace = 0;
        }
        if (force && grace == 0) {
            kubectl.err("warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. "
                    + "The resource may continue to run on the cluster indefinitely.\n");
        }
        List<String> errors = new ArrayList<>();
        Map<String, String> deleted = new LinkedHashMap<>(); // path -> uid
        List<Kubectl.Target> targets = command.has("selector") ? selected(command) : kubectl.targets(command, command.arguments(), false);
        if (targets.isEmpty()) {
            kubectl.out("No resources found\n"); // delete.go, on standard output
            return;
        }
        for (Kubectl.Target target : targets) {
            String path = target.resource().path(kubectl.namespace(command), target.name());
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("kind", "DeleteOptions");
            options.put("apiVersion", "v1");
            if (grace >= 0) {
                options.put("gracePeriodSeconds", grace);
            }
            options.put("propagationPolicy", "Background");
            KubectlHttp.Answer answer = http.send("DELETE", path, "application/json", dev.peapod.core.GoJsonText.marshal(options));
            if (!answer.ok()) {
                errors.add(Kubectl.serverError(answer));
                continue;
            }
            kubectl.warnings(answer);
            Object uid = map(answer.json().get("metadata")).get("uid");
            deleted.put(path, uid == null ? null : uid.toString());
            kubectl.out(target.resource().kindWord() + " \"" + target.name() + "\" " + (grace == 0 ? "force deleted" : "deleted") + "\n");
        }
        if (command.isOn("wait", true) && !deleted.isEmpty()) {
            boolean gone = cluster.runUntil(c -> deleted.entrySet().stream().allMatch(e -> gone(e.getKey(), e.getValue())),
                    Duration.ofHours(168));
            if (!gone) {
                errors.add("error: timed out waiting for the condition");
            }
        }
        if (!errors.isEmpty()) {
            throw new Kubectl.Failure(String.join("\n", errors));
        }
    }

    /**
     * {@code kubectl delete TYPE -l selector}: the objects of the list, each deleted by name (the builder's visitor).
     */
    private List<Kubectl.Target> selected(KubectlCommand command) {
        if (command.arguments().isEmpty()) {
            throw new Kubectl.Failure("error: at least one resource must be specified to use a selector");
        }
        List<Kubectl.Target> typed = kubectl.targets(command, command.arguments(), true);
        if (typed.size() != 1 || typed.get(0).name() != null) {
            throw new Kubectl.Failure("error: name cannot be provided when a selector is specified");
        }
        KubectlResource resource = typed.get(0).resource();
        KubectlHttp.Answer listed = http.get(resource.path(kubectl.namespace(command))
                + query(parameters("labelSelector", command.flag("selector", null))), "application/json");
        kubectl.expect(listed);
        return list(listed.json().get("items")).stream()
                .map(item -> new Kubectl.Target(resource, String.valueOf(map(map(item).get("metadata")).get("name")))).toList();
    }

    /** Gone: not found, or found with another uid (wait/delete.go IsDeleted). */
    private boolean gone(String path, String uid) {
        KubectlHttp.Answer answer = http.get(path, "application/json");
        return answer.code() == 404 || (answer.ok() && uid != null && !uid.equals(map(answer.json().get("metadata")).get("uid")));
    }

}
