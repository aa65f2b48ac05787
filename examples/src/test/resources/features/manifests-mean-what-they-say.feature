Feature: manifests from the Kubernetes docs mean what they say, with no scripting
  Background:
    Given a cluster with 1 node

  Scenario: the init container writes the page nginx serves
    When I apply the manifest "manifests/docs/init-containers.yaml"
    And 1 second passes
    Then pod "init-demo" is Running
    And container "install" of pod "init-demo" is terminated with exit code 0 and reason "Completed"
    And running "curl localhost" in container "nginx" of pod "init-demo" prints:
      """
      <html><body>http://info.cern.ch - home of the first website</body></html>
      """

  Scenario: the debian container writes index.html for nginx and completes
    When I apply the manifest "manifests/docs/two-container-pod.yaml"
    And 1 second passes
    Then container "debian-container" of pod "two-containers" is terminated with exit code 0 and reason "Completed"
    And container "nginx-container" of pod "two-containers" is running
    And kubectl shows pod "two-containers" as "1/2 NotReady 0"
    And file "/usr/share/nginx/html/index.html" in container "nginx-container" of pod "two-containers" contains:
      """
      Hello from the debian container
      """
    And running "curl localhost" in container "nginx-container" of pod "two-containers" prints:
      """
      Hello from the debian container
      """

  Scenario: the projected Secrets user and pass, and the service-account token directory
    When I apply the manifest "manifests/docs/projected.yaml"
    And 1 second passes
    Then running "ls /projected-volume/" in container "test-projected-volume" of pod "test-projected-volume" prints:
      """
      password.txt
      username.txt
      """
    And running "ls /var/run/secrets/kubernetes.io/serviceaccount" in container "test-projected-volume" of pod "test-projected-volume" prints:
      """
      ca.crt
      namespace
      token
      """

  Scenario: the ConfigMap game-config as files
    When I apply the manifest "manifests/docs/configmap-game-config.yaml"
    And 1 second passes
    Then the logs of container "test-container" of pod "dapi-test-pod" show:
      """
      game.properties
      ui.properties
      """
    And the logs of container "test-container" of pod "dapi-test-pod-keys" show:
      """
      color.good=purple
      color.bad=yellow
      allow.textmode=true
      how.nice.to.look=fairlyNice
      """

  Scenario: hostAliases in /etc/hosts, tab-separated as the kubelet writes it
    When I apply the manifest "manifests/docs/hostaliases-pod.yaml"
    And 1 second passes
    Then pod "hostaliases-pod" is Succeeded
    And the logs of container "cat-hosts" of pod "hostaliases-pod" show:
      """
      # Kubernetes-managed hosts file.
      127.0.0.1	localhost
      ::1	localhost ip6-localhost ip6-loopback
      fe00::0	ip6-localnet
      fe00::0	ip6-mcastprefix
      fe00::1	ip6-allnodes
      fe00::2	ip6-allrouters
      10.244.1.2	hostaliases-pod

      # Entries added by HostAliases.
      127.0.0.1	foo.local	bar.local
      10.1.2.3	foo.remote	bar.remote
      """

  Scenario: $(VAR) in args
    When I apply the manifest "manifests/docs/command-env-args.yaml"
    And 1 second passes
    Then pod "command-demo" is Succeeded
    And the logs of container "command-demo-container" of pod "command-demo" show:
      """
      hello world
      """
