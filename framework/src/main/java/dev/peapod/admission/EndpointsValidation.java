package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;

import java.util.List;

import static dev.peapod.admission.ContainerValidation.nullToEmpty;
import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * SetDefaults_Endpoints (pkg/apis/core/v1/defaults.go) and ValidateEndpoints, which
 * ValidateEndpointsCreate and ValidateEndpointsUpdate both run (pkg/apis/core/validation/validation.go, v1.33).
 */
final class EndpointsValidation {
    private EndpointsValidation() {
    }

    /** A port's protocol defaults to TCP. */
    static void defaults(Endpoints endpoints) {
        for (EndpointSubset subset : nonNull(endpoints.getSubsets())) {
            for (EndpointPort port : subset == null ? List.<EndpointPort>of() : nonNull(subset.getPorts())) {
                if (port != null && nullToEmpty(port.getProtocol()).isEmpty()) {
                    port.setProtocol("TCP");
                }
            }
        }
    }

    /** validateEndpointSubsets. */
    static void subsets(Endpoints endpoints, Errors errs) {
        List<EndpointSubset> subsets = nonNull(endpoints.getSubsets());
        FieldPath path = FieldPath.of("subsets");
        for (int i = 0; i < subsets.size(); i++) {
            EndpointSubset ss = subsets.get(i) == null ? new EndpointSubset() : subsets.get(i);
            FieldPath at = path.index(i);
            List<EndpointAddress> ready = nonNull(ss.getAddresses());
            List<EndpointAddress> notReady = nonNull(ss.getNotReadyAddresses());
            if (ready.isEmpty() && notReady.isEmpty()) {
                errs.required(at, "must specify `addresses` or `notReadyAddresses`");
            }
            for (int a = 0; a < ready.size(); a++) {
                address(ready.get(a), at.child("addresses").index(a), errs);
            }
            for (int a = 0; a < notReady.size(); a++) {
                address(notReady.get(a), at.child("notReadyAddresses").index(a), errs);
            }
            List<EndpointPort> ports = nonNull(ss.getPorts());
            for (int p = 0; p < ports.size(); p++) {
                port(ports.get(p) == null ? new EndpointPort() : ports.get(p), ports.size() > 1, at.child("ports").index(p), errs);
            }
        }
    }

    /** validateEndpointAddress: IsValidIP then ValidateNonSpecialIP, so a bad IP gets both errors. */
    private static void address(EndpointAddress address, FieldPath path, Errors errs) {
        EndpointAddress a = address == null ? new EndpointAddress() : address;
        String ip = nullToEmpty(a.getIp());
        if (!IpAddresses.isValid(ip)) {
            errs.invalid(path.child("ip"), ip, IpAddresses.INVALID_IP);
        }
        if (!nullToEmpty(a.getHostname()).isEmpty()) {
            errs.invalidEach(path.child("hostname"), a.getHostname(), Names.dns1123Label(a.getHostname()));
        }
        if (a.getNodeName() != null) {
            errs.invalidEach(path.child("nodeName"), a.getNodeName(), Names.dns1123Subdomain(a.getNodeName()));
        }
        IpAddresses.nonSpecial(ip, path.child("ip"), errs);
    }

    /** validateEndpointPort. */
    private static void port(EndpointPort port, boolean requireName, FieldPath path, Errors errs) {
        String name = nullToEmpty(port.getName());
        if (requireName && name.isEmpty()) {
            errs.required(path.child("name"), "");
        } else if (!name.isEmpty()) {
            errs.invalidEach(path.child("name"), name, Names.dns1123Label(name));
        }
        int number = port.getPort() == null ? 0 : port.getPort();
        errs.invalidEach(path.child("port"), number, Names.portNum(number));
        String protocol = nullToEmpty(port.getProtocol());
        if (protocol.isEmpty()) {
            errs.required(path.child("protocol"), "");
        } else if (!ServiceValidation.PROTOCOLS.contains(protocol)) {
            errs.notSupported(path.child("protocol"), protocol, ServiceValidation.PROTOCOLS);
        }
        if (port.getAppProtocol() != null) {
            errs.invalidEach(path.child("appProtocol"), port.getAppProtocol(), Names.qualifiedName(port.getAppProtocol()));
        }
    }
}
