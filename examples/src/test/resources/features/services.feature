Feature: a Service's endpoints follow its pods' readiness
  Background:
    Given a cluster with 1 node

  Scenario: a readiness failure removes the pod from the Service
    Given the manifest "manifests/service-readiness.yaml" is applied
    Then the service hostnames has 2 ready endpoints within 10 seconds
    And running "sh -c 'wget -qO- http://hostnames/; echo'" in container "c" of pod "client" prints:
      """
      hostnames-1
      """
    # from now on hostnames-2 answers its readiness probe with 503: three failures, 5 s apart
    When container "serve" of pod "hostnames-2" answers HTTP 503 on port 9376 path "/"
    Then the service hostnames has 1 ready endpoint within 1 minute
    And pod "hostnames-2" is not ready
    And container "serve" of pod "hostnames-2" has restarted 0 times
    And running "sh -c 'wget -qO- http://hostnames/; echo'" in container "c" of pod "client" prints:
      """
      hostnames-1
      """

  Scenario: one pod of a Deployment turns unready and leaves the Service, and is not restarted
    Given the manifest "manifests/api-deployment-service.yaml" is applied
    Then the service api has 3 ready endpoints within 10 seconds
    # a Deployment's pod names are generated: "deployment/api" is its first pod, as kubectl logs takes it
    When container "api" of pod "deployment/api" answers HTTP 503 on port 8080 path "/ready"
    Then the service api has 2 ready endpoints within 1 minute
    And the deployment api has 2 ready replicas
    And pod "deployment/api" is not ready
    And container "api" of pod "deployment/api" has restarted 0 times
