Feature: the kubelet fails a pod past its deadline, and rejects a pod its node cannot take
  Background:
    Given a cluster with 1 node
    And the manifest "manifests/deadline-and-admission.yaml" is applied

  Scenario: activeDeadlineSeconds ends a pod whatever its restart policy
    When 2 minutes pass
    Then pod "report" failed with reason "DeadlineExceeded" at 65 seconds
    And pod "report" failed with reason "DeadlineExceeded" and message "Pod was active on the node longer than the specified deadline"
    And pod "report" has event "DeadlineExceeded" 4 times
    And container "report" of pod "report" is terminated with exit code 137 and reason "Error"
    And kubectl shows pod "report" as "0/1 Error 0"

  Scenario: a pod bound with spec.nodeName to a node without the cpu it requests
    Then pod "greedy" was rejected by the kubelet with reason "OutOfcpu" and message "Node didn't have enough resource: cpu, requested: 5000, used: 0, capacity: 4000"
    And pod "greedy" has an event "OutOfcpu" with message "Node didn't have enough resource: cpu, requested: 5000, used: 0, capacity: 4000"
    And kubectl shows pod "greedy" as "0/1 OutOfcpu 0"
