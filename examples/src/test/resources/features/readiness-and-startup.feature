Feature: readiness gates traffic, startup protects slow starts
  Background:
    Given a cluster with 1 node

  Scenario: a failing readiness probe never restarts the container
    Given container "nginx" of pod "nginx" answers HTTP 503 on port 8181 path "/ready"
    And the manifest "manifests/readiness-http.yaml" is applied
    When 10 minutes pass
    Then pod "nginx" is not ready
    And kubectl shows pod "nginx" as "0/1 Running 0"
    And container "nginx" of pod "nginx" has restarted 0 times

  Scenario: readiness turns ready on the first tick past the initial delay
    Given the following manifest is applied:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        containers:
        - name: app
          image: nginx:1.25
          readinessProbe:
            httpGet: {path: /, port: 80}
            initialDelaySeconds: 15
            periodSeconds: 10
      """
    When 19 seconds pass
    Then pod "web" is not ready
    And pod "web" becomes ready within 1 second

  Scenario: a startup probe on a path nginx does not serve restarts it again and again
    Given container "nginx" of pod "nginx" answers HTTP 404 on port 80 path "/api/successStart"
    And the manifest "manifests/startup-missing-path.yaml" is applied
    # restarts at 30, 60, 90 and 120 s; the kill at 150 s waits 40 s: the seed's kubectl line at 2m57s
    When 177 seconds pass
    Then container "nginx" of pod "nginx" is crash-looping
    And container "nginx" of pod "nginx" is waiting with reason "CrashLoopBackOff" and a message containing "back-off 40s restarting failed container=nginx"
    And container "nginx" of pod "nginx" restarted at 30, 60, 90 and 120 seconds
    And kubectl shows pod "nginx" as "0/1 CrashLoopBackOff 4 (27s ago)"

  Scenario: a mistyped image tag keeps the pod Pending
    Given image "nginx:1.255" cannot be pulled
    And the following manifest is applied:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: typo}
      spec:
        containers:
        - {name: app, image: "nginx:1.255"}
      """
    When 15 seconds pass
    Then pod "typo" is Pending
    And kubectl shows pod "typo" as "0/1 ErrImagePull 0"
    And pod "typo" has an event "Failed" with message "Failed to pull image \"nginx:1.255\": rpc error: code = NotFound"
