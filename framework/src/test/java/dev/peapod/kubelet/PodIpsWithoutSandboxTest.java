package dev.peapod.kubelet;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pod the kubelet has taken but whose sandbox has no IP yet (its Secret volume cannot mount) reports no
 * {@code podIPs} at all, as the kubelet's status does (an empty list is omitted): an element without its {@code ip}
 * key broke server-side apply on the pod with upstream's 500 ("associative list with keys has an element that omits
 * key field \"ip\"").
 */
class PodIpsWithoutSandboxTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: app
                image: nginx:1.25
                volumeMounts: [{name: creds, mountPath: /creds}]
              volumes:
              - name: creds
                secret: {secretName: missing}
            """;

    @Test
    void aPodWithoutASandboxIpHasNoPodIpsAndTakesAServerSideApply() {
        try (FakeCluster cluster = FakeCluster.withNodes("node-1")) {
            // given
            cluster.applyYaml(POD);
            cluster.advance(Duration.ofSeconds(10));
            Pod pod = cluster.pod("p");
            // then
            assertThat(pod.getStatus().getHostIP()).isNotNull();
            assertThat(pod.getStatus().getPodIP()).isNull();
            assertThat(pod.getStatus().getPodIPs()).isNullOrEmpty();
            // and a server-side apply of a label goes through (it was a 500)
            Pod applied = cluster.client().pods().withName("p").patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                    .withFieldManager("test").build(), "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{\"a\":\"b\"}}}");
            assertThat(applied.getMetadata().getLabels()).containsEntry("a", "b");
        }
    }
}
