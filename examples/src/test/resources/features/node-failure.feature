Feature: a node that dies: its pods are never moved, a controller replaces them elsewhere
  A pod is bound to its node for life. When worker-1 stops reporting at 00:01:00, the node lifecycle
  controller marks it Unknown after the 50 s node-monitor-grace-period (at its next 5 s pass,
  00:01:55), marks its pods not ready (they leave the Service's endpoints) and taints it
  node.kubernetes.io/unreachable:NoExecute (00:02:00). Every pod tolerates that taint for 300 s
  (DefaultTolerationSeconds), so the taint-eviction controller deletes them at 00:07:00. The dead
  kubelet never confirms: the old pods stay Terminating. A Deployment does not count them and
  creates replacements at once, on the nodes that are alive.

  Background:
    Given a cluster with nodes:
      | name     |
      | worker-1 |
      | worker-2 |
      | worker-3 |

  Scenario: the Deployment serves again from the other nodes 50 s + 300 s after the node died
    When I apply the manifest "manifests/api-deployment-service.yaml"
    Then the deployment api has 3 available replicas within 1 minute
    And the deployment api has pods per node "worker-1=1, worker-2=1, worker-3=1"
    When node "worker-1" fails at 00:01:00
    And the clock reads 00:01:50
    Then node "worker-1" has condition "Ready" "True"
    When the clock reads 00:01:55
    Then node "worker-1" has condition "Ready" "Unknown"
    And kubectl shows node "worker-1" as "NotReady"
    And the service api has 2 ready endpoints
    And the deployment api has 2 available replicas
    When the clock reads 00:02:01
    Then node "worker-1" has taint "node.kubernetes.io/unreachable:NoExecute"
    When the clock reads 00:07:00
    Then the deployment api has pods per node "worker-1=1, worker-2=1, worker-3=1"
    When the clock reads 00:07:01
    Then the deployment api has 3 available replicas
    And the deployment api has pods per node "worker-2=1, worker-3=2"
    And the service api has 3 ready endpoints

  Scenario: a bare pod on the dead node is lost: Terminating until the node comes back
    When I apply the manifest "manifests/lonely-pod.yaml"
    And node "worker-1" fails at 00:01:00
    And the clock reads 00:07:01
    Then kubectl shows pod "lonely" as "1/1 Terminating 0"
    And pod "lonely" has condition "DisruptionTarget" "True" with reason "DeletionByTaintManager"
    And pod "lonely" has an event "TaintManagerEviction" with message "Marking for deletion Pod default/lonely"
    And pod "lonely" is on node "worker-1"
    When node "worker-1" comes back at 00:10:00
    Then pod "lonely" no longer exists

  Scenario: a pod tolerating the unreachable taint for 60 s leaves after 50 s + 60 s
    When I apply the manifest "manifests/quick-failover.yaml"
    And node "worker-1" fails at 00:01:00
    And the clock reads 00:03:00
    Then pod "quick" has no event "TaintManagerEviction"
    When the clock reads 00:03:01
    Then pod "quick" has an event "TaintManagerEviction" with message "Marking for deletion Pod default/quick"

  Scenario: a drained node's pods are replaced elsewhere at once
    When I apply the manifest "manifests/api-deployment-service.yaml"
    Then the deployment api has 3 available replicas within 1 minute
    When node "worker-1" is drained of its pods
    Then kubectl shows node "worker-1" as "Ready,SchedulingDisabled"
    And the deployment api has 3 available replicas within 1 minute
    And the deployment api has pods per node "worker-2=1, worker-3=2"
