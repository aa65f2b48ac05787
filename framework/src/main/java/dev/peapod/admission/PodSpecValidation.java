package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.peapod.admission.PodDefaults.empty;
import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * ValidatePodSpec of pkg/apis/core/validation/validation.go (v1.33), in upstream's order: volumes,
 * containers, init containers, host-network ports, restart and DNS policy, node selector, security
 * context, affinity, DNS config, readiness and scheduling gates, topology spread constraints, names,
 * deadlines, tolerations, priority and OS. DNS config details, sysctls, seccomp and AppArmor are not checked.
 */
final class PodSpecValidation {
    static final long MAX_INT32 = Integer.MAX_VALUE;
    private static final long MAX_UNIX_ID = 0xffffffffL;

    private PodSpecValidation() {
    }

    /** @param isPod the spec is a Pod's, not a template's (PodValidationOptions.ResourceIsPod) */
    static void spec(PodSpec spec, FieldPath path, boolean isPod, Errors errs) {
        if (spec.getTerminationGracePeriodSeconds() == null) {
            errs.required(path.child("terminationGracePeriodSeconds"), "");
        }
        Set<String> volumes = VolumeValidation.volumes(spec.getVolumes(), path.child("volumes"), errs);
        var ctx = new ContainerValidation.Context(spec.getTerminationGracePeriodSeconds(), volumes);
        ContainerValidation.containers(spec.getContainers(), ctx, path.child("containers"), errs);
        ContainerValidation.initContainers(spec.getInitContainers(), spec.getContainers(), ctx, path.child("initContainers"), errs);
        hostNetworkPorts(spec, path, isPod, errs);
        restartPolicy(spec.getRestartPolicy(), path.child("restartPolicy"), errs);
        dnsPolicy(spec, path, errs);
        MetaValidation.labels(spec.getNodeSelector(), path.child("nodeSelector"), errs);
        securityContext(spec, path.child("securityContext"), errs);
        AffinityValidation.affinity(spec.getAffinity(), path.child("affinity"), errs);
        dnsConfig(spec, path, errs);
        gates(spec, path, errs);
        AffinityValidation.topologySpreadConstraints(nonNull(spec.getTopologySpreadConstraints()),
                path.child("topologySpreadConstraints"), errs);
        names(spec, path, errs);
        if (spec.getActiveDeadlineSeconds() != null) {
            long value = spec.getActiveDeadlineSeconds();
            if (value < 1 || value > MAX_INT32) {
                errs.invalid(path.child("activeDeadlineSeconds"), value, Names.inclusiveRangeError(1, MAX_INT32));
            }
        }
        hostnameAndSubdomain(spec, path, errs);
        TolerationValidation.tolerations(nonNull(spec.getTolerations()), path.child("tolerations"), errs);
        priority(spec, path, errs);
        os(spec, path, errs);
    }

    /** With host networking a pod's ports are host ports; a template may leave hostPort 0 for defaulting. */
    private static void hostNetworkPorts(PodSpec spec, FieldPath path, boolean isPod, Errors errs) {
        if (!Boolean.TRUE.equals(spec.getHostNetwork())) {
            return;
        }
        List<Container> containers = nonNull(spec.getContainers());
        for (int i = 0; i < containers.size(); i++) {
            List<ContainerPort> ports = nonNull(containers.get(i).getPorts());
            for (int j = 0; j < ports.size(); j++) {
                int hostPort = ProbeValidation.intValue(ports.get(j).getHostPort());
                int containerPort = ProbeValidation.intValue(ports.get(j).getContainerPort());
                if ((isPod || hostPort != 0) && hostPort != containerPort) {
                    errs.invalid(path.child("containers").index(i).child("ports").index(j).child("hostPort"), hostPort,
                            "must match `containerPort` when `hostNetwork` is true");
                }
            }
        }
    }

    static void restartPolicy(String policy, FieldPath path, Errors errs) {
        if (empty(policy)) {
            errs.required(path, "");
        } else if (!List.of("Always", "OnFailure", "Never").contains(policy)) {
            errs.notSupported(path, policy, List.of("Always", "OnFailure", "Never"));
        }
    }

    private static void dnsPolicy(PodSpec spec, FieldPath path, Errors errs) {
        String policy = spec.getDnsPolicy();
        List<String> supported = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
        if (empty(policy)) {
            errs.required(path.child("dnsPolicy"), "");
        } else if (!supported.contains(policy)) {
            errs.notSupported(path.child("dnsPolicy"), policy, supported);
        }
    }

