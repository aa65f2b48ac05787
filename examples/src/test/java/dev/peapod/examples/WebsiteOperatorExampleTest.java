package dev.peapod.examples;

import dev.peapod.ClusterSpec;
import dev.peapod.FakeCluster;
import dev.peapod.RealTime;
import dev.peapod.junit.PeapodCluster;
import dev.peapod.junit.PeapodTest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An operator under test, on a custom resource (issue #14). {@code manifests/website-crd.yaml} defines a
 * {@code Website} (an image and a number of replicas); {@link WebsiteOperator}, written in plain Fabric8 informers
 * as it would be for a real cluster, turns each Website into a Deployment it owns and reports the Deployment's ready
 * replicas in the Website's {@code status.readyReplicas}. The test runs it in-process against
 * {@code cluster.client()} while Peapod's Deployment and ReplicaSet controllers, scheduler, kubelets and garbage
 * collector do their part, with time running against the wall clock ({@code runInRealTime}) because the operator
 * reacts in real time; Awaitility waits for it.
 */
@PeapodTest
class WebsiteOperatorExampleTest {

    @PeapodCluster
    static ClusterSpec cluster() {
        return ClusterSpec.empty().node("node-1").node("node-2");
    }

    @Test
    void theOperatorRunsEachWebsiteAsADeploymentFollowsItsScaleAndTheGarbageCollectorCleansUp(FakeCluster cluster) {
        // given: the CRD, and the operator watching Websites
        cluster.applyResource("manifests/website-crd.yaml");
        KubernetesClient client = cluster.client();
        try (WebsiteOperator operator = WebsiteOperator.start(client);
             RealTime clock = cluster.runInRealTime(60)) {        // a wall second is a virtual minute
            // when: a Website is created
            websites(client).resource(website("blog", "nginx:1.25", 2)).create();
            // then: its Deployment runs two ready pods, and the operator wrote that back on the Website
            await("blog has 2 ready replicas").atMost(30, SECONDS).until(() -> readyReplicas(client, "blog") == 2);
            Deployment deployment = client.apps().deployments().withName("blog").get();
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.25");
            OwnerReference owner = deployment.getMetadata().getOwnerReferences().get(0);
            assertThat(owner.getKind() + "/" + owner.getName()).isEqualTo("Website/blog");
            assertThat(owner.getUid()).isEqualTo(websites(client).withName("blog").get().getMetadata().getUid());

            // when: the Website is scaled through its scale subresource (as `kubectl scale website blog --replicas=3`)
            websites(client).withName("blog").scale(3);
            // then: the operator follows
            await("blog has 3 ready replicas").atMost(30, SECONDS).until(() -> readyReplicas(client, "blog") == 3);
            assertThat(client.apps().deployments().withName("blog").get().getSpec().getReplicas()).isEqualTo(3);

            // when: the Website is deleted
            websites(client).withName("blog").delete();
            // then: the garbage collector deletes the Deployment it owned, and with it the pods
            await("blog's Deployment collected").atMost(30, SECONDS)
                    .until(() -> client.apps().deployments().withName("blog").get() == null);
            await("blog's pods gone").atMost(30, SECONDS).until(() -> client.pods().withLabel("app", "blog").list().getItems().isEmpty());
            assertThat(operator.failures()).isEmpty();
        }
    }

    static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> websites(
            KubernetesClient client) {
        return client.genericKubernetesResources("example.com/v1", "Website");
    }

    private static GenericKubernetesResource website(String name, String image, int replicas) {
        return new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Website")
                .withNewMetadata().withName(name).endMetadata()
                .addToAdditionalProperties("spec", Map.of("image", image, "replicas", replicas)).build();
    }

    /** {@code status.readyReplicas} of a Website, 0 until the operator wrote it. */
    private static int readyReplicas(KubernetesClient client, String name) {
        GenericKubernetesResource website = websites(client).withName(name).get();
        Object status = website == null ? null : website.getAdditionalProperties().get("status");
        Object ready = status instanceof Map<?, ?> map ? map.get("readyReplicas") : null;
        return ready instanceof Number number ? number.intValue() : 0;
    }

    /**
     * A small operator in plain Fabric8: an informer on Websites and one on Deployments; any change to a Website or
     * to a Deployment a Website owns reconciles that Website. Reconciling is idempotent and reads the informers'
     * caches: it server-side applies the Deployment the Website asks for (so the operator owns only the fields it
     * sets; {@code forceConflicts} takes them back from anyone who changed them), then merge-patches the Deployment's
     * ready replicas into the Website's {@code /status} when they differ. A 404 means the Website was deleted after
     * the informer's cache was read (the cache trails the server), so there is nothing left to do. It never deletes: the Deployment's owner
     * reference lets the garbage collector do that. Nothing here knows about Peapod.
     */
    static final class WebsiteOperator implements AutoCloseable {
        private static final String MANAGER = "website-operator";

        private final KubernetesClient client;
        private final List<Throwable> failures = new CopyOnWriteArrayList<>();
        private SharedIndexInformer<GenericKubernetesResource> websites;
        private SharedIndexInformer<Deployment> deployments;

        private WebsiteOperator(KubernetesClient client) {
            this.client = client;
        }

        static WebsiteOperator start(KubernetesClient client) {
            WebsiteOperator operator = new WebsiteOperator(client);
            operator.websites = websites(client).inform(operator.handler(website -> website.getMetadata().getName()));
            operator.deployments = client.apps().deployments().inform(operator.handler(deployment -> {
                OwnerReference owner = controller(deployment);
                return owner == null ? null : owner.getName();
            }));
            return operator;
        }

        /** What went wrong while reconciling (an operator logs it and retries; this one keeps it for the test). */
        List<Throwable> failures() {
            return failures;
        }

        /** Adds and updates reconcile the Website {@code key} names (null: not a Website's); deletes need nothing. */
        private <T extends io.fabric8.kubernetes.api.model.HasMetadata> ResourceEventHandler<T> handler(
                java.util.function.Function<T, String> key) {
            return new ResourceEventHandler<>() {
                @Override
                public void onAdd(T object) {
                    reconcile(object.getMetadata().getNamespace(), key.apply(object));
                }

                @Override
                public void onUpdate(T before, T after) {
                    reconcile(after.getMetadata().getNamespace(), key.apply(after));
                }

                @Override
                public void onDelete(T object, boolean deletedFinalStateUnknown) {
                }
            };
        }

        /** Synchronized: the two informers' threads must not interleave the steps of one Website. */
        private synchronized void reconcile(String namespace, String name) {
            if (name == null) {
                return;
            }
            try {
                GenericKubernetesResource website = websites.getStore().getByKey(namespace + "/" + name);
                if (website == null || website.getMetadata().getDeletionTimestamp() != null) {
                    return; // gone or going: the garbage collector removes what it owned
                }
                Deployment applied = client.apps().deployments().inNamespace(namespace).resource(desired(website))
                        .fieldManager(MANAGER).forceConflicts().serverSideApply();
                Integer ready = applied.getStatus() == null ? null : applied.getStatus().getReadyReplicas();
                int readyReplicas = ready == null ? 0 : ready;
                Object status = website.getAdditionalProperties().get("status");
                Object reported = status instanceof Map<?, ?> map ? map.get("readyReplicas") : null;
                if (!Objects.equals(reported, readyReplicas)) {
                    websites(client).inNamespace(namespace).withName(name).subresource("status")
                            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"readyReplicas\":" + readyReplicas + "}}");
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {        // 404: the Website went after the cache was read; nothing to do
                    failures.add(e);
                }
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }

        /** The Deployment a Website asks for, owned by it (controller: true, so the garbage collector follows it). */
        private static Deployment desired(GenericKubernetesResource website) {
            String name = website.getMetadata().getName();
            Map<?, ?> spec = (Map<?, ?>) website.getAdditionalProperties().get("spec");
            return new DeploymentBuilder()
                    .withNewMetadata().withName(name).addToLabels("app", name)
                    .addNewOwnerReference().withApiVersion("example.com/v1").withKind("Website").withName(name)
                    .withUid(website.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).endOwnerReference()
                    .endMetadata()
                    .withNewSpec().withReplicas(((Number) spec.get("replicas")).intValue())
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage((String) spec.get("image"))
                    .addNewPort().withContainerPort(80).endPort().endContainer().endSpec()
                    .endTemplate().endSpec().build();
        }

        private static OwnerReference controller(Deployment deployment) {
            List<OwnerReference> owners = deployment.getMetadata().getOwnerReferences();
            return owners == null ? null : owners.stream()
                    .filter(o -> Boolean.TRUE.equals(o.getController()) && o.getKind().equals("Website")).findFirst().orElse(null);
        }

        @Override
        public void close() {
            deployments.close();
            websites.close();
        }
    }
}
