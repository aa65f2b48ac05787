package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeSource;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.NFSVolumeSource;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.peapod.admission.ContainerValidation.nullToEmpty;
import static dev.peapod.admission.PodDefaults.empty;
import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * ValidateVolumes and validateVolumeSource of pkg/apis/core/validation/validation.go (v1.33): one
 * source per volume, unique DNS-1123 label names, and the fields of the sources a test cluster
 * uses (emptyDir, hostPath, secret, configMap, persistentVolumeClaim, downwardAPI, projected, nfs).
 * Other sources are counted but their fields are not checked.
 */
final class VolumeValidation {
    static final String FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive";
    /** supportedHostPathTypes, sorted as sets.List prints them. */
    private static final List<String> HOST_PATH_TYPES = List.of("", "BlockDevice", "CharDevice", "Directory",
            "DirectoryOrCreate", "File", "FileOrCreate", "Socket");

    private VolumeValidation() {
    }

    /** Validates the volumes and returns the names of the valid ones, which mounts may refer to. */
    static Set<String> volumes(List<Volume> volumes, FieldPath path, Errors errs) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < nonNull(volumes).size(); i++) {
            Volume volume = volumes.get(i);
            FieldPath at = path.index(i);
            Errors own = new Errors();
            source(volume, at, own);
            String name = nullToEmpty(volume.getName());
            if (name.isEmpty()) {
                own.required(at.child("name"), "");
            } else {
                own.invalidEach(at.child("name"), name, Names.dns1123Label(name));
            }
            if (names.contains(name)) {
                own.duplicate(at.child("name"), name);
            }
            if (own.isEmpty()) {
                names.add(name); // only a valid volume can satisfy a mount
            } else {
                errs.addAll(own);
            }
        }
        return names;
    }

    /** validateVolumeSource: the first source set is validated, any later one is forbidden, none is required. */
    private static void source(Volume v, FieldPath path, Errors errs) {
        Map<String, Object> sources = sourcesInUpstreamOrder(v);
        int count = 0;
        for (Map.Entry<String, Object> source : sources.entrySet()) {
            if (source.getValue() == null) {
                continue;
            }
            if (count > 0) {
                errs.forbidden(path.child(source.getKey()), "may not specify more than 1 volume type");
            } else {
                count++;
                validateSource(source.getKey(), v, path, errs);
            }
        }
        if (count == 0) {
            errs.required(path, "must specify a volume type");
        }
    }

    private static void validateSource(String source, Volume v, FieldPath path, Errors errs) {
        switch (source) {
            case "emptyDir" -> {
                var limit = Quantities.parse(v.getEmptyDir().getSizeLimit());
                if (limit.isPresent() && limit.get().value().signum() < 0) {
                    errs.forbidden(path.child("emptyDir").child("sizeLimit"), "SizeLimit field must be a valid resource quantity");
                }
            }
            case "hostPath" -> hostPath(v.getHostPath(), path.child("hostPath"), errs);
            case "secret" -> secret(v.getSecret(), path.child("secret"), errs);
            case "nfs" -> nfs(v.getNfs(), path.child("nfs"), errs);
            case "persistentVolumeClaim" -> {
                if (empty(v.getPersistentVolumeClaim().getClaimName())) {
                    errs.required(path.child("persistentVolumeClaim").child("claimName"), "");
                }
            }
            case "downwarAPI" -> downwardAPI(v.getDownwardAPI(), path.child("downwardAPI"), errs);
            case "configMap" -> configMap(v.getConfigMap(), path.child("configMap"), errs);
            case "projected" -> fileMode(v.getProjected().getDefaultMode(), path.child("projected").child("defaultMode"), errs);
            default -> {
                // sources Peapod does not simulate: counted, not checked
            }
        }
    }

    private static void hostPath(HostPathVolumeSource hostPath, FieldPath path, Errors errs) {
        if (empty(hostPath.getPath())) {
            errs.required(path.child("path"), "");
            return;
        }
        pathNoBacksteps(hostPath.getPath(), path.child("path"), errs);
        if (hostPath.getType() != null && !HOST_PATH_TYPES.contains(hostPath.getType())) {
            errs.notSupported(path.child("type"), hostPath.getType(), HOST_PATH_TYPES);
        }
    }

    private static void secret(SecretVolumeSource secret, FieldPath path, Errors errs) {
        if (empty(secret.getSecretName())) {
            errs.required(path.child("secretName"), "");
        }
        fileMode(secret.getDefaultMode(), path.child("defaultMode"), errs);
        keyToPaths(secret.getItems(), path.child("items"), errs);
    }

    private static void configMap(ConfigMapVolumeSource configMap, FieldPath path, Errors errs) {
        if (empty(configMap.getName())) {
            errs.required(path.child("name"), "");
        }
        fileMode(configMap.getDefaultMode(), path.child("defaultMode"), errs);
        keyToPaths(configMap.getItems(), path.child("items"), errs);
    }

    private static void keyToPaths(List<KeyToPath> items, FieldPath path, Errors errs) {
        for (int i = 0; i < nonNull(items).size(); i++) {
            KeyToPath item = items.get(i);
            FieldPath at = path.index(i);
            if (empty(item.getKey())) {
                errs.required(at.child("key"), "");
            }
            if (empty(item.getPath())) {
                errs.required(at.child("path"), "");
            }
            localNonReservedPath(nullToEmpty(item.getPath()), at.child("path"), errs);
            fileMode(item.getMode(), at.child("mode"), errs);
        }
    }

    /** Upstream reports each file's errors on the downwardAPI path itself, without the item index. */
    private static void downwardAPI(DownwardAPIVolumeSource source, FieldPath path, Errors errs) {
        fileMode(source.getDefaultMode(), path.child("defaultMode"), errs);
        for (DownwardAPIVolumeFile file : nonNull(source.getItems())) {
            if (empty(file.getPath())) {
                errs.required(path.child("path"), "");
            }
            localNonReservedPath(nullToEmpty(file.getPath()), path.child("path"), errs);
            if (file.getFieldRef() == null && file.getResourceFieldRef() == null) {
                errs.required(path, "one of fieldRef and resourceFieldRef is required");
            } else if (file.getFieldRef() != null && file.getResourceFieldRef() != null) {
                errs.invalid(path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously");
            }
            fileMode(file.getMode(), path.child("mode"), errs);
        }
    }

    private static void nfs(NFSVolumeSource nfs, FieldPath path, Errors errs) {
        if (empty(nfs.getServer())) {
            errs.required(path.child("server"), "");
        }
        if (empty(nfs.getPath())) {
            errs.required(path.child("path"), "");
        }
        if (!nullToEmpty(nfs.getPath()).startsWith("/")) {
            errs.invalid(path.child("path"), nullToEmpty(nfs.getPath()), "must be an absolute path");
        }
    }

    private static void fileMode(Integer mode, FieldPath path, Errors errs) {
        if (mode != null && (mode > 0777 || mode < 0)) {
            errs.invalid(path, mode, FILE_MODE_ERROR);
        }
    }

    /** validateLocalDescendingPath: relative, and never stepping up with "..". */
    static void localDescendingPath(String target, FieldPath path, Errors errs) {
        if (target.startsWith("/")) {
            errs.invalid(path, target, "must be a relative path");
        }
        pathNoBacksteps(target, path, errs);
    }

    /** ValidateLocalNonReservedPath: also refuses the "..data" style names the kubelet reserves. */
    private static void localNonReservedPath(String target, FieldPath path, Errors errs) {
        localDescendingPath(target, path, errs);
        if (target.startsWith("..") && !target.startsWith("../")) {
            errs.invalid(path, target, "must not start with '..'");
        }
    }

    private static void pathNoBacksteps(String target, FieldPath path, Errors errs) {
        for (String part : target.split("/", -1)) {
            if (part.equals("..")) {
                errs.invalid(path, target, "must not contain '..'");
                return; // one error is enough, even for ../../..
            }
        }
    }

    /** The sources in validateVolumeSource's order, keyed by the path upstream reports (typos included). */
    private static Map<String, Object> sourcesInUpstreamOrder(Volume v) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("emptyDir", v.getEmptyDir());
        s.put("hostPath", v.getHostPath());
        s.put("gitRepo", v.getGitRepo());
        s.put("gcePersistentDisk", v.getGcePersistentDisk());
        s.put("awsElasticBlockStore", v.getAwsElasticBlockStore());
        s.put("secret", v.getSecret());
        s.put("nfs", v.getNfs());
        s.put("iscsi", v.getIscsi());
        s.put("glusterfs", v.getGlusterfs());
        s.put("flocker", v.getFlocker());
        s.put("persistentVolumeClaim", v.getPersistentVolumeClaim());
        s.put("rbd", v.getRbd());
        s.put("cinder", v.getCinder());
        s.put("cephFS", v.getCephfs());
        s.put("quobyte", v.getQuobyte());
        s.put("downwarAPI", v.getDownwardAPI());
        s.put("fc", v.getFc());
        s.put("flexVolume", v.getFlexVolume());
        s.put("configMap", v.getConfigMap());
        s.put("azureFile", v.getAzureFile());
        s.put("vsphereVolume", v.getVsphereVolume());
        s.put("photonPersistentDisk", v.getPhotonPersistentDisk());
        s.put("portworxVolume", v.getPortworxVolume());
        s.put("azureDisk", v.getAzureDisk());
        s.put("storageos", v.getStorageos());
        s.put("projected", v.getProjected());
        s.put("scaleIO", v.getScaleIO());
        s.put("csi", v.getCsi());
        s.put("ephemeral", v.getEphemeral());
        s.put("image", v.getImage());
        return s;
    }
}