    /** validatePodDNSConfig, only the requirements of dnsPolicy None. */
    private static void dnsConfig(PodSpec spec, FieldPath path, Errors errs) {
        if ("None".equals(spec.getDnsPolicy())) {
            if (spec.getDnsConfig() == null) {
                errs.required(path.child("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None");
            } else if (nonNull(spec.getDnsConfig().getNameservers()).isEmpty()) {
                errs.required(path.child("dnsConfig").child("nameservers"),
                        "must provide at least one DNS nameserver when `dnsPolicy` is None");
            }
        }
    }

    /** validatePodSpecSecurityContext: id ranges and the process-namespace conflict. */
    private static void securityContext(PodSpec spec, FieldPath path, Errors errs) {
        PodSecurityContext sc = spec.getSecurityContext();
        if (sc == null) {
            return;
        }
        unixId(sc.getFsGroup(), path.child("fsGroup"), errs);
        unixId(sc.getRunAsUser(), path.child("runAsUser"), errs);
        unixId(sc.getRunAsGroup(), path.child("runAsGroup"), errs);
        List<Long> groups = nonNull(sc.getSupplementalGroups());
        for (int i = 0; i < groups.size(); i++) {
            unixId(groups.get(i), path.child("supplementalGroups").index(i), errs);
        }
        // the v1 fields live in the internal PodSecurityContext, hence this path
        if (Boolean.TRUE.equals(spec.getShareProcessNamespace()) && Boolean.TRUE.equals(spec.getHostPID())) {
            errs.invalid(path.child("shareProcessNamespace"), true, "ShareProcessNamespace and HostPID cannot both be enabled");
        }
        if (sc.getFsGroupChangePolicy() != null && !List.of("Always", "OnRootMismatch").contains(sc.getFsGroupChangePolicy())) {
            errs.notSupported(path.child("fsGroupChangePolicy"), sc.getFsGroupChangePolicy(), List.of("Always", "OnRootMismatch"));
        }
    }

    /** IsValidUserID / IsValidGroupID: 0 to 2^32-1. */
    static void unixId(Long id, FieldPath path, Errors errs) {
        if (id != null && (id < 0 || id > MAX_UNIX_ID)) {
            errs.invalid(path, id, Names.inclusiveRangeError(0, MAX_UNIX_ID));
        }
    }

    private static void gates(PodSpec spec, FieldPath path, Errors errs) {
        List<PodReadinessGate> readiness = nonNull(spec.getReadinessGates());
        for (int i = 0; i < readiness.size(); i++) {
            String type = ContainerValidation.nullToEmpty(readiness.get(i).getConditionType());
            errs.invalidEach(path.child("readinessGates").index(i).child("conditionType"), type, Names.qualifiedName(type));
        }
        List<PodSchedulingGate> scheduling = nonNull(spec.getSchedulingGates());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < scheduling.size(); i++) {
            String name = ContainerValidation.nullToEmpty(scheduling.get(i).getName());
            FieldPath at = path.child("schedulingGates").index(i);
            errs.invalidEach(at, name, Names.qualifiedName(name));
            if (!seen.add(name)) {
                errs.duplicate(at, name);
            }
        }
    }

    private static void names(PodSpec spec, FieldPath path, Errors errs) {
        if (!empty(spec.getServiceAccountName())) {
            errs.invalidEach(path.child("serviceAccountName"), spec.getServiceAccountName(),
                    Names.dns1123Subdomain(spec.getServiceAccountName()));
        }
        if (!empty(spec.getNodeName())) {
            errs.invalidEach(path.child("nodeName"), spec.getNodeName(), Names.dns1123Subdomain(spec.getNodeName()));
        }
    }

    private static void hostnameAndSubdomain(PodSpec spec, FieldPath path, Errors errs) {
        if (!empty(spec.getHostname())) {
            errs.invalidEach(path.child("hostname"), spec.getHostname(), Names.dns1123Label(spec.getHostname()));
        }
        if (!empty(spec.getSubdomain())) {
            errs.invalidEach(path.child("subdomain"), spec.getSubdomain(), Names.dns1123Label(spec.getSubdomain()));
        }
    }

    private static void priority(PodSpec spec, FieldPath path, Errors errs) {
        if (!empty(spec.getPriorityClassName())) {
            errs.invalidEach(path.child("priorityClassName"), spec.getPriorityClassName(),
                    Names.dns1123Subdomain(spec.getPriorityClassName()));
        }
        if (spec.getRuntimeClassName() != null) {
            errs.invalidEach(path.child("runtimeClassName"), spec.getRuntimeClassName(),
                    Names.dns1123Subdomain(spec.getRuntimeClassName()));
        }
        String policy = spec.getPreemptionPolicy();
        if (policy != null) {
            if (policy.isEmpty()) {
                errs.required(path.child("preemptionPolicy"), "");
            } else if (!List.of("PreemptLowerPriority", "Never").contains(policy)) {
                errs.notSupported(path.child("preemptionPolicy"), policy, List.of("PreemptLowerPriority", "Never"));
            }
        }
    }

    private static void os(PodSpec spec, FieldPath path, Errors errs) {
        if (spec.getOs() == null) {
            return;
        }
        String name = ContainerValidation.nullToEmpty(spec.getOs().getName());
        if (name.isEmpty()) {
            errs.required(path.child("os").child("name"), "cannot be empty");
        } else if (!name.equals("linux") && !name.equals("windows")) {
            errs.notSupported(path.child("os"), name, List.of("linux", "windows"));
        }
    }
}
