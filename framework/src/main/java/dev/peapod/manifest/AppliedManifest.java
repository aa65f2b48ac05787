package dev.peapod.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One object a test applied, as the API server stored it at that moment: after defaulting and
 * admission, before controllers and kubelets changed it. The report shows these as "the manifests as applied".
 *
 * @param source the manifest file as the test named it ({@code manifests/web.yaml}, {@code inline YAML}),
 *               or null for an object built in Java
 * @param object the stored object
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record AppliedManifest(String source, HasMetadata object) {
    public AppliedManifest {
        Objects.requireNonNull(object, "object");
    }
}
