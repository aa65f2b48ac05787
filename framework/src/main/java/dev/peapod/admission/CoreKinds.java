package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;

/**
 * The kinds beyond Pod and the workloads whose spec admission validates, each in its own class:
 * Service, Endpoints, ConfigMap, Secret, Namespace, Node, ServiceAccount, PersistentVolumeClaim,
 * PriorityClass and RuntimeClass. Three phases, in the API server's order: decoding (values that
 * cannot even be read are a 400 BadRequest), defaulting, validation (create or update).
 */
final class CoreKinds {
    private CoreKinds() {
    }

    static boolean handles(HasMetadata object) {
        return object instanceof Service || object instanceof Endpoints || object instanceof ConfigMap
                || object instanceof Secret || object instanceof Namespace || object instanceof Node
                || object instanceof ServiceAccount || object instanceof PersistentVolumeClaim
                || object instanceof PriorityClass || object instanceof RuntimeClass;
    }

    /**
     * What the request decoder refuses before anything else runs, besides quantities (every kind's
     * quantities are {@link QuantityDecoding}'s, which runs first).
     */
    static void decode(HasMetadata object) {
        if (object instanceof Secret secret) {
            GoBase64.requireDecodable(secret, "data", secret.getData(), true);
        } else if (object instanceof ConfigMap configMap) {
            GoBase64.requireDecodable(configMap, "binaryData", configMap.getBinaryData(), false);
        }
    }

    /** The defaults that decide validity (pkg/apis/core/v1/defaults.go and its scheduling twin). */
    static void defaults(HasMetadata object) {
        if (object instanceof Service service) {
            ServiceValidation.defaults(service);
        } else if (object instanceof Endpoints endpoints) {
            EndpointsValidation.defaults(endpoints);
        } else if (object instanceof Secret secret) {
            SecretValidation.defaults(secret);
        } else if (object instanceof PersistentVolumeClaim claim) {
            PersistentVolumeClaimValidation.defaults(claim);
        } else if (object instanceof PriorityClass priorityClass) {
            PriorityClassValidation.defaults(priorityClass);
        } else if (object instanceof Node node && node.getStatus() != null && node.getStatus().getCapacity() != null
                && (node.getStatus().getAllocatable() == null || node.getStatus().getAllocatable().isEmpty())) {
            // SetDefaults_NodeStatus: a node that says nothing of allocatable offers its capacity (Fabric8
            // reads an absent map as an empty one, so empty counts as absent)
            node.getStatus().setAllocatable(new java.util.LinkedHashMap<>(node.getStatus().getCapacity()));
        }
    }

    /** The kind's own rules after the metadata's: the create rules, or the update rules against the stored object. */
    static void validate(AdmissionRequest request, Errors errs) {
        HasMetadata object = request.object();
        HasMetadata old = request.isCreate() ? null : request.old();
        if (object instanceof Service s) {
            if (old == null) {
                ServiceValidation.spec(s, errs);
            } else {
                ServiceValidation.update(s, (Service) old, errs);
            }
        } else if (object instanceof Endpoints e) {
            EndpointsValidation.subsets(e, errs);
        } else if (object instanceof ConfigMap c) {
            if (old == null) {
                ConfigMapValidation.data(c, errs);
            } else {
                ConfigMapValidation.update(c, (ConfigMap) old, errs);
            }
        } else if (object instanceof Secret s) {
            if (old == null) {
                SecretValidation.data(s, errs);
            } else {
                SecretValidation.update(s, (Secret) old, errs);
            }
        } else if (object instanceof Namespace n) {
            if (old == null) {
                NamespaceValidation.spec(n, errs); // ValidateNamespaceUpdate checks the metadata only
            } else {
                NamespaceValidation.finalizeUpdate(n, (Namespace) old, errs);
            }
        } else if (object instanceof Node n) {
            if (old == null) {
                NodeValidation.create(n, errs);
            } else {
                NodeValidation.createThenUpdate(n, (Node) old, errs);
            }
        } else if (object instanceof PersistentVolumeClaim c) {
            if (old == null) {
                PersistentVolumeClaimValidation.spec(c, errs);
            } else {
                PersistentVolumeClaimValidation.update(c, (PersistentVolumeClaim) old, errs);
            }
        } else if (object instanceof PriorityClass p) {
            if (old == null) {
                PriorityClassValidation.create(p, errs);
            } else {
                PriorityClassValidation.update(p, (PriorityClass) old, errs); // upstream re-validates nothing else
            }
        } else if (object instanceof RuntimeClass r) {
            if (old == null) {
                RuntimeClassValidation.create(r, errs);
            } else {
                RuntimeClassValidation.createThenUpdate(r, (RuntimeClass) old, errs);
            }
        }
        // ServiceAccount: ValidateServiceAccount is its metadata alone (a DNS-subdomain name)
    }

}
