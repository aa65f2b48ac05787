package dev.peapod.admission;

import dev.peapod.store.Admission;
import dev.peapod.store.ApiException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static dev.peapod.admission.Manifests.created;
import static dev.peapod.admission.Manifests.rejection;
import static dev.peapod.admission.Manifests.updateRejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ValidateConfigMap(Update) and ValidateSecret(Update) (pkg/apis/core/validation/validation.go, v1.33),
 * and the decoder's refusal of base64 that Go cannot read (encoding/base64, transformDecodeError).
 */
class ConfigMapSecretValidationTest {
    private static final String CONFIG_KEY = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
            + "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
    private static final String IMMUTABLE = "Forbidden: field is immutable when `immutable` is set";

    @Test
    void aConfigMapKeyIsAConfigKey() {
        assertThat(rejection(configMap(Map.of("bad key!", "x")))).isEqualTo(
                "ConfigMap \"cfg\" is invalid: data[bad key!]: Invalid value: \"bad key!\": " + CONFIG_KEY);
    }

    @Test
    void anOwnerReferenceNamesItsOwnersVersionKindNameAndUid() {
        // validateOwnerReference: each error at the list's path, no index
        ConfigMap owned = configMap(Map.of());
        owned.getMetadata().setOwnerReferences(java.util.List.of(new io.fabric8.kubernetes.api.model.OwnerReference(
                "a/b/c", null, null, null, null, null), new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion("apps/v1").withKind("Deployment").withName("web").withUid("u1").build()));
        assertThat(rejection(owned)).isEqualTo("ConfigMap \"cfg\" is invalid: ["
                + "metadata.ownerReferences.apiVersion: Invalid value: \"a/b/c\": version must not be empty, "
                + "metadata.ownerReferences.kind: Invalid value: \"\": kind must not be empty, "
                + "metadata.ownerReferences.name: Invalid value: \"\": name must not be empty, "
                + "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty]");
    }

    @Test
    void dotDotIsNotAKey() {
        assertThat(rejection(configMap(Map.of("..data", "x")))).isEqualTo(
                "ConfigMap \"cfg\" is invalid: data[..data]: Invalid value: \"..data\": must not start with '..'");
    }

    @Test
    void aBinaryDataKeyIsAConfigKey() {
        ConfigMap configMap = configMap(Map.of());
        configMap.setBinaryData(Map.of("bad key!", "eA=="));
        assertThat(rejection(configMap)).isEqualTo(
                "ConfigMap \"cfg\" is invalid: binaryData[bad key!]: Invalid value: \"bad key!\": " + CONFIG_KEY);
    }

    @Test
    void aKeyMayNotBeInDataAndBinaryData() {
        ConfigMap configMap = configMap(Map.of("a", "x"));
        configMap.setBinaryData(Map.of("a", "eA=="));
        assertThat(rejection(configMap)).isEqualTo(
                "ConfigMap \"cfg\" is invalid: data[a]: Invalid value: \"a\": duplicate of key present in binaryData");
    }

    @Test
    void aConfigMapHoldsAtMostOneMebibyte() {
        // upstream's path is field.NewPath(""), which prints as "[]"
        assertThat(rejection(configMap(Map.of("a", "x".repeat(1024 * 1024), "b", "y")))).isEqualTo(
                "ConfigMap \"cfg\" is invalid: []: Too long: may not be more than 1048576 bytes");
        created(configMap(Map.of("a", "x".repeat(1024 * 1024))));
    }

