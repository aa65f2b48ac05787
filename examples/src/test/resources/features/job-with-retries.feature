Feature: a Job retries its failed pods with back-off
  Background:
    Given a cluster with 1 node
    And the manifest "manifests/job-with-retries.yaml" is applied

  Scenario: the 7th failure exceeds backoffLimit 6
    # replacements wait 10 s * 2^(n-1) after the n-th failure (pkg/controller/job/backoff_utils.go)
    Then the job flaky-import fails with BackoffLimitExceeded within 15 minutes
    And the job flaky-import created pods at 0, 10, 30, 70, 150, 310 and 630 seconds
    And kubectl shows job flaky-import as "Failed 0/1"
    And the job flaky-import has 7 failed pods

  Scenario: an Indexed Job runs its chunks two at a time
    Then the job chunks completes within 1 minute
    And the job chunks created pods at 0, 0 and 6 seconds
    And kubectl shows job chunks as "Complete 3/3"
