Feature: nodeSelector pins a pod to matching nodes
  A pod with nodeSelector disktype=ssd runs only on a node labelled so,
  and stays Pending with the scheduler's own message while there is none.

  Scenario: the pod runs on the ssd node
    Given a cluster with nodes:
      | name   | labels       |
      | node-1 |              |
      | node-2 | disktype=ssd |
    When I apply the manifest "manifests/ssd-pod.yaml"
    Then pod "fast-storage" runs on node "node-2"
    And container "app" of pod "fast-storage" is running

  Scenario: without an ssd node the pod stays Pending, until one joins
    Given a cluster with 3 nodes
    When I apply the manifest "manifests/ssd-pod.yaml"
    Then pod "fast-storage" is pending with the scheduling message:
      """
      0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.
      """
    When a node "node-4" labelled "disktype=ssd" joins the cluster
    Then pod "fast-storage" runs on node "node-4"

  Scenario: labelling a node while the pod waits lets it run there
    Given a cluster with 2 nodes
    When I apply the manifest "manifests/ssd-pod.yaml"
    And node "node-2" is labelled "disktype=ssd"
    Then pod "fast-storage" runs on node "node-2"

  Scenario: a cordoned node takes no new pod until it is uncordoned
    Given a cluster with nodes:
      | name   | labels       | internalIP |
      | node-1 | disktype=ssd | 10.0.0.5   |
    And node "node-1" is cordoned
    Then kubectl shows node "node-1" as "Ready,SchedulingDisabled <none>"
    And node "node-1" has taint "node.kubernetes.io/unschedulable:NoSchedule"
    And node "node-1" has condition "Ready" "True"
    When I apply the manifest "manifests/ssd-pod.yaml"
    Then pod "fast-storage" is pending with the scheduling message "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
    When node "node-1" is uncordoned
    And 1 second passes
    Then pod "fast-storage" runs on node "node-1"
    And kubectl shows node "node-1" as "Ready <none> 1s v1.33.0"
    And node "node-1" has no taint "node.kubernetes.io/unschedulable"
