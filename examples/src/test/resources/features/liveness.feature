Feature: liveness probes restart the container, on the same node
  The kubelet kills a container whose liveness probe fails failureThreshold times in a row
  and starts it again at once; the pod keeps its name, UID, IP and node.

  Background:
    Given a cluster with 1 node

  Scenario: three liveness failures restart the container
    Given the manifest "manifests/liveness-http.yaml" is applied
    When the liveness probe of container "app" in pod "liveness-http" fails 3 times
    Then container "app" of pod "liveness-http" has restarted 1 time
    And pod "liveness-http" is still on the same node
    And pod "liveness-http" has an event "Killing" with message "Container app failed liveness probe, will be restarted"
    And pod "liveness-http" has no event "BackOff"

  Scenario: the exec probe fails once the health file is gone
    Given command "cat /tmp/healthy" in container "liveness" of pod "test-liveness-exec" fails from 30 seconds after it starts with output "cat: can't open '/tmp/healthy': No such file or directory"
    And the manifest "manifests/liveness-exec.yaml" is applied
    When 40 seconds pass
    Then container "liveness" of pod "test-liveness-exec" has restarted 1 time
    And pod "test-liveness-exec" has an event "Unhealthy" with message "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
    And kubectl shows pod "test-liveness-exec" as "1/1 Running 1 (0s ago)"

  Scenario: a container that keeps failing ends up crash-looping
    Given container "app" of pod "liveness-http" answers HTTP 500 on port 8080 path "/healthz" from 10 seconds after it starts
    And the manifest "manifests/liveness-http.yaml" is applied
    # probes every 3 s; kills at 18, 36 and 54 s restart at once (the run before ended long enough ago),
    # the kill at 72 s waits out a 20 s back-off (restart at 92 s), the kill at 108 s a 40 s one
    When 2 minutes pass
    Then pod "liveness-http" is Running
    And container "app" of pod "liveness-http" has restarted 4 times
    And container "app" of pod "liveness-http" restarted at 18, 36, 54 and 92 seconds
    And pod "liveness-http" has event "Killing" 5 times
    And container "app" of pod "liveness-http" is crash-looping
