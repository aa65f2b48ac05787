package dev.peapod.kubelet;

import dev.peapod.kubelet.ContainerEnv.ConfigError;
import dev.peapod.kubelet.ContainerEnv.ContainerConfig;
import dev.peapod.kubelet.ContainerEnv.Env;
import dev.peapod.kubelet.ContainerEnv.EnvVar;
import dev.peapod.kubelet.ContainerEnv.NodeFacts;
import dev.peapod.kubelet.ContainerEnv.Result;
import dev.peapod.kubelet.ContainerEnv.SubPath;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container environment (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables, whose table
 * TestMakeEnvironmentVariables in kubelet_pods_test.go several cases follow), the service variables
 * (pkg/kubelet/envvars/envvars.go), the downward API (pkg/fieldpath/fieldpath.go,
 * pkg/api/v1/resource/helpers.go), and the command and subPathExpr expansions
 * (pkg/kubelet/container/helpers.go).
 */
class ContainerEnvTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private final Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private final List<Service> services = new ArrayList<>();
    private Service master;
    private NodeFacts node = NodeFacts.of("172.18.0.3", "10.244.1.5",
            Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "ephemeral-storage", new Quantity("100Gi")));

    private final ContainerEnv.Lookup lookup = new ContainerEnv.Lookup() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.ofNullable(configMaps.get(namespace + "/" + name));
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.ofNullable(secrets.get(namespace + "/" + name));
        }

        @Override
        public List<Service> services(String namespace) {
            return services.stream().filter(s -> s.getMetadata().getNamespace().equals(namespace)).toList();
        }

        @Override
        public Optional<Service> masterService() {
            return Optional.ofNullable(master);
        }
    };

    private void configMap(String yaml) {
        ConfigMap cm = YAML.unmarshal("apiVersion: v1\nkind: ConfigMap\n" + yaml, ConfigMap.class);
        configMaps.put(cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName(), cm);
    }

    private void secret(String yaml) {
        Secret s = YAML.unmarshal("apiVersion: v1\nkind: Secret\n" + yaml, Secret.class);
        secrets.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s);
    }

    private static Service service(String yaml) {
        return YAML.unmarshal("apiVersion: v1\nkind: Service\n" + yaml, Service.class);
    }

    private static Pod pod(String spec) {
        return YAML.unmarshal("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web-0
                  namespace: shop
                  uid: 6f1e0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b
                  labels: {app: web, tier: front}
                  annotations: {build: "42"}
                spec:
                """ + spec.indent(2), Pod.class);
    }

    private Result build(Pod pod) {
        return ContainerEnv.build(pod, pod.getSpec().getContainers().get(0), lookup, node);
    }

    private List<EnvVar> env(Pod pod) {
        Result result = build(pod);
        assertThat(result).isInstanceOf(Env.class);
        return ((Env) result).vars();
    }

    private String error(Pod pod) {
        Result result = build(pod);
        assertThat(result).isInstanceOf(ConfigError.class);
        return ((ConfigError) result).message();
    }

    private static EnvVar v(String name, String value) {
        return new EnvVar(name, value);
    }

    // --- envFrom and env: order, overwrite, prefixes, optional sources -----------------------------

    @Test
    void envFromSourcesApplyInOrderAndEnvOverwritesThem() {
        // given
        configMap("metadata: {name: first, namespace: shop}\ndata: {B: b1, A: a1}");
        configMap("metadata: {name: second, namespace: shop}\ndata: {B: b2, C: c2}");
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  envFrom:
                  - configMapRef: {name: first}
                  - configMapRef: {name: second}
                  env:
                  - {name: C, value: from-env}
                  - {name: D, value: d}
                """);
        // when / then: keys in sorted order per source, a later source overwrites in place, env last
        assertThat(env(pod)).containsExactly(v("A", "a1"), v("B", "b2"), v("C", "from-env"), v("D", "d"));
    }

    @Test
    void prefixesAreAddedToEveryKeyOfTheirSourceAndSecretDataIsDecoded() {
        // given: user=admin, pass=s3cr3t in base64; stringData is merged over data
        configMap("metadata: {name: cfg, namespace: shop}\ndata: {mode: fast}");
        secret("metadata: {name: creds, namespace: shop}\ndata: {user: YWRtaW4=, pass: czNjcjN0}\nstringData: {token: abc}");
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  envFrom:
                  - {prefix: CFG_, configMapRef: {name: cfg}}
                  - {prefix: DB_, secretRef: {name: creds}}
                  - secretRef: {name: creds}
                """);
        // when / then
        assertThat(env(pod)).containsExactly(v("CFG_mode", "fast"), v("DB_pass", "s3cr3t"), v("DB_token", "abc"),
                v("DB_user", "admin"), v("pass", "s3cr3t"), v("token", "abc"), v("user", "admin"));
    }

    @Test
    void keysThatAreNotCIdentifiersArePassedAsTheyAre() {
        // given: kubelet_pods_test.go "configmap allow prefix to start with a digital", configmap_invalid_keys_valid
        configMap("metadata: {name: cfg, namespace: shop}\ndata: {\"1234\": abc, app.invalid: x}");
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  envFrom:
                  - {prefix: p_, configMapRef: {name: cfg}}
                  - {prefix: 1_, configMapRef: {name: cfg}}
                """);
        // when / then: RelaxedEnvironmentVariableValidation (on in v1.33): nothing skipped, no InvalidEnvironmentVariableNames
        assertThat(env(pod)).containsExactly(v("p_1234", "abc"), v("p_app.invalid", "x"), v("1_1234", "abc"),
                v("1_app.invalid", "x"));
    }

    @Test
    void optionalSourcesThatAreMissingAreSkipped() {
        // given
        configMap("metadata: {name: cfg, namespace: shop}\ndata: {A: from-cm}");
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  envFrom:
                  - configMapRef: {name: cfg}
                  - configMapRef: {name: absent, optional: true}
                  - secretRef: {name: absent, optional: true}
                  env:
                  - name: A
                    valueFrom: {configMapKeyRef: {name: cfg, key: nope, optional: true}}
                  - name: B
                    valueFrom: {configMapKeyRef: {name: absent, key: k, optional: true}}
                  - name: C
                    valueFrom: {secretKeyRef: {name: absent, key: k, optional: true}}
                  - {name: D, value: d}
                """);
        // when / then: an optional miss leaves the variable unset; A keeps its envFrom value
        assertThat(env(pod)).containsExactly(v("A", "from-cm"), v("D", "d"));
    }

    @Test
    void aMissingSourceThatIsNotOptionalIsTheManagersNotFoundText() {
        // given
        Pod envFromConfigMap = pod("enableServiceLinks: true\ncontainers:\n- {name: app, envFrom: [{configMapRef: {name: app-config}}]}");
        Pod envFromSecret = pod("enableServiceLinks: true\ncontainers:\n- {name: app, envFrom: [{secretRef: {name: creds}}]}");
        Pod keyRefConfigMap = pod("""
                enableServiceLinks: true
                containers:
                - name: app
                  env: [{name: X, valueFrom: {configMapKeyRef: {name: app-config, key: k}}}]
                """);
        Pod keyRefSecret = pod("""
                enableServiceLinks: true
                containers:
                - name: app
                  env: [{name: X, valueFrom: {secretKeyRef: {name: creds, key: k}}}]
                """);
        // when / then
        assertThat(error(envFromConfigMap)).isEqualTo("configmap \"app-config\" not found");
        assertThat(error(envFromSecret)).isEqualTo("secret \"creds\" not found");
        assertThat(error(keyRefConfigMap)).isEqualTo("configmap \"app-config\" not found");
        assertThat(error(keyRefSecret)).isEqualTo("secret \"creds\" not found");
    }

    @Test
    void aMissingKeyNamesTheKeyAndTheObject() {
        // given
        configMap("metadata: {name: app-config, namespace: shop}\ndata: {a: b}\nbinaryData: {DB: AAE=}");
        secret("metadata: {name: creds, namespace: shop}\ndata: {user: YWRtaW4=}");
        Pod configMapKey = pod("""
                enableServiceLinks: true
                containers:
                - name: app
                  env: [{name: X, valueFrom: {configMapKeyRef: {name: app-config, key: DB}}}]
                """);
        Pod secretKey = pod("""
                enableServiceLinks: true
                containers:
                - name: app
                  env: [{name: X, valueFrom: {secretKeyRef: {name: creds, key: pw}}}]
                """);
        // when / then: binaryData never reaches the environment
        assertThat(error(configMapKey)).isEqualTo("couldn't find key DB in ConfigMap shop/app-config");
        assertThat(error(secretKey)).isEqualTo("couldn't find key pw in Secret shop/creds");
    }

    @Test
    void keyRefsReadTheirValue() {
        // given
        configMap("metadata: {name: cfg, namespace: shop}\ndata: {level: debug}");
        secret("metadata: {name: creds, namespace: shop}\ndata: {user: YWRtaW4=}");
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  env:
                  - {name: LEVEL, valueFrom: {configMapKeyRef: {name: cfg, key: level}}}
                  - {name: USER, valueFrom: {secretKeyRef: {name: creds, key: user}}}
                """);
        // when / then
        assertThat(env(pod)).containsExactly(v("LEVEL", "debug"), v("USER", "admin"));
    }

    // --- $(VAR) expansion ----------------------------------------------------------------------------

    @Test
    void valuesExpandAgainstEarlierVariablesOnly() {
        // given: kubelet_pods_test.go "env expansion"
        configMap("metadata: {name: cfg, namespace: shop}\ndata: {FROM_CM: cm}");
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  envFrom: [{configMapRef: {name: cfg}}]
                  env:
                  - {name: TEST_LITERAL, value: test-test-test}
                  - name: POD_NAME
                    valueFrom: {fieldRef: {apiVersion: v1, fieldPath: metadata.name}}
                  - {name: OUT_OF_ORDER_TEST, value: $(OUT_OF_ORDER_TARGET)}
                  - {name: OUT_OF_ORDER_TARGET, value: FOO}
                  - {name: EMPTY_VAR}
                  - {name: EMPTY_TEST, value: foo-$(EMPTY_VAR)}
                  - {name: POD_NAME_TEST2, value: test2-$(POD_NAME)}
                  - {name: POD_NAME_TEST3, value: $(POD_NAME_TEST2)-3}
                  - {name: LITERAL_TEST, value: literal-$(TEST_LITERAL)}
                  - {name: TEST_UNDEFINED, value: $(UNDEFINED_VAR)}
                  - {name: ESCAPED, value: $$(TEST_LITERAL) and $$}
                  - {name: SHELL_SYNTAX, value: "$TEST_LITERAL ${TEST_LITERAL}"}
                  - {name: FROM_ENVFROM, value: x-$(FROM_CM)}
                """);
        // when / then
        assertThat(env(pod)).containsExactly(v("FROM_CM", "cm"), v("TEST_LITERAL", "test-test-test"),
                v("POD_NAME", "web-0"), v("OUT_OF_ORDER_TEST", "$(OUT_OF_ORDER_TARGET)"), v("OUT_OF_ORDER_TARGET", "FOO"),
                v("EMPTY_VAR", ""), v("EMPTY_TEST", "foo-"), v("POD_NAME_TEST2", "test2-web-0"),
                v("POD_NAME_TEST3", "test2-web-0-3"), v("LITERAL_TEST", "literal-test-test-test"),
                v("TEST_UNDEFINED", "$(UNDEFINED_VAR)"), v("ESCAPED", "$(TEST_LITERAL) and $"),
                v("SHELL_SYNTAX", "$TEST_LITERAL ${TEST_LITERAL}"), v("FROM_ENVFROM", "x-cm"));
    }

    @Test
    void theDocsDependentEnvironmentVariablesExampleGivesTheDocsValues() {
        // given: kubernetes.io "Define Dependent Environment Variables" (dependent-envars.yaml)
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: dependent-envars-demo
                  env:
                  - {name: SERVICE_PORT, value: "80"}
                  - {name: SERVICE_IP, value: "172.17.0.1"}
                  - {name: UNCHANGED_REFERENCE, value: "$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"}
                  - {name: PROTOCOL, value: "https"}
                  - {name: SERVICE_ADDRESS, value: "$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"}
                  - {name: ESCAPED_REFERENCE, value: "$$(PROTOCOL)://$(SERVICE_IP):$(SERVICE_PORT)"}
                """);
        // when
        Map<String, String> env = ((Env) build(pod)).asMap();
        // then: the page's output
        assertThat(env).containsEntry("UNCHANGED_REFERENCE", "$(PROTOCOL)://172.17.0.1:80")
                .containsEntry("SERVICE_ADDRESS", "https://172.17.0.1:80")
                .containsEntry("ESCAPED_REFERENCE", "$(PROTOCOL)://172.17.0.1:80");
    }

    @Test
    void theDocsEnvironmentVariableInArgsExampleEchoesTheValue() {
        // given: kubernetes.io "Define a Command and Arguments for a Container", "Use environment variables to define arguments"
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: command-demo-container
                  env:
                  - {name: MESSAGE, value: "hello world"}
                  command: ["/bin/echo"]
                  args: ["$(MESSAGE)"]
                """);
        // when
        ContainerEnv.ConfigResult config = ContainerEnv.config(pod, pod.getSpec().getContainers().get(0), lookup, node);
        // then
        assertThat(((ContainerConfig) config).command()).containsExactly("/bin/echo");
        assertThat(((ContainerConfig) config).args()).containsExactly("hello world");
    }

    @Test
    void aVariableSeesTheValueTheWorkingMapHasWhenItIsDeclared() {
        // given: A is redefined after B read it
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  env:
                  - {name: A, value: one}
                  - {name: B, value: $(A)}
                  - {name: A, value: two-$(A)}
                """);
        // when / then: A keeps its first place in the list
        assertThat(env(pod)).containsExactly(v("A", "two-one"), v("B", "one"));
    }

    @Test
    void valueFromValuesAreNeverExpanded() {
        // given
        configMap("metadata: {name: cfg, namespace: shop}\ndata: {ref: $(A)}");
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  envFrom: [{configMapRef: {name: cfg}}]
                  env:
                  - {name: A, value: a}
                  - {name: B, valueFrom: {configMapKeyRef: {name: cfg, key: ref}}}
                """);
        // when / then
        assertThat(env(pod)).containsExactly(v("ref", "$(A)"), v("A", "a"), v("B", "$(A)"));
    }

    @Test
    void valuesExpandAgainstServiceVariablesAfterTheWorkingMap() {
        // given: kubelet_pods_test.go "env expansion, service env vars"
        services.add(service("metadata: {name: test, namespace: shop}\nspec: {clusterIP: 1.2.3.3, ports: [{port: 8083}]}"));
        Pod pod = pod("""
                enableServiceLinks: true
                containers:
                - name: app
                  env:
                  - {name: SERVICE_VAR_TEST, value: $(TEST_SERVICE_HOST):$(TEST_SERVICE_PORT)}
                  - {name: TEST_SERVICE_PORT, value: "9999"}
                  - {name: OVERRIDE_SEEN, value: $(TEST_SERVICE_PORT)}
                """);
        // when / then: a container variable hides the service one, which is then not appended
        assertThat(env(pod)).containsExactly(v("SERVICE_VAR_TEST", "1.2.3.3:8083"), v("TEST_SERVICE_PORT", "9999"),
                v("OVERRIDE_SEEN", "9999"), v("TEST_SERVICE_HOST", "1.2.3.3"), v("TEST_PORT", "tcp://1.2.3.3:8083"),
                v("TEST_PORT_8083_TCP", "tcp://1.2.3.3:8083"), v("TEST_PORT_8083_TCP_PROTO", "tcp"),
                v("TEST_PORT_8083_TCP_PORT", "8083"), v("TEST_PORT_8083_TCP_ADDR", "1.2.3.3"));
    }

    // --- downward API -------------------------------------------------------------------------------

    @Test
    void fieldRefsGiveThePodsAndTheNodesValues() {
        // given
        Pod pod = pod("""
                enableServiceLinks: false
                nodeName: node-1
                serviceAccountName: special
                containers:
                - name: app
                  env:
                  - {name: NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                  - {name: NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
                  - {name: UID, valueFrom: {fieldRef: {fieldPath: metadata.uid}}}
                  - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
                  - {name: NO_LABEL, valueFrom: {fieldRef: {fieldPath: "metadata.labels['nope']"}}}
                  - {name: BUILD, valueFrom: {fieldRef: {fieldPath: "metadata.annotations['build']"}}}
                  - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
                  - {name: SA, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
                  - {name: HOST_IP, valueFrom: {fieldRef: {fieldPath: status.hostIP}}}
                  - {name: HOST_IPS, valueFrom: {fieldRef: {fieldPath: status.hostIPs}}}
                  - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                  - {name: POD_IPS, valueFrom: {fieldRef: {fieldPath: status.podIPs}}}
                """);
        // when / then
        assertThat(env(pod)).containsExactly(v("NAME", "web-0"), v("NAMESPACE", "shop"),
                v("UID", "6f1e0b7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"), v("APP", "web"), v("NO_LABEL", ""), v("BUILD", "42"),
                v("NODE", "node-1"), v("SA", "special"), v("HOST_IP", "172.18.0.3"), v("HOST_IPS", "172.18.0.3"),
                v("POD_IP", "10.244.1.5"), v("POD_IPS", "10.244.1.5"));
    }

    @Test
    void podIpsAreSortedByTheNodesFamilyAndInvalidOnesDropped() {
        // given: kubelet_pods_test.go "downward api pod ips reverse order" and "multiple ips"
        node = new NodeFacts(List.of("172.18.0.3", "fd00::3"), List.of("fd00::6", "192.168.1.1.", "1.2.3.4", "fd00::7"), Map.of());
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  env:
                  - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                  - {name: POD_IPS, valueFrom: {fieldRef: {fieldPath: status.podIPs}}}
                  - {name: HOST_IPS, valueFrom: {fieldRef: {fieldPath: status.hostIPs}}}
                """);
        // when / then
        assertThat(env(pod)).containsExactly(v("POD_IP", "1.2.3.4"), v("POD_IPS", "1.2.3.4,fd00::6"),
                v("HOST_IPS", "172.18.0.3,fd00::3"));
    }

    @Test
    void anUnsupportedFieldPathIsUpstreamsError() {
        // given (the API server refuses these first; a pod written to the store directly gets the kubelet's text)
        Pod label = pod("containers:\n- {name: app, env: [{name: X, valueFrom: {fieldRef: {fieldPath: metadata.foo}}}]}");
        Pod version = pod("containers:\n- {name: app, env: [{name: X, valueFrom: {fieldRef: {apiVersion: v2, fieldPath: metadata.name}}}]}");
        Pod subscript = pod("containers:\n- {name: app, env: [{name: X, valueFrom: {fieldRef: {fieldPath: \"spec.nodeName['x']\"}}}]}");
        for (Pod pod : List.of(label, version, subscript)) {
            pod.getSpec().setEnableServiceLinks(false);
        }
        // when / then
        assertThat(error(label)).isEqualTo("field label not supported: metadata.foo");
        assertThat(error(version)).isEqualTo("unsupported pod version: v2");
        assertThat(error(subscript)).isEqualTo("field label does not support subscript: spec.nodeName['x']");
    }

    @Test
    void resourceFieldRefsDivideAndRoundUp() {
        // given
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  resources:
                    requests: {cpu: 250m, memory: 32Mi}
                    limits: {cpu: 1250m, memory: 64Mi}
                  env:
                  - {name: REQ_CPU, valueFrom: {resourceFieldRef: {resource: requests.cpu}}}
                  - {name: LIM_CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
                  - {name: REQ_CPU_MILLI, valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: 1m}}}
                  - {name: LIM_MEM, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: "1"}}}
                  - {name: LIM_MEM_MI, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
                  - {name: REQ_MEM_GI, valueFrom: {resourceFieldRef: {resource: requests.memory, divisor: 1Gi}}}
                  - {name: REQ_MEM_K, valueFrom: {resourceFieldRef: {resource: requests.memory, divisor: 1k}}}
                  - {name: REQ_STORAGE, valueFrom: {resourceFieldRef: {resource: requests.ephemeral-storage}}}
                """);
        // when / then: 250m -> 1, 1250m -> 2, 64Mi -> 67108864, 32Mi / 1Gi -> 1, 33554432 / 1000 -> 33555
        assertThat(env(pod)).containsExactly(v("REQ_CPU", "1"), v("LIM_CPU", "2"), v("REQ_CPU_MILLI", "250"),
                v("LIM_MEM", "67108864"), v("LIM_MEM_MI", "64"), v("REQ_MEM_GI", "1"), v("REQ_MEM_K", "33555"),
                v("REQ_STORAGE", "0"));
    }

    @Test
    void anUnsetLimitIsTheNodesAllocatable() {
        // given: allocatable cpu 4, memory 8Gi, ephemeral-storage 100Gi; a zero limit counts as unset
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  resources:
                    limits: {memory: "0"}
                  env:
                  - {name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
                  - {name: MEM_MI, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
                  - {name: STORAGE_GI, valueFrom: {resourceFieldRef: {resource: limits.ephemeral-storage, divisor: 1Gi}}}
                  - {name: SIDE_CPU_MILLI, valueFrom: {resourceFieldRef: {containerName: side, resource: limits.cpu, divisor: 1m}}}
                - name: side
                  resources:
                    limits: {cpu: 500m}
                """);
        // when / then
        assertThat(env(pod)).containsExactly(v("CPU", "4"), v("MEM_MI", "8192"), v("STORAGE_GI", "100"),
                v("SIDE_CPU_MILLI", "500"));
    }

    @Test
    void anInitContainersUnsetLimitIsNotDefaultedForEnvButIsForAVolume() {
        // given: defaultPodLimitsForDownwardAPI defaults spec.containers only; a downwardAPI volume
        // merges allocatable into the named container whatever it is
        Pod pod = pod("""
                enableServiceLinks: false
                initContainers:
                - {name: init, resources: {limits: {memory: 16Mi}}}
                containers:
                - name: app
                  env:
                  - {name: INIT_CPU, valueFrom: {resourceFieldRef: {containerName: init, resource: limits.cpu}}}
                  - {name: INIT_MEM_MI, valueFrom: {resourceFieldRef: {containerName: init, resource: limits.memory, divisor: 1Mi}}}
                """);
        var volumeItem = new io.fabric8.kubernetes.api.model.ResourceFieldSelectorBuilder()
                .withContainerName("init").withResource("limits.cpu").withDivisor(new Quantity("1m")).build();
        // when / then
        assertThat(env(pod)).containsExactly(v("INIT_CPU", "0"), v("INIT_MEM_MI", "16"));
        assertThat(DownwardApi.volumeResourceFieldRef(volumeItem, pod, node.allocatable())).isEqualTo("4000");
    }

    @Test
    void theWholeLabelsMapIsOneGoQuotedLinePerKeySorted() {
        // given: what a downwardAPI volume's labels file holds (fieldpath.FormatMap)
        Pod pod = pod("containers:\n- {name: app}");
        pod.getMetadata().getAnnotations().put("note", "say \"hi\"\nbye");
        // when / then
        assertThat(DownwardApi.metadataField(pod.getMetadata(), "metadata.labels")).isEqualTo("app=\"web\"\ntier=\"front\"");
        assertThat(DownwardApi.metadataField(pod.getMetadata(), "metadata.annotations"))
                .isEqualTo("build=\"42\"\nnote=\"say \\\"hi\\\"\\nbye\"");
    }

    @Test
    void aResourceOfAnUnknownContainerOrKindIsUpstreamsError() {
        // given
        Pod container = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  env: [{name: X, valueFrom: {resourceFieldRef: {containerName: nope, resource: limits.cpu}}}]
                """);
        Pod kind = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  env: [{name: X, valueFrom: {resourceFieldRef: {resource: limits.gpu}}}]
                """);
        // when / then
        assertThat(error(container)).isEqualTo("container nope not found");
        assertThat(error(kind)).isEqualTo("unsupported container resource : limits.gpu");
    }

    // --- service variables --------------------------------------------------------------------------

    @Test
    void aServiceWithTwoNamedPortsGivesEveryVariable() {
        // given
        services.add(service("""
                metadata: {name: my-svc, namespace: shop}
                spec:
                  clusterIP: 10.96.0.11
                  ports:
                  - {name: http, port: 80, protocol: TCP}
                  - {name: metrics-udp, port: 9090, protocol: UDP}
                """));
        Pod pod = pod("containers:\n- {name: app}\nenableServiceLinks: true");
        // when / then
        assertThat(env(pod)).containsExactly(
                v("MY_SVC_SERVICE_HOST", "10.96.0.11"),
                v("MY_SVC_SERVICE_PORT", "80"),
                v("MY_SVC_SERVICE_PORT_HTTP", "80"),
                v("MY_SVC_SERVICE_PORT_METRICS_UDP", "9090"),
                v("MY_SVC_PORT", "tcp://10.96.0.11:80"),
                v("MY_SVC_PORT_80_TCP", "tcp://10.96.0.11:80"),
                v("MY_SVC_PORT_80_TCP_PROTO", "tcp"),
                v("MY_SVC_PORT_80_TCP_PORT", "80"),
                v("MY_SVC_PORT_80_TCP_ADDR", "10.96.0.11"),
                v("MY_SVC_PORT_9090_UDP", "udp://10.96.0.11:9090"),
                v("MY_SVC_PORT_9090_UDP_PROTO", "udp"),
                v("MY_SVC_PORT_9090_UDP_PORT", "9090"),
                v("MY_SVC_PORT_9090_UDP_ADDR", "10.96.0.11"));
    }

    @Test
    void theMasterServiceIsAlwaysThereAndServiceLinksCanBeTurnedOff() {
        // given
        master = service("""
                metadata: {name: kubernetes, namespace: default}
                spec: {clusterIP: 10.96.0.1, ports: [{name: https, port: 443}]}
                """);
        services.add(service("metadata: {name: db, namespace: shop}\nspec: {clusterIP: 10.96.0.20, ports: [{port: 5432}]}"));
        services.add(service("metadata: {name: other-ns, namespace: elsewhere}\nspec: {clusterIP: 10.96.0.30, ports: [{port: 1}]}"));
        Pod linked = pod("containers:\n- {name: app}\nenableServiceLinks: true");
        Pod unlinked = pod("containers:\n- {name: app}\nenableServiceLinks: false");
        List<EnvVar> masterVars = List.of(
                v("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
                v("KUBERNETES_SERVICE_PORT", "443"),
                v("KUBERNETES_SERVICE_PORT_HTTPS", "443"),
                v("KUBERNETES_PORT", "tcp://10.96.0.1:443"),
                v("KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443"),
                v("KUBERNETES_PORT_443_TCP_PROTO", "tcp"),
                v("KUBERNETES_PORT_443_TCP_PORT", "443"),
                v("KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1"));
        List<EnvVar> dbVars = List.of(
                v("DB_SERVICE_HOST", "10.96.0.20"),
                v("DB_SERVICE_PORT", "5432"),
                v("DB_PORT", "tcp://10.96.0.20:5432"),
                v("DB_PORT_5432_TCP", "tcp://10.96.0.20:5432"),
                v("DB_PORT_5432_TCP_PROTO", "tcp"),
                v("DB_PORT_5432_TCP_PORT", "5432"),
                v("DB_PORT_5432_TCP_ADDR", "10.96.0.20"));
        // when / then: Services by name (db before kubernetes); another namespace's never
        List<EnvVar> both = new ArrayList<>(dbVars);
        both.addAll(masterVars);
        assertThat(env(linked)).containsExactlyElementsOf(both);
        assertThat(env(unlinked)).containsExactlyElementsOf(masterVars);
    }

    @Test
    void servicesWithoutAClusterIpGiveNoVariables() {
        // given: headless, ExternalName, and a master Service without an IP
        master = service("metadata: {name: kubernetes, namespace: default}\nspec: {clusterIP: None, ports: [{port: 443}]}");
        services.add(service("metadata: {name: headless, namespace: shop}\nspec: {clusterIP: None, ports: [{port: 80}]}"));
        services.add(service("metadata: {name: ext, namespace: shop}\nspec: {type: ExternalName, externalName: example.com}"));
        Pod pod = pod("containers:\n- {name: app}\nenableServiceLinks: true");
        // when / then
        assertThat(env(pod)).isEmpty();
    }

    @Test
    void aNamespaceServiceNamedKubernetesWinsOverTheMasterOne() {
        // given
        master = service("metadata: {name: kubernetes, namespace: default}\nspec: {clusterIP: 10.96.0.1, ports: [{port: 443}]}");
        services.add(service("metadata: {name: kubernetes, namespace: shop}\nspec: {clusterIP: 10.96.0.99, ports: [{port: 8443}]}"));
        Pod pod = pod("containers:\n- {name: app}\nenableServiceLinks: true");
        // when / then
        assertThat(((Env) build(pod)).asMap()).containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.99")
                .containsEntry("KUBERNETES_PORT", "tcp://10.96.0.99:8443")
                .doesNotContainKey("KUBERNETES_PORT_443_TCP");
    }

    @Test
    void anIpv6ClusterIpIsBracketedInUrls() {
        // given
        services.add(service("metadata: {name: v6, namespace: shop}\nspec: {clusterIP: \"fd00::10\", ports: [{port: 80}]}"));
        Pod pod = pod("containers:\n- {name: app}\nenableServiceLinks: true");
        // when / then
        assertThat(((Env) build(pod)).asMap()).containsEntry("V6_PORT", "tcp://[fd00::10]:80")
                .containsEntry("V6_PORT_80_TCP_ADDR", "fd00::10").containsEntry("V6_SERVICE_HOST", "fd00::10");
    }

    @Test
    void aPodThatSkippedDefaultingHasNoServiceLinksSettingAndFails() {
        // given
        Pod pod = pod("containers:\n- {name: app}");
        // when / then
        assertThat(error(pod)).isEqualTo("nil pod.spec.enableServiceLinks encountered, cannot construct envvars");
    }

    // --- command and args ---------------------------------------------------------------------------

    @Test
    void commandAndArgsExpandAgainstTheFinalEnvironment() {
        // given
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  command: [sh, -c]
                  args: ["echo $(GREETING) $(NAME) $$(NAME) $(UNDEFINED) $NAME"]
                  env:
                  - {name: GREETING, value: hello}
                  - {name: NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                """);
        Container container = pod.getSpec().getContainers().get(0);
        Map<String, String> env = ((Env) build(pod)).asMap();
        // when / then
        assertThat(ContainerEnv.expandCommand(container.getCommand(), env)).containsExactly("sh", "-c");
        assertThat(ContainerEnv.expandCommand(container.getArgs(), env))
                .containsExactly("echo hello web-0 $(NAME) $(UNDEFINED) $NAME");
        assertThat(ContainerEnv.expandCommand(null, env)).isEmpty();
    }

    @Test
    void anExecProbeCommandSeesOnlyTheLiteralEnvValues() {
        // given: errata row 9, ExpandContainerCommandOnlyStatic; a valueFrom variable maps to ""
        Pod pod = pod("""
                containers:
                - name: app
                  env:
                  - {name: FILE, value: /tmp/healthy}
                  - {name: NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                """);
        // when / then
        assertThat(ContainerEnv.expandCommandOnlyStatic(List.of("cat", "$(FILE)", "$(NAME)", "$(OTHER)"),
                pod.getSpec().getContainers().get(0).getEnv())).containsExactly("cat", "/tmp/healthy", "", "$(OTHER)");
    }

    // --- subPathExpr --------------------------------------------------------------------------------

    private static VolumeMount mount(String subPath, String subPathExpr) {
        return new VolumeMountBuilder().withName("data").withMountPath("/data")
                .withSubPath(subPath).withSubPathExpr(subPathExpr).build();
    }

    @Test
    void subPathExprExpandsAgainstTheEnvironment() {
        // given
        Map<String, String> env = Map.of("POD_NAME", "web-0", "NS", "shop");
        // when / then
        assertThat(ContainerEnv.subPath(mount(null, "$(NS)/$(POD_NAME)/logs"), env)).isEqualTo(new SubPath("shop/web-0/logs"));
        assertThat(ContainerEnv.subPath(mount(null, "$$(NS)"), env)).isEqualTo(new SubPath("$(NS)"));
        assertThat(ContainerEnv.subPath(mount("plain/dir", null), env)).isEqualTo(new SubPath("plain/dir"));
        assertThat(ContainerEnv.subPath(mount(null, null), env)).isEqualTo(new SubPath(""));
    }

    @Test
    void anUndefinedOrEmptyVariableInSubPathExprIsAnError() {
        // given
        Map<String, String> env = Map.of("EMPTY", "", "POD_NAME", "web-0");
        // when / then: names sorted, whatever their order in the expression
        assertThat(ContainerEnv.subPath(mount(null, "$(ZED)/$(POD_NAME)/$(EMPTY)/$(ABSENT)"), env))
                .isEqualTo(new ConfigError("missing value for ABSENT, EMPTY, ZED"));
    }

    @Test
    void anAbsoluteSubPathOrOneWithBackstepsIsRefused() {
        // given
        Map<String, String> env = Map.of("ROOT", "/etc", "UP", "..");
        // when / then
        assertThat(ContainerEnv.subPath(mount(null, "$(ROOT)/passwd"), env))
                .isEqualTo(new ConfigError("error SubPath `/etc/passwd` must not be an absolute path"));
        assertThat(ContainerEnv.subPath(mount(null, "logs/$(UP)/secrets"), env))
                .isEqualTo(new ConfigError("unable to provision SubPath `logs/../secrets`: must not contain '..'"));
        assertThat(ContainerEnv.subPath(mount("a/..", null), env))
                .isEqualTo(new ConfigError("unable to provision SubPath `a/..`: must not contain '..'"));
        assertThat(ContainerEnv.subPath(mount("a/..b/c", null), env)).isEqualTo(new SubPath("a/..b/c"));
    }

    // --- generateContainerConfig's order ------------------------------------------------------------

    @Test
    void theConfigHasTheEnvironmentTheExpandedCommandAndTheSubPaths() {
        // given
        Pod pod = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  command: [sh, -c, "echo $(MSG)"]
                  args: [$(POD_NAME)]
                  env:
                  - {name: MSG, value: hi}
                  - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                  volumeMounts:
                  - {name: data, mountPath: /data, subPathExpr: $(POD_NAME)}
                  - {name: data, mountPath: /all}
                """);
        // when
        ContainerEnv.ConfigResult config = ContainerEnv.config(pod, pod.getSpec().getContainers().get(0), lookup, node);
        // then
        assertThat(config).isInstanceOf(ContainerConfig.class);
        ContainerConfig c = (ContainerConfig) config;
        assertThat(c.env().vars()).containsExactly(v("MSG", "hi"), v("POD_NAME", "web-0"));
        assertThat(c.command()).containsExactly("sh", "-c", "echo hi");
        assertThat(c.args()).containsExactly("web-0");
        assertThat(c.subPaths()).containsExactly("web-0", "");
    }

    @Test
    void anEnvironmentErrorComesBeforeAMountErrorAndCarriesTheEventText() {
        // given
        Pod both = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  envFrom: [{configMapRef: {name: app-config}}]
                  volumeMounts: [{name: data, mountPath: /data, subPathExpr: $(NOPE)}]
                """);
        Pod mountOnly = pod("""
                enableServiceLinks: false
                containers:
                - name: app
                  volumeMounts:
                  - {name: data, mountPath: /data, subPath: ok}
                  - {name: data, mountPath: /x, subPathExpr: $(NOPE)}
                  - {name: data, mountPath: /y, subPath: /abs}
                """);
        // when
        ContainerEnv.ConfigResult envFirst = ContainerEnv.config(both, both.getSpec().getContainers().get(0), lookup, node);
        ContainerEnv.ConfigResult mount = ContainerEnv.config(mountOnly, mountOnly.getSpec().getContainers().get(0), lookup, node);
        // then: the waiting reason, and the Warning Failed event startContainer records
        assertThat(envFirst).isEqualTo(new ConfigError("configmap \"app-config\" not found"));
        assertThat(((ConfigError) envFirst).eventMessage()).isEqualTo("Error: configmap \"app-config\" not found");
        assertThat(ConfigError.REASON).isEqualTo("CreateContainerConfigError");
        assertThat(ConfigError.EVENT_REASON).isEqualTo("Failed");
        assertThat(mount).isEqualTo(new ConfigError("missing value for NOPE"));
    }
}
