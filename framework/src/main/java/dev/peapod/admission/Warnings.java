package dev.peapod.admission;

import dev.peapod.store.Admission;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * The API server's warnings for a write it accepts (kubectl prints them as {@code Warning: ...}), in
 * its words: the registry strategies' WarningsOnCreate and WarningsOnUpdate, computed after
 * validation on the admitted object. Pods warn on create only (pkg/registry/core/pod/strategy.go:
 * "skip warnings on pod update"); the workload kinds warn on create, and on an update that bumps
 * the generation (pkg/registry/apps/deployment/strategy.go and its siblings), with their template's
 * field prefix ({@code spec.template.spec.containers[0]...}).
 *
 * <p>The pod rules are pkg/api/pod/warnings.go's warningsForPodSpecAndMeta and the deprecated node
 * labels of pkg/api/node/util.go (v1.33). Not ported: the ephemeral volume claim template's warnings
 * (pkg/api/persistentvolumeclaim), the Indexed Job soft limits, and the Service warnings.
 */
final class Warnings {
    /** pkg/api/node/util.go, deprecatedNodeLabels. */
    private static final Map<String, String> DEPRECATED_NODE_LABELS = Map.of(
            "beta.kubernetes.io/arch", "deprecated since v1.14; use \"kubernetes.io/arch\" instead",
            "beta.kubernetes.io/os", "deprecated since v1.14; use \"kubernetes.io/os\" instead",
            "failure-domain.beta.kubernetes.io/region", "deprecated since v1.17; use \"topology.kubernetes.io/region\" instead",
            "failure-domain.beta.kubernetes.io/zone", "deprecated since v1.17; use \"topology.kubernetes.io/zone\" instead",
            "beta.kubernetes.io/instance-type", "deprecated since v1.17; use \"node.kubernetes.io/instance-type\" instead",
            "app.kubernetes.io/created-by", "deprecated since v1.9",
            "scheduler.alpha.kubernetes.io/preferAvoidPods", "deprecated since v1.22; use Taints and Tolerations instead",
            "node-role.kubernetes.io/master", "use \"node-role.kubernetes.io/control-plane\" instead");

    /** pkg/api/pod/warnings.go, deprecatedAnnotations, in its order (none has a prefix in v1.33). */
    private static final Map<String, String> DEPRECATED_ANNOTATIONS = orderedOf(
            "scheduler.alpha.kubernetes.io/critical-pod", "non-functional in v1.16+; use the \"priorityClassName\" field instead",
            "security.alpha.kubernetes.io/sysctls", "non-functional in v1.11+; use the \"sysctls\" field instead",
            "security.alpha.kubernetes.io/unsafe-sysctls", "non-functional in v1.11+; use the \"sysctls\" field instead");

    /** pkg/apis/core/annotation_key_constants.go. */
    private static final String SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
    private static final String SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";
    private static final String APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

    private static final String FRACTIONAL = "%s: fractional byte value \"%s\" is invalid, must be an integer";
    private static final String NULL_SELECTOR = "%s: a null labelSelector results in matching no pod";

    private Warnings() {
    }

    /**
     * The warnings for an admitted write; {@code object} carries the generation the store gave it, so
     * an update of a workload warns only when its generation moved, as upstream's WarningsOnUpdate.
     */
    static List<String> of(Admission.Operation operation, HasMetadata object, HasMetadata old) {
        boolean create = operation == Admission.Operation.CREATE || old == null;
        if (object instanceof Pod pod) {
            if (!create) {
                return List.of();
            }
            List<String> warnings = new ArrayList<>(name(pod, "this is used in the Pod's hostname"));
            warnings.addAll(podSpecAndMeta(null, PodDefaults.spec(pod), pod.getMetadata()));
            return List.copyOf(warnings);
        }
        PodTemplateSpec template;
        FieldPath path;
        boolean nameWarning = true;
        if (object instanceof Deployment d && d.getSpec() != null) {
            template = d.getSpec().getTemplate();
            path = FieldPath.of("spec").child("template");
        } else if (object instanceof ReplicaSet r && r.getSpec() != null) {
            template = r.getSpec().getTemplate();
            path = FieldPath.of("spec").child("template");
        } else if (object instanceof DaemonSet ds && ds.getSpec() != null) {
            template = ds.getSpec().getTemplate();
            path = FieldPath.of("spec").child("template");
        } else if (object instanceof StatefulSet ss && ss.getSpec() != null) {
            // StatefulSet names are validated as DNS labels already: its strategy has no name warning
            template = ss.getSpec().getTemplate();
            path = FieldPath.of("spec").child("template");
            nameWarning = false;
        } else if (object instanceof Job j && j.getSpec() != null) {
            template = j.getSpec().getTemplate();
            path = FieldPath.of("spec").child("template");
        } else if (object instanceof CronJob c && c.getSpec() != null && c.getSpec().getJobTemplate() != null
                && c.getSpec().getJobTemplate().getSpec() != null) {
            JobSpec jobSpec = c.getSpec().getJobTemplate().getSpec();
            template = jobSpec.getTemplate();
            path = FieldPath.of("spec").child("jobTemplate").child("spec").child("template");
        } else {
            return List.of();
        }
        if (template == null) {
            return List.of();
        }
        if (!create && Objects.equals(object.getMetadata().getGeneration(), old.getMetadata().getGeneration())) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        if (create && nameWarning) {
            warnings.addAll(name(object, "this is used in Pod names and hostnames"));
        }
        ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        warnings.addAll(podSpecAndMeta(path, template.getSpec() == null ? new PodSpec() : template.getSpec(), meta));
        return List.copyOf(warnings);
    }

