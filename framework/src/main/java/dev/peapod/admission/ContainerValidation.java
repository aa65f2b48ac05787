package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.peapod.admission.PodDefaults.empty;
import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * validateContainers, validateInitContainers and validateContainerCommon of
 * pkg/apis/core/validation/validation.go (v1.33): names, images, ports, environment, mounts,
 * pull policy, resources, probes and hooks, with container names unique across regular and init
 * containers.
 */
final class ContainerValidation {
    /** What the containers of one pod spec are checked against. */
    record Context(Long gracePeriod, Set<String> volumes) {
    }

    private ContainerValidation() {
    }

    static void containers(List<Container> containers, Context ctx, FieldPath path, Errors errs) {
        if (containers == null || containers.isEmpty()) {
            errs.required(path, "");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            FieldPath at = path.index(i);
            common(c, ctx, at, errs);
            if (!names.add(nameOf(c))) {
                errs.duplicate(at.child("name"), nameOf(c));
            }
            if (c.getLifecycle() != null) {
                ProbeValidation.lifecycle(c.getLifecycle(), ctx.gracePeriod(), at.child("lifecycle"), errs);
            }
            ProbeValidation.liveness(c.getLivenessProbe(), ctx.gracePeriod(), at.child("livenessProbe"), errs);
            ProbeValidation.readiness(c.getReadinessProbe(), ctx.gracePeriod(), at.child("readinessProbe"), errs);
            ProbeValidation.startup(c.getStartupProbe(), ctx.gracePeriod(), at.child("startupProbe"), errs);
            if (c.getRestartPolicy() != null) {
                errs.forbidden(at.child("restartPolicy"), "may not be set for non-init containers");
            }
        }
        hostPortConflicts(containers, path, errs);
    }

    /** Init containers: a sidecar (restartPolicy Always) may have probes and hooks, others may not. */
    static void initContainers(List<Container> inits, List<Container> regular, Context ctx, FieldPath path, Errors errs) {
        Set<String> names = new HashSet<>();
        nonNull(regular).forEach(c -> names.add(nameOf(c)));
        for (int i = 0; i < nonNull(inits).size(); i++) {
            Container c = inits.get(i);
            FieldPath at = path.index(i);
            common(c, ctx, at, errs);
            boolean sidecar = false;
            if (c.getRestartPolicy() != null) {
                sidecar = c.getRestartPolicy().equals("Always");
                if (!sidecar) {
                    errs.notSupported(at.child("restartPolicy"), c.getRestartPolicy(), List.of("Always"));
                }
            }
            if (names.contains(nameOf(c))) {
                errs.duplicate(at.child("name"), nameOf(c));
            } else if (!nameOf(c).isEmpty()) {
                names.add(nameOf(c));
            }
            // init containers run one by one, so each is checked alone; upstream indexes that one-element list at 0
            hostPortConflicts(List.of(c), path, errs);
            if (sidecar) {
                sidecarHooksAndProbes(c, ctx, at, errs);
            } else {
                forbidHooksAndProbes(c, at, errs);
            }
        }
    }

    private static void sidecarHooksAndProbes(Container c, Context ctx, FieldPath at, Errors errs) {
        if (c.getLifecycle() != null) {
            ProbeValidation.lifecycle(c.getLifecycle(), ctx.gracePeriod(), at.child("lifecycle"), errs);
        }
        ProbeValidation.liveness(c.getLivenessProbe(), ctx.gracePeriod(), at.child("livenessProbe"), errs);
        ProbeValidation.readiness(c.getReadinessProbe(), ctx.gracePeriod(), at.child("readinessProbe"), errs);
        ProbeValidation.startup(c.getStartupProbe(), ctx.gracePeriod(), at.child("startupProbe"), errs);
    }

    private static void forbidHooksAndProbes(Container c, FieldPath at, Errors errs) {
        String detail = "may not be set for init containers without restartPolicy=Always";
        if (c.getLifecycle() != null) {
            errs.forbidden(at.child("lifecycle"), detail);
        }
        if (c.getLivenessProbe() != null) {
            errs.forbidden(at.child("livenessProbe"), detail);
        }
        if (c.getReadinessProbe() != null) {
            errs.forbidden(at.child("readinessProbe"), detail);
        }
        if (c.getStartupProbe() != null) {
            errs.forbidden(at.child("startupProbe"), detail);
        }
    }

    /** validateContainerCommon, in upstream's order. */
    private static void common(Container c, Context ctx, FieldPath at, Errors errs) {
        if (empty(c.getName())) {
            errs.required(at.child("name"), "");
        } else {
            errs.invalidEach(at.child("name"), c.getName(), Names.dns1123Label(c.getName()));
        }
        if (empty(c.getImage())) {
            errs.required(at.child("image"), "");
        }
        terminationMessagePolicy(c.getTerminationMessagePolicy(), at.child("terminationMessagePolicy"), errs);
        ports(nonNull(c.getPorts()), at.child("ports"), errs);
        EnvValidation.env(nonNull(c.getEnv()), at.child("env"), errs);
        EnvValidation.envFrom(nonNull(c.getEnvFrom()), at.child("envFrom"), errs);
        volumeMounts(nonNull(c.getVolumeMounts()), ctx.volumes(), at.child("volumeMounts"), errs);
        pullPolicy(c.getImagePullPolicy(), at.child("imagePullPolicy"), errs);
        ResourceValidation.requirements(c.getResources(), at.child("resources"), errs);
        securityContext(c.getSecurityContext(), at.child("securityContext"), errs);
    }