    @Test
    void binaryDataThatIsNotBase64IsABadRequest() {
        // given
        ConfigMap configMap = configMap(Map.of());
        configMap.setBinaryData(Map.of("bin", "not base64!"));
        // when / then
        ApiException e = thrown(configMap);
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.reason()).isEqualTo("BadRequest");
        assertThat(e.getMessage()).isEqualTo(
                "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: illegal base64 data at input byte 3");
        assertThat(e.causes()).hasSize(1);
        assertThat(e.causes().get(0)).hasToString(
                "binaryData[bin]: Invalid value: \"not base64!\": illegal base64 data at input byte 3");
    }

    @Test
    void anImmutableConfigMapKeepsItsData() {
        ConfigMap old = configMap(Map.of("a", "1"));
        old.setImmutable(true);
        ConfigMap changed = new ConfigMapBuilder(old).withData(Map.of("a", "2")).build();
        ConfigMap unset = new ConfigMapBuilder(old).withImmutable(false).build();
        assertThat(updateRejection(changed, old)).isEqualTo("ConfigMap \"cfg\" is invalid: data: " + IMMUTABLE);
        assertThat(updateRejection(unset, old)).isEqualTo("ConfigMap \"cfg\" is invalid: immutable: " + IMMUTABLE);
    }

    @Test
    void aSecretValueThatIsNotBase64IsABadRequestNamingTheField() {
        // given: the plain password, not encoded; Go's decoder stops at the incomplete last quantum
        Secret secret = secret("Opaque", Map.of("username", b64("admin"), "password", "admin"));
        // when
        ApiException e = thrown(secret);
        // then
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo(
                "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 4");
        assertThat(e.causes().get(0)).hasToString(
                "data[password]: Invalid value: \"<secret contents redacted>\": illegal base64 data at input byte 4");
    }

    @Test
    void goBase64FindsTheFirstBadByteAsGoDoes() {
        assertThat(GoBase64.corruptAt("admin")).hasValue(4);
        assertThat(GoBase64.corruptAt("ab!d")).hasValue(2);
        assertThat(GoBase64.corruptAt("YQ=")).hasValue(3);
        assertThat(GoBase64.corruptAt("YQ==YQ==")).hasValue(4);
        assertThat(GoBase64.corruptAt("=")).hasValue(0);
        assertThat(GoBase64.corruptAt("YWRt\naW4=")).isEmpty();
        assertThat(GoBase64.decode("YWRtaW4=")).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("admin"));
    }

    @Test
    void aSecretKeyIsAConfigKeyInDataAndStringData() {
        Secret secret = secret("Opaque", Map.of("ok", b64("1")));
        secret.setStringData(Map.of("bad key!", "x"));
        assertThat(rejection(secret)).isEqualTo(
                "Secret \"creds\" is invalid: data[bad key!]: Invalid value: \"bad key!\": " + CONFIG_KEY);
    }

    @Test
    void aSecretHoldsAtMostOneMebibyteDecoded() {
        // 1 MiB + 1 byte once decoded; the base64 text is a third longer
        Secret secret = secret("Opaque", Map.of("big", b64("x".repeat(1024 * 1024 + 1))));
        assertThat(rejection(secret)).isEqualTo(
                "Secret \"creds\" is invalid: data: Too long: may not be more than 1048576 bytes");
    }

    @Test
    void aTlsSecretNeedsACertificateAndAKey() {
        assertThat(rejection(secret("kubernetes.io/tls", Map.of()))).isEqualTo(
                "Secret \"creds\" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]");
        created(secret("kubernetes.io/tls", Map.of("tls.crt", b64("c"), "tls.key", b64("k"))));
    }

    @Test
    void aDockerConfigJsonSecretNeedsJson() {
        assertThat(rejection(secret("kubernetes.io/dockerconfigjson", Map.of()))).isEqualTo(
                "Secret \"creds\" is invalid: data[.dockerconfigjson]: Required value");
        assertThat(rejection(secret("kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson", b64("hello")))))
                .isEqualTo("Secret \"creds\" is invalid: data[.dockerconfigjson]: Invalid value: "
                        + "\"<secret contents redacted>\": invalid character 'h' looking for beginning of value");
        assertThat(rejection(secret("kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson", b64("[1]")))))
                .isEqualTo("Secret \"creds\" is invalid: data[.dockerconfigjson]: Invalid value: "
                        + "\"<secret contents redacted>\": json: cannot unmarshal array into Go value of type map[string]interface {}");
        created(secret("kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson", b64("{\"auths\":{}}"))));
    }

    @Test
    void basicAuthSshAndServiceAccountTokenSecretsNeedTheirKeys() {
        assertThat(rejection(secret("kubernetes.io/basic-auth", Map.of()))).isEqualTo(
                "Secret \"creds\" is invalid: [data[username]: Required value, data[password]: Required value]");
        assertThat(rejection(secret("kubernetes.io/ssh-auth", Map.of()))).isEqualTo(
                "Secret \"creds\" is invalid: data[ssh-privatekey]: Required value");
        assertThat(rejection(secret("kubernetes.io/service-account-token", Map.of()))).isEqualTo(
                "Secret \"creds\" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value");
    }

    @Test
    void anEmptyTypeIsOpaque() {
        assertThat(created(secret(null, Map.of())).getType()).isEqualTo("Opaque");
    }

    @Test
    void aSecretKeepsItsTypeAndAnImmutableSecretItsData() {
        Secret old = created(secret("Opaque", Map.of("a", b64("1"))));
        old.setImmutable(true);
        Secret retyped = new SecretBuilder(old).withType("example.com/custom").build();
        Secret changed = new SecretBuilder(old).withData(Map.of("a", b64("2"))).build();
        Secret sameBytes = new SecretBuilder(old).withData(null).withStringData(Map.of("a", "1")).build();
        assertThat(updateRejection(retyped, old)).isEqualTo(
                "Secret \"creds\" is invalid: type: Invalid value: \"example.com/custom\": field is immutable");
        assertThat(updateRejection(changed, old)).isEqualTo("Secret \"creds\" is invalid: data: " + IMMUTABLE);
        new ApiAdmission().admit(Admission.Operation.UPDATE, sameBytes, old);
    }

    private static ApiException thrown(Object object) {
        ApiException[] e = new ApiException[1];
        assertThatThrownBy(() -> created((io.fabric8.kubernetes.api.model.HasMetadata) object))
                .isInstanceOfSatisfying(ApiException.class, x -> e[0] = x);
        return e[0];
    }

    private static ConfigMap configMap(Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace("default").endMetadata()
                .withData(data).build();
    }

    private static Secret secret(String type, Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName("creds").withNamespace("default").endMetadata()
                .withType(type).withData(new java.util.TreeMap<>(data)).build();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
