Feature: a ReplicaSet keeps its pods, and its deletion takes or leaves them
  Background:
    Given a cluster with 1 node
    And the manifest "manifests/replicaset.yaml" is applied

  Scenario: scaling down keeps the requested number
    Then the replicaset frontend has 3 ready replicas within 30 seconds
    When the replicaset frontend is scaled to 1 replica
    Then the replicaset frontend has 1 replica
    And the replicaset frontend has 1 available replica

  Scenario: a ReplicaSet deleted in the foreground waits for its pods
    When I delete the pods matching "tier=frontend"
    Then the replicaset frontend has 3 ready replicas
    When I delete replicaset frontend with cascade foreground
    Then the replicaset frontend no longer exists
