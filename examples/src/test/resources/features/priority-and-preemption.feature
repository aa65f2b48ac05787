Feature: a pod of a higher PriorityClass preempts a lower one
  When no node has room, the scheduler evicts lower-priority pods from the node that needs the
  fewest, least important victims (kube-scheduler v1.33's DefaultPreemption): each victim gets the
  DisruptionTarget condition and a Preempted event and ends gracefully; the preemptor is nominated to
  the node and binds there once the victims are gone.

  Scenario: a critical pod preempts a batch pod, which ends gracefully first
    Given a cluster with nodes:
      | name    | cpu |
      | small-1 | 1   |
    When I apply the manifest "manifests/priority-preemption.yaml"
    Then pod "batch" runs on node "small-1"
    When I apply the manifest "manifests/critical-pod.yaml"
    Then pod "critical" is pending with the scheduling message "0/1 nodes are available: 1 Insufficient cpu."
    And pod "batch" has condition "DisruptionTarget" "True" with reason "PreemptionByScheduler"
    And pod "batch" has an event "Preempted" with message "Preempted by pod d15b23ed-02d5-4e28-aaed-9210c5004375 on node small-1"
    And kubectl shows pod "batch" as "1/1 Terminating 0"
    And kubectl shows pod "critical" as "0/1 Pending 0"
    # busybox's sleep ignores SIGTERM as PID 1: the batch pod is killed at the end of its 20 s grace period
    When 20 seconds pass
    Then pod "batch" no longer exists
    And pod "critical" runs on node "small-1"
    And pod "critical" has an event "Scheduled" with message "Successfully assigned default/critical to small-1"
