package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;

import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The ConfigMaps and Secrets volumes refer to, as the kubelet's configmap and secret managers
 * hand them out (kubernetes: pkg/kubelet/configmap/configmap_manager.go,
 * pkg/kubelet/secret/secret_manager.go). The kubelet reads them from the store; tests pass maps.
 */
interface VolumeObjects {
    /** The name of the ConfigMap every namespace holds the cluster's CA in (kube-api-access-* volumes read it). */
    String ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";

    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);

    /**
     * The resourceVersion of a ConfigMap ("" when it has none), null when there is none: what a payload
     * volume's fingerprint reads at each sync period, so the store's implementation reads it without a copy.
     */
    default String configMapVersion(String namespace, String name) {
        return configMap(namespace, name).map(VolumeObjects::resourceVersion).orElse(null);
    }

    /** As {@link #configMapVersion}, for a Secret. */
    default String secretVersion(String namespace, String name) {
        return secret(namespace, name).map(VolumeObjects::resourceVersion).orElse(null);
    }

    private static String resourceVersion(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return object.getMetadata().getResourceVersion() == null ? "" : object.getMetadata().getResourceVersion();
    }

    /** A PersistentVolumeClaim, as the kubelet's volume manager reads it through the API server; none by default. */
    default Optional<io.fabric8.kubernetes.api.model.PersistentVolumeClaim> claim(String namespace, String name) {
        return Optional.empty();
    }

    /** A PersistentVolume; none by default. */
    default Optional<io.fabric8.kubernetes.api.model.PersistentVolume> volume(String name) {
        return Optional.empty();
    }

    /** No objects at all. */
    static VolumeObjects none() {
        return of(Map.of(), Map.of());
    }

    /** Objects keyed by {@code namespace/name}. */
    static VolumeObjects of(Map<String, ConfigMap> configMaps, Map<String, Secret> secrets) {
        return new VolumeObjects() {
            @Override
            public Optional<ConfigMap> configMap(String namespace, String name) {
                return Optional.ofNullable(configMaps.get(namespace + "/" + name));
            }

            @Override
            public Optional<Secret> secret(String namespace, String name) {
                return Optional.ofNullable(secrets.get(namespace + "/" + name));
            }
        };
    }

    /**
     * These objects plus a {@code kube-root-ca.crt} ConfigMap in every namespace that has none, as
     * upstream's root-ca-cert-publisher controller (pkg/controller/certificates/rootcacertpublisher)
     * keeps one in every namespace. Peapod runs no such controller and has no CA, so the
     * certificate is {@link #FAKE_CA_CRT}: PEM-shaped, not a certificate.
     */
    default VolumeObjects withPublishedRootCa() {
        VolumeObjects inner = this;
        return new VolumeObjects() {
            @Override
            public Optional<ConfigMap> configMap(String namespace, String name) {
                Optional<ConfigMap> stored = inner.configMap(namespace, name);
                if (stored.isPresent() || !ROOT_CA_CONFIG_MAP.equals(name)) {
                    return stored;
                }
                return Optional.of(new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                        .endMetadata().withData(Map.of("ca.crt", FAKE_CA_CRT)).build());
            }

            @Override
            public String configMapVersion(String namespace, String name) {
                String stored = inner.configMapVersion(namespace, name);
                return stored != null || !ROOT_CA_CONFIG_MAP.equals(name) ? stored : ""; // the published one has none
            }

            @Override
            public Optional<Secret> secret(String namespace, String name) {
                return inner.secret(namespace, name);
            }

            @Override
            public String secretVersion(String namespace, String name) {
                return inner.secretVersion(namespace, name);
            }

            @Override
            public Optional<io.fabric8.kubernetes.api.model.PersistentVolumeClaim> claim(String namespace, String name) {
                return inner.claim(namespace, name);
            }

            @Override
            public Optional<io.fabric8.kubernetes.api.model.PersistentVolume> volume(String name) {
                return inner.volume(name);
            }
        };
    }

    /** The fake cluster CA of {@link #withPublishedRootCa()}: a PEM block whose body says what it is. */
    String FAKE_CA_CRT = "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                    "Peapod's fake cluster CA: not a certificate. Peapod runs no API server TLS.".getBytes(StandardCharsets.US_ASCII))
            + "\n-----END CERTIFICATE-----\n";
}
