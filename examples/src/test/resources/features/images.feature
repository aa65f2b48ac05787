Feature: images take time to pull, have a size, and are on a node once pulled
  Background:
    Given a cluster with nodes:
      | name   | images       |
      | node-1 | busybox:1.36 |
      | node-2 | none         |
    And image "registry.example.com/shop/api:2.1" takes 12 seconds to pull
    And image "registry.example.com/shop/api:2.1" is 48000000 bytes

  Scenario: the first pod of an image on a node waits for the pull, the next finds it there
    Given the following manifest is applied:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: api}
      spec:
        nodeName: node-2
        containers:
        - {name: api, image: "registry.example.com/shop/api:2.1"}
      """
    When 10 seconds pass
    Then kubectl shows pod "api" as "0/1 ContainerCreating 0"
    When 2 seconds pass
    Then pod "api" is Running
    And pod "api" has an event "Pulled" with message "Successfully pulled image \"registry.example.com/shop/api:2.1\" in 12s (12s including waiting). Image size: 48000000 bytes."
    When the following manifest is applied:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: api-2}
      spec:
        nodeName: node-2
        containers:
        - {name: api, image: "registry.example.com/shop/api:2.1"}
      """
    And 1 second passes
    Then pod "api-2" is Running
    And pod "api-2" has an event "Pulled" with message "Container image \"registry.example.com/shop/api:2.1\" already present on machine"
    When 30 seconds pass
    Then node "node-2" lists image "registry.example.com/shop/api:2.1" of 48000000 bytes
    And node "node-1" lists image "busybox:1.36" of 2217006 bytes