    /** The strategies' WarningsOnCreate: a name that is not a DNS label, with Go's {@code %v} of the messages. */
    private static List<String> name(HasMetadata object, String usedIn) {
        List<String> msgs = Names.dns1123Label(ContainerValidation.nullToEmpty(object.getMetadata().getName()));
        if (msgs.isEmpty()) {
            return List.of();
        }
        return List.of("metadata.name: " + usedIn + ", which can result in surprising behavior; a DNS label is recommended: ["
                + String.join(" ", msgs) + "]");
    }

    /** Go's nil *field.Path prints children without a prefix; a template's path prefixes them. */
    private static FieldPath at(FieldPath prefix, String first) {
        return prefix == null ? FieldPath.of(first) : prefix.child(first);
    }

    /** pkg/api/pod/warnings.go, warningsForPodSpecAndMeta, in its order. */
    private static List<String> podSpecAndMeta(FieldPath fieldPath, PodSpec spec, ObjectMeta meta) {
        List<String> warnings = new ArrayList<>();
        Map<String, String> annotations = meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        FieldPath specPath = at(fieldPath, "spec");
        FieldPath annotationsPath = at(fieldPath, "metadata").child("annotations");

        // deprecated node labels in selectors, affinity and topology spread constraints
        if (spec.getNodeSelector() != null) {
            spec.getNodeSelector().keySet().forEach(key -> {
                String msg = DEPRECATED_NODE_LABELS.get(key);
                if (msg != null) {
                    warnings.add(specPath.child("nodeSelector").key(key) + ": " + msg);
                }
            });
        }
        NodeAffinity nodeAffinity = spec.getAffinity() == null ? null : spec.getAffinity().getNodeAffinity();
        if (nodeAffinity != null) {
            FieldPath affinityPath = specPath.child("affinity").child("nodeAffinity");
            if (nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
                FieldPath terms = affinityPath.child("requiredDuringSchedulingIgnoredDuringExecution").child("nodeSelectorTerms");
                List<NodeSelectorTerm> required = nonNull(nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms());
                for (int i = 0; i < required.size(); i++) {
                    nodeSelectorTerm(required.get(i), terms.index(i), warnings);
                }
            }
            List<PreferredSchedulingTerm> preferred = nonNull(nodeAffinity.getPreferredDuringSchedulingIgnoredDuringExecution());
            for (int i = 0; i < preferred.size(); i++) {
                nodeSelectorTerm(preferred.get(i) == null ? null : preferred.get(i).getPreference(),
                        affinityPath.child("preferredDuringSchedulingIgnoredDuringExecution").index(i).child("preference"), warnings);
            }
        }
        List<TopologySpreadConstraint> constraints = nonNull(spec.getTopologySpreadConstraints());
        for (int i = 0; i < constraints.size(); i++) {
            TopologySpreadConstraint t = constraints.get(i);
            if (t == null) {
                continue;
            }
            FieldPath at = specPath.child("topologySpreadConstraints").index(i);
            String msg = t.getTopologyKey() == null ? null : DEPRECATED_NODE_LABELS.get(t.getTopologyKey());
            if (msg != null) {
                warnings.add(at.child("topologyKey") + ": " + t.getTopologyKey() + " is " + msg);
            }
            if (t.getLabelSelector() == null) {
                warnings.add(String.format(NULL_SELECTOR, at.child("labelSelector")));
            }
        }

        // deprecated annotations
        DEPRECATED_ANNOTATIONS.forEach((key, message) -> {
            if (annotations.containsKey(key)) {
                warnings.add(annotationsPath.key(key) + ": " + message);
            }
        });

        volumes(spec, specPath, warnings);

        // duplicate hostAliases (#91670, #58477)
        List<HostAlias> aliases = nonNull(spec.getHostAliases());
        Set<String> ips = new HashSet<>();
        for (int i = 0; aliases.size() > 1 && i < aliases.size(); i++) {
            String ip = aliases.get(i) == null ? "" : ContainerValidation.nullToEmpty(aliases.get(i).getIp());
            if (!ips.add(ip)) {
                warnings.add(specPath.child("hostAliases").index(i).child("ip") + ": duplicate ip " + GoValue.quote(ip));
            }
        }
        // duplicate imagePullSecrets (#91629, #58477), then the ones with an empty name (#99454)
        List<LocalObjectReference> pullSecrets = nonNull(spec.getImagePullSecrets());
        Set<String> secretNames = new HashSet<>();
        for (int i = 0; pullSecrets.size() > 1 && i < pullSecrets.size(); i++) {
            String name = pullSecrets.get(i) == null ? "" : ContainerValidation.nullToEmpty(pullSecrets.get(i).getName());
            if (!secretNames.add(name)) {
                warnings.add(specPath.child("imagePullSecrets").index(i).child("name") + ": duplicate name " + GoValue.quote(name));
            }
        }
        for (int i = 0; i < pullSecrets.size(); i++) {
            String name = pullSecrets.get(i) == null ? "" : ContainerValidation.nullToEmpty(pullSecrets.get(i).getName());
            if (name.isEmpty()) {
                warnings.add(specPath.child("imagePullSecrets").index(i).child("name") + ": invalid empty name \"\"");
            }
        }

        // fractional memory/ephemeral-storage (#79950, #49442, #18538)
        Map<String, Quantity> overhead = spec.getOverhead() == null ? Map.of() : spec.getOverhead();
        fractional(overhead, "memory", specPath.child("overhead"), warnings);
        fractional(overhead, "ephemeral-storage", specPath.child("overhead"), warnings);

        // the pod seccomp annotation without the field
        if (spec.getSecurityContext() == null || spec.getSecurityContext().getSeccompProfile() == null) {
            if (annotations.containsKey(SECCOMP_POD_ANNOTATION)) {
                warnings.add(annotationsPath.key(SECCOMP_POD_ANNOTATION) + ": non-functional in v1.27+; use the \"seccompProfile\" field instead");
            }
        }
        boolean podAppArmor = spec.getSecurityContext() != null && spec.getSecurityContext().getAppArmorProfile() != null;

        List<AnyContainer> containers = containers(spec, specPath);
        for (AnyContainer c : containers) {
            SecurityContext sc = c.securityContext();
            String seccompKey = SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name();
            if ((sc == null || sc.getSeccompProfile() == null) && annotations.containsKey(seccompKey)) {
                warnings.add(annotationsPath.key(seccompKey) + ": non-functional in v1.27+; use the \"seccompProfile\" field instead");
            }
            // AppArmorFields is on by default since v1.30; pods get their AppArmor words elsewhere upstream
            // (applyAppArmorVersionSkew), templates get this one
            String appArmorKey = APPARMOR_ANNOTATION_PREFIX + c.name();
            boolean appArmorField = podAppArmor || (sc != null && sc.getAppArmorProfile() != null);
            if (fieldPath != null && !appArmorField && annotations.containsKey(appArmorKey)) {
                warnings.add(annotationsPath.key(appArmorKey) + ": deprecated since v1.30; use the \"appArmorProfile\" field instead");
            }
            ResourceRequirements resources = c.resources();
            Map<String, Quantity> limits = resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
            Map<String, Quantity> requests = resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
            fractional(limits, "memory", c.path().child("resources").child("limits"), warnings);
            fractional(requests, "memory", c.path().child("resources").child("requests"), warnings);
            fractional(limits, "ephemeral-storage", c.path().child("resources").child("limits"), warnings);
            fractional(requests, "ephemeral-storage", c.path().child("resources").child("requests"), warnings);
            duplicateEnv(c, warnings);
        }
        ports(containers, warnings);

        if (spec.getTerminationGracePeriodSeconds() != null && spec.getTerminationGracePeriodSeconds() < 0) {
            warnings.add(specPath.child("terminationGracePeriodSeconds")
                    + ": must be >= 0; negative values are invalid and will be treated as 1");
        }

        if (spec.getAffinity() != null) {
            FieldPath affinityPath = specPath.child("affinity");
            if (spec.getAffinity().getPodAffinity() != null) {
                FieldPath p = affinityPath.child("podAffinity");
                podAffinityTerms(spec.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
                        p.child("requiredDuringSchedulingIgnoredDuringExecution"), warnings);
                weightedPodAffinityTerms(spec.getAffinity().getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(),
                        p.child("preferredDuringSchedulingIgnoredDuringExecution"), warnings);
            }
            if (spec.getAffinity().getPodAntiAffinity() != null) {
                FieldPath p = affinityPath.child("podAntiAffinity");
                podAffinityTerms(spec.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
                        p.child("requiredDuringSchedulingIgnoredDuringExecution"), warnings);
                weightedPodAffinityTerms(spec.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(),
                        p.child("preferredDuringSchedulingIgnoredDuringExecution"), warnings);
            }
        }
        return warnings;
    }

