package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * Volume defaults of pkg/apis/core/v1/defaults.go: a volume without a source is an emptyDir, and
 * file modes default to 0644 (420) for secret, configMap, downwardAPI and projected volumes.
 */
final class VolumeDefaults {
    /** 0644: v1.SecretVolumeSourceDefaultMode and its configMap, downwardAPI and projected twins. */
    static final int DEFAULT_MODE = 0644;
    private static final long TOKEN_EXPIRATION_SECONDS = 3600;

    private VolumeDefaults() {
    }

    static void volumes(List<Volume> volumes) {
        nonNull(volumes).forEach(VolumeDefaults::volume);
    }

    private static void volume(Volume volume) {
        if (sources(volume).allMatch(Objects::isNull)) {
            volume.setEmptyDir(new EmptyDirVolumeSource()); // SetDefaults_Volume
        }
        if (volume.getHostPath() != null && volume.getHostPath().getType() == null) {
            volume.getHostPath().setType(""); // HostPathUnset
        }
        if (volume.getSecret() != null && volume.getSecret().getDefaultMode() == null) {
            volume.getSecret().setDefaultMode(DEFAULT_MODE);
        }
        if (volume.getConfigMap() != null && volume.getConfigMap().getDefaultMode() == null) {
            volume.getConfigMap().setDefaultMode(DEFAULT_MODE);
        }
        if (volume.getDownwardAPI() != null) {
            if (volume.getDownwardAPI().getDefaultMode() == null) {
                volume.getDownwardAPI().setDefaultMode(DEFAULT_MODE);
            }
            downwardItems(volume.getDownwardAPI().getItems());
        }
        projected(volume.getProjected());
        if (volume.getEphemeral() != null && volume.getEphemeral().getVolumeClaimTemplate() != null) {
            claimSpec(volume.getEphemeral().getVolumeClaimTemplate().getSpec());
        }
    }

    private static void projected(ProjectedVolumeSource projected) {
        if (projected == null) {
            return;
        }
        if (projected.getDefaultMode() == null) {
            projected.setDefaultMode(DEFAULT_MODE);
        }
        for (VolumeProjection source : nonNull(projected.getSources())) {
            if (source.getDownwardAPI() != null) {
                downwardItems(source.getDownwardAPI().getItems());
            }
            if (source.getServiceAccountToken() != null && source.getServiceAccountToken().getExpirationSeconds() == null) {
                source.getServiceAccountToken().setExpirationSeconds(TOKEN_EXPIRATION_SECONDS);
            }
        }
    }

    private static void downwardItems(List<DownwardAPIVolumeFile> items) {
        nonNull(items).forEach(item -> PodDefaults.fieldRef(item.getFieldRef()));
    }

    /** SetDefaults_PersistentVolumeClaimSpec on an ephemeral volume's claim template. */
    private static void claimSpec(PersistentVolumeClaimSpec spec) {
        if (spec != null && spec.getVolumeMode() == null) {
            spec.setVolumeMode("Filesystem");
        }
    }

    /** Every source of a VolumeSource: SetDefaults_Volume asks whether all of them are unset. */
    static Stream<Object> sources(Volume v) {
        return Stream.of(v.getAwsElasticBlockStore(), v.getAzureDisk(), v.getAzureFile(), v.getCephfs(), v.getCinder(),
                v.getConfigMap(), v.getCsi(), v.getDownwardAPI(), v.getEmptyDir(), v.getEphemeral(), v.getFc(),
                v.getFlexVolume(), v.getFlocker(), v.getGcePersistentDisk(), v.getGitRepo(), v.getGlusterfs(),
                v.getHostPath(), v.getImage(), v.getIscsi(), v.getNfs(), v.getPersistentVolumeClaim(),
                v.getPhotonPersistentDisk(), v.getPortworxVolume(), v.getProjected(), v.getQuobyte(), v.getRbd(),
                v.getScaleIO(), v.getSecret(), v.getStorageos(), v.getVsphereVolume());
    }
}
