package dev.peapod.kubectl;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.NodeSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.peapod.kubectl.KubectlSession.withoutRequestLog;
import static org.assertj.core.api.BDDAssertions.then;

/**
 * Issue #14's kubectl suite: Debian's kubectl v1.20.2 against a live fake cluster (a v1.33 server), one test per
 * command, each asserting what kubectl prints (standard output and error, exit code) and what the cluster then holds.
 * The test's thread moves virtual time between commands; a command that waits runs in the background while the test
 * moves time (see {@link KubectlSession}). kubectl's client-side validation is off ({@code --validate=false}) on every
 * apply: Peapod serves no OpenAPI document.
 */
@RequiresKubectl
class KubectlSuiteTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              containers:
              - name: app
                image: nginx:1.27
            """;

    private static final String SETTINGS = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              mode: %s
            """;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              minReadySeconds: 10
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
            """;

    @Test
    void applyCreatesThenLeavesAnUnchangedManifestAlone(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            // when
            KubectlResult created = session.apply(SETTINGS.formatted("fast"));
            String version = configMap(cluster).getMetadata().getResourceVersion();
            KubectlResult unchanged = session.apply(SETTINGS.formatted("fast"));
            // then
            then(created.stdout()).as(created.describe()).isEqualTo("configmap/settings created\n");
            then(created.stderr()).isEmpty();
            then(created.exitCode()).isZero();
            then(unchanged.stdout()).as(unchanged.describe()).isEqualTo("configmap/settings unchanged\n");
            then(unchanged.exitCode()).isZero();
            then(configMap(cluster).getData()).containsExactlyEntriesOf(java.util.Map.of("mode", "fast"));
            then(configMap(cluster).getMetadata().getAnnotations()).containsEntry(
                    "kubectl.kubernetes.io/last-applied-configuration",
                    "{\"apiVersion\":\"v1\",\"data\":{\"mode\":\"fast\"},\"kind\":\"ConfigMap\",\"metadata\":"
                            + "{\"annotations\":{},\"name\":\"settings\",\"namespace\":\"default\"}}\n");
            then(configMap(cluster).getMetadata().getResourceVersion()).isEqualTo(version);
        }
    }

    @Test
    void applyConfiguresAChangedManifest(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            session.apply(SETTINGS.formatted("fast"));
            // when: the re-apply of a changed manifest is a strategic merge PATCH
            KubectlResult configured = session.apply(SETTINGS.formatted("safe"));
            // then
            then(configured.stdout()).as(configured.describe()).isEqualTo("configmap/settings configured\n");
            then(configured.stderr()).isEmpty();
            then(configured.exitCode()).isZero();
            then(configMap(cluster).getData()).containsExactlyEntriesOf(java.util.Map.of("mode", "safe"));
        }
    }

    @Test
    void applyServerSideCreatesThenChanges(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            // when: both are apply PATCHes (application/apply-patch+yaml) with the field manager "kubectl"
            KubectlResult created = session.apply(SETTINGS.formatted("fast"), "--server-side");
            KubectlResult changed = session.apply(SETTINGS.formatted("safe"), "--server-side");
            // then
            then(created.stdout()).as(created.describe()).isEqualTo("configmap/settings serverside-applied\n");
            then(created.stderr()).isEmpty();
            then(changed.stdout()).as(changed.describe()).isEqualTo("configmap/settings serverside-applied\n");
            then(changed.stderr()).isEmpty();
            ConfigMap stored = configMap(cluster);
            then(stored.getData()).containsExactlyEntriesOf(java.util.Map.of("mode", "safe"));
            then(stored.getMetadata().getManagedFields()).singleElement().satisfies(entry -> {
                then(entry.getManager()).isEqualTo("kubectl");
                then(entry.getOperation()).isEqualTo("Apply");
            });
        }
    }

    @Test
    void getPodsPrintsUpstreamsColumns(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            session.apply(POD);
            cluster.advance(Duration.ofSeconds(30));
            Pod pod = cluster.pod("web");
            // when
            KubectlResult plain = session.run("get", "pods");
            KubectlResult wide = session.run("get", "pods", "-o", "wide");
            // then: the server prints the cells (AGE from the virtual clock), kubectl lays them out
            then(plain.stdout()).as(plain.describe()).isEqualTo("""
                    NAME   READY   STATUS    RESTARTS   AGE
                    web    1/1     Running   0          30s
                    """);
            then(plain.stderr()).isEmpty();
            then(wide.stdout()).as(wide.describe()).isEqualTo("""
                    NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
                    web    1/1     Running   0          30s   %s   node-1   <none>           <none>
                    """.formatted(pod.getStatus().getPodIP()));
            then(pod.getStatus().getPodIP()).isEqualTo("10.244.1.2");
            then(pod.getSpec().getNodeName()).isEqualTo("node-1");
        }
    }

    @Test
    void getPodsAsYamlPrintsTheStoredPodsAsAList(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            session.apply(POD);
            cluster.advance(Duration.ofSeconds(30));
            Pod pod = cluster.pod("web");
            String token = pod.getSpec().getVolumes().get(0).getName();
            // when
            KubectlResult yaml = session.run("get", "pods", "-o", "yaml");
            // then: v1.20 wraps the items in a List with an empty selfLink
            then(yaml.stderr()).as(yaml.describe()).isEmpty();
            then(yaml.exitCode()).isZero();
            then(token).startsWith("kube-api-access-").hasSize("kube-api-access-".length() + 5);
            then(yaml.stdout()).isEqualTo(POD_YAML.formatted(pod.getMetadata().getResourceVersion(),
                    pod.getMetadata().getUid(), token, token, pod.getStatus().getContainerStatuses().get(0).getContainerID(),
                    token, token));
        }
    }

    // managedFields: kubectl's apply is the only writer Peapod records; upstream adds the kubelet's status entry
    private static final String POD_YAML = """
            apiVersion: v1
            items:
            - apiVersion: v1
              kind: Pod
              metadata:
                annotations:
                  kubectl.kubernetes.io/last-applied-configuration: |
                    {"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.27","name":"app"}]}}
                creationTimestamp: "2025-01-01T00:00:00Z"
                generation: 1
                labels:
                  app: web
                managedFields:
                - apiVersion: v1
                  fieldsType: FieldsV1
                  fieldsV1:
                    f:metadata:
                      f:annotations:
                        .: {}
                        f:kubectl.kubernetes.io/last-applied-configuration: {}
                      f:labels:
                        .: {}
                        f:app: {}
                    f:spec:
                      f:containers:
                        k:{"name":"app"}:
                          .: {}
                          f:image: {}
                          f:name: {}
                  manager: kubectl-client-side-apply
                  operation: Update
                  time: "2025-01-01T00:00:00Z"
                name: web
                namespace: default
                resourceVersion: "%s"
                uid: %s
              spec:
                containers:
                - image: nginx:1.27
                  imagePullPolicy: IfNotPresent
                  name: app
                  terminationMessagePath: /dev/termination-log
                  terminationMessagePolicy: File
                  volumeMounts:
                  - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
                    name: %s
                    readOnly: true
                dnsPolicy: ClusterFirst
                enableServiceLinks: true
                nodeName: node-1
                preemptionPolicy: PreemptLowerPriority
                priority: 0
                restartPolicy: Always
                schedulerName: default-scheduler
                securityContext: {}
                serviceAccount: default
                serviceAccountName: default
                terminationGracePeriodSeconds: 30
                tolerations:
                - effect: NoExecute
                  key: node.kubernetes.io/not-ready
                  operator: Exists
                  tolerationSeconds: 300
                - effect: NoExecute
                  key: node.kubernetes.io/unreachable
                  operator: Exists
                  tolerationSeconds: 300
                volumes:
                - name: %s
                  projected:
                    defaultMode: 420
                    sources:
                    - serviceAccountToken:
                        expirationSeconds: 3607
                        path: token
                    - configMap:
                        items:
                        - key: ca.crt
                          path: ca.crt
                        name: kube-root-ca.crt
                    - downwardAPI:
                        items:
                        - fieldRef:
                            apiVersion: v1
                            fieldPath: metadata.namespace
                          path: namespace
              status:
                conditions:
                - lastTransitionTime: "2025-01-01T00:00:00Z"
                  status: "True"
                  type: PodReadyToStartContainers
                - lastTransitionTime: "2025-01-01T00:00:00Z"
                  status: "True"
                  type: Initialized
                - lastTransitionTime: "2025-01-01T00:00:00Z"
                  status: "True"
                  type: Ready
                - lastTransitionTime: "2025-01-01T00:00:00Z"
                  status: "True"
                  type: ContainersReady
                - lastTransitionTime: "2025-01-01T00:00:00Z"
                  status: "True"
                  type: PodScheduled
                containerStatuses:
                - containerID: %s
                  image: docker.io/library/nginx:1.27
                  imageID: docker.io/library/nginx@sha256:6965a10c15290ad0b29ca7fd1866de1850408b3cb15fb11a3bbbbc2fddb158bd
                  lastState: {}
                  name: app
                  ready: true
                  resources: {}
                  restartCount: 0
                  started: true
                  state:
                    running:
                      startedAt: "2025-01-01T00:00:00Z"
                  user:
                    linux:
                      gid: 0
                      supplementalGroups:
                      - 0
                      uid: 0
                  volumeMounts:
                  - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
                    name: %s
                    readOnly: true
                    recursiveReadOnly: Disabled
                hostIP: 172.18.0.3
                hostIPs:
                - ip: 172.18.0.3
                phase: Running
                podIP: 10.244.1.2
                podIPs:
                - ip: 10.244.1.2
                qosClass: BestEffort
                startTime: "2025-01-01T00:00:00Z"
            kind: List
            metadata:
              resourceVersion: ""
              selfLink: ""
            """;

    @Test
    void describePodShowsItsEvents(Kubectl kubectl) {
        // describe prints event ages from the host's clock (translateTimestampSince): the cluster's time starts 10h30m
        // before the host's now, so the events are "10h" old however long the run takes
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10 * 60 + 30));
        try (FakeCluster cluster = FakeCluster.start(ClusterSpec.empty().node(NodeSpec.named("node-1")).startingAt(start))) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            session.apply(POD);
            cluster.advance(Duration.ofSeconds(30));
            Pod pod = cluster.pod("web");
            String token = pod.getSpec().getVolumes().get(0).getName();
            String at = KubectlSuiteTest.RFC1123Z.format(start);
            // when
            KubectlResult describe = session.run("describe", "pod", "web");
            // then
            then(describe.stderr()).as(describe.describe()).isEmpty();
            then(describe.exitCode()).isZero();
            then(describe.stdout()).isEqualTo("""
                    Name:         web
                    Namespace:    default
                    Priority:     0
                    Node:         node-1/172.18.0.3
                    Start Time:   %s
                    Labels:       app=web
                    Annotations:  <none>
                    Status:       Running
                    IP:           10.244.1.2
                    IPs:
                      IP:  10.244.1.2
                    Containers:
                      app:
                        Container ID:   %s
                        Image:          nginx:1.27
                        Image ID:       docker.io/library/nginx@sha256:6965a10c15290ad0b29ca7fd1866de1850408b3cb15fb11a3bbbbc2fddb158bd
                        Port:           <none>
                        Host Port:      <none>
                        State:          Running
                          Started:      %s
                        Ready:          True
                        Restart Count:  0
                        Environment:    <none>
                        Mounts:
                          /var/run/secrets/kubernetes.io/serviceaccount from %s (ro)
                    Conditions:
                      Type                        Status
                      PodReadyToStartContainers   True\s
                      Initialized                 True\s
                      Ready                       True\s
                      ContainersReady             True\s
                      PodScheduled                True\s
                    Volumes:
                      %s:
                        Type:                    Projected (a volume that contains injected data from multiple sources)
                        TokenExpirationSeconds:  3607
                        ConfigMapName:           kube-root-ca.crt
                        ConfigMapOptional:       <nil>
                        DownwardAPI:             true
                    QoS Class:                   BestEffort
                    Node-Selectors:              <none>
                    Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                                                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
                    Events:
                      Type    Reason     Age   From               Message
                      ----    ------     ----  ----               -------
                      Normal  Scheduled  10h   default-scheduler  Successfully assigned default/web to node-1
                      Normal  Pulled     10h   kubelet            Container image "nginx:1.27" already present on machine
                      Normal  Created    10h   kubelet            Created container: app
                      Normal  Started    10h   kubelet            Started container app
                    """.formatted(at, pod.getStatus().getContainerStatuses().get(0).getContainerID(), at, token, token));
            then(cluster.eventsFor(pod)).extracting(e -> e.getReason())
                    .containsExactly("Scheduled", "Pulled", "Created", "Started");
        }
    }

    private static final java.time.format.DateTimeFormatter RFC1123Z = java.time.format.DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private static final String PRINTER = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              containers:
              - name: app
                image: busybox:1.36
                command: ["sh", "-c", "echo hello; echo world; sleep 3600"]
            """;

    @Test
    void logsPrintsWhatTheContainerWrote(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            session.apply(PRINTER);
            cluster.advance(Duration.ofSeconds(30));
            // when
            KubectlResult logs = session.run("logs", "web");
            // then
            then(logs.stdout()).as(logs.describe()).isEqualTo("hello\nworld\n");
            then(logs.stderr()).isEmpty();
            then(logs.exitCode()).isZero();
            then(cluster.inContainer("web", "app").logs()).isEqualTo("hello\nworld\n");
        }
    }

    @Test
    void createSendsJsonWithoutAContentTypeWhichIsReadAsJson(Kubectl kubectl) {
        // kubectl v1.20's create configmap, secret, namespace and serviceaccount POST JSON with no Content-Type, which
        // the API server reads as its first media type, JSON (negotiation.NegotiateInputSerializerForMediaType)
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            // when
            KubectlResult configMap = session.run("create", "configmap", "settings", "--from-literal=a=b", "--from-literal=c=d");
            KubectlResult secret = session.run("create", "secret", "generic", "token", "--from-literal=key=s3cret");
            KubectlResult namespace = session.run("create", "namespace", "team");
            KubectlResult account = session.run("create", "serviceaccount", "robot");
            // then
            then(configMap.stdout()).as(configMap.describe()).isEqualTo("configmap/settings created\n");
            then(secret.stdout()).as(secret.describe()).isEqualTo("secret/token created\n");
            then(namespace.stdout()).as(namespace.describe()).isEqualTo("namespace/team created\n");
            then(account.stdout()).as(account.describe()).isEqualTo("serviceaccount/robot created\n");
            then(cluster.context().store().get(io.fabric8.kubernetes.api.model.ConfigMap.class, "default", "settings")
                    .orElseThrow().getData()).containsExactly(java.util.Map.entry("a", "b"), java.util.Map.entry("c", "d"));
            io.fabric8.kubernetes.api.model.Secret stored = cluster.context().store()
                    .get(io.fabric8.kubernetes.api.model.Secret.class, "default", "token").orElseThrow();
            then(stored.getType()).isEqualTo("Opaque");
            then(stored.getData()).containsExactly(java.util.Map.entry("key", "czNjcmV0"));
            then(cluster.context().store().get(io.fabric8.kubernetes.api.model.Namespace.class, null, "team")).isPresent();
            then(cluster.context().store().get(io.fabric8.kubernetes.api.model.ServiceAccount.class, "default", "robot")).isPresent();
        }
    }

    @Test
    void labelAddsALabel(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            session.apply(POD);
            // when
            KubectlResult label = session.run("label", "pod", "web", "tier=front");
            KubectlResult again = session.run("label", "pod", "web", "tier=back");
            // then
            then(label.stdout()).as(label.describe()).isEqualTo("pod/web labeled\n");
            then(label.stderr()).isEmpty();
            then(again.exitCode()).as(again.describe()).isEqualTo(1);
            then(again.stderr()).isEqualTo("error: 'tier' already has a value (front), and --overwrite is false\n");
            then(cluster.pod("web").getMetadata().getLabels())
                    .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("app", "web", "tier", "front"));
        }
    }

    @Test
    void patchAppliesAllThreeTypes(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            session.apply(POD);
            // when
            KubectlResult strategic = session.run("patch", "pod", "web", "-p", "{\"metadata\":{\"labels\":{\"a\":\"1\"}}}");
            KubectlResult merge = session.run("patch", "pod", "web", "--type=merge", "-p",
                    "{\"metadata\":{\"labels\":{\"b\":\"2\"}}}");
            KubectlResult json = session.run("patch", "pod", "web", "--type=json", "-p",
                    "[{\"op\":\"add\",\"path\":\"/metadata/labels/c\",\"value\":\"3\"}]");
            KubectlResult same = session.run("patch", "pod", "web", "--type=merge", "-p",
                    "{\"metadata\":{\"labels\":{\"b\":\"2\"}}}");
            // then
            then(strategic.stdout()).as(strategic.describe()).isEqualTo("pod/web patched\n");
            then(merge.stdout()).as(merge.describe()).isEqualTo("pod/web patched\n");
            then(json.stdout()).as(json.describe()).isEqualTo("pod/web patched\n");
            then(same.stdout()).as(same.describe()).isEqualTo("pod/web patched (no change)\n");
            then(strategic.stderr() + merge.stderr() + json.stderr() + same.stderr()).isEmpty();
            then(cluster.pod("web").getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(
                    java.util.Map.of("app", "web", "a", "1", "b", "2", "c", "3"));
        }
    }

    /** nginx whose preStop hook sleeps 5 s in the kubelet, so its graceful deletion takes 5 s. */
    private static final String SLOW_TO_STOP = POD + """
                lifecycle:
                  preStop:
                    sleep: {seconds: 5}
            """;

    @Test
    void deleteIsGracefulAndWaitsForThePodToGo(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            session.apply(SLOW_TO_STOP);
            cluster.advance(Duration.ofSeconds(30));
            // when: kubectl deletes, then watches until the pod is gone (--wait=true)
            Kubectl.Background delete = session.startWatching("delete", "pod", "web");
            Pod terminating = cluster.pod("web");
            KubectlResult deleted = session.advanceUntilExit(delete, Duration.ofSeconds(1), Duration.ofMinutes(2));
            // then: the pod was terminating with the 30 s grace period, and is gone when kubectl returns
            then(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
            then(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
            then(deleted.stdout()).as(deleted.describe()).isEqualTo("pod \"web\" deleted\n");
            then(withoutRequestLog(deleted.stderr())).isEmpty();
            then(deleted.exitCode()).isZero();
            then(cluster.findPod("web")).isEmpty();
            then(cluster.elapsed()).isBetween(Duration.ofSeconds(35), Duration.ofSeconds(36));
        }
    }

    /** nginx whose readiness probe first runs 10 s after it starts (it starts at once: its image is present). */
    private static final String SLOW_TO_READY = POD + """
                readinessProbe:
                  exec: {command: ["true"]}
                  initialDelaySeconds: 10
            """;

    @Test
    void waitForReadyReturnsOnceThePodIsReady(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            session.apply(SLOW_TO_READY);
            Pod before = cluster.pod("web");
            // when: kubectl watches while the kubelet starts the pod
            Kubectl.Background wait = session.startWatching("wait", "--for=condition=Ready", "pod/web", "--timeout=60s");
            KubectlResult met = session.advanceUntilExit(wait, Duration.ofSeconds(1), Duration.ofMinutes(2));
            // then
            then(before.getStatus().getConditions()).noneMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
            then(met.stdout()).as(met.describe()).isEqualTo("pod/web condition met\n");
            then(withoutRequestLog(met.stderr())).isEmpty();
            then(met.exitCode()).isZero();
            then(cluster.elapsed()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));
            then(cluster.pod("web").getStatus().getConditions())
                    .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        }
    }

    @Test
    void getWatchPrintsARowPerChange(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            session.apply(SLOW_TO_READY);
            // when: kubectl prints the list (the pod runs, not ready yet), then a row per change; the test stops it
            Kubectl.Background watch = session.startWatching("get", "pods", "-w");
            cluster.advance(Duration.ofSeconds(30));
            KubectlResult rows = watch.await(Duration.ofSeconds(3));
            // then: a row per change, aligned on the list's columns as kubectl v1.20 prints them (observed with
            // it: its watch printer keeps the first table's column widths); the server prints the cells, AGE at
            // the event's virtual time
            then(rows.timedOut()).as(rows.describe()).isTrue();
            then(rows.stdout()).isEqualTo("""
                    NAME   READY   STATUS    RESTARTS   AGE
                    web    0/1     Running   0          0s
                    web    1/1     Running   0          10s
                    """);
            then(withoutRequestLog(rows.stderr())).isEmpty();
            then(cluster.pod("web").getStatus().getContainerStatuses().get(0).getReady()).isTrue();
        }
    }

    /** Its pods start at once (the image is present) and count as available 10 s later (minReadySeconds). */
    @Test
    void rolloutStatusWaitsForTheDeployment(Kubectl kubectl) {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            KubectlSession session = new KubectlSession(cluster, kubectl);
            KubectlResult created = session.apply(DEPLOYMENT);
            // when
            Kubectl.Background status = session.startWatching("rollout", "status", "deployment/web");
            KubectlResult rolledOut = session.advanceUntilExit(status, Duration.ofSeconds(1), Duration.ofMinutes(2));
            // then
            then(created.stdout()).as(created.describe()).isEqualTo("deployment.apps/web created\n");
            then(rolledOut.stdout()).as(rolledOut.describe()).isEqualTo("""
                    Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...
                    deployment "web" successfully rolled out
                    """);
            then(withoutRequestLog(rolledOut.stderr())).isEmpty();
            then(rolledOut.exitCode()).isZero();
            then(cluster.elapsed()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));
            then(cluster.client().apps().deployments().withName("web").get().getStatus().getAvailableReplicas()).isEqualTo(2);
        }
    }

    private static ConfigMap configMap(FakeCluster cluster) {
        return cluster.client().configMaps().withName("settings").get();
    }
}
