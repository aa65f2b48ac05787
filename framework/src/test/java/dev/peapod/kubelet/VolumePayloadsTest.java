package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import static dev.peapod.kubelet.VolumeListing.list;
import static dev.peapod.kubelet.VolumeListing.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * configMap, secret and projected volume payloads and the kubelet's errors
 * (kubernetes: pkg/volume/configmap/configmap_test.go, secret_test.go, projected_test.go).
 */
class VolumePayloadsTest {
    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName("web").withUid("11111111-2222-3333-4444-555555555555")
                .endMetadata().withNewSpec().withServiceAccountName("default")
                .addNewContainer().withName("app").withImage("busybox").endContainer().endSpec().build();
    }

    private static ConfigMap configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName(name).endMetadata().withData(data).build();
    }

    private static Secret secret(String name, Map<String, String> plain) {
        Map<String, String> data = new TreeMap<>();
        plain.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder().withNewMetadata().withNamespace("ns").withName(name).endMetadata().withData(data).build();
    }

    private static VolumePayloads.Context context(List<ConfigMap> configMaps, List<Secret> secrets) {
        Map<String, ConfigMap> cms = new TreeMap<>();
        configMaps.forEach(c -> cms.put("ns/" + c.getMetadata().getName(), c));
        Map<String, Secret> ss = new TreeMap<>();
        secrets.forEach(s -> ss.put("ns/" + s.getMetadata().getName(), s));
        return new VolumePayloads.Context(VolumeObjects.of(cms, ss), Map.of("cpu", "4", "memory", "8Gi"), "kind-worker", T0);
    }

    private static Map<String, String> texts(Map<String, FileProjection> payload) {
        Map<String, String> out = new TreeMap<>();
        payload.forEach((k, v) -> out.put(k, new String(v.data(), StandardCharsets.UTF_8) + " (0" + Integer.toOctalString(v.mode()) + ")"));
        return out;
    }

    private static KeyToPath item(String key, String path, Integer mode) {
        return new io.fabric8.kubernetes.api.model.KeyToPathBuilder().withKey(key).withPath(path).withMode(mode).build();
    }

    @Test
    void aConfigMapVolumeHoldsEveryKeyOfDataAndBinaryDataWithTheDefaultMode() {
        // given
        ConfigMap cm = configMap("game", Map.of("ui.properties", "color=blue\n", "lives", "3"));
        cm.setBinaryData(Map.of("logo.bin", Base64.getEncoder().encodeToString(new byte[] {1, 2})));
        // when
        SortedMap<String, FileProjection> payload = VolumePayloads.configMap(null, cm, 0644, false);
        // then
        assertThat(payload.keySet()).containsExactly("lives", "logo.bin", "ui.properties");
        assertThat(payload.get("logo.bin")).isEqualTo(new FileProjection(new byte[] {1, 2}, 0644));
        assertThat(texts(payload)).containsEntry("ui.properties", "color=blue\n (0644)").containsEntry("lives", "3 (0644)");
    }

    @Test
    void itemsChooseKeysPathsAndModes() {
        // given
        ConfigMap cm = configMap("game", Map.of("a", "1", "b", "2", "c", "3"));
        List<KeyToPath> items = List.of(item("a", "conf/a.txt", null), item("b", "b.txt", 0400));
        // when
        SortedMap<String, FileProjection> payload = VolumePayloads.configMap(items, cm, 0644, false);
        // then
        assertThat(texts(payload)).isEqualTo(Map.of("conf/a.txt", "1 (0644)", "b.txt", "2 (0400)"));
    }

    @Test
    void aMissingItemKeyFailsUnlessTheVolumeIsOptional() {
        // given
        ConfigMap cm = configMap("game", Map.of("a", "1"));
        List<KeyToPath> items = List.of(item("a", "a", null), item("nope", "n", null));
        // when / then
        assertThatThrownBy(() -> VolumePayloads.configMap(items, cm, 0644, false))
                .isInstanceOf(VolumeSetupException.class).hasMessage("configmap references non-existent config key: nope");
        assertThat(VolumePayloads.configMap(items, cm, 0644, true).keySet()).containsExactly("a");
    }

    @Test
    void aMissingConfigMapGivesTheKubeletsNotFoundErrorAndTheFailedMountEventText() {
        // given
        Volume volume = new VolumeBuilder().withName("config-volume").withNewConfigMap().withName("app-config")
                .withDefaultMode(0644).endConfigMap().build();
        // when / then
        assertThatThrownBy(() -> VolumePayloads.payload(pod(), volume, context(List.of(), List.of())))
                .isInstanceOf(VolumeSetupException.class)
                .hasMessage("configmap \"app-config\" not found")
                .satisfies(e -> assertThat(VolumePayloads.failedMountMessage("config-volume", e.getMessage()))
                        .isEqualTo("MountVolume.SetUp failed for volume \"config-volume\" : configmap \"app-config\" not found"));
        assertThat(VolumePayloads.FAILED_MOUNT).isEqualTo("FailedMount");
    }

    @Test
    void aMissingOptionalConfigMapOrSecretGivesAnEmptyVolume() {
        // given
        Volume cm = new VolumeBuilder().withName("c").withNewConfigMap().withName("absent").withOptional(true)
                .withDefaultMode(0644).withItems(item("k", "k", null)).endConfigMap().build();
        Volume s = new VolumeBuilder().withName("s").withNewSecret().withSecretName("absent").withOptional(true)
                .withDefaultMode(0644).endSecret().build();
        // when / then
        assertThat(VolumePayloads.payload(pod(), cm, context(List.of(), List.of()))).hasValue(new TreeMap<>());
        assertThat(VolumePayloads.payload(pod(), s, context(List.of(), List.of()))).hasValue(new TreeMap<>());
    }

    @Test
    void aSecretVolumeHoldsTheDecodedBytesAndStringDataWins() {
        // given
        Secret s = secret("creds", Map.of("user", "admin", "pass", "old"));
        s.setStringData(Map.of("pass", "1f2d1e2e67df"));
        Volume volume = new VolumeBuilder().withName("secret-volume").withNewSecret().withSecretName("creds")
                .withDefaultMode(0400).endSecret().build();
        // when
        SortedMap<String, FileProjection> payload = VolumePayloads.payload(pod(), volume, context(List.of(), List.of(s))).orElseThrow();
        // then
        assertThat(texts(payload)).isEqualTo(Map.of("pass", "1f2d1e2e67df (0400)", "user", "admin (0400)"));
    }

    @Test
    void aMissingSecretOrSecretKeyGivesTheKubeletsErrors() {
        // given
        Volume absent = new VolumeBuilder().withName("v").withNewSecret().withSecretName("creds").withDefaultMode(0644).endSecret().build();
        Volume badKey = new VolumeBuilder().withName("v").withNewSecret().withSecretName("creds").withDefaultMode(0644)
                .withItems(item("token", "t", null)).endSecret().build();
        // when / then
        assertThatThrownBy(() -> VolumePayloads.payload(pod(), absent, context(List.of(), List.of())))
                .hasMessage("secret \"creds\" not found");
        assertThatThrownBy(() -> VolumePayloads.payload(pod(), badKey, context(List.of(), List.of(secret("creds", Map.of("user", "u"))))))
                .hasMessage("references non-existent secret key: token");
    }

    @Test
    void otherVolumeKindsHaveNoPayload() {
        Volume emptyDir = new VolumeBuilder().withName("cache").withNewEmptyDir().endEmptyDir().build();
        assertThat(VolumePayloads.payload(pod(), emptyDir, context(List.of(), List.of()))).isEmpty();
    }

    @Test
    void theDocsProjectedSecretVolumeHoldsUserAndPassAndLaterSourcesWin() {
        // given: kubernetes.io/docs/tasks/configure-pod-container/configure-projected-volume-storage/
        Volume volume = new VolumeBuilder().withName("all-in-one").withNewProjected().withDefaultMode(0644)
                .addNewSource().withNewSecret().withName("user").endSecret().endSource()
                .addNewSource().withNewSecret().withName("pass").endSecret().endSource()
                .addNewSource().withNewConfigMap().withName("over").withItems(item("x", "user", 0600)).endConfigMap().endSource()
                .endProjected().build();
        VolumePayloads.Context ctx = context(List.of(configMap("over", Map.of("x", "replaced"))),
                List.of(secret("user", Map.of("user", "admin")), secret("pass", Map.of("pass", "1f2d1e2e67df"))));
        // when
        SortedMap<String, FileProjection> payload = VolumePayloads.payload(pod(), volume, ctx).orElseThrow();
        // then
        assertThat(texts(payload)).isEqualTo(Map.of("pass", "1f2d1e2e67df (0644)", "user", "replaced (0600)"));
    }

    @Test
    void aProjectedVolumeReportsEverySourcesErrorTogether() {
        // given
        Volume volume = new VolumeBuilder().withName("all-in-one").withNewProjected().withDefaultMode(0644)
                .addNewSource().withNewSecret().withName("user").endSecret().endSource()
                .addNewSource().withNewConfigMap().withName("cfg").endConfigMap().endSource()
                .addNewSource().withNewSecret().withName("user").endSecret().endSource()
                .endProjected().build();
        // when / then: the aggregate drops the repeated message
        assertThatThrownBy(() -> VolumePayloads.payload(pod(), volume, context(List.of(), List.of())))
                .hasMessage("[secret \"user\" not found, configmap \"cfg\" not found]");
    }

    @Test
    void theKubeApiAccessVolumeHoldsATokenTheCaAndTheNamespace() throws IOException {
        // given: the ServiceAccount admission plugin's volume (plugin/pkg/admission/serviceaccount/admission.go, TokenVolumeSource)
        Volume volume = kubeApiAccess();
        VolumePayloads.Context ctx = new VolumePayloads.Context(VolumeObjects.none().withPublishedRootCa(), Map.of(), "kind-worker", T0);
        // when
        SortedMap<String, FileProjection> payload = VolumePayloads.payload(pod(), volume, ctx).orElseThrow();
        Path dir = Files.createDirectories(VolumeListing.jimfs().getPath("/run/secrets/kubernetes.io/serviceaccount"));
        new AtomicWriter(dir).write(payload, T0, new Random(3));
        // then
        String ts = "..2025_03_04_05_06_07." + Integer.toUnsignedString(new Random(3).nextInt());
        assertThat(list(dir)).isEqualTo(""
                + "drwxr-xr-x " + ts + "\n"
                + "-rw-r--r-- " + ts + "/ca.crt\n"
                + "-rw-r--r-- " + ts + "/namespace\n"
                + "-rw-r--r-- " + ts + "/token\n"
                + "lrwxrwxrwx ..data -> " + ts + "\n"
                + "lrwxrwxrwx ca.crt -> ..data/ca.crt\n"
                + "lrwxrwxrwx namespace -> ..data/namespace\n"
                + "lrwxrwxrwx token -> ..data/token\n");
        assertThat(read(dir.resolve("namespace"))).isEqualTo("ns");
        assertThat(read(dir.resolve("ca.crt"))).isEqualTo(VolumeObjects.FAKE_CA_CRT).startsWith("-----BEGIN CERTIFICATE-----\n")
                .endsWith("\n-----END CERTIFICATE-----\n");
        assertThat(read(dir.resolve("token"))).isEqualTo(ServiceAccountToken.token("ns", "default", "web",
                "11111111-2222-3333-4444-555555555555", "kind-worker", null, 3607, T0));
    }

    @Test
    void withoutThePublishedRootCaTheKubeApiAccessVolumeWaitsForKubeRootCaCrt() {
        VolumePayloads.Context ctx = new VolumePayloads.Context(VolumeObjects.none(), Map.of(), "kind-worker", T0);
        assertThatThrownBy(() -> VolumePayloads.payload(pod(), kubeApiAccess(), ctx))
                .hasMessage("configmap \"kube-root-ca.crt\" not found");
    }

    @Test
    void aTokenIsOwnerOnlyWhenThePodSetsAnFsGroupOrOneRunAsUser() {
        // given
        Pod pod = pod();
        pod.getSpec().setSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder().withRunAsUser(1000L).build());
        VolumePayloads.Context ctx = new VolumePayloads.Context(VolumeObjects.none().withPublishedRootCa(), Map.of(), "kind-worker", T0);
        // when
        SortedMap<String, FileProjection> payload = VolumePayloads.payload(pod, kubeApiAccess(), ctx).orElseThrow();
        // then
        assertThat(payload.get("token").mode()).isEqualTo(0600);
        assertThat(payload.get("token").fsUser()).isEqualTo(1000L);
        assertThat(payload.get("namespace").mode()).isEqualTo(0644);
    }

    @Test
    void aTokenIsAJwtWithTheClaimsOfABoundTokenInGoJosesKeyOrder() {
        // when
        String token = ServiceAccountToken.token("ns", "default", "web", "pod-uid", "kind-worker", null, 3607, T0);
        // then
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        Base64.Decoder decoder = Base64.getUrlDecoder();
        assertThat(new String(decoder.decode(parts[0]), StandardCharsets.UTF_8)).isEqualTo("{\"alg\":\"RS256\",\"kid\":\"peapod\"}");
        long iat = T0.getEpochSecond();
        assertThat(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8)).matches(
                "\\{\"aud\":\\[\"https://kubernetes.default.svc.cluster.local\"],\"exp\":" + (iat + 31_536_000) + ",\"iat\":" + iat
                + ",\"iss\":\"https://kubernetes.default.svc.cluster.local\",\"jti\":\"[0-9a-f-]{36}\""
                + ",\"kubernetes.io\":\\{\"namespace\":\"ns\",\"node\":\\{\"name\":\"kind-worker\",\"uid\":\"[0-9a-f-]{36}\"}"
                + ",\"pod\":\\{\"name\":\"web\",\"uid\":\"pod-uid\"},\"serviceaccount\":\\{\"name\":\"default\",\"uid\":\"[0-9a-f-]{36}\"}"
                + ",\"warnafter\":" + (iat + 3607) + "},\"nbf\":" + iat + ",\"sub\":\"system:serviceaccount:ns:default\"}");
        assertThat(ServiceAccountToken.token("ns", "default", "web", "pod-uid", "kind-worker", "vault", 600, T0))
                .satisfies(t -> assertThat(new String(decoder.decode(t.split("\\.")[1]), StandardCharsets.UTF_8))
                        .startsWith("{\"aud\":[\"vault\"],\"exp\":" + (iat + 600) + ",").doesNotContain("warnafter"));
    }

    @Test
    void setUpMakesAWorldWritableVolumeDirectoryAndRewritesOnlyWhenTheBytesChange() throws IOException {
        // given
        Path dir = VolumeListing.jimfs().getPath("/var/lib/kubelet/pods/uid/volumes/kubernetes.io~configmap/config");
        Volume volume = new VolumeBuilder().withName("config").withNewConfigMap().withName("game").withDefaultMode(0644)
                .endConfigMap().build();
        VolumePayloads.Context ctx = context(List.of(configMap("game", Map.of("lives", "3"))), List.of());
        // when
        var first = VolumePayloads.setUp(dir, pod(), volume, ctx, new Random(1));
        var again = VolumePayloads.setUp(dir, pod(), volume, ctx, new Random(2));
        // then
        assertThat(first).hasValue(true);
        assertThat(again).hasValue(false);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxrwxrwx");
        assertThat(read(dir.resolve("lives"))).isEqualTo("3");
    }

    @Test
    void aRewriteNamesItsDirectoryAfterTheWriteAndKeepsTheTokenOfTheFirstMount() throws IOException {
        // given: the kube-api-access volume mounted at T0, then its ca.crt changed and written again 10 minutes later
        Path dir = VolumeListing.jimfs().getPath("/var/lib/kubelet/pods/uid/volumes/kubernetes.io~projected/kube-api-access");
        VolumePayloads.setUp(dir, pod(), kubeApiAccess(),
                new VolumePayloads.Context(VolumeObjects.none().withPublishedRootCa(), Map.of(), "kind-worker", T0), new Random(1));
        Instant later = T0.plusSeconds(600);
        Map<String, ConfigMap> rotated = new TreeMap<>(Map.of("ns/kube-root-ca.crt",
                configMap("kube-root-ca.crt", Map.of("ca.crt", "rotated"))));
        VolumePayloads.Context rewrite = new VolumePayloads.Context(VolumeObjects.of(rotated, Map.of()), Map.of(), "kind-worker",
                later, T0);
        // when
        var written = VolumePayloads.setUp(dir, pod(), kubeApiAccess(), rewrite, new Random(2));
        // then: the new directory is named after the write (atomic_writer.go newTimestampDir: time.Now().UTC()), the
        // old one is gone (Write's last step), and the token is still the one issued at the first mount
        String ts = "..2025_03_04_05_16_07." + Integer.toUnsignedString(new Random(2).nextInt());
        assertThat(written).hasValue(true);
        assertThat(list(dir)).isEqualTo(""
                + "drwxr-xr-x " + ts + "\n"
                + "-rw-r--r-- " + ts + "/ca.crt\n"
                + "-rw-r--r-- " + ts + "/namespace\n"
                + "-rw-r--r-- " + ts + "/token\n"
                + "lrwxrwxrwx ..data -> " + ts + "\n"
                + "lrwxrwxrwx ca.crt -> ..data/ca.crt\n"
                + "lrwxrwxrwx namespace -> ..data/namespace\n"
                + "lrwxrwxrwx token -> ..data/token\n");
        assertThat(read(dir.resolve("ca.crt"))).isEqualTo("rotated");
        assertThat(read(dir.resolve("token"))).isEqualTo(ServiceAccountToken.token("ns", "default", "web",
                "11111111-2222-3333-4444-555555555555", "kind-worker", null, 3607, T0));
    }

    @Test
    void aFailedSetUpMakesNoDirectory() {
        Path dir = VolumeListing.jimfs().getPath("/vol/config");
        Volume volume = new VolumeBuilder().withName("config").withNewConfigMap().withName("game").withDefaultMode(0644)
                .endConfigMap().build();
        assertThatThrownBy(() -> VolumePayloads.setUp(dir, pod(), volume, context(List.of(), List.of()), new Random(1)))
                .hasMessage("configmap \"game\" not found");
        assertThat(dir).doesNotExist();
    }

    @Test
    void failedMountsAreRetriedAfterHalfASecondDoublingToTwoMinutesTwoSeconds() {
        assertThat(List.of(1, 2, 3, 4, 8, 9, 10, 50).stream().map(VolumePayloads::mountRetryDelay).map(java.time.Duration::toMillis).toList())
                .containsExactly(500L, 1000L, 2000L, 4000L, 64_000L, 122_000L, 122_000L, 122_000L);
    }

    @Test
    void anFsGroupAddsGroupReadToEveryFileAsSetVolumeOwnershipDoes() throws IOException {
        // given: a 0400 secret and the kube-api-access volume in a pod with fsGroup 2000
        Pod pod = pod();
        pod.getSpec().setSecurityContext(new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder().withFsGroup(2000L).build());
        Volume secretVolume = new VolumeBuilder().withName("s").withNewSecret().withSecretName("creds").withDefaultMode(0400)
                .endSecret().build();
        VolumePayloads.Context ctx = new VolumePayloads.Context(
                VolumeObjects.of(Map.of(), Map.of("ns/creds", secret("creds", Map.of("pass", "x")))).withPublishedRootCa(),
                Map.of(), "kind-worker", T0);
        java.nio.file.FileSystem fs = VolumeListing.jimfs();
        // when
        VolumePayloads.setUp(fs.getPath("/s"), pod, secretVolume, ctx, new Random(1));
        VolumePayloads.setUp(fs.getPath("/t"), pod, kubeApiAccess(), ctx, new Random(1));
        // then
        String ts = "..2025_03_04_05_06_07." + Integer.toUnsignedString(new Random(1).nextInt());
        assertThat(list(fs.getPath("/s"))).contains("-r--r----- " + ts + "/pass\n", "drwxr-xr-x " + ts + "\n");
        assertThat(list(fs.getPath("/t"))).contains("-rw-r----- " + ts + "/token\n", "-rw-r--r-- " + ts + "/ca.crt\n");
    }

    private static Volume kubeApiAccess() {
        return new VolumeBuilder().withName("kube-api-access-x7k2p").withNewProjected().withDefaultMode(0644)
                .addNewSource().withNewServiceAccountToken().withPath("token").withExpirationSeconds(3607L).endServiceAccountToken().endSource()
                .addNewSource().withNewConfigMap().withName("kube-root-ca.crt").withItems(item("ca.crt", "ca.crt", null)).endConfigMap().endSource()
                .addNewSource().withNewDownwardAPI().addNewItem().withPath("namespace").withNewFieldRef("v1", "metadata.namespace").endItem()
                .endDownwardAPI().endSource()
                .endProjected().build();
    }
}
