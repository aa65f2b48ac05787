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

  Scenario: a new image starts a crash-looping container at once, and its back-off starts again
    # exits at 2, 13 and 34 s: back-offs of 10, 20, then 40 s; the new image's back-off is its own
    When 36 seconds pass
    And the image of container "task" of pod "retry-on-failure" is set to "busybox:1.37"
    And 20 seconds pass
    Then container "task" of pod "retry-on-failure" restarted at 1, 12, 33, 36 and 47 seconds
    And pod "retry-on-failure" has no event "Killing"

  Scenario: our own step shares the scenario's cluster
    When the team's standard soak time passes
    Then pod "run-once" is Failed
