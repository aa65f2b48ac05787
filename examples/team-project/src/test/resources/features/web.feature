Feature: The shop's web Deployment

  Scenario: Two replicas become available, on two nodes
    Given a cluster with 2 nodes
    And the manifest "manifests/web.yaml" is applied
    Then the deployment web has 2 available replicas within 1 minute
    And the deployment web has pods per node "node-1=1, node-2=1"
