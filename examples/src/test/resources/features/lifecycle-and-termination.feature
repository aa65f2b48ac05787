Feature: lifecycle hooks and termination
  postStart runs after the container starts and holds it back from Running; preStop runs when the
  kubelet stops a running container, before SIGTERM and within the grace period; SIGKILL follows when
  the grace period runs out, never sooner than 2 s after SIGTERM.

  Background:
    Given a cluster with 1 node

  Scenario: the postStart hook writes a file and the preStop hook quits nginx
    Given the manifest "manifests/lifecycle/lifecycle-demo.yaml" is applied
    When 10 seconds pass
    Then pod "lifecycle-demo" is Running
    And file "/usr/share/message" in container "lifecycle-demo-container" of pod "lifecycle-demo" contains:
      """
      Hello from the postStart handler
      """
    When pod "lifecycle-demo" is deleted with a grace period of 30 seconds
    And 40 seconds pass
    Then the preStop hook of container "lifecycle-demo-container" in pod "lifecycle-demo" ran before SIGTERM
    And container "lifecycle-demo-container" of pod "lifecycle-demo" exited at 10 seconds

  Scenario: a slow preStop delays SIGTERM, and one that overruns the grace period gets 2 more seconds
    Given the manifest "manifests/lifecycle/graceful-shutdown.yaml" is applied
    When 10 seconds pass
    And pod "slow-stop" is deleted with a grace period of 30 seconds
    And pod "stuck-stop" is deleted with a grace period of 30 seconds
    And 5 seconds pass
    Then kubectl shows pod "slow-stop" as "1/1 Terminating 0"
    When 45 seconds pass
    Then the preStop hook of container "web" in pod "slow-stop" ran before SIGTERM
    # nginx's image stops it with SIGQUIT (its STOPSIGNAL) where other images get SIGTERM
    And container "web" of pod "slow-stop" received SIGQUIT at 30 seconds
    And container "web" of pod "slow-stop" exited at 30 seconds
    And the preStop hook of container "worker" in pod "stuck-stop" ran before SIGTERM
    And container "worker" of pod "stuck-stop" received SIGTERM at 40 seconds
    And container "worker" of pod "stuck-stop" received SIGKILL at 42 seconds
    And container "worker" of pod "stuck-stop" was killed after the grace period
    And the preStop hook of container "worker" in pod "stuck-stop" failed

  Scenario: a Job-style pod with a native sidecar completes when its main container does
    Given the manifest "manifests/lifecycle/sidecar-job.yaml" is applied
    When 60 seconds pass
    Then pod "report" is Succeeded
    And kubectl shows pod "report" as "0/2 Completed 0"
    And container "report" of pod "report" exited at 10 seconds
    And container "log-shipper" of pod "report" received SIGTERM at 10 seconds
    And container "log-shipper" of pod "report" is terminated with exit code 0 and reason "Completed"

  Scenario: a crash-looping second init container never re-runs the first
    Given the manifest "manifests/lifecycle/init-crash-loop.yaml" is applied
    When 100 seconds pass
    Then kubectl shows pod "myapp" as "0/1 Init:CrashLoopBackOff 4 (30s ago)"
    And init container "init-config" of pod "myapp" ran before container "init-db"
    And container "init-config" of pod "myapp" has restarted 0 times
    And container "init-db" of pod "myapp" restarted at 0, 10, 30 and 70 seconds
    And container "init-db" of pod "myapp" is crash-looping

  Scenario: hooks and shutdowns scripted for an image Peapod does not know
    Given the postStart hook of container "api" in pod "shop" takes 3 seconds
    And the preStop hook of container "api" in pod "shop" takes 5 seconds
    And container "api" of pod "shop" takes 4 seconds to shut down after SIGTERM
    And container "cache" of pod "shop" dies on SIGTERM
    And container "cache" of pod "shop" exits with code 2 after 5 seconds on start 1
    And the following manifest is applied:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: shop}
      spec:
        containers:
        - name: api
          image: example/shop-api:2.1
          lifecycle:
            postStart: {httpGet: {path: /warm-up, port: 8080}}
            preStop: {httpGet: {path: /drain, port: 8080}}
        - name: cache
          image: example/cache:7
      """
    When 20 seconds pass
    # api's postStart hook holds the kubelet's SyncPod for 3 s, so cache starts at 3 s and exits at 8 s
    Then container "cache" of pod "shop" restarted at 8 seconds
    And container "cache" of pod "shop" last terminated with exit code 2 and reason "Error"
    When pod "shop" is deleted with a grace period of 30 seconds
    And 30 seconds pass
    Then the preStop hook of container "api" in pod "shop" ran before SIGTERM
    And container "api" of pod "shop" received SIGTERM at 25 seconds
    And container "api" of pod "shop" exited at 29 seconds
    And container "cache" of pod "shop" received SIGTERM at 20 seconds
    And container "cache" of pod "shop" exited at 8 and 20 seconds

  Scenario: a failing postStart hook kills the container, and its preStop hook runs
    Given the postStart hook of container "lifecycle-demo-container" in pod "lifecycle-demo" fails
    And the preStop hook of container "lifecycle-demo-container" in pod "lifecycle-demo" fails
    And the manifest "manifests/lifecycle/lifecycle-demo.yaml" is applied
    When 5 seconds pass
    Then the postStart hook of container "lifecycle-demo-container" in pod "lifecycle-demo" failed
    And the preStop hook of container "lifecycle-demo-container" in pod "lifecycle-demo" failed
    And pod "lifecycle-demo" has an event "FailedPostStartHook" with message "PostStartHook failed"
    And pod "lifecycle-demo" has an event "Killing" with message "FailedPostStartHook"
