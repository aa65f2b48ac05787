Feature: files, exec and logs of a container, as kubectl shows them
  Background:
    Given a cluster with 1 node
    And the manifest "manifests/files-and-logs.yaml" is applied

  Scenario: a restarted container's files, ls -la and its current and previous logs
    When 45 seconds pass
    Then container "app" of pod "counter" has restarted 1 time
    And file "/data/index.html" in container "app" of pod "counter" contains:
      """
      hello from run 2
      """
    And file "/data/index.html" in container "app" of pod "counter" includes "run 2"
    And running "ls -la /data" in container "app" of pod "counter" prints:
      """
      total 8
      drwxrwxrwx    2 root     root          4096 Jan  1 00:00 .
      drwxr-xr-x    2 root     root          4096 Jan  1 00:00 ..
      -rw-r--r--    1 root     root            17 Jan  1 00:00 index.html
      -rw-r--r--    1 root     root             2 Jan  1 00:00 runs
      """
    And running "sh -c 'test -s /data/runs'" in container "app" of pod "counter" exits with 0
    And running "cat /data/missing" in container "app" of pod "counter" exits with 1
    And the logs of container "app" of pod "counter" show:
      """
      run 2 started
      """
    And the previous logs of container "app" of pod "counter" show:
      """
      run 1 started
      run 1 failing
      """
