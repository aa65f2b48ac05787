Feature: a StatefulSet's pods have stable names and storage
  A StatefulSet names its pods web-0, web-1, web-2, makes each only after the previous one is
  Running and Ready (OrderedReady), gives each a claim of its own, and brings a deleted pod back
  with the same name and the same claim.

  Background:
    Given a cluster with 1 node

  Scenario: OrderedReady makes web-0, web-1 and web-2 one after another
    Given the manifest "manifests/statefulset/web.yaml" is applied
    Then the statefulset web has 3 ready replicas within 1 minute
    And the statefulset web has pods "web-0, web-1, web-2"
    And kubectl shows statefulset web as "3/3"

  Scenario: a deleted pod comes back as itself
    Given the manifest "manifests/statefulset/web.yaml" is applied
    And the statefulset web has 3 ready replicas within 1 minute
    Then pod web-0 keeps its name and volume after it is deleted

  Scenario: a new image rolls from the highest ordinal down
    Given the manifest "manifests/statefulset/web.yaml" is applied
    And the statefulset web has 3 ready replicas within 1 minute
    When container "nginx" of statefulset web is set to image "nginx:1.28"
    Then the rollout of statefulset web completes within 2 minutes
