Feature: specs for a namespace other than default
  A team's pods live in their own namespace. The scenario says which one once; manifests without a
  namespace go there and every step that names a pod looks for it there, as kubectl with
  --namespace does. "e2e/web" names a pod of another namespace explicitly.

  Background:
    Given a cluster with 1 node
    And the namespace "e2e" is used

  Scenario: a liveness failure restarts the container of a pod in namespace e2e
    Given container "app" of pod "liveness-http" answers HTTP 500 on port 8080 path "/healthz" from 10 seconds after it starts
    And the manifest "manifests/liveness-http.yaml" is applied
    # probes every 3 s from 3 s fail at 12, 15 and 18 s
    When 18 seconds pass
    Then container "app" of pod "liveness-http" has restarted 1 time
    And container "app" of pod "e2e/liveness-http" has restarted 1 time
    And pod "liveness-http" is still on the same node
    And pod "liveness-http" has an event "Killing" with message "Container app failed liveness probe, will be restarted"

  Scenario: a pod is deleted from the namespace in use
    Given container "app" of pod "liveness-http" ignores SIGTERM
    And the manifest "manifests/liveness-http.yaml" is applied
    When I delete pod "liveness-http"
    # the container ignores SIGTERM, so the pod stays for its 30 s grace period
    Then pod "e2e/liveness-http" has an event "Killing" with message "Stopping container app"

  Scenario: a readiness gate opened by a controller makes the pod ready
    Given the following manifest is applied:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: gated}
      spec:
        readinessGates: [{conditionType: "example.com/feature-1"}]
        containers: [{name: app, image: "nginx:1.25"}]
      """
    When 10 seconds pass
    Then pod "gated" is not ready
    When condition "example.com/feature-1" of pod "e2e/gated" is set to "True"
    Then pod "gated" is ready
    And kubectl shows pod "gated" as "1/1 Running 0"

  Scenario: pods are deleted by label selector in the namespace in use
    Given the following manifest is applied:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web-1, labels: {app: web}}
      spec:
        containers: [{name: app, image: nginx}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: db, labels: {app: db}}
      spec:
        containers: [{name: app, image: postgres}]
      """
    And container "app" of pod "web-1" ignores SIGTERM
    When I delete the pods matching "app=web"
    And I delete pod "web-1" with a grace period of 5 seconds
    Then pod "web-1" has an event "Killing" with message "Stopping container app"
    And pod "db" is Running
