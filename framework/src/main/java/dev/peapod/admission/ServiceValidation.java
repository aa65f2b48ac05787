package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.ClientIPConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.SessionAffinityConfig;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static dev.peapod.admission.ContainerValidation.nullToEmpty;
import static dev.peapod.admission.PodDefaults.empty;
import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * SetDefaults_Service (pkg/apis/core/v1/defaults.go), ValidateService and ValidateServiceUpdate
 * (pkg/apis/core/validation/validation.go, v1.33). The store allocates cluster IPs after admission
 * (dev.peapod.store.ServiceIps, the REST layer's beginCreate) but no node ports, so the rules that
 * only node-port allocation satisfies (a required healthCheckNodePort for a Local LoadBalancer) are
 * left out rather than failing every such Service.
 */
final class ServiceValidation {
    static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> AFFINITIES = List.of("ClientIP", "None");
    private static final List<String> TRAFFIC_POLICIES = List.of("Cluster", "Local");
    /** core.MaxClientIPServiceAffinitySeconds and v1.DefaultClientIPServiceAffinitySeconds. */
    private static final int MAX_CLIENT_IP_TIMEOUT = 86400;
    private static final int DEFAULT_CLIENT_IP_TIMEOUT = 10800;

    private ServiceValidation() {
    }

    /** SetDefaults_Service: the defaults that decide validity. */
    static void defaults(Service service) {
        if (service.getSpec() == null) {
            service.setSpec(new ServiceSpec());
        }
        ServiceSpec spec = service.getSpec();
        if (empty(spec.getSessionAffinity())) {
            spec.setSessionAffinity("None");
        }
        if (spec.getSessionAffinity().equals("None")) {
            spec.setSessionAffinityConfig(null);
        }
        if (spec.getSessionAffinity().equals("ClientIP") && (spec.getSessionAffinityConfig() == null
                || spec.getSessionAffinityConfig().getClientIP() == null
                || spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() == null)) {
            spec.setSessionAffinityConfig(new SessionAffinityConfig(new ClientIPConfig(DEFAULT_CLIENT_IP_TIMEOUT)));
        }
        if (empty(spec.getType())) {
            spec.setType("ClusterIP");
        }
        for (ServicePort port : nonNull(spec.getPorts())) {
            if (port == null) {
                continue;
            }
            if (empty(port.getProtocol())) {
                port.setProtocol("TCP");
            }
            IntOrString target = port.getTargetPort();
            if (target == null || Objects.equals(target.getIntVal(), 0) && target.getStrVal() == null
                    || target.getIntVal() == null && nullToEmpty(target.getStrVal()).isEmpty()) {
                port.setTargetPort(new IntOrString(port.getPort() == null ? 0 : port.getPort()));
            }
        }
        if (externallyAccessible(spec) && empty(spec.getExternalTrafficPolicy())) {
            spec.setExternalTrafficPolicy("Cluster");
        }
        if (spec.getInternalTrafficPolicy() == null && List.of("NodePort", "LoadBalancer", "ClusterIP").contains(spec.getType())) {
            spec.setInternalTrafficPolicy("Cluster");
        }
        if (spec.getType().equals("LoadBalancer") && spec.getAllocateLoadBalancerNodePorts() == null) {
            spec.setAllocateLoadBalancerNodePorts(true);
        }
    }

    /** ValidateService without its ValidateObjectMeta, which the caller runs. */
    static void spec(Service service, Errors errs) {
        ServiceSpec spec = service.getSpec();
        FieldPath specPath = FieldPath.of("spec");
        String type = nullToEmpty(spec.getType());
        List<ServicePort> ports = nonNull(spec.getPorts());
        List<String> ips = normalizedClusterIPs(spec);
        boolean headless = ips.size() == 1 && ips.get(0).equals("None"); // isHeadlessService
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            errs.required(specPath.child("ports"), "");
        }
        typeRules(spec, type, headless, specPath, errs);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            port(ports.get(i) == null ? new ServicePort() : ports.get(i), ports.size() > 1, names,
                    specPath.child("ports").index(i), errs);
        }
        if (spec.getSelector() != null) {
            MetaValidation.labels(spec.getSelector(), specPath.child("selector"), errs);
        }
        sessionAffinity(spec, specPath, errs);
        clusterIPs(spec, type, specPath, errs);
        externalIPs(nonNull(spec.getExternalIPs()), specPath.child("externalIPs"), errs);
        if (!TYPES.contains(type)) {
            errs.notSupported(specPath.child("type"), type, TYPES);
        }
        if (type.equals("ClusterIP")) {
            for (int i = 0; i < ports.size(); i++) {
                if (ports.get(i) != null && nonZero(ports.get(i).getNodePort())) {
                    errs.forbidden(specPath.child("ports").index(i).child("nodePort"), "may not be used when `type` is 'ClusterIP'");
                }
            }
        }
        duplicatePorts(ports, specPath.child("ports"), errs);
        sourceRanges(service, type, specPath, errs);
        if (spec.getAllocateLoadBalancerNodePorts() != null && !type.equals("LoadBalancer")) {
            errs.forbidden(specPath.child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'");
        }
        loadBalancerClass(null, service, errs);
        trafficPolicies(spec, specPath, errs);
        trafficDistribution(spec, specPath, errs);
    }

    /**
     * validateLoadBalancerClassField: a LoadBalancer's class is a qualified name that may not change
     * while both old and new are LoadBalancers; any other type may not carry one.
     */
    private static void loadBalancerClass(Service old, Service service, Errors errs) {
        FieldPath path = FieldPath.of("spec").child("loadBalancerClass");
        String lbClass = service.getSpec().getLoadBalancerClass();
        boolean isLoadBalancer = "LoadBalancer".equals(service.getSpec().getType());
        if (old != null && old.getSpec() != null && "LoadBalancer".equals(old.getSpec().getType()) && isLoadBalancer
                && !Objects.equals(old.getSpec().getLoadBalancerClass(), lbClass)) {
            // the bad value is a *string: a nil one prints as null
            errs.invalid(path, lbClass, "may not change once set");
        }
        if (isLoadBalancer) {
            if (lbClass != null) {
                errs.invalidEach(path, lbClass, Names.qualifiedName(lbClass));
            }
        } else if (lbClass != null) {
            errs.forbidden(path, "may only be used when `type` is 'LoadBalancer'");
        }
    }

    /**
     * validateServiceTrafficDistribution: with the PreferSameTrafficDistribution gate off (alpha,
     * off by default in v1.33), PreferClose is the only value.
     */
    private static void trafficDistribution(ServiceSpec spec, FieldPath specPath, Errors errs) {
        String distribution = spec.getTrafficDistribution();
        if (distribution != null && !distribution.equals("PreferClose")) {
            errs.notSupported(specPath.child("trafficDistribution"), distribution, List.of("PreferClose"));
        }
    }

    /** ValidateServiceUpdate: a set cluster IP stays (validateUpgradeDowngradeClusterIPs), then ValidateService. */
    static void update(Service service, Service old, Errors errs) {
        String oldIp = old.getSpec() == null ? null : old.getSpec().getClusterIP();
        String newIp = service.getSpec().getClusterIP();
        boolean externalName = "ExternalName".equals(service.getSpec().getType())
                || old.getSpec() != null && "ExternalName".equals(old.getSpec().getType());
        if (!externalName && !empty(oldIp) && !empty(newIp) && !oldIp.equals(newIp)) {
            List<String> ips = nonNull(service.getSpec().getClusterIPs()).isEmpty() ? List.of(newIp)
                    : service.getSpec().getClusterIPs();
            errs.invalid(FieldPath.of("spec").child("clusterIPs").index(0), GoValue.stringSlice(ips), "may not change once set");
        }
        loadBalancerClass(old, service, errs); // ValidateService repeats the format checks; the aggregate drops them
        spec(service, errs);
    }

    private static void typeRules(ServiceSpec spec, String type, boolean headless, FieldPath specPath, Errors errs) {
        switch (type) {
            case "LoadBalancer", "NodePort" -> {
                if (headless) {
                    errs.invalid(specPath.child("clusterIPs").index(0), "None",
                            "may not be set to 'None' for " + type + " services");
                }
            }
            case "ExternalName" -> {
                if (!empty(spec.getClusterIP()) || !nonNull(spec.getClusterIPs()).isEmpty()) {
                    errs.forbidden(specPath.child("clusterIPs"), "may not be set for ExternalName services");
                }
                if (!nonNull(spec.getIpFamilies()).isEmpty()) {
                    errs.forbidden(specPath.child("ipFamilies"), "may not be set for ExternalName services");
                }
                if (spec.getIpFamilyPolicy() != null) {
                    errs.forbidden(specPath.child("ipFamilyPolicy"), "may not be set for ExternalName services");
                }
                String cname = nullToEmpty(spec.getExternalName());
                cname = cname.endsWith(".") ? cname.substring(0, cname.length() - 1) : cname;
                if (cname.isEmpty()) {
                    errs.required(specPath.child("externalName"), "");
                } else {
                    errs.invalidEach(specPath.child("externalName"), cname, Names.dns1123Subdomain(cname));
                }
            }
            default -> {
            }
        }
    }

    /** validateServicePort. */
    private static void port(ServicePort sp, boolean requireName, Set<String> names, FieldPath path, Errors errs) {
        String name = nullToEmpty(sp.getName());
        if (requireName && name.isEmpty()) {
            errs.required(path.child("name"), "");
        } else if (!name.isEmpty()) {
            errs.invalidEach(path.child("name"), name, Names.dns1123Label(name));
            if (!names.add(name)) {
                errs.duplicate(path.child("name"), name);
            }
        }
        int port = sp.getPort() == null ? 0 : sp.getPort();
        errs.invalidEach(path.child("port"), port, Names.portNum(port));
        String protocol = nullToEmpty(sp.getProtocol());
        if (protocol.isEmpty()) {
            errs.required(path.child("protocol"), "");
        } else if (!PROTOCOLS.contains(protocol)) {
            errs.notSupported(path.child("protocol"), protocol, PROTOCOLS);
        }
        portNumOrName(sp.getTargetPort(), path.child("targetPort"), errs);
        if (sp.getAppProtocol() != null) {
            errs.invalidEach(path.child("appProtocol"), sp.getAppProtocol(), Names.qualifiedName(sp.getAppProtocol()));
        }
    }

    /** ValidatePortNumOrName. */
    static void portNumOrName(IntOrString port, FieldPath path, Errors errs) {
        if (port == null) {
            return;
        }
        if (port.getIntVal() != null) {
            errs.invalidEach(path, port.getIntVal(), Names.portNum(port.getIntVal()));
        } else {
            String name = nullToEmpty(port.getStrVal());
            errs.invalidEach(path, name, Names.portName(name));
        }
    }

    private static void sessionAffinity(ServiceSpec spec, FieldPath specPath, Errors errs) {
        String affinity = nullToEmpty(spec.getSessionAffinity());
        if (!AFFINITIES.contains(affinity)) {
            errs.notSupported(specPath.child("sessionAffinity"), affinity, AFFINITIES);
        }
        if (affinity.equals("ClientIP")) {
            // validateClientIPAffinityConfig
            FieldPath config = specPath.child("sessionAffinityConfig");
            Integer timeout = spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
            if (timeout <= 0 || timeout > MAX_CLIENT_IP_TIMEOUT) {
                errs.invalid(config.child("clientIP").child("timeoutSeconds"), timeout,
                        "must be greater than 0 and less than " + MAX_CLIENT_IP_TIMEOUT);
            }
        }
    }

    /**
     * The stand-alone part of ValidateServiceClusterIPsRelatedFields, on the view the strategy's
     * normalizeClusterIPs gives (a lone clusterIP becomes clusterIPs[0]); the dual-stack rules
     * that need the cluster's allocators are not checked.
     */
    private static void clusterIPs(ServiceSpec spec, String type, FieldPath specPath, Errors errs) {
        if (type.equals("ExternalName")) {
            return;
        }
        String clusterIP = nullToEmpty(spec.getClusterIP());
        List<String> ips = normalizedClusterIPs(spec);
        FieldPath ipsPath = specPath.child("clusterIPs");
        if (!clusterIP.isEmpty() && !ips.get(0).equals(clusterIP)) {
            errs.invalid(ipsPath, GoValue.stringSlice(ips), "first value must match `clusterIP`");
        } else if (clusterIP.isEmpty() && !ips.isEmpty()) {
            errs.invalid(ipsPath, GoValue.stringSlice(ips), "must be empty when `clusterIP` is not specified");
        }
        List<String> families = nonNull(spec.getIpFamilies());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < families.size(); i++) {
            String family = nullToEmpty(families.get(i));
            if (!List.of("IPv4", "IPv6").contains(family)) {
                errs.notSupported(specPath.child("ipFamilies").index(i), family, List.of("IPv4", "IPv6"));
            }
            if (!seen.add(family)) {
                errs.duplicate(specPath.child("ipFamilies").index(i), family);
            }
        }
        List<String> policies = List.of("PreferDualStack", "RequireDualStack", "SingleStack");
        if (spec.getIpFamilyPolicy() != null && !policies.contains(spec.getIpFamilyPolicy())) {
            errs.notSupported(specPath.child("ipFamilyPolicy"), spec.getIpFamilyPolicy(), policies);
        }
        boolean invalid = false;
        for (int i = 0; i < ips.size(); i++) {
            String ip = nullToEmpty(ips.get(i));
            if (i == 0 && ip.equals("None")) {
                if (ips.size() > 1) {
                    invalid = true;
                    errs.invalid(ipsPath, GoValue.stringSlice(ips), "'None' must be the first and only value");
                }
                continue;
            }
            if (!IpAddresses.isValid(ip)) {
                invalid = true;
                errs.invalid(ipsPath.index(i), ip, IpAddresses.INVALID_IP);
            }
        }
        if (ips.size() > 2) {
            errs.invalid(ipsPath, GoValue.stringSlice(ips), "may only hold up to 2 values");
        }
        // upstream stops here when an IP is bad, so as not to judge the dual-stackness of bad IPs
        if (invalid) {
            return;
        }
        if (ips.size() > 1 && !(ips.stream().anyMatch(ServiceValidation::isIPv6) && ips.stream().anyMatch(ip -> !isIPv6(ip)))) {
            errs.invalid(ipsPath, GoValue.stringSlice(ips), "may specify no more than one IP for each IP family");
        }
        // each cluster IP of the family ipFamilies names at its index
        boolean headless = ips.size() == 1 && ips.get(0).equals("None");
        if (!headless && !ips.isEmpty() && !families.isEmpty()) {
            for (int i = 0; i < ips.size() && i < families.size(); i++) {
                if ("IPv4".equals(families.get(i)) && isIPv6(ips.get(i))) {
                    errs.invalid(ipsPath.index(i), ips.get(i), "expected an IPv4 value as indicated by `ipFamilies[" + i + "]`");
                }
                if ("IPv6".equals(families.get(i)) && !isIPv6(ips.get(i))) {
                    errs.invalid(ipsPath.index(i), ips.get(i), "expected an IPv6 value as indicated by `ipFamilies[" + i + "]`");
                }
            }
        }
    }

    /** netutils.IsIPv6String: an IPv4-mapped IPv6 address counts as IPv4, as net.IP.To4 sees it. */
    private static boolean isIPv6(String ip) {
        return IpAddresses.parse(nullToEmpty(ip)).map(bytes -> bytes.length == 16).orElse(false);
    }

    /** NormalizeClusterIPs on create: a lone clusterIP stands for clusterIPs (pkg/registry/core/service/strategy.go). */
    private static List<String> normalizedClusterIPs(ServiceSpec spec) {
        String clusterIP = nullToEmpty(spec.getClusterIP());
        return nonNull(spec.getClusterIPs()).isEmpty() && !clusterIP.isEmpty() ? List.of(clusterIP) : nonNull(spec.getClusterIPs());
    }

    /**
     * Source ranges are CIDRs, for LoadBalancers only; upstream spells the field's path
     * {@code LoadBalancerSourceRanges}, and checks the annotation when the field is empty.
     */
    private static void sourceRanges(Service service, String type, FieldPath specPath, Errors errs) {
        List<String> ranges = nonNull(service.getSpec().getLoadBalancerSourceRanges());
        String annotation = "service.beta.kubernetes.io/load-balancer-source-ranges";
        java.util.Map<String, String> annotations = service.getMetadata().getAnnotations();
        if (!ranges.isEmpty()) {
            FieldPath path = specPath.child("LoadBalancerSourceRanges");
            if (!type.equals("LoadBalancer")) {
                errs.forbidden(path, "may only be used when `type` is 'LoadBalancer'");
            }
            for (int i = 0; i < ranges.size(); i++) {
                Cidrs.validate(nullToEmpty(ranges.get(i)).strip(), path.index(i), errs);
            }
        } else if (annotations != null && annotations.containsKey(annotation)) {
            FieldPath path = FieldPath.of("metadata").child("annotations").key(annotation);
            if (!type.equals("LoadBalancer")) {
                errs.forbidden(path, "may only be used when `type` is 'LoadBalancer'");
            }
            String value = nullToEmpty(annotations.get(annotation)).strip();
            if (!value.isEmpty()) {
                for (String cidr : value.split(",", -1)) {
                    Cidrs.validate(cidr.strip(), path, errs);
                }
            }
        }
    }

    private static void externalIPs(List<String> ips, FieldPath path, Errors errs) {
        for (int i = 0; i < ips.size(); i++) {
            String ip = nullToEmpty(ips.get(i));
            if (!IpAddresses.isValid(ip)) {
                errs.invalid(path.index(i), ip, IpAddresses.INVALID_IP);
            } else {
                IpAddresses.nonSpecial(ip, path.index(i), errs);
            }
        }
    }

    /** Duplicate node ports and ports, each keyed by protocol; the port's error prints Go's %#v of the key. */
    private static void duplicatePorts(List<ServicePort> ports, FieldPath path, Errors errs) {
        Set<String> nodePorts = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            if (p != null && nonZero(p.getNodePort()) && !nodePorts.add(p.getProtocol() + "/" + p.getNodePort())) {
                errs.duplicate(path.index(i).child("nodePort"), p.getNodePort());
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i) == null ? new ServicePort() : ports.get(i);
            int port = p.getPort() == null ? 0 : p.getPort();
            String protocol = nullToEmpty(p.getProtocol());
            if (!seen.add(protocol + "/" + port)) {
                errs.duplicate(path.index(i), new GoValue("core.ServicePort{Name:\"\", Protocol:" + GoValue.quote(protocol)
                        + ", AppProtocol:(*string)(nil), Port:" + port
                        + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"));
            }
        }
    }

    /** validateServiceExternalTrafficPolicy and validateServiceInternalTrafficFieldsValue. */
    private static void trafficPolicies(ServiceSpec spec, FieldPath specPath, Errors errs) {
        String external = nullToEmpty(spec.getExternalTrafficPolicy());
        if (!externallyAccessible(spec)) {
            if (!external.isEmpty()) {
                errs.invalid(specPath.child("externalTrafficPolicy"), external, "may only be set for externally-accessible services");
            }
        } else if (!TRAFFIC_POLICIES.contains(external)) {
            errs.notSupported(specPath.child("externalTrafficPolicy"), external, TRAFFIC_POLICIES);
        }
        boolean needsHealthCheck = "LoadBalancer".equals(spec.getType()) && external.equals("Local");
        if (!needsHealthCheck && nonZero(spec.getHealthCheckNodePort())) {
            errs.invalid(specPath.child("healthCheckNodePort"), spec.getHealthCheckNodePort(),
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
        } else if (needsHealthCheck && nonZero(spec.getHealthCheckNodePort())) {
            errs.invalidEach(specPath.child("healthCheckNodePort"), spec.getHealthCheckNodePort(),
                    Names.portNum(spec.getHealthCheckNodePort()));
        }
        String internal = spec.getInternalTrafficPolicy();
        if (internal != null && !TRAFFIC_POLICIES.contains(internal)) {
            errs.notSupported(specPath.child("internalTrafficPolicy"), internal, TRAFFIC_POLICIES);
        }
    }

    /** apiservice.ExternallyAccessible (pkg/api/service/util.go). */
    private static boolean externallyAccessible(ServiceSpec spec) {
        String type = nullToEmpty(spec.getType());
        return type.equals("LoadBalancer") || type.equals("NodePort")
                || type.equals("ClusterIP") && !nonNull(spec.getExternalIPs()).isEmpty();
    }

    private static boolean nonZero(Integer value) {
        return value != null && value != 0;
    }
}
