package dev.peapod.admission;

import dev.peapod.manifest.ManifestException;
import dev.peapod.manifest.Manifests;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.VirtualClock;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a manifest author sees when a Service or Secret breaks a rule: the file, the document, the line, upstream's words. */
class CoreKindsManifestTest {
    @Test
    void aSecretValueThatIsNotBase64IsPlacedAtItsLine() {
        // given
        String yaml = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: creds
                data:
                  username: YWRtaW4=
                  password: admin
                """;
        ObjectStore store = store();
        // when
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> Manifests.apply(store, Manifests.parse(yaml, "secret.yaml")));
        // then
        assertThat(e).hasMessage("""
                secret.yaml, document 1 (Secret creds), line 7:
                  data[password]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 4
                nothing was applied""");
        assertThat(store.list(Secret.class)).isEmpty();
    }

    @Test
    void aServicePortOutOfRangeIsPlacedAtItsLine() {
        // given
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  selector:
                    app: web
                  ports:
                    - port: -80
                      targetPort: 8080
                """;
        ObjectStore store = store();
        // when
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> Manifests.apply(store, Manifests.parse(yaml, "web.yaml")));
        // then
        assertThat(e).hasMessage("""
                web.yaml, document 1 (Service web), line 9:
                  spec.ports[0].port: Invalid value: -80: must be between 1 and 65535, inclusive
                nothing was applied""");
        assertThat(store.list(Service.class)).isEmpty();
    }

    private static ObjectStore store() {
        return new ObjectStore(new VirtualClock(VirtualClock.DEFAULT_START), new Random(1), new ApiAdmission());
    }
}
