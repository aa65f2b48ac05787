package dev.peapod.allure;

import dev.peapod.FakeCluster;
import dev.peapod.manifest.AppliedManifest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps Secret values out of the report, twice over.
 *
 * <ol>
 *   <li>A Secret shown in the report has every {@code data} and {@code stringData} value replaced by
 *       {@code <redacted: N bytes>} (what {@code kubectl describe secret} shows instead of a value), and its
 *       {@code kubectl.kubernetes.io/last-applied-configuration} annotation, which repeats the values, by
 *       {@code <redacted>}. An env var from a {@code secretKeyRef} is a reference in the pod spec: no value.</li>
 *   <li>Every text the report attaches (tables, events, timeline, picture, manifests) is scrubbed of every
 *       Secret value the cluster held or the test applied, decoded and base64-encoded, so that a value a
 *       container printed, a probe answered or an event quoted does not reach the report either. Values
 *       shorter than {@value #SHORTEST} characters are not scrubbed from free text (they would blank unrelated
 *       words); the Secret objects themselves are always redacted.</li>
 * </ol>
 */
final class Redaction {
    static final int SHORTEST = 4;
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private final Set<String> values;

    private Redaction(Set<String> values) {
        this.values = values;
    }

    /** The Secret values of this cluster: every Secret it holds now and every Secret the test applied. */
    static Redaction of(FakeCluster cluster) {
        Set<String> found = new LinkedHashSet<>();
        cluster.context().store().list(Secret.class).forEach(s -> collect(s, found));
        cluster.appliedManifests().stream().map(AppliedManifest::object)
                .filter(Secret.class::isInstance).forEach(s -> collect((Secret) s, found));
        // longest first, so that a value containing another is replaced whole
        Set<String> sorted = new LinkedHashSet<>();
        found.stream().filter(v -> v.length() >= SHORTEST).sorted(Comparator.comparingInt(String::length).reversed())
                .forEach(sorted::add);
        return new Redaction(sorted);
    }

    private static void collect(Secret secret, Set<String> found) {
        if (secret.getData() != null) {
            secret.getData().values().forEach(encoded -> {
                if (encoded == null) {
                    return;
                }
                found.add(encoded);
                try {
                    found.add(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException notBase64) {
                    // the API server refuses such data; nothing to decode
                }
            });
        }
        if (secret.getStringData() != null) {
            secret.getStringData().values().forEach(value -> {
                if (value != null) {
                    found.add(value);
                    found.add(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
                }
            });
        }
    }

    /** The text with every Secret value of the cluster replaced by {@code <redacted>}. */
    String scrub(String text) {
        String out = text;
        for (String value : values) {
            out = out.replace(value, "<redacted>");
        }
        return out;
    }

    /** A copy of the object fit for the report: a Secret's values redacted; managedFields dropped from every object. */
    static HasMetadata forReport(HasMetadata object) {
        HasMetadata copy = Serialization.clone(object);
        if (copy.getMetadata() != null) {
            copy.getMetadata().setManagedFields(null);
        }
        if (copy instanceof Secret secret) {
            secret.setData(redacted(secret.getData(), true));
            secret.setStringData(redacted(secret.getStringData(), false));
            Map<String, String> annotations = secret.getMetadata().getAnnotations();
            if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
                annotations.put(LAST_APPLIED, "<redacted>");
            }
        }
        return copy;
    }

    private static Map<String, String> redacted(Map<String, String> values, boolean base64) {
        if (values == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((key, value) -> out.put(key, "<redacted: " + bytes(value, base64) + " bytes>"));
        return out;
    }

    private static int bytes(String value, boolean base64) {
        if (value == null) {
            return 0;
        }
        if (base64) {
            try {
                return Base64.getDecoder().decode(value).length;
            } catch (IllegalArgumentException notBase64) {
                return value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The objects as YAML documents for the report, each headed by the file it came from. */
    static String manifests(List<AppliedManifest> applied, Redaction redaction) {
        StringBuilder out = new StringBuilder();
        for (AppliedManifest manifest : applied) {
            String yaml = Serialization.asYaml(forReport(manifest.object()));
            if (yaml.startsWith("---\n")) {
                yaml = yaml.substring(4);
            }
            out.append("---\n# from ").append(manifest.source() == null ? "an object built in the test" : manifest.source())
                    .append('\n').append(yaml);
            if (!yaml.endsWith("\n")) {
                out.append('\n');
            }
        }
        return redaction.scrub(out.toString());
    }
}