    /** pkg/api/node/util.go, GetWarningsForNodeSelectorTerm (v1.33: match expressions' keys only). */
    private static void nodeSelectorTerm(NodeSelectorTerm term, FieldPath path, List<String> warnings) {
        if (term == null) {
            return;
        }
        List<NodeSelectorRequirement> expressions = nonNull(term.getMatchExpressions());
        for (int i = 0; i < expressions.size(); i++) {
            String key = expressions.get(i) == null ? null : expressions.get(i).getKey();
            String msg = key == null ? null : DEPRECATED_NODE_LABELS.get(key);
            if (msg != null) {
                warnings.add(path.child("matchExpressions").index(i).child("key") + ": " + key + " is " + msg);
            }
        }
    }

    /** Deprecated and removed volume plugins, then paths that clash with a projected service account token. */
    private static void volumes(PodSpec spec, FieldPath specPath, List<String> warnings) {
        List<Volume> volumes = nonNull(spec.getVolumes());
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            if (v == null) {
                continue;
            }
            FieldPath at = specPath.child("volumes").index(i);
            if (v.getPhotonPersistentDisk() != null) {
                warnings.add(at.child("photonPersistentDisk") + ": deprecated in v1.11, non-functional in v1.16+");
            }
            if (v.getGitRepo() != null) {
                warnings.add(at.child("gitRepo") + ": deprecated in v1.11");
            }
            if (v.getScaleIO() != null) {
                warnings.add(at.child("scaleIO") + ": deprecated in v1.16, non-functional in v1.22+");
            }
            if (v.getFlocker() != null) {
                warnings.add(at.child("flocker") + ": deprecated in v1.22, non-functional in v1.25+");
            }
            if (v.getStorageos() != null) {
                warnings.add(at.child("storageOS") + ": deprecated in v1.22, non-functional in v1.25+");
            }
            if (v.getQuobyte() != null) {
                warnings.add(at.child("quobyte") + ": deprecated in v1.22, non-functional in v1.25+");
            }
            if (v.getGlusterfs() != null) {
                warnings.add(at.child("glusterfs") + ": deprecated in v1.25, non-functional in v1.26+");
            }
            if (v.getCephfs() != null) {
                warnings.add(at.child("cephfs") + ": deprecated in v1.28, non-functional in v1.31+");
            }
            if (v.getRbd() != null) {
                warnings.add(at.child("rbd") + ": deprecated in v1.28, non-functional in v1.31+");
            }
        }
        Set<String> tokenPaths = new HashSet<>();
        for (Volume v : volumes) {
            if (v != null && v.getProjected() != null) {
                for (VolumeProjection source : nonNull(v.getProjected().getSources())) {
                    if (source != null && source.getServiceAccountToken() != null) {
                        tokenPaths.add(ContainerValidation.nullToEmpty(source.getServiceAccountToken().getPath()));
                    }
                }
            }
        }
        if (tokenPaths.isEmpty()) {
            return;
        }
        String clash = "%s: has duplicated path with ServiceAccountToken %s";
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            if (v == null || v.getProjected() == null) {
                continue;
            }
            // upstream's own words for these paths: "secrets" and "ClusterTrustBundle" as warnings.go spells them
            FieldPath sources = specPath.child("volumes").index(i).child("projected").child("sources");
            for (VolumeProjection source : nonNull(v.getProjected().getSources())) {
                if (source == null) {
                    continue;
                }
                if (source.getConfigMap() != null) {
                    keyPaths(source.getConfigMap().getItems(), sources.child("configMap"), tokenPaths, clash, warnings);
                }
                if (source.getSecret() != null) {
                    keyPaths(source.getSecret().getItems(), sources.child("secrets"), tokenPaths, clash, warnings);
                }
                if (source.getDownwardAPI() != null) {
                    var items = nonNull(source.getDownwardAPI().getItems());
                    for (int j = 0; j < items.size(); j++) {
                        String path = items.get(j) == null ? "" : ContainerValidation.nullToEmpty(items.get(j).getPath());
                        if (tokenPaths.contains(path)) {
                            warnings.add(String.format(clash, sources.child("downwardAPI").index(j), GoValue.quote(path)));
                        }
                    }
                }
                if (source.getClusterTrustBundle() != null) {
                    String path = ContainerValidation.nullToEmpty(source.getClusterTrustBundle().getPath());
                    if (tokenPaths.contains(path)) {
                        warnings.add(String.format(clash, sources.child("ClusterTrustBundle"), GoValue.quote(path)));
                    }
                }
            }
        }
    }

    private static void keyPaths(List<KeyToPath> items, FieldPath at, Set<String> tokenPaths, String clash, List<String> warnings) {
        List<KeyToPath> list = nonNull(items);
        for (int j = 0; j < list.size(); j++) {
            String path = list.get(j) == null ? "" : ContainerValidation.nullToEmpty(list.get(j).getPath());
            if (tokenPaths.contains(path)) {
                warnings.add(String.format(clash, at.index(j), GoValue.quote(path)));
            }
        }
    }

    /**
     * A memory or ephemeral-storage value with a fraction of a byte: Go's MilliValue (rounded up) is not
     * a multiple of 1000; the value is printed in its canonical form, as Quantity.String() prints it.
     */
    private static void fractional(Map<String, Quantity> resources, String resource, FieldPath at, List<String> warnings) {
        Quantity value = resources.get(resource);
        if (value == null) {
            return;
        }
        Quantities.parse(value).ifPresent(parsed -> {
            BigDecimal milli = parsed.value().movePointRight(3).setScale(0, RoundingMode.UP);
            if (milli.remainder(BigDecimal.valueOf(1000)).signum() != 0) {
                warnings.add(String.format(FRACTIONAL, at.key(resource), Quantities.canonical(parsed)));
            }
        });
    }

    /** Duplicate env names (#86163, #93266, #58477): a redefinition that does not build on the previous one. */
    private static void duplicateEnv(AnyContainer c, List<String> warnings) {
        List<EnvVar> env = nonNull(c.env());
        if (env.size() < 2) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < env.size(); i++) {
            EnvVar item = env.get(i);
            if (item == null) {
                continue;
            }
            String name = ContainerValidation.nullToEmpty(item.getName());
            if (names.add(name)) {
                continue;
            }
            String value = ContainerValidation.nullToEmpty(item.getValue());
            String ref = "$(" + name + ")";
            if (item.getValueFrom() != null || value.equals(ref) || !value.contains(ref)) {
                warnings.add(c.path().child("env").index(i) + ": hides previous definition of " + GoValue.quote(name)
                        + ", which may be dropped when using apply");
            }
        }
    }

    /** A port of one container among all the pod's containers, with its path. */
    private record PortBlock(FieldPath field, ContainerPort port) {
        int hostPort() {
            return port.getHostPort() == null ? 0 : port.getHostPort();
        }

        String hostIP() {
            return ContainerValidation.nullToEmpty(port.getHostIP());
        }
    }

    /** hostIP without hostPort, then duplicate, overlapping and ambiguous ports across all containers. */
    private static void ports(List<AnyContainer> containers, List<String> warnings) {
        Map<String, List<PortBlock>> all = new LinkedHashMap<>();
        for (AnyContainer c : containers) {
            List<ContainerPort> ports = nonNull(c.ports());
            for (int i = 0; i < ports.size(); i++) {
                ContainerPort port = ports.get(i);
                if (port == null) {
                    continue;
                }
                PortBlock block = new PortBlock(c.path().child("ports").index(i), port);
                if (!block.hostIP().isEmpty() && block.hostPort() == 0) {
                    warnings.add(block.field() + ": hostIP set without hostPort: " + goStruct(block));
                }
                String key = (port.getContainerPort() == null ? 0 : port.getContainerPort()) + "/" + protocol(port);
                List<PortBlock> others = all.computeIfAbsent(key, k -> new ArrayList<>());
                for (PortBlock other : others) {
                    if (block.hostIP().equals(other.hostIP()) && block.hostPort() == other.hostPort()) {
                        warnings.add(block.field() + ": duplicate port definition with " + other.field());
                    } else if (block.hostPort() == 0 || other.hostPort() == 0) {
                        warnings.add(block.field() + ": overlapping port definition with " + other.field());
                    } else if (block.hostPort() == other.hostPort() && (block.hostIP().isEmpty() != other.hostIP().isEmpty())) {
                        warnings.add(block.field() + ": dangerously ambiguous port definition with " + other.field());
                    }
                }
                others.add(block);
            }
        }
    }

    private static String protocol(ContainerPort port) {
        return port.getProtocol() == null || port.getProtocol().isEmpty() ? "TCP" : port.getProtocol();
    }

    /** Go's {@code %+v} of the internal api.ContainerPort, in its field order. */
    private static String goStruct(PortBlock block) {
        ContainerPort port = block.port();
        return "{Name:" + ContainerValidation.nullToEmpty(port.getName()) + " HostPort:" + block.hostPort()
                + " ContainerPort:" + (port.getContainerPort() == null ? 0 : port.getContainerPort())
                + " Protocol:" + protocol(port) + " HostIP:" + block.hostIP() + "}";
    }

    private static void podAffinityTerms(List<PodAffinityTerm> terms, FieldPath path, List<String> warnings) {
        List<PodAffinityTerm> list = nonNull(terms);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) != null && list.get(i).getLabelSelector() == null) {
                warnings.add(String.format(NULL_SELECTOR, path.index(i).child("labelSelector")));
            }
        }
    }

    private static void weightedPodAffinityTerms(List<WeightedPodAffinityTerm> terms, FieldPath path, List<String> warnings) {
        List<WeightedPodAffinityTerm> list = nonNull(terms);
        for (int i = 0; i < list.size(); i++) {
            WeightedPodAffinityTerm t = list.get(i);
            if (t != null && (t.getPodAffinityTerm() == null || t.getPodAffinityTerm().getLabelSelector() == null)) {
                warnings.add(String.format(NULL_SELECTOR, path.index(i).child("podAffinityTerm").child("labelSelector")));
            }
        }
    }

    /** What the warnings read of a container, init container or ephemeral container. */
    private record AnyContainer(FieldPath path, String name, List<EnvVar> env, ResourceRequirements resources,
                                List<ContainerPort> ports, SecurityContext securityContext) {
    }

    /** pkg/apis/core/pods VisitContainersWithPath: init containers, containers, then ephemeral containers. */
    private static List<AnyContainer> containers(PodSpec spec, FieldPath specPath) {
        List<AnyContainer> all = new ArrayList<>();
        addContainers(nonNull(spec.getInitContainers()), specPath.child("initContainers"), all);
        addContainers(nonNull(spec.getContainers()), specPath.child("containers"), all);
        List<EphemeralContainer> ephemeral = nonNull(spec.getEphemeralContainers());
        for (int i = 0; i < ephemeral.size(); i++) {
            EphemeralContainer c = ephemeral.get(i);
            if (c != null) {
                all.add(new AnyContainer(specPath.child("ephemeralContainers").index(i), ContainerValidation.nullToEmpty(c.getName()),
                        c.getEnv(), c.getResources(), c.getPorts(), c.getSecurityContext()));
            }
        }
        return all;
    }

    private static void addContainers(List<Container> containers, FieldPath path, List<AnyContainer> all) {
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            if (c != null) {
                all.add(new AnyContainer(path.index(i), ContainerValidation.nullToEmpty(c.getName()), c.getEnv(),
                        c.getResources(), c.getPorts(), c.getSecurityContext()));
            }
        }
    }

    private static Map<String, String> orderedOf(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
