package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLHandshakeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code cluster.serveHttps()}: the HTTP API over TLS with a self-signed certificate the client and the kubeconfig trust. */
@Timeout(60)
class HttpsTest {
    private FakeCluster cluster;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1").serveHttps();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void theClientSpeaksTlsToTheClusterForRequestsAndWatches() {
        // given
        KubernetesClient client = cluster.client();
        List<String> seen = new CopyOnWriteArrayList<>();
        Watch watch = client.configMaps().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                seen.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        // when
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("mode", "fast").build()).create();
        // then
        assertThat(client.getMasterUrl().toString()).matches("https://127\\.0\\.0\\.1:\\d+/");
        assertThat(client.configMaps().withName("settings").get().getData()).containsEntry("mode", "fast");
        await("the watch event over TLS").atMost(Duration.ofSeconds(20)).until(() -> seen.contains("ADDED settings"));
        watch.close();
    }

    @Test
    void theKubeconfigCarriesTheServersSelfSignedCertificateFor127001() throws Exception {
        // when
        String kubeconfig = Files.readString(cluster.kubeconfig());
        // then
        assertThat(kubeconfig).contains("server: https://127.0.0.1:");
        Matcher data = Pattern.compile("\n    certificate-authority-data: ([A-Za-z0-9+/=]+)\n").matcher(kubeconfig);
        assertThat(data.find()).as(kubeconfig).isTrue();
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(data.group(1))));
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=peapod-apiserver");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
        certificate.verify(certificate.getPublicKey()); // self-signed: its own CA
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateOrSpeaksPlainHttpIsNotServed() {
        // given
        String url = cluster.client().getMasterUrl().toString();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // then: the JDK's default trust store does not hold the cluster's certificate
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(url + "api/v1")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        // and: plain HTTP to the TLS port gets no answer
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(url.replace("https://", "http://") + "api/v1")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void httpsIsRefusedOnceTheServerRunsOverPlainHttp() {
        try (FakeCluster plain = FakeCluster.withNodes("node-1")) {
            // given
            String url = plain.client().getMasterUrl().toString();
            // then
            assertThatThrownBy(plain::serveHttps).isInstanceOf(PeapodException.class)
                    .hasMessage("the cluster's HTTP API already serves plain HTTP at " + url.replaceAll("/$", "")
                            + " (client() or kubeconfig() started it): call serveHttps() before them");
        }
    }
}
