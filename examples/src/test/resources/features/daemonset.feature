Feature: a DaemonSet runs one pod on every node, and follows the nodes
  # pkg/controller/daemon/daemon_controller.go; pkg/controller/podgc/gc_controller.go (20 s passes, 40 s quarantine)
  Background:
    Given a cluster with nodes:
      | name   | images     |
      | node-1 | nginx:1.25 |
      | node-2 | nginx:1.25 |
    And image "nginx:1.26" takes 20 seconds to pull
    And the manifest "manifests/node-agent-daemonset.yaml" is applied

  Scenario: a node that joins gets the DaemonSet's pod at once
    Then the daemonset node-agent runs on every node
    And the daemonset node-agent has 2 ready pods
    When 5 minutes pass
    And a node "node-3" joins the cluster
    Then the daemonset node-agent runs on every node
    And the daemonset node-agent has 3 ready pods

  Scenario: the pod of a deleted node is removed by the pod garbage collector
    When 90 seconds pass
    And node "node-2" is deleted
    Then the daemonset node-agent has 1 ready pod within 50 seconds
    And the daemonset node-agent runs on every node
    And the daemonset node-agent runs on every eligible node

  Scenario: a new image rolls out one node at a time
    When container "agent" of daemonset node-agent is set to image "nginx:1.26"
    Then the rollout status of daemonset node-agent reads "Waiting for daemon set \"node-agent\" rollout to finish: 1 out of 2 new pods have been updated..."
    When 20 seconds pass
    Then the rollout status of daemonset node-agent reads "Waiting for daemon set \"node-agent\" rollout to finish: 1 of 2 updated pods are available..."
    When 20 seconds pass
    Then the rollout status of daemonset node-agent reads "daemon set \"node-agent\" successfully rolled out"
