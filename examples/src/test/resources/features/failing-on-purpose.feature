@failing-on-purpose
Feature: a scenario that fails on purpose, to show a causal failure message
  It expects a restart after two liveness failures, but the kubelet restarts after failureThreshold (3)
  failures in a row. The tag keeps it out of RunFeaturesTest; FailingOnPurposeTest runs it and pins
  the message it fails with.

  Scenario: a restart expected after two liveness failures
    Given a cluster with 1 node
    And container "app" of pod "web" answers HTTP 500 on port 8080 path "/healthz" from 10 seconds after it starts
    And the manifest "manifests/impatient-liveness.yaml" is applied
    When 25 seconds pass
    Then container "app" of pod "web" has restarted 1 time
