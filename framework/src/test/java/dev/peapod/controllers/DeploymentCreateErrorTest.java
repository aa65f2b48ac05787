package dev.peapod.controllers;

import dev.peapod.FakeCluster;
import dev.peapod.timeline.Fact;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sync.go getNewReplicaSet: a ReplicaSet the API server refuses sets Progressing False
 * ReplicaSetCreateError, records the event, and syncDeployment's error is retried by handleErr with
 * the queue's rate limit until maxRetries (15).
 */
class DeploymentCreateErrorTest {
    /** 250 characters: a valid Deployment name, but with "-<pod-template-hash>" too long for its ReplicaSet. */
    static final String NAME = "w".repeat(250);

    static final String WEB = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: %s}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
            """.formatted(NAME);

    @Test
    void aRefusedReplicaSetSetsReplicaSetCreateErrorAndIsRetriedWithTheRateLimitUntilDropped() {
        try (FakeCluster cluster = FakeCluster.withNodes("worker0")) {
            cluster.applyYaml(WEB);
            cluster.settle();
            Deployment d = cluster.context().store().require(Deployment.class, "default", NAME);
            DeploymentCondition progressing = DeploymentUtil.condition(d.getStatus(), "Progressing").orElseThrow();
            assertThat(progressing.getStatus()).isEqualTo("False");
            assertThat(progressing.getReason()).isEqualTo("ReplicaSetCreateError");
            assertThat(progressing.getMessage()).startsWith("Failed to create new replica set \"" + NAME + "-");
            assertThat(progressing.getMessage()).endsWith("must be no more than 253 characters");
            // the event's own name (<name>.<hex>) is too long too, so the API server refuses the Event
            // object as upstream's would; the attempts show on the timeline
            cluster.advance(Duration.ofMinutes(10));
            List<Long> attempts = cluster.timeline().forPod("default", "deployment.apps/" + NAME, Fact.EventRecorded.class).stream()
                    .filter(e -> ((Fact.EventRecorded) e.fact()).reason().equals("ReplicaSetCreateError"))
                    .map(e -> e.sinceStart().toMillis()).toList();
            // two syncs at 0 (the apply, then the status write's event), then the rate-limited retries:
            // 5 ms, 20 ms, 40 ms, ... (the 10 ms one is folded into the 5 ms one already waiting), until
            // the 15th requeue, after which the Deployment is dropped from the queue
            assertThat(attempts).containsExactly(0L, 0L, 5L, 25L, 65L, 145L, 305L, 625L, 1265L, 2545L, 5105L, 10225L, 20465L,
                    40945L, 81905L, 163825L);
        }
    }
}
