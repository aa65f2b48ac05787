package dev.peapod.store;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import static dev.peapod.store.StoreFixture.assertApiError;

/**
 * The API server names a kind of a group with its group: the resource in AlreadyExists, Conflict and
 * NotFound ({@code deployments.apps}, schema.GroupResource.String) and the kind in Invalid
 * ({@code Deployment.apps}, schema.GroupKind.String) (k8s.io/apimachinery/pkg/api/errors/errors.go).
 */
class GroupQualifiedErrorsTest {
    private final ObjectStore store = new StoreFixture().store;

    @Test
    void alreadyExistsConflictInvalidAndNotFoundNameTheGroup() {
        // given
        store.create(deployment());
        // then
        assertApiError(() -> store.create(deployment()), 409, "AlreadyExists", "deployments.apps \"web\" already exists");
        Deployment stale = store.get(Deployment.class, "default", "web").orElseThrow();
        stale.getMetadata().setResourceVersion("1");
        assertApiError(() -> store.update(stale), 409, "Conflict",
                "Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your "
                        + "changes to the latest version and try again");
        Deployment otherUid = store.get(Deployment.class, "default", "web").orElseThrow();
        otherUid.getMetadata().setUid("0000");
        assertApiError(() -> store.update(otherUid), 422, "Invalid",
                "Deployment.apps \"web\" is invalid: metadata.uid: Invalid value: \"0000\": field is immutable");
        assertApiError(() -> store.require(Deployment.class, "default", "api"), 404, "NotFound",
                "deployments.apps \"api\" not found");
    }

    private static Deployment deployment() {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
