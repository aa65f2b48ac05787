Feature: a team's mistakes are refused where they are, and nothing is half-applied
  Peapod refuses what the v1.33 API server refuses, in its words, at the file, document and line of the
  mistake. A file is applied all or nothing: here not even the Namespace of its first document is created.

  Background:
    Given a cluster with 1 node

  Scenario: a file with two bad documents names both and applies none
    Then applying the manifest "manifests/mistakes/shop.yaml" is refused with:
      """
      manifests/mistakes/shop.yaml, document 3 (Deployment web), line 22:
        spec.replicas: Invalid value: -1: must be greater than or equal to 0
      manifests/mistakes/shop.yaml, document 4 (Pod debug), line 44:
        spec.containers[0].resources.limits[memory]: Invalid value: "1Gb": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
      nothing was applied
      """

  Scenario: a Service port out of range (targetPort defaults to port, so both are refused)
    Then applying the following manifest is refused with a message containing "line 6: spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive":
      """
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        selector: {app: web}
        ports: [{port: 70000}]
      """
