Feature: the README's workload snippets, as they are printed there
  Each scenario is one Gherkin block of the README's "Workloads" section, pasted as it is (the Java
  blocks are in ReadmeSnippetsTest): a snippet that stops working fails the build.

  Scenario: README ReplicaSet snippet
    Given a cluster with 1 node
    Given the manifest "manifests/replicaset.yaml" is applied
    Then the replicaset frontend has 3 ready replicas within 1 minute
    When the replicaset frontend is scaled to 1 replica
    Then the replicaset frontend has 1 replica
    When I delete replicaset frontend with cascade foreground
    Then the replicaset frontend no longer exists

  Scenario: README Deployment snippet
    Given a cluster with 1 node
    Given the manifest "manifests/rolling-update.yaml" is applied
    And the deployment web has 4 available replicas within 1 minute
    When container "app" of deployment web is set to image "nginx:1.26"
    Then the rollout of web completes within 2 minutes
    And the deployment web went through the ReplicaSet sizes "4, 4/1, 3/1, 3/2, 1/2, 1/4, 0/4"

  Scenario: README StatefulSet snippet
    Given a cluster with 1 node
    Given the manifest "manifests/statefulset/web.yaml" is applied
    Then the statefulset web has 3 ready replicas within 1 minute
    And the statefulset web has pods "web-0, web-1, web-2"
    And pod web-0 keeps its name and volume after it is deleted

  Scenario: README DaemonSet snippet
    Given a cluster with 2 nodes
    And the manifest "manifests/node-agent-daemonset.yaml" is applied
    When a node "node-3" joins the cluster
    Then the daemonset node-agent runs on every node
    And the daemonset node-agent has 3 ready pods
    When node "node-2" is deleted
    Then the daemonset node-agent has 2 ready pods within 1 minute

  Scenario: README Job snippet
    Given a cluster with 1 node
    And the manifest "manifests/job-with-retries.yaml" is applied
    Then the job flaky-import fails with BackoffLimitExceeded within 15 minutes
    And the job flaky-import created pods at 0, 10, 30, 70, 150, 310 and 630 seconds
    And kubectl shows job flaky-import as "Failed 0/1"

  Scenario: README CronJob snippet
    Given a cluster with 1 node
    When I apply the manifest "manifests/cronjob.yaml"
    Then the cronjob hello creates job hello-28928165 within 6 minutes
    When 5 minutes pass
    Then the cronjob hello has an event "JobAlreadyActive"
    And the cronjob hello has the jobs "hello-28928165"

  Scenario: README Service snippet
    Given a cluster with 1 node
    Given the manifest "manifests/service-readiness.yaml" is applied
    Then the service hostnames has 2 ready endpoints within 10 seconds
    When container "serve" of pod "hostnames-2" answers HTTP 503 on port 9376 path "/"
    Then the service hostnames has 1 ready endpoint within 1 minute
    And running "sh -c 'wget -qO- http://hostnames/; echo'" in container "c" of pod "client" prints:
      """
      hostnames-1
      """

  Scenario: README note: a deleted StatefulSet pod counts as ready while it is Terminating
    Given a cluster with 1 node
    Given the manifest "manifests/statefulset/web.yaml" is applied
    And container "nginx" of pod "web-0" ignores SIGTERM
    Then the statefulset web has 3 ready replicas within 1 minute
    When I delete pod "web-0"
    Then the statefulset web has 3 ready replicas within 1 minute
    And kubectl shows pod "web-0" as "1/1 Terminating 0"
    When 30 seconds pass
    Then the statefulset web has 2 ready replicas
    And the statefulset web has 3 ready replicas within 1 minute
