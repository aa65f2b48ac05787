Feature: where pods land: anti-affinity and topology spread
  The scheduler keeps a Deployment's replicas apart as their affinity and spread constraints say,
  as kube-scheduler v1.33 does, on a cluster of three zones with two nodes each.

  Background:
    Given a cluster with nodes:
      | name   | labels                       |
      | node-1 | topology.kubernetes.io/zone=a |
      | node-2 | topology.kubernetes.io/zone=a |
      | node-3 | topology.kubernetes.io/zone=b |
      | node-4 | topology.kubernetes.io/zone=b |
      | node-5 | topology.kubernetes.io/zone=c |
      | node-6 | topology.kubernetes.io/zone=c |

  Scenario: three replicas land in three zones, on three nodes
    When I apply the manifest "manifests/web-spread.yaml"
    Then the deployment web has 3 available replicas within 1 minute
    And the deployment web has pods per zone "a=1, b=1, c=1"
    And the deployment web is spread across zones

  Scenario: a seventh replica stays Pending: the anti-affinity allows one per node
    When I apply the manifest "manifests/web-spread.yaml"
    And the deployment web is scaled to 7 replicas
    Then the deployment web has 6 available replicas within 1 minute
    And the deployment web has pods per node "node-1=1, node-2=1, node-3=1, node-4=1, node-5=1, node-6=1"
    And kubectl shows deployment web as "6/7 7 6"