    private static void terminationMessagePolicy(String policy, FieldPath path, Errors errs) {
        if (empty(policy)) {
            errs.required(path, "");
        } else if (!policy.equals("File") && !policy.equals("FallbackToLogsOnError")) {
            errs.notSupported(path, policy, List.of("File", "FallbackToLogsOnError"));
        }
    }

    private static void pullPolicy(String policy, FieldPath path, Errors errs) {
        if (empty(policy)) {
            errs.required(path, "");
        } else if (!List.of("Always", "IfNotPresent", "Never").contains(policy)) {
            errs.notSupported(path, policy, List.of("Always", "IfNotPresent", "Never"));
        }
    }

    /** validateContainerPorts. */
    private static void ports(List<ContainerPort> ports, FieldPath path, Errors errs) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ContainerPort port = ports.get(i);
            FieldPath at = path.index(i);
            if (!empty(port.getName())) {
                List<String> msgs = Names.portName(port.getName());
                if (!msgs.isEmpty()) {
                    errs.invalidEach(at.child("name"), port.getName(), msgs);
                } else if (!names.add(port.getName())) {
                    errs.duplicate(at.child("name"), port.getName());
                }
            }
            int containerPort = ProbeValidation.intValue(port.getContainerPort());
            if (containerPort == 0) {
                errs.required(at.child("containerPort"), "");
            } else {
                errs.invalidEach(at.child("containerPort"), containerPort, Names.portNum(containerPort));
            }
            int hostPort = ProbeValidation.intValue(port.getHostPort());
            if (hostPort != 0) {
                errs.invalidEach(at.child("hostPort"), hostPort, Names.portNum(hostPort));
            }
            if (empty(port.getProtocol())) {
                errs.required(at.child("protocol"), "");
            } else if (!List.of("SCTP", "TCP", "UDP").contains(port.getProtocol())) {
                errs.notSupported(at.child("protocol"), port.getProtocol(), List.of("SCTP", "TCP", "UDP"));
            }
        }
    }

    /** AccumulateUniqueHostPorts: one protocol/hostIP/hostPort may be used once across the list. */
    private static void hostPortConflicts(List<Container> containers, FieldPath path, Errors errs) {
        Set<String> seen = new HashSet<>();
        for (int ci = 0; ci < containers.size(); ci++) {
            List<ContainerPort> ports = nonNull(containers.get(ci).getPorts());
            for (int pi = 0; pi < ports.size(); pi++) {
                ContainerPort port = ports.get(pi);
                int hostPort = ProbeValidation.intValue(port.getHostPort());
                if (hostPort == 0) {
                    continue;
                }
                String key = nullToEmpty(port.getProtocol()) + "/" + nullToEmpty(port.getHostIP()) + "/" + hostPort;
                if (!seen.add(key)) {
                    errs.duplicate(path.index(ci).child("ports").index(pi).child("hostPort"), key);
                }
            }
        }
    }

    /** ValidateVolumeMounts: each mount names a volume of the pod, at a unique path. */
    private static void volumeMounts(List<VolumeMount> mounts, Set<String> volumes, FieldPath path, Errors errs) {
        Set<String> mountPoints = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            VolumeMount mount = mounts.get(i);
            FieldPath at = path.index(i);
            String name = nullToEmpty(mount.getName());
            if (name.isEmpty()) {
                errs.required(at.child("name"), "");
            }
            if (!volumes.contains(name)) {
                errs.notFound(at.child("name"), name);
            }
            String mountPath = nullToEmpty(mount.getMountPath());
            if (mountPath.isEmpty()) {
                errs.required(at.child("mountPath"), "");
            }
            if (!mountPoints.add(mountPath)) {
                errs.invalid(at.child("mountPath"), mountPath, "must be unique");
            }
            subPaths(mount, path, at, errs);
        }
    }

    /** Upstream reports subPath errors on the list's path, not the mount's (validateLocalDescendingPath). */
    private static void subPaths(VolumeMount mount, FieldPath listPath, FieldPath at, Errors errs) {
        if (!empty(mount.getSubPath())) {
            VolumeValidation.localDescendingPath(mount.getSubPath(), listPath.child("subPath"), errs);
        }
        if (!empty(mount.getSubPathExpr())) {
            if (!empty(mount.getSubPath())) {
                errs.invalid(at.child("subPathExpr"), mount.getSubPathExpr(), "subPathExpr and subPath are mutually exclusive");
            }
            VolumeValidation.localDescendingPath(mount.getSubPathExpr(), listPath.child("subPathExpr"), errs);
        }
    }

    /** The user and group ids of ValidateSecurityContext; privileged containers are allowed, as with --allow-privileged. */
    private static void securityContext(SecurityContext sc, FieldPath path, Errors errs) {
        if (sc == null) {
            return;
        }
        PodSpecValidation.unixId(sc.getRunAsUser(), path.child("runAsUser"), errs);
        PodSpecValidation.unixId(sc.getRunAsGroup(), path.child("runAsGroup"), errs);
        if (sc.getProcMount() != null && !List.of("Default", "Unmasked").contains(sc.getProcMount())) {
            errs.notSupported(path.child("procMount"), sc.getProcMount(), List.of("Default", "Unmasked"));
        }
    }

    static String nameOf(Container c) {
        return nullToEmpty(c.getName());
    }

    static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
