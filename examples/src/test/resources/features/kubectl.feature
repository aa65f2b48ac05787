Feature: kubectl command lines against the cluster
  The kubectl steps run kubectl's command lines through the cluster's HTTP API, as kubectl v1.20 runs them,
  and compare what they print. Nothing runs on the host. AGE and RESTARTS come from the virtual clock.

  Background:
    Given a cluster with 1 node

  Scenario: a Deployment applied, listed, labelled, patched, scaled, re-applied and deleted
    When I run "kubectl apply -f manifests/kubectl/web.yaml"
    Then the output is:
      """
      deployment.apps/web created
      """
    When 30 seconds pass
    And I run "kubectl get deploy web"
    Then the output is:
      """
      NAME   READY   UP-TO-DATE   AVAILABLE   AGE
      web    2/2     2            2           30s
      """
    When I run "kubectl get pods -o wide"
    Then the output is:
      """
      NAME                  READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
      web-c68c68797-752zk   1/1     Running   0          30s   10.244.1.3   node-1   <none>           <none>
      web-c68c68797-d6psq   1/1     Running   0          30s   10.244.1.2   node-1   <none>           <none>
      """
    # the API server's own Service, there from the cluster's start
    When I run "kubectl get svc"
    Then the output is:
      """
      NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
      kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   30s
      """
    When I run "kubectl label deployment web tier=front"
    Then the output is:
      """
      deployment.apps/web labeled
      """
    When I run "kubectl patch deployment web --type=merge -p '{"spec":{"minReadySeconds":5}}'"
    Then the output is:
      """
      deployment.apps/web patched
      """
    When I run "kubectl scale deployment web --replicas=3"
    Then the output is:
      """
      deployment.apps/web scaled
      """
    When 10 seconds pass
    And I run "kubectl get deployments"
    Then the output is:
      """
      NAME   READY   UP-TO-DATE   AVAILABLE   AGE
      web    3/3     3            3           40s
      """
    # the manifest says 2 replicas: apply puts them back
    When I run "kubectl apply -f manifests/kubectl/web.yaml"
    Then the output is:
      """
      deployment.apps/web configured
      """
    And the deployment web has 2 replicas within 1 minute
    When I run "kubectl delete deployment web"
    Then the output is:
      """
      deployment.apps "web" deleted
      """
    And the deployment web no longer exists

  Scenario: logs of the current and the previous run, and a graceful delete
    When I run "kubectl apply -f manifests/kubectl/talker.yaml"
    And 45 seconds pass
    And I run "kubectl get pod talker"
    Then the output is:
      """
      NAME     READY   STATUS    RESTARTS      AGE
      talker   1/1     Running   1 (15s ago)   45s
      """
    When I run "kubectl logs talker --previous"
    Then the output is:
      """
      starting
      serving
      giving up
      """
    When I run "kubectl logs talker -c app --tail=1"
    Then the output is:
      """
      serving
      """
    # sh ignores SIGTERM: the kubelet kills it when the 30 s grace period ends, and kubectl waits for that
    When I run "kubectl delete pod talker"
    Then the output is:
      """
      pod "talker" deleted
      """
    And pod "talker" no longer exists

  Scenario: mistakes are answered as kubectl answers them
    When I run "kubectl apply -f manifests/kubectl/talker.yaml"
    And I try to run "kubectl get pod nope"
    Then the command fails with:
      """
      Error from server (NotFound): pods "nope" not found
      """
    When I run "kubectl label pod talker tier=back"
    And I try to run "kubectl label pod talker tier=front"
    Then the command fails with:
      """
      error: 'tier' already has a value (back), and --overwrite is false
      """
    When I try to run "kubectl get widgets"
    Then the command fails with:
      """
      error: the server doesn't have a resource type "widgets"
      """
    When I run "kubectl get services -n kube-public"
    Then the output contains "No resources found in kube-public namespace."

  Scenario: an object as YAML and as JSON, labels as a column, and the namespace before the verb
    When I run "kubectl apply -f manifests/kubectl/settings.yaml"
    # resourceVersion 10: the start wrote 9 (namespaces, the node and its Lease, the kubernetes Service, its Endpoints and slice)
    # kubectl v1.20's YAML printer (goyaml): keys sorted, text with line breaks as a | block, times quoted
    And I run "kubectl get configmap settings -o yaml"
    Then the output is:
      """
      apiVersion: v1
      data:
        mode: fast
        motd: |
          Welcome
          to the shop
      kind: ConfigMap
      metadata:
        annotations:
          kubectl.kubernetes.io/last-applied-configuration: |
            {"apiVersion":"v1","data":{"mode":"fast","motd":"Welcome\nto the shop\n"},"kind":"ConfigMap","metadata":{"annotations":{},"labels":{"app":"shop"},"name":"settings","namespace":"default"}}
        creationTimestamp: "2025-01-01T00:00:00Z"
        labels:
          app: shop
        managedFields:
        - apiVersion: v1
          fieldsType: FieldsV1
          fieldsV1:
            f:data:
              .: {}
              f:mode: {}
              f:motd: {}
            f:metadata:
              f:annotations:
                .: {}
                f:kubectl.kubernetes.io/last-applied-configuration: {}
              f:labels:
                .: {}
                f:app: {}
          manager: kubectl-client-side-apply
          operation: Update
          time: "2025-01-01T00:00:00Z"
        name: settings
        namespace: default
        resourceVersion: "10"
        uid: eb5910f1-26e6-4c6f-afbd-df557096b883
      """
    When I run "kubectl get configmaps -l app=shop -o json"
    Then the output contains '"kind": "List",'
    And the output contains '"motd": "Welcome\nto the shop\n"'
    When I run "kubectl get configmaps --show-labels"
    Then the output is:
      """
      NAME       DATA   AGE   LABELS
      settings   2      0s    app=shop
      """
    When I run "kubectl -n kube-public get configmaps"
    Then the output is:
      """
      No resources found in kube-public namespace.
      """

  Scenario: waiting for a pod and a rollout in virtual time, then describing the pod
    When I run "kubectl apply -f manifests/kubectl/slow-ready.yaml"
    # its readiness probe first runs 10 s after it starts: the cluster's time runs until then
    And I run "kubectl wait --for=condition=Ready pod/slow --timeout=60s"
    Then the output is:
      """
      pod/slow condition met
      """
    When I run "kubectl apply -f manifests/kubectl/web.yaml"
    And I run "kubectl rollout status deployment/web"
    Then the output contains 'deployment "web" successfully rolled out'
    When I run "kubectl describe deployment web"
    Then the output contains "Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable"
    And the output contains "NewReplicaSet:   web-"
    When I try to run "kubectl wait --for=delete pod/slow --timeout=5s"
    Then the command fails with:
      """
      error: timed out waiting for the condition on pods/slow
      """
    When I run "kubectl describe pod slow"
    Then the output contains "Readiness:      exec [true] delay=10s timeout=1s period=10s #success=1 #failure=3"
    And the output contains "  Normal  Started    15s   kubelet            Started container app"

  Scenario: watching pods for a minute of virtual time
    When I run "kubectl apply -f manifests/kubectl/slow-ready.yaml"
    And I run "kubectl get pods -w" for 1 minute
    # a row per change, AGE at the change; kubectl's tabwriter keeps the first rows' widths
    Then the output is:
      """
      NAME   READY   STATUS    RESTARTS   AGE
      slow   0/1     Running   0          0s
      slow   1/1     Running   0          10s
      """

  Scenario: following a container's logs until it stops
    When I run "kubectl apply -f manifests/kubectl/talker.yaml"
    And I run "kubectl logs -f talker" for 1 minute
    # its run ends after 30 s, and so does the stream
    Then the output is:
      """
      starting
      serving
      giving up
      """
