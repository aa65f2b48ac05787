package dev.peapod.cucumber;

import dev.peapod.NodeSpec;
import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.BDDAssertions.then;

/**
 * The kubectl steps against a running cluster: each command prints exactly what kubectl v1.20.2 printed for the
 * same command against a Peapod cluster (observed with Debian's kubectl, as framework's KubectlSuiteTest runs it),
 * and the cluster holds what the command asked for.
 */
class KubectlStepsTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              containers:
              - name: app
                image: busybox:1.36
                command: ["sh", "-c", "echo hello; echo world; sleep 3600"]
            """;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
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

    private final PeapodWorld world = new PeapodWorld();
    private final KubectlSteps steps = new KubectlSteps(world);
    @TempDir
    Path folder;

    KubectlStepsTest() {
        world.addNode(NodeSpec.named("node-1"));
    }

    @AfterEach
    void close() {
        world.close();
    }

    private String file(String name, String yaml) throws IOException {
        return Files.writeString(folder.resolve(name), yaml).toString();
    }

    @Test
    void applyCreatesThenLeavesAnUnchangedManifestThenConfiguresAChangedOne() throws IOException {
        // given
        String web = file("web.yaml", DEPLOYMENT);
        String scaled = file("scaled.yaml", DEPLOYMENT.replace("replicas: 2", "replicas: 3"));
        // when
        steps.iRun("kubectl apply -f " + web);
        steps.theOutputIs("deployment.apps/web created");
        String version = deployment().getMetadata().getResourceVersion();
        steps.iRun("kubectl apply -f " + web);
        steps.theOutputIs("deployment.apps/web unchanged");
        String unchanged = deployment().getMetadata().getResourceVersion();
        steps.iRun("kubectl apply -f " + scaled);
        // then
        steps.theOutputIs("deployment.apps/web configured");
        then(unchanged).isEqualTo(version);
        then(deployment().getSpec().getReplicas()).isEqualTo(3);
        then(deployment().getMetadata().getAnnotations()).containsEntry(KubectlApply.LAST_APPLIED,
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"name\":\"web\","
                        + "\"namespace\":\"default\"},\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
                        + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"image\":"
                        + "\"nginx:1.27\",\"name\":\"app\"}]}}}}\n");
        then(deployment().getMetadata().getManagedFields()).extracting(f -> f.getManager())
                .containsExactly("kubectl-client-side-apply");
    }

    @Test
    void applyWarnsAboutAnObjectAppliedOtherwiseAndDropsWhatTheManifestNoLongerSays() throws IOException {
        // given: applied by the manifest step, without the annotation
        world.applyYaml(DEPLOYMENT);
        String slow = file("slow.yaml", DEPLOYMENT.replace("replicas: 2", "replicas: 2\n  minReadySeconds: 5"));
        // when
        steps.iRun("kubectl apply -f " + slow);
        steps.theOutputIs("""
                Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation \
                which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by \
                either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.
                deployment.apps/web configured""");
        then(deployment().getSpec().getMinReadySeconds()).isEqualTo(5);
        steps.iRun("kubectl apply -f " + file("web.yaml", DEPLOYMENT));
        // then: the last apply set minReadySeconds and this one does not, so it goes
        steps.theOutputIs("deployment.apps/web configured");
        then(deployment().getSpec().getMinReadySeconds()).isNull();
    }

    @Test
    void theThreeWayPatchSetsWhatDiffersAndDeletesWhatTheLastApplyAloneSet() {
        // given: the server defaulted imagePullPolicy into the live container and another writer set paused
        Map<String, Object> original = map("{\"spec\":{\"replicas\":2,\"minReadySeconds\":5,\"containers\":[{\"name\":\"a\"}]}}");
        Map<String, Object> modified = map("{\"spec\":{\"replicas\":3,\"containers\":[{\"name\":\"a\"}]}}");
        Map<String, Object> live = map("{\"spec\":{\"replicas\":2,\"minReadySeconds\":5,\"paused\":true,"
                + "\"containers\":[{\"name\":\"a\",\"imagePullPolicy\":\"Always\"}]}}");
        // when
        Map<String, Object> patch = KubectlApply.threeWay(original, modified, live);
        Map<String, Object> none = KubectlApply.threeWay(modified, modified, map("{\"spec\":{\"replicas\":3.0,"
                + "\"containers\":[{\"name\":\"a\",\"imagePullPolicy\":\"Always\"}]}}"));
        Map<String, Object> changedList = KubectlApply.threeWay(original,
                map("{\"spec\":{\"replicas\":2,\"minReadySeconds\":5,\"containers\":[{\"name\":\"b\"}]}}"), live);
        // then
        then(dev.peapod.core.GoJsonText.marshal(patch)).isEqualTo("{\"spec\":{\"minReadySeconds\":null,\"replicas\":3}}");
        then(none).isEmpty();
        then(dev.peapod.core.GoJsonText.marshal(changedList)).isEqualTo("{\"spec\":{\"containers\":[{\"name\":\"b\"}]}}");
    }

    @Test
    void theAnnotationIsTheManifestAsGoWritesIt() {
        // given
        Map<String, Object> manifest = map("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"a\"},"
                + "\"data\":{\"page\":\"<b>&</b>\",\"n\":\"1\\n2\"}}");
        // when
        KubectlApply.withLastApplied(manifest);
        // then: keys sorted, an empty annotations map, HTML characters escaped, a newline at the end
        then(map(map(manifest.get("metadata")).get("annotations")).get(KubectlApply.LAST_APPLIED)).isEqualTo(
                "{\"apiVersion\":\"v1\",\"data\":{\"n\":\"1\\n2\",\"page\":\"\\u003cb\\u003e\\u0026\\u003c/b\\u003e\"},"
                        + "\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{},\"name\":\"a\"}}\n");
    }

    private static Map<String, Object> map(String json) {
        return new java.util.LinkedHashMap<>(KubectlHttp.json(json));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void applyOfAChangedManifestKeepsWhatAnotherWriterAddedToAMergedList() throws IOException {
        // given: another writer adds an environment variable to the container the manifest declares
        steps.iRun("kubectl apply -f " + file("web.yaml", DEPLOYMENT));
        steps.iRun("kubectl patch deployment web -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\","
                + "\"env\":[{\"name\":\"DEBUG\",\"value\":\"1\"}]}]}}}}'");
        // when: the manifest changes the image; kubectl sends a strategic merge patch, containers merged by name
        steps.iRun("kubectl apply -f " + file("new.yaml", DEPLOYMENT.replace("nginx:1.27", "nginx:1.28")));
        // then
        steps.theOutputIs("deployment.apps/web configured");
        then(deployment().getSpec().getTemplate().getSpec().getContainers()).singleElement().satisfies(c -> {
            then(c.getImage()).isEqualTo("nginx:1.28");
            then(c.getEnv()).extracting(e -> e.getName() + "=" + e.getValue()).containsExactly("DEBUG=1");
        });
    }

    @Test
    void applyServerSideAppliesWithTheManagerKubectl() throws IOException {
        // given
        String web = file("web.yaml", DEPLOYMENT);
        // when
        steps.iRun("kubectl apply --server-side -f " + web);
        // then
        steps.theOutputIs("deployment.apps/web serverside-applied");
        then(deployment().getMetadata().getManagedFields()).singleElement().satisfies(entry -> {
            then(entry.getManager()).isEqualTo("kubectl");
            then(entry.getOperation()).isEqualTo("Apply");
        });
    }

    @Test
    void applyOfAnInvalidObjectPrintsTheCausesAsKubectlDoes() throws IOException {
        // given: two containers named alike
        String bad = file("bad.yaml", POD.replace("name: web", "name: three") + """
                  - name: app
                    image: busybox:1.36
                """);
        // when
        steps.iTryToRun("kubectl apply -f " + bad);
        // then
        steps.theCommandFailsWith("The Pod \"three\" is invalid: spec.containers[1].name: Duplicate value: \"app\"");
        then(world.cluster().findPod("three")).isEmpty();
    }

    @Test
    void applyIntoAMissingNamespaceNamesTheFile() throws IOException {
        // given
        String elsewhere = file("elsewhere.yaml", POD.replace("metadata:", "metadata:\n  namespace: other"));
        // when
        steps.iTryToRun("kubectl apply -f " + elsewhere);
        // then
        steps.theCommandFailsWith("Error from server (NotFound): error when creating \"" + elsewhere
                + "\": namespaces \"other\" not found");
    }

    @Test
    void applyReadsTheManifestAsYaml11AsKubectlV120Does() throws IOException {
        // given: an octal mode and a yes, which goyaml.v2 reads as 493 and true (YAML 1.2 would read 755 and "yes")
        String octal = file("octal.yaml", POD + """
                    volumeMounts: [{name: config, mountPath: /etc/config}]
                  volumes:
                  - name: config
                    configMap: {name: settings, defaultMode: 0755}
                """);
        String yes = file("yes.yaml", POD.replace("name: web", "name: flag").replace("    command:",
                "    env: [{name: DEBUG, value: yes}]\n    command:"));
        // when
        steps.iRun("kubectl apply -f " + octal);
        steps.iTryToRun("kubectl apply -f " + yes);
        // then
        then(world.cluster().findPod("web").orElseThrow().getSpec().getVolumes().get(0).getConfigMap().getDefaultMode())
                .isEqualTo(493);
        steps.theCommandFailsWith("Error from server (BadRequest): error when creating \"" + yes + "\": Pod in version \"v1\" "
                + "cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value "
                + "of type string");
        then(world.cluster().findPod("flag")).isEmpty();
    }

    @Test
    void getPrintsTheServersTablesAsKubectlLaysThemOut() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("pod.yaml", POD));
        world.cluster().advance(Duration.ofSeconds(30));
        // when / then: AGE from the virtual clock
        steps.iRun("kubectl get pods");
        steps.theOutputIs("""
                NAME   READY   STATUS    RESTARTS   AGE
                web    1/1     Running   0          30s""");
        steps.iRun("kubectl get pods -o wide");
        steps.theOutputIs("""
                NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
                web    1/1     Running   0          30s   10.244.1.2   node-1   <none>           <none>""");
        steps.iRun("kubectl get pod/web -o name");
        steps.theOutputIs("pod/web");
        steps.iRun("kubectl get po -A -l app=web");
        steps.theOutputIs("""
                NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE
                default     web    1/1     Running   0          30s""");
        steps.iRun("kubectl get nodes");
        steps.theOutputIs("""
                NAME     STATUS   ROLES    AGE   VERSION
                node-1   Ready    <none>   30s   v1.33.0""");
    }

    private static final String SETTINGS = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              labels: {app: web}
            data:
              mode: fast
              motd: |
                Welcome
                to the shop
            """;

    @Test
    void getAsYamlPrintsTheObjectAndAsJsonAListAsKubectlDoes() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("settings.yaml", SETTINGS));
        String version = world.cluster().client().configMaps().withName("settings").get().getMetadata().getResourceVersion();
        String uid = world.cluster().client().configMaps().withName("settings").get().getMetadata().getUid();
        // when / then: as kubectl v1.20.2 printed them for this manifest (its uid, version and times aside)
        steps.iRun("kubectl get configmap settings -o yaml");
        steps.theOutputIs("""
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
                      {"apiVersion":"v1","data":{"mode":"fast","motd":"Welcome\\nto the shop\\n"},"kind":"ConfigMap","metadata":{"annotations":{},"labels":{"app":"web"},"name":"settings","namespace":"default"}}
                  creationTimestamp: "2025-01-01T00:00:00Z"
                  labels:
                    app: web
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
                  resourceVersion: "%s"
                  uid: %s""".formatted(version, uid));
        steps.iRun("kubectl get cm -o json -l app=web");
        steps.theOutputIs("""
                {
                    "apiVersion": "v1",
                    "items": [
                        {
                            "apiVersion": "v1",
                            "data": {
                                "mode": "fast",
                                "motd": "Welcome\\nto the shop\\n"
                            },
                            "kind": "ConfigMap",
                            "metadata": {
                                "annotations": {
                                    "kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"v1\\",\\"data\\":{\\"mode\\":\\"fast\\",\\"motd\\":\\"Welcome\\\\nto the shop\\\\n\\"},\\"kind\\":\\"ConfigMap\\",\\"metadata\\":{\\"annotations\\":{},\\"labels\\":{\\"app\\":\\"web\\"},\\"name\\":\\"settings\\",\\"namespace\\":\\"default\\"}}\\n"
                                },
                                "creationTimestamp": "2025-01-01T00:00:00Z",
                                "labels": {
                                    "app": "web"
                                },
                                "managedFields": [
                                    {
                                        "apiVersion": "v1",
                                        "fieldsType": "FieldsV1",
                                        "fieldsV1": {
                                            "f:data": {
                                                ".": {},
                                                "f:mode": {},
                                                "f:motd": {}
                                            },
                                            "f:metadata": {
                                                "f:annotations": {
                                                    ".": {},
                                                    "f:kubectl.kubernetes.io/last-applied-configuration": {}
                                                },
                                                "f:labels": {
                                                    ".": {},
                                                    "f:app": {}
                                                }
                                            }
                                        },
                                        "manager": "kubectl-client-side-apply",
                                        "operation": "Update",
                                        "time": "2025-01-01T00:00:00Z"
                                    }
                                ],
                                "name": "settings",
                                "namespace": "default",
                                "resourceVersion": "%s",
                                "uid": "%s"
                            }
                        }
                    ],
                    "kind": "List",
                    "metadata": {
                        "resourceVersion": "",
                        "selfLink": ""
                    }
                }""".formatted(version, uid));
        steps.iRun("kubectl get pods -o yaml");
        steps.theOutputIs("""
                apiVersion: v1
                items: []
                kind: List
                metadata:
                  resourceVersion: ""
                  selfLink: ""
                """.stripTrailing());
        steps.iTryToRun("kubectl get cm settings nope -o name");
        steps.theOutputIs("""
                configmap/settings
                Error from server (NotFound): configmaps "nope" not found""");
        steps.iTryToRun("kubectl get cm settings -o yaml --show-labels");
        steps.theCommandFailsWith("error: --show-labels option cannot be used with yaml printer");
    }

    @Test
    void showLabelsAddsALabelsColumnAndTheNamespaceMayComeFirst() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("settings.yaml", SETTINGS));
        // when / then: as kubectl v1.20.2 printed them
        steps.iRun("kubectl get cm --show-labels");
        steps.theOutputIs("""
                NAME       DATA   AGE   LABELS
                settings   2      0s    app=web""");
        steps.iRun("kubectl -n default get cm settings -o name");
        steps.theOutputIs("configmap/settings");
        steps.iTryToRun("kubectl --namespace=kube-system get cm settings");
        steps.theCommandFailsWith("Error from server (NotFound): configmaps \"settings\" not found");
        steps.iTryToRun("kubectl -A get cm");
        steps.theCommandFailsWith("Error: flags cannot be placed before plugin name: -A");
        steps.iTryToRun("kubectl get cm settings -A");
        steps.theCommandFailsWith("error: a resource cannot be retrieved by name across all namespaces");
        steps.iTryToRun("kubectl get cm settings -o name --show-labels");
        steps.theCommandFailsWith("error: --show-labels option cannot be used with name printer");
        assertThatThrownBy(() -> steps.iRun("kubectl --context foo get cm"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"kubectl --context foo get cm\": Peapod's kubectl steps take -n/--namespace before the verb, not "
                        + "kubectl's other global flags such as --context");
    }

    @Test
    void describePodPrintsKubectlsSectionsWithEventAgesInVirtualTime() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("nginx.yaml", POD.replace("busybox:1.36", "nginx:1.27")
                .replace("    command: [\"sh\", \"-c\", \"echo hello; echo world; sleep 3600\"]\n", "")));
        world.cluster().advance(Duration.ofSeconds(30));
        Pod pod = world.cluster().pod("web");
        String token = pod.getSpec().getVolumes().get(0).getName();
        // when
        steps.iRun("kubectl describe pod web");
        // then: what kubectl v1.20.2 printed for this pod on a Peapod cluster (framework's KubectlSuiteTest), but the
        // ages: kubectl reads the host's clock, the steps the cluster's
        steps.theOutputIs("""
                Name:         web
                Namespace:    default
                Priority:     0
                Node:         node-1/172.18.0.3
                Start Time:   Wed, 01 Jan 2025 00:00:00 +0000
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
                      Started:      Wed, 01 Jan 2025 00:00:00 +0000
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
                  Normal  Scheduled  30s   default-scheduler  Successfully assigned default/web to node-1
                  Normal  Pulled     30s   kubelet            Container image "nginx:1.27" already present on machine
                  Normal  Created    30s   kubelet            Created container: app
                  Normal  Started    30s   kubelet            Started container app""".formatted(
                pod.getStatus().getContainerStatuses().get(0).getContainerID(), token, token));
        steps.iTryToRun("kubectl describe pod nope");
        steps.theCommandFailsWith("Error from server (NotFound): pods \"nope\" not found");
        steps.iRun("kubectl describe pod we"); // kubectl describes the pods whose name starts so
        steps.theOutputContains("Name:         web\n");
        assertThatThrownBy(() -> steps.iRun("kubectl describe node node-1"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("Peapod's \"kubectl describe\" describes pods and deployments (kubectl describe pod NAME); not nodes "
                        + "yet: check them with the workload steps or kubectl get -o yaml");
    }

    private static final String DESCRIBED = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web}
            spec:
              replicas: 3
              minReadySeconds: 10
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web, tier: front}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                    ports:
                    - containerPort: 80
                    env:
                    - {name: MODE, value: fast}
                    - name: POD
                      valueFrom: {fieldRef: {fieldPath: metadata.name}}
                    volumeMounts:
                    - {name: data, mountPath: /data}
                  volumes:
                  - name: data
                    emptyDir: {}
            """;

    @Test
    void describePodPrintsAnIpWithoutAnAddressAsAnEmptyString() throws IOException {
        // given: a pod no node takes, whose status lists an IP entry without an address
        steps.iRun("kubectl apply -f " + file("stuck.yaml", POD.replace("spec:\n", "spec:\n  nodeSelector: {disk: none}\n")));
        world.cluster().context().store().shared().editStatus(Pod.class, "default", "web",
                pod -> pod.getStatus().setPodIPs(java.util.List.of(new io.fabric8.kubernetes.api.model.PodIP())));
        // when
        steps.iRun("kubectl describe pod web");
        // then: describePodIPs writes "IP:\t%s" of the empty string
        steps.theOutputContains("Status:       Pending\nIP:           \nIPs:\n  IP:  \nContainers:\n");
    }

    @Test
    void describeDeploymentPrintsTheTemplateAndTheReplicaSetsMidRollout() throws IOException {
        // given: a new image, 12 s into its rollout
        steps.iRun("kubectl apply -f " + file("web.yaml", DESCRIBED));
        world.cluster().advance(Duration.ofSeconds(30));
        steps.iRun("kubectl apply -f " + file("new.yaml", DESCRIBED.replace("nginx:1.27", "nginx:1.28")));
        world.cluster().advance(Duration.ofSeconds(12));
        // when
        steps.iRun("kubectl describe deployment web");
        // then: what kubectl v1.20.2 printed for the same rollout, but the ages (it reads the host's clock)
        steps.theOutputIs("""
                Name:                   web
                Namespace:              default
                CreationTimestamp:      Wed, 01 Jan 2025 00:00:00 +0000
                Labels:                 app=web
                Annotations:            deployment.kubernetes.io/revision: 2
                Selector:               app=web
                Replicas:               3 desired | 2 updated | 4 total | 3 available | 1 unavailable
                StrategyType:           RollingUpdate
                MinReadySeconds:        10
                RollingUpdateStrategy:  25% max unavailable, 25% max surge
                Pod Template:
                  Labels:  app=web
                           tier=front
                  Containers:
                   app:
                    Image:      nginx:1.28
                    Port:       80/TCP
                    Host Port:  0/TCP
                    Environment:
                      MODE:  fast
                      POD:    (v1:metadata.name)
                    Mounts:
                      /data from data (rw)
                  Volumes:
                   data:
                    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
                    Medium:    \s
                    SizeLimit:  <unset>
                Conditions:
                  Type           Status  Reason
                  ----           ------  ------
                  Available      True    MinimumReplicasAvailable
                  Progressing    True    ReplicaSetUpdated
                OldReplicaSets:  web-58f8b6ddf6 (2/2 replicas created)
                NewReplicaSet:   web-6bf7848b49 (2/2 replicas created)
                Events:
                  Type    Reason             Age   From                   Message
                  ----    ------             ----  ----                   -------
                  Normal  ScalingReplicaSet  42s   deployment-controller  Scaled up replica set web-58f8b6ddf6 from 0 to 3
                  Normal  ScalingReplicaSet  12s   deployment-controller  Scaled up replica set web-6bf7848b49 from 0 to 1
                  Normal  ScalingReplicaSet  2s    deployment-controller  Scaled down replica set web-58f8b6ddf6 from 3 to 2
                  Normal  ScalingReplicaSet  2s    deployment-controller  Scaled up replica set web-6bf7848b49 from 1 to 2""");
    }

    @Test
    void describeCountsARepeatedEventOverItsFirstAge() throws IOException {
        // given: sh exits 3 at once, again and again
        steps.iRun("kubectl apply -f " + file("crash.yaml", POD.replace("echo hello; echo world; sleep 3600", "echo boom; exit 3")));
        world.cluster().advance(Duration.ofMinutes(5));
        // when
        steps.iRun("kubectl describe pod web");
        // then: the lines kubectl v1.20.2 printed for the same pod (its ages aside)
        steps.theOutputContains("""
                    State:          Waiting
                      Reason:       CrashLoopBackOff
                    Last State:     Terminated
                      Reason:       Error
                      Exit Code:    3
                """);
        steps.theOutputContains("""
                  Normal   Pulled     2m30s (x6 over 5m)  kubelet            Container image "busybox:1.36" already present on machine
                  Normal   Created    2m30s (x6 over 5m)  kubelet            Created container: app
                  Normal   Started    2m30s (x6 over 5m)  kubelet            Started container app
                  Warning  BackOff    0s (x31 over 5m)    kubelet            Back-off restarting failed container app in pod web_default(
                """.stripTrailing());
    }

    @Test
    void waitRunsVirtualTimeUntilTheConditionHoldsOrTheTimeoutPasses() throws IOException {
        // given: nginx whose readiness probe first runs 10 s after it starts (framework's KubectlSuiteTest, same pod)
        steps.iRun("kubectl apply -f " + file("slow.yaml", POD.replace("busybox:1.36", "nginx:1.27")
                .replace("    command: [\"sh\", \"-c\", \"echo hello; echo world; sleep 3600\"]\n", """
                    readinessProbe:
                      exec: {command: ["true"]}
                      initialDelaySeconds: 10
                """)));
        // when
        steps.iTryToRun("kubectl wait --for=condition=Ready pod/web --timeout=5s");
        // then: as kubectl v1.20.2 prints them
        steps.theCommandFailsWith("error: timed out waiting for the condition on pods/web");
        then(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(5));
        steps.iRun("kubectl wait --for=condition=Ready pod/web --timeout=60s");
        steps.theOutputIs("pod/web condition met");
        then(world.cluster().elapsed()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));
        steps.iTryToRun("kubectl wait --for=delete pod/nope");
        steps.theCommandFailsWith("error: no matching resources found");
        steps.iTryToRun("kubectl wait --for=condition=Ready pod/web --timeout=5");
        steps.theCommandFailsWith("""
                Error: invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"
                See 'kubectl wait --help' for usage.""");
        steps.iTryToRun("kubectl wait --for=ready pod/web");
        steps.theCommandFailsWith("error: unrecognized condition: \"ready\"");
    }

    @Test
    void errorsAreWordedAsKubectlV120WordsThem() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("pods.yaml", TWO_PODS));
        // when / then: an aggregate of several errors has no "error: " on its lines (helpers.go, MultipleErrors)
        steps.iTryToRun("kubectl wait --for=condition=Nope pod/web pod/crash-with-a-long-name --timeout=1s");
        steps.theCommandFailsWith("""
                timed out waiting for the condition on pods/web
                timed out waiting for the condition on pods/crash-with-a-long-name""");
        // a cause without a field: "%s: %s" of an empty field (statusCausesToAggrError)
        steps.iTryToRun("kubectl patch pod web --type=json -p '[{\"op\":\"nope\"}]'");
        steps.theCommandFailsWith("The request is invalid: : Unexpected kind: nope");
        steps.iTryToRun("kubectl annotate pod web x=1 x- y=2 y-");
        steps.theCommandFailsWith("error: can not both modify and remove the following annotation(s) in the same command: x, y");
        steps.iTryToRun("kubectl label pod web x=1 x-");
        steps.theCommandFailsWith("error: can not both modify and remove a label in the same command");
        // -n '' is no override: the context's namespace
        steps.iRun("kubectl -n '' get pods -o name");
        steps.theOutputIs("""
                pod/crash-with-a-long-name
                pod/web""");
    }

    @Test
    void aNegativeTimeoutWaitsAVirtualWeek() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("web.yaml", DEPLOYMENT));
        // when: wait.go, a negative timeout is a week
        steps.iTryToRun("kubectl wait --for=condition=Nope deployment/web --timeout=-1s");
        // then
        steps.theCommandFailsWith("error: timed out waiting for the condition on deployments/web");
        then(world.cluster().elapsed()).isEqualTo(Duration.ofDays(7));
        // (the wait reads the object when a store watch sees it change, not after every event of the loop: that took
        // 31 s of wall time here, now about 1 s; speed is a benchmark's business, never a timed unit test's)
    }

    @Test
    void waitForDeleteRunsUntilTheKubeletHasStoppedThePod() throws IOException {
        // given: sh as PID 1 ignores SIGTERM, so the kubelet kills it when the 30 s grace period ends
        steps.iRun("kubectl apply -f " + file("pod.yaml", POD));
        world.cluster().advance(Duration.ofSeconds(10));
        steps.iRun("kubectl delete pod web --wait=false");
        // when
        steps.iRun("kubectl wait --for=delete pod/web --timeout=60s");
        // then
        steps.theOutputIs("pod/web condition met");
        then(world.cluster().findPod("web")).isEmpty();
        then(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void rolloutStatusPrintsALineAtEachChangeUntilTheDeploymentIsAvailable() throws IOException {
        // given: pods that start at once and count as available 10 s later (framework's KubectlSuiteTest, same manifest)
        steps.iRun("kubectl apply -f " + file("web.yaml", DEPLOYMENT.replace("replicas: 2", "replicas: 2\n  minReadySeconds: 10")));
        // when
        steps.iRun("kubectl rollout status deployment/web");
        // then: what kubectl v1.20.2 printed
        steps.theOutputIs("""
                Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...
                deployment "web" successfully rolled out""");
        then(world.cluster().elapsed()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));
        steps.iRun("kubectl rollout status deploy web");
        steps.theOutputIs("deployment \"web\" successfully rolled out");
        steps.iTryToRun("kubectl rollout status deployment/nope");
        steps.theCommandFailsWith("Error from server (NotFound): deployments.apps \"nope\" not found");
        assertThatThrownBy(() -> steps.iRun("kubectl rollout undo deployment/web"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("Peapod's kubectl steps run \"kubectl rollout status\" only, not \"kubectl rollout undo deployment/web\"");
    }

    @Test
    void rolloutStatusOfAChangedTemplatePrintsEveryChangeTheWatchSees() throws IOException {
        // given: 3 replicas, available 10 s after they start
        String web = DEPLOYMENT.replace("replicas: 2", "replicas: 3\n  minReadySeconds: 10");
        steps.iRun("kubectl apply -f " + file("web.yaml", web));
        world.cluster().advance(Duration.ofSeconds(30));
        steps.iRun("kubectl apply -f " + file("new.yaml", web.replace("nginx:1.27", "nginx:1.28")));
        // when
        steps.iRun("kubectl rollout status deployment/web");
        // then: line for line what kubectl v1.20.2 printed, watching the same rollout while the test moved time
        steps.theOutputIs("""
                Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...
                Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...
                Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...
                Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...
                Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...
                Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...
                Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...
                Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...
                Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...
                Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...
                deployment "web" successfully rolled out""");
        steps.iRun("kubectl apply -f " + file("web.yaml", web));
        steps.iTryToRun("kubectl rollout status deployment/web --timeout=5s");
        steps.theOutputContains("error: timed out waiting for the condition\n");
        then(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(30 + 30 + 5));
    }

    @Test
    void rolloutStatusWithoutATimeoutStopsAfterAVirtualWeekAndSaysSo() throws IOException {
        // given: a paused deployment with a new template, which never rolls out
        steps.iRun("kubectl apply -f " + file("web.yaml", DEPLOYMENT.replace("replicas: 2", "replicas: 2\n  paused: true")));
        steps.iRun("kubectl apply -f " + file("new.yaml", DEPLOYMENT.replace("replicas: 2", "replicas: 2\n  paused: true")
                .replace("nginx:1.27", "nginx:1.28")));
        // when
        steps.iTryToRun("kubectl rollout status deployment/web");
        // then: real kubectl would wait without end
        steps.theOutputContains("""
                error: timed out waiting for the condition
                (Peapod: kubectl waits without end here; the step stopped after 168h of virtual time with the rollout \
                unfinished. Give --timeout, or look at why it does not finish: a paused deployment, pods that never \
                become available)
                """);
        then(world.cluster().elapsed()).isEqualTo(Duration.ofDays(7));
    }

    private static final String TWO_PODS = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              containers:
              - name: app
                image: nginx:1.27
                readinessProbe:
                  exec: {command: ["true"]}
                  initialDelaySeconds: 10
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: crash-with-a-long-name
              labels: {app: crash}
            spec:
              containers:
              - name: app
                image: busybox:1.36
                command: ["sh", "-c", "sleep 5; exit 1"]
            """;

    @Test
    void getWatchPrintsARowPerChangeForTheTimeGiven() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("pods.yaml", TWO_PODS));
        // when
        steps.iRunFor("kubectl get pods -w", "60", "seconds");
        // then: byte for byte what kubectl v1.20.2 printed watching the same pods for the same minute (its tabwriter
        // remembers the widths of earlier rows), AGE at each change
        steps.theOutputIs("""
                NAME                     READY   STATUS    RESTARTS   AGE
                crash-with-a-long-name   1/1     Running   0          0s
                web                      0/1     Running   0          0s
                crash-with-a-long-name   0/1     Error     0          5s
                crash-with-a-long-name   1/1     Running   1 (0s ago)   5s
                web                      1/1     Running   0            10s
                crash-with-a-long-name   0/1     Error     1 (5s ago)   10s
                crash-with-a-long-name   0/1     CrashLoopBackOff   1 (10s ago)   20s
                crash-with-a-long-name   1/1     Running            2 (10s ago)   20s
                crash-with-a-long-name   0/1     Error              2 (15s ago)   25s
                crash-with-a-long-name   0/1     CrashLoopBackOff   2 (10s ago)   35s
                crash-with-a-long-name   1/1     Running            3 (20s ago)   45s
                crash-with-a-long-name   0/1     Error              3 (25s ago)   50s
                crash-with-a-long-name   0/1     CrashLoopBackOff   3 (10s ago)   60s""");
        then(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(60));
        steps.iRunFor("kubectl get pod web -w -o wide", "30", "s");
        steps.theOutputIs("""
                NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
                web    1/1     Running   0          60s   10.244.1.2   node-1   <none>           <none>""");
    }

    @Test
    void getWatchOnlyPrintsTheHeaderWithTheFirstChange() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("pods.yaml", TWO_PODS));
        // when
        steps.iRunFor("kubectl get pods --watch-only -A -l app=web", "1", "minute");
        // then: as kubectl v1.20.2 printed it
        steps.theOutputIs("""
                NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE
                default     web    1/1     Running   0          10s""");
        assertThatThrownBy(() -> steps.iRun("kubectl get pods -w"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"kubectl get -w\" runs until it is stopped: give it a time, When I run \"kubectl get pods -w\" "
                        + "for 30 seconds");
        assertThatThrownBy(() -> steps.iRunFor("kubectl get pods", "1", "s"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("only \"kubectl get -w\" (or --watch-only) runs for a time; run this command without \"for ...\"");
        assertThatThrownBy(() -> steps.iRunFor("kubectl get deployments -w", "1", "s"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("Peapod's \"kubectl get -w\" watches pods, not deployments; check the others with the workload steps");
    }

    private static final String TALKERS = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: talk
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox:1.36
                command: ["sh", "-c", "echo one; sleep 5; echo two; sleep 5; echo three; exit 0"]
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: loop
            spec:
              containers:
              - name: app
                image: busybox:1.36
                command: ["sh", "-c", "echo start; sleep 5; echo stop; exit 1"]
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: forever
            spec:
              containers:
              - name: app
                image: busybox:1.36
                command: ["sh", "-c", "echo up; sleep 3; echo still; sleep 3600"]
            """;

    @Test
    void logsFollowPrintsWhatTheRunWritesUntilItStopsOrTheTimeIsUp() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("talkers.yaml", TALKERS));
        world.cluster().advance(Duration.ofSeconds(2));
        // when / then: what kubectl v1.20.2 printed following the same pods while the test moved time
        steps.iRunFor("kubectl logs -f talk", "20", "seconds");
        steps.theOutputIs("""
                one
                two
                three""");
        then(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(10)); // the stream ends with the container
        steps.iRunFor("kubectl logs -f forever --tail=0", "20", "seconds");
        steps.theOutputIs(""); // it wrote "still" at 3 s, before the stream began
        then(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(30));
        steps.iRunFor("kubectl logs -f loop", "20", "seconds");
        steps.theOutputIs("""
                start
                stop""");
        then(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(30)); // in back-off: not running, nothing to follow
        assertThatThrownBy(() -> steps.iRun("kubectl logs -f talk"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"kubectl logs -f\" runs until the container stops: give it a time, When I run \"kubectl logs -f talk\" "
                        + "for 30 seconds");
    }

    @Test
    void getOfNothingSaysSoOnStandardError() {
        // when
        steps.iRun("kubectl get services -n kube-public");
        // then
        steps.theOutputIs("No resources found in kube-public namespace.");
        steps.iRun("kubectl get deployments -l app=none -A");
        steps.theOutputIs("No resources found");
    }

    @Test
    void getOfAMissingObjectOrKindFailsAsKubectlDoes() {
        // when / then
        steps.iTryToRun("kubectl get pod nope");
        steps.theCommandFailsWith("Error from server (NotFound): pods \"nope\" not found");
        steps.iTryToRun("kubectl get deploy web nope");
        steps.theCommandFailsWith("""
                Error from server (NotFound): deployments.apps "web" not found
                Error from server (NotFound): deployments.apps "nope" not found""");
        steps.iTryToRun("kubectl get foo");
        steps.theCommandFailsWith("error: the server doesn't have a resource type \"foo\"");
    }

    @Test
    void scalePatchesTheScaleSubresource() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("web.yaml", DEPLOYMENT));
        world.cluster().advance(Duration.ofSeconds(30));
        // when
        steps.iRun("kubectl scale deployment web --replicas=3");
        steps.theOutputIs("deployment.apps/web scaled");
        world.cluster().advance(Duration.ofSeconds(30));
        steps.iRun("kubectl get deploy web");
        // then
        steps.theOutputIs("""
                NAME   READY   UP-TO-DATE   AVAILABLE   AGE
                web    3/3     3            3           60s""");
        steps.iTryToRun("kubectl scale deploy web --replicas x");
        steps.theCommandFailsWith("""
                Error: invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax
                See 'kubectl scale --help' for usage.""");
        steps.iTryToRun("kubectl scale deploy nope --replicas=2");
        steps.theCommandFailsWith("Error from server (NotFound): deployments.apps \"nope\" not found");
    }

    @Test
    void numericFlagsAreReadAsPflagReadsThemAndWhatDoesNotFitIsRefused() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("web.yaml", DEPLOYMENT));
        // when / then: ParseInt(s, 0, 64), so 0x3 is 3
        steps.iRun("kubectl scale deploy web --replicas=0x3");
        then(deployment().getSpec().getReplicas()).isEqualTo(3);
        // an int64 that is no int32: kubectl sends it, the server refuses it
        steps.iTryToRun("kubectl scale deploy web --replicas=2147483648");
        steps.theCommandFailsWith("Error from server (BadRequest): Scale in version \"v1\" cannot be handled as a Scale: "
                + "json: cannot unmarshal number 2147483648 into Go struct field ScaleSpec.spec.replicas of type int32");
        steps.iTryToRun("kubectl scale deploy web --replicas=99999999999999999999");
        steps.theCommandFailsWith("""
                Error: invalid argument "99999999999999999999" for "--replicas" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range
                See 'kubectl scale --help' for usage.""");
        steps.iTryToRun("kubectl logs web --tail=99999999999999999999");
        steps.theCommandFailsWith("""
                Error: invalid argument "99999999999999999999" for "--tail" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range
                See 'kubectl logs --help' for usage.""");
        steps.iTryToRun("kubectl delete pod web --grace-period=1.5");
        steps.theCommandFailsWith("""
                Error: invalid argument "1.5" for "--grace-period" flag: strconv.ParseInt: parsing "1.5": invalid syntax
                See 'kubectl delete --help' for usage.""");
        steps.iTryToRun("kubectl wait deploy/web --for=condition=Available --timeout=2562048h");
        steps.theCommandFailsWith("""
                Error: invalid argument "2562048h" for "--timeout" flag: time: invalid duration "2562048h"
                See 'kubectl wait --help' for usage.""");
        steps.iTryToRun("kubectl rollout status deploy/web --timeout=99999999999999999999s");
        steps.theCommandFailsWith("""
                Error: invalid argument "99999999999999999999s" for "--timeout" flag: time: invalid duration "99999999999999999999s"
                See 'kubectl rollout status --help' for usage.""");
        then(deployment().getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void labelAndAnnotateAsKubectlDoes() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("pod.yaml", POD));
        // when / then
        steps.iRun("kubectl label pod web tier=front");
        steps.theOutputIs("pod/web labeled");
        steps.iTryToRun("kubectl label pod web tier=back");
        steps.theCommandFailsWith("error: 'tier' already has a value (front), and --overwrite is false");
        steps.iTryToRun("kubectl label pod web tier=back app=other");
        steps.theCommandFailsWith("""
                'app' already has a value (web), and --overwrite is false
                'tier' already has a value (front), and --overwrite is false""");
        steps.iRun("kubectl label pod/web tier=back --overwrite");
        steps.theOutputIs("pod/web labeled");
        steps.iRun("kubectl label pod web gone-");
        steps.theOutputIs("""
                label "gone" not found.
                pod/web not labeled""");
        steps.iRun("kubectl annotate pod web note=hello");
        steps.theOutputIs("pod/web annotated");
        steps.iTryToRun("kubectl annotate pod web note=again");
        steps.theCommandFailsWith("error: --overwrite is false but found the following declared annotation(s): "
                + "'note' already has a value (hello)");
        Pod pod = world.cluster().pod("web");
        then(pod.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "web", "tier", "back"));
        then(pod.getMetadata().getAnnotations()).containsEntry("note", "hello");
        then(pod.getMetadata().getManagedFields()).extracting(f -> f.getManager())
                .containsExactlyInAnyOrder("kubectl-client-side-apply", "kubectl-label", "kubectl-annotate");
    }

    @Test
    void patchTakesAllThreeTypesAndSaysWhenNothingChanged() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("pod.yaml", POD));
        // when / then
        steps.iRun("kubectl patch pod web -p '{\"metadata\":{\"labels\":{\"a\":\"1\"}}}'");
        steps.theOutputIs("pod/web patched");
        steps.iRun("kubectl patch pod web --type=merge -p '{\"metadata\":{\"labels\":{\"b\":\"2\"}}}'");
        steps.theOutputIs("pod/web patched");
        steps.iRun("kubectl patch pod web --type json -p '[{\"op\":\"add\",\"path\":\"/metadata/labels/c\",\"value\":\"3\"}]'");
        steps.theOutputIs("pod/web patched");
        steps.iRun("kubectl patch pod web --type=merge -p '{\"metadata\":{\"labels\":{\"b\":\"2\"}}}'");
        steps.theOutputIs("pod/web patched (no change)");
        steps.iTryToRun("kubectl patch pod web --type=merge -p '{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"x\"},"
                + "{\"name\":\"b\",\"image\":\"x\"}]}}'");
        steps.theCommandFailsWith("The Pod \"web\" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers");
        then(world.cluster().pod("web").getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("app", "web", "a", "1", "b", "2", "c", "3"));
    }

    @Test
    void patchConvertsAYamlPatchToJsonAsKubectlV120Does() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("pod.yaml", POD));
        // when: YAML, read as YAML 1.1 (on is true), then sent as JSON
        steps.iRun("kubectl patch pod web -p 'metadata: {labels: {tier: front}}'");
        then(world.cluster().pod("web").getMetadata().getLabels()).containsEntry("tier", "front");
        steps.iTryToRun("kubectl patch pod web --type=merge -p 'metadata: {labels: {x: on}}'");
        // the API server's 422 quotes the whole patched object (patch.go, applyPatch: field.Invalid(patch, ...))
        steps.theOutputContains("The request is invalid: patch: Invalid value: \"{\\\"apiVersion\\\":\\\"v1\\\"");
        steps.theOutputContains("\": json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string\n");
        steps.iTryToRun("kubectl patch pod web -p 'a: ['");
        // then
        steps.theCommandFailsWith("error: unable to parse \"a: [\": yaml: line 1: did not find expected node content");
    }

    @Test
    void deleteWaitsInVirtualTimeUntilThePodHasGone() throws IOException {
        // given: sh as PID 1 ignores SIGTERM, so the kubelet kills it after the 30 s grace period
        steps.iRun("kubectl apply -f " + file("pod.yaml", POD));
        world.cluster().advance(Duration.ofSeconds(10));
        // when
        steps.iRun("kubectl delete pod web");
        // then
        steps.theOutputIs("pod \"web\" deleted");
        then(world.cluster().findPod("web")).isEmpty();
        then(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(40));
        steps.iTryToRun("kubectl delete pod web");
        steps.theCommandFailsWith("Error from server (NotFound): pods \"web\" not found");
    }

    @Test
    void forceDeleteWarnsAndTakesNoTime() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("pod.yaml", POD));
        world.cluster().advance(Duration.ofSeconds(10));
        // when
        steps.iRun("kubectl delete pod web --force --grace-period=0");
        // then
        steps.theOutputIs("""
                warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. \
                The resource may continue to run on the cluster indefinitely.
                pod "web" force deleted""");
        then(world.cluster().findPod("web")).isEmpty();
        then(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void deleteWithoutWaitingLeavesThePodTerminating() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("pod.yaml", POD));
        world.cluster().advance(Duration.ofSeconds(10));
        // when
        steps.iRun("kubectl delete pod web --wait=false");
        // then
        steps.theOutputIs("pod \"web\" deleted");
        then(world.cluster().pod("web").getMetadata().getDeletionTimestamp()).isNotNull();
        then(world.cluster().elapsed()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void deleteBySelectorDeletesEachListedObject() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("pod.yaml", POD));
        steps.iRun("kubectl apply -f " + file("other.yaml", POD.replace("name: web", "name: other")
                .replace("app: web", "app: other")));
        world.cluster().advance(Duration.ofSeconds(10));
        // when
        steps.iRun("kubectl delete pods -l app=web");
        // then
        steps.theOutputIs("pod \"web\" deleted");
        then(world.cluster().findPod("web")).isEmpty();
        then(world.cluster().findPod("other")).isPresent();
        steps.iRun("kubectl delete pods -l app=web");
        steps.theOutputIs("No resources found");
        steps.iTryToRun("kubectl delete pods other -l app=other");
        steps.theCommandFailsWith("error: name cannot be provided when a selector is specified");
        steps.iTryToRun("kubectl delete -l app=other");
        steps.theCommandFailsWith("error: at least one resource must be specified to use a selector");
    }

    @Test
    void logsPrintWhatTheContainerWrote() throws IOException {
        // given
        steps.iRun("kubectl apply -f " + file("pod.yaml", POD));
        steps.iRun("kubectl apply -f " + file("two.yaml", POD.replace("name: web", "name: two") + """
                  - name: side
                    image: busybox:1.36
                """));
        world.cluster().advance(Duration.ofSeconds(30));
        // when / then
        steps.iRun("kubectl logs web");
        steps.theOutputIs("hello\nworld");
        steps.iRun("kubectl logs pod/web -c app --tail=1");
        steps.theOutputIs("world");
        steps.iTryToRun("kubectl logs two");
        steps.theCommandFailsWith("error: a container name must be specified for pod two, choose one of: [app side]");
        steps.iTryToRun("kubectl logs nope");
        steps.theCommandFailsWith("Error from server (NotFound): pods \"nope\" not found");
    }

    @Test
    void namespaceFlagReachesAnotherNamespace() throws IOException {
        // given
        String pod = file("pod.yaml", POD);
        // when
        steps.iRun("kubectl apply -f " + pod + " -n kube-system");
        // then
        steps.theOutputIs("pod/web created");
        steps.iRun("kubectl get pods --namespace=kube-system -o name");
        steps.theOutputIs("pod/web");
        steps.iRun("kubectl get pods");
        steps.theOutputIs("No resources found in default namespace.");
        steps.iTryToRun("kubectl apply -f " + file("shop.yaml", POD.replace("metadata:", "metadata:\n  namespace: shop"))
                + " -n kube-system");
        steps.theCommandFailsWith("error: the namespace from the provided object \"shop\" does not match the namespace "
                + "\"kube-system\". You must pass '--namespace=shop' to perform this operation.");
    }

    @Test
    void runFailsTheStepOnAFailingCommandAndSaysHowToExpectIt() {
        assertThatThrownBy(() -> steps.iRun("kubectl get pod nope"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("\"kubectl get pod nope\" exited with 1 and printed:\n"
                        + "Error from server (NotFound): pods \"nope\" not found\n"
                        + "(a command meant to fail is written \"When I try to run ...\", then \"Then the command fails with:\")");
    }

    @Test
    void failsWithFailsWhenTheCommandSucceeded() {
        // given
        steps.iRun("kubectl get nodes -o name");
        // when / then
        assertThatThrownBy(() -> steps.theCommandFailsWith("error: anything"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting \"kubectl get nodes -o name\" to fail, but it succeeded and printed:\nnode/node-1\n");
    }

    @Test
    void theOutputIsComparesExactly() {
        // given
        steps.iRun("kubectl get nodes -o name");
        // when / then
        steps.theOutputContains("node/node-1");
        assertThatThrownBy(() -> steps.theOutputIs("node/node-2"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the output of \"kubectl get nodes -o name\" (exit code 0)");
    }

    @Test
    void refusalsSendNothing() {
        // given
        world.cluster();
        long before = world.cluster().context().store().resourceVersion();
        // when / then
        assertThatThrownBy(() -> steps.iRun("kubectl get pods -o jsonpath={.items}"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"kubectl get -o jsonpath={.items}\" is not taken by Peapod's kubectl steps: they print the table, "
                        + "-o wide, -o name, -o yaml and -o json; check an object's fields with the pod and workload steps instead");
        assertThatThrownBy(() -> steps.iRun("kubectl apply -f x.yaml --validate=true"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("--validate=true: Peapod's kubectl steps validate nothing on the client (the API server validates "
                        + "every write); write --validate=false or leave it out");
        assertThatThrownBy(() -> steps.iRun("kubectl logs web app"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("Peapod's \"kubectl logs\" takes one pod (web or pod/web) and the container as -c: kubectl logs web -c app");
        assertThatThrownBy(() -> steps.iRun("kubectl delete pods"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"kubectl delete pods\" needs a name or -l <selector>: Peapod's kubectl steps do not take --all");
        assertThatThrownBy(() -> steps.iRun("kubectl scale deployments --replicas=2"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"kubectl scale deployments\" needs a name: Peapod's kubectl steps do not take --all or -l here");
        assertThatThrownBy(() -> steps.iRun("kubectl get all"))
                .isInstanceOf(PeapodException.class)
                .hasMessage("\"all\" is a category of resources; Peapod's kubectl steps take one resource type at a time: "
                        + "kubectl get pods, kubectl get deployments, ...");
        assertThatThrownBy(() -> steps.theOutputIs("anything")).isInstanceOf(PeapodException.class)
                .hasMessage("no kubectl command has run in this scenario: write \"When I run \\\"kubectl ...\\\"\" first");
        then(world.cluster().context().store().resourceVersion()).isEqualTo(before);
    }

    @Test
    void kubectlsOwnUsageErrors() {
        // when / then: as kubectl v1.20.2 prints them
        steps.iTryToRun("kubectl get");
        steps.theCommandFailsWith("""
                You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

                error: Required resource not specified.
                Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
                See 'kubectl get -h' for help and examples""");
        steps.iTryToRun("kubectl get pods web -l app=web");
        steps.theCommandFailsWith("error: name cannot be provided when a selector is specified");
        steps.iTryToRun("kubectl patch deploy web -p '{}' --type=foo");
        steps.theCommandFailsWith("error: --type must be one of [json merge strategic], not \"foo\"");
        steps.iTryToRun("kubectl patch deploy web");
        steps.theCommandFailsWith("error: must specify --patch or --patch-file containing the contents of the patch");
        steps.iTryToRun("kubectl scale deploy web");
        steps.theCommandFailsWith("Error: required flag(s) \"replicas\" not set");
        steps.iTryToRun("kubectl label pod web");
        steps.theCommandFailsWith("error: at least one label update is required");
        steps.iTryToRun("kubectl label pod web a=b=c");
        steps.theCommandFailsWith("error: invalid label spec: a=b=c");
        steps.iRun("kubectl get pods -o name -l app=none");
        steps.theOutputIs("");
    }

    @Test
    void aMissingManifestFailsAsKubectlDoes() {
        // when
        steps.iTryToRun("kubectl apply -f no/such/file.yaml");
        // then
        steps.theCommandFailsWith("error: the path \"no/such/file.yaml\" does not exist");
    }

    private Deployment deployment() {
        return world.cluster().client().apps().deployments().inNamespace("default").withName("web").get();
    }
}
