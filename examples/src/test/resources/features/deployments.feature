Feature: a Deployment rolls out a new image step by step, and rolls back
  Background:
    Given a cluster with 1 node

  Scenario: the docs' nginx-deployment runs three pods
    Given the manifest "manifests/docs/nginx-deployment.yaml" is applied
    Then the deployment nginx-deployment has 3 available replicas within 1 minute
    And the rollout status of nginx-deployment reads "deployment \"nginx-deployment\" successfully rolled out"

  Scenario: a rolling update of 4 replicas with 25% surge and 25% unavailable
    Given the manifest "manifests/rolling-update.yaml" is applied
    And the deployment web has 4 available replicas within 1 minute
    When container "app" of deployment web is set to image "nginx:1.26"
    Then the rollout of web completes within 2 minutes
    And the deployment web went through the ReplicaSet sizes "4, 4/1, 3/1, 3/2, 1/2, 1/4, 0/4"

  Scenario: scaling while paused, then resuming the rollout
    Given the manifest "manifests/rolling-update.yaml" is applied
    And the deployment web has 4 available replicas within 1 minute
    When the deployment web is paused
    And container "app" of deployment web is set to image "nginx:1.26"
    And the deployment web is scaled to 2 replicas
    Then the deployment web went through the ReplicaSet sizes "4, 2"
    When the deployment web is resumed
    Then the rollout of web completes
    And the deployment web has 2 available replicas
    When the deployment web is rolled back
    Then the rollout of web completes within 1 minute
