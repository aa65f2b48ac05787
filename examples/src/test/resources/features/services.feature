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
