package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

import dev.peapod.store.ApiException;
import dev.peapod.store.StoreReader;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;

import java.util.Map;

/**
 * The part of the ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount/admission.go,
 * on by default) that Peapod models: on create, a pod without a service account runs as
 * {@code default}, and the account it names must exist in its namespace, else the create is
 * Forbidden ({@code error looking up service account <ns>/<name>: serviceaccount "<name>" not found}).
 * An automounted pod gets upstream's projected {@code kube-api-access-<5>} volume (token, ca.crt,
 * namespace), mounted read-only at /var/run/secrets/kubernetes.io/serviceaccount in every container
 * (mountServiceAccountToken, TokenVolumeSource).
 *
 * <p>The {@code default} account always counts as present: upstream's serviceaccount controller
 * (pkg/controller/serviceaccount/serviceaccounts_controller.go) creates it in every namespace as
 * soon as the namespace exists, and Peapod runs no such controller, so it is never stored unless a
 * test applies it. An object admitted with no store around it ({@link StoreReader#EMPTY}) cannot be
 * looked up, so the check is left out there.
 */
final class ServiceAccountPlugin implements AdmissionPlugin {
    static final String DEFAULT_SERVICE_ACCOUNT = "default";
    /** Mirror pods of static pods are left alone, as upstream's shouldIgnore does. */
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    ServiceAccountPlugin() {
    }

    @Override
    public String name() {
        return "ServiceAccount";
    }

    static final String TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final String VOLUME_PREFIX = "kube-api-access-";
    /** utilrand's alphabet (k8s.io/apimachinery/pkg/util/rand: no vowels, no 0, 1, 3). */
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    @Override
    public void mutate(AdmissionRequest request) {
        if (request.object() instanceof Pod pod && request.isCreate()) {
            admitCreate(pod);
            if (!isMirror(pod) && request.store() != StoreReader.EMPTY) {
                requireAccount(pod, request.store());
            }
            if (!isMirror(pod) && shouldAutomount(pod, request.store())) {
                mountServiceAccountToken(pod);
            }
        }
    }

    /** shouldAutomount: the pod's automountServiceAccountToken, else its account's, else true. */
    private static boolean shouldAutomount(Pod pod, StoreReader store) {
        Boolean onPod = PodDefaults.spec(pod).getAutomountServiceAccountToken();
        if (onPod != null) {
            return onPod;
        }
        if (store == StoreReader.EMPTY) {
            return true;
        }
        String namespace = pod.getMetadata().getNamespace() == null ? "default" : pod.getMetadata().getNamespace();
        return store.get(ServiceAccount.class, namespace, PodDefaults.spec(pod).getServiceAccountName())
                .map(ServiceAccount::getAutomountServiceAccountToken).map(b -> b == null || b).orElse(true);
    }

    /**
     * mountServiceAccountToken: every container and init container without a mount at the token path
     * mounts the {@code kube-api-access-<5>} volume read-only there, and the volume is added once. Its
     * five letters are utilrand's; Peapod draws them from a hash of the pod's name, so that the
     * cluster's seeded random (and every container id after it) is not moved.
     */
    /**
     * The volume every automounted pod gets (TokenVolumeSource), but for its name: built once, and
     * copied for each pod (a copy is what the builders give, at a fraction of the cost; issue #13).
     * Never handed out itself.
     */
    private static final Volume TOKEN_VOLUME = new VolumeBuilder().withNewProjected()
            .withDefaultMode(420)
            .addNewSource().withNewServiceAccountToken().withPath("token").withExpirationSeconds(3607L).endServiceAccountToken().endSource()
            .addNewSource().withNewConfigMap().withName("kube-root-ca.crt")
                .addNewItem().withKey("ca.crt").withPath("ca.crt").endItem().endConfigMap().endSource()
            .addNewSource().withNewDownwardAPI().addNewItem().withPath("namespace")
                .withNewFieldRef().withApiVersion("v1").withFieldPath("metadata.namespace").endFieldRef().endItem()
                .endDownwardAPI().endSource()
            .endProjected().build();
    /** Each container's mount of {@link #TOKEN_VOLUME}, but for the volume's name; copied for each container. */
    private static final VolumeMount TOKEN_MOUNT = new VolumeMountBuilder().withReadOnly(true).withMountPath(TOKEN_MOUNT_PATH).build();

