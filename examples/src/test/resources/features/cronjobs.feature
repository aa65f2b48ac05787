Feature: a CronJob creates Jobs on its schedule, on the virtual clock
  The cluster's clock starts at 2025-01-01T00:00:00Z, minute 28928160 since the epoch; a Job is
  named after its CronJob and the minute it was scheduled for, and the controller looks 100 ms
  after each schedule time, as upstream's does.

  Scenario: the Kubernetes docs' cronjob.yaml starts a Job every minute
    Given a cluster with 1 node
    When I apply the manifest "manifests/docs/cronjob.yaml"
    Then the cronjob hello creates job hello-28928161 within 2 minutes
    And the cronjob hello has an event "SuccessfulCreate" with message "Created job hello-28928161"

  Scenario: Forbid skips a run while the previous one is still active
    Given a cluster with 1 node
    When I apply the manifest "manifests/cronjob-report.yaml"
    Then the cronjob report creates job report-28928165 within 6 minutes
    When 5 minutes pass
    Then the cronjob report has an event "JobAlreadyActive" with message "Not starting job because prior execution is running and concurrency policy is Forbid"
    And the cronjob report has the jobs "report-28928165"
    And the cronjob report has 1 active job

  Scenario: a suspended CronJob starts only the most recent missed run when it is resumed
    Given a cluster with 1 node
    When I apply the manifest "manifests/docs/cronjob.yaml"
    And the cronjob hello is suspended
    And 12 minutes pass
    Then the cronjob hello has no jobs
    When the cronjob hello is resumed
    Then the cronjob hello has the jobs "hello-28928172"
