Feature: a ReplicaSet keeps its pods, and its deletion takes or leaves them
  Background:
    Given a cluster with 1 node
    And the manifest "manifests/replicaset.yaml" is applied

  Scenario: scaling down keeps the requested number
    Then replicaset "frontend" has 3 ready replicas within 30 seconds
    When I scale replicaset "frontend" to 1 replica
    Then replicaset "frontend" has 1 replica
    And replicaset "frontend" has 1 available replica

  Scenario: a ReplicaSet deleted in the foreground waits for its pods
    When I delete the pods matching "tier=frontend"
    Then replicaset "frontend" has 3 ready replicas
    When I delete replicaset "frontend" with cascade foreground
    Then replicaset "frontend" no longer exists