    private static void mountServiceAccountToken(Pod pod) {
        PodSpec spec = PodDefaults.spec(pod);
        String volumeName = null;
        for (Volume volume : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
            if (volume.getName() != null && volume.getName().startsWith(VOLUME_PREFIX)) {
                volumeName = volume.getName();
                break;
            }
        }
        boolean hasVolume = volumeName != null;
        if (volumeName == null) {
            volumeName = VOLUME_PREFIX + suffix(pod);
        }
        boolean needsVolume = false;
        List<Container> all = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        for (Container container : all) {
            List<VolumeMount> mounts = container.getVolumeMounts() == null ? new ArrayList<>() : new ArrayList<>(container.getVolumeMounts());
            if (mounts.stream().noneMatch(m -> TOKEN_MOUNT_PATH.equals(m.getMountPath()))) {
                VolumeMount mount = dev.peapod.store.Copies.copy(TOKEN_MOUNT);
                mount.setName(volumeName);
                mounts.add(mount);
                container.setVolumeMounts(mounts);
                needsVolume = true;
            }
        }
        if (!hasVolume && needsVolume) {
            List<Volume> volumes = spec.getVolumes() == null ? new ArrayList<>() : new ArrayList<>(spec.getVolumes());
            Volume volume = dev.peapod.store.Copies.copy(TOKEN_VOLUME);
            volume.setName(volumeName);
            volumes.add(volume);
            spec.setVolumes(volumes);
        }
    }

    private static String suffix(Pod pod) {
        String seed = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/" + pod.getMetadata().getGenerateName();
        java.util.Random random = new java.util.Random(seed.hashCode());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    static void admitCreate(Pod pod) {
        if (isMirror(pod)) {
            return;
        }
        PodSpec spec = PodDefaults.spec(pod);
        if (PodDefaults.empty(spec.getServiceAccountName())) {
            spec.setServiceAccountName(DEFAULT_SERVICE_ACCOUNT);
        }
    }

    private static boolean isMirror(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(MIRROR_ANNOTATION);
    }

    /** Admit's lookup of the pod's account, with upstream's admission.NewForbidden and errors.NewNotFound texts. */
    private static void requireAccount(Pod pod, StoreReader store) {
        String account = PodDefaults.spec(pod).getServiceAccountName();
        if (DEFAULT_SERVICE_ACCOUNT.equals(account)) {
            return;
        }
        String namespace = pod.getMetadata().getNamespace() == null ? "default" : pod.getMetadata().getNamespace();
        if (store.get(ServiceAccount.class, namespace, account).isEmpty()) {
            throw ApiException.forbidden("pods \"" + (pod.getMetadata().getName() == null ? "" : pod.getMetadata().getName())
                    + "\" is forbidden: error looking up service account " + namespace + "/" + account
                    + ": serviceaccount \"" + account + "\" not found");
        }
    }

    /**
     * The v1 conversion's alias (pkg/apis/core/v1/conversion.go): the deprecated {@code serviceAccount}
     * is read when {@code serviceAccountName} is empty ...
     */
    static void fromDeprecatedField(PodSpec spec) {
        if (PodDefaults.empty(spec.getServiceAccountName()) && !PodDefaults.empty(spec.getServiceAccount())) {
            spec.setServiceAccountName(spec.getServiceAccount());
        }
    }

    /** ... and always written back as a copy of it. */
    static void toDeprecatedField(PodSpec spec) {
        String name = spec.getServiceAccountName();
        spec.setServiceAccount(PodDefaults.empty(name) ? null : name);
    }
}
