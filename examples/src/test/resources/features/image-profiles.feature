Feature: the team's own images, described once in a profile file
  Background:
    Given a cluster with 1 node
    And the image profiles in "profiles/team.yaml"

  Scenario: the api answers its probes as its profile says
    Given the following manifest is applied:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: api}
      spec:
        containers:
        - name: api
          image: registry.example.com/shop/api:2.1
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}
      """
    When 30 seconds pass
    Then pod "api" is Running
    And pod "api" is not ready
    And file "/etc/shop/config.yaml" in container "api" of pod "api" contains:
      """
      mode: test
      """
