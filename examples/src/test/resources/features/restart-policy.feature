Feature: restart policies decide what happens after an exit
  Background:
    Given a cluster with 1 node
    And container "task" of pod "retry-on-failure" exits with code 1 after 1 second
    And container "task" of pod "run-once" exits with code 1 after 1 second
    And the manifest "manifests/batch-once.yaml" is applied

  Scenario: OnFailure retries with back-off, Never fails the pod
    When 40 seconds pass
    Then pod "retry-on-failure" is Running
    And container "task" of pod "retry-on-failure" has restarted 3 times
    And container "task" of pod "retry-on-failure" last terminated with exit code 1 and reason "Error"
    And container "task" of pod "retry-on-failure" restarted at 1, 12 and 33 seconds
    And pod "run-once" is Failed
    And pod "run-once" is on node "node-1"
    And kubectl shows pod "run-once" as "0/1 Error 0"

  Scenario: our own step shares the scenario's cluster
    When the team's standard soak time passes
    Then pod "run-once" is Failed
