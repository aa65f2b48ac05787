package dev.peapod.runtime;

import dev.peapod.runtime.shell.Network;
import org.apiguardian.api.API;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The cluster's pod network, flat as Kubernetes requires: every pod reaches every pod by its IP, and
 * a pod reaches its own containers on {@code localhost}. Nodes' runtimes attach their sandboxes
 * here; a request goes to the container listening on the port, in virtual time, never to the
 * host's network. Service names are not resolved yet (kube-proxy and DNS come with Services).
 */
@API(status = INTERNAL, since = "0.1")
public final class PodNetwork {
    private final Map<String, Sandbox> byIp = new HashMap<>();

    void attach(Sandbox sandbox) {
        byIp.put(sandbox.ip(), sandbox);
    }

    void detach(Sandbox sandbox) {
        byIp.remove(sandbox.ip(), sandbox);
    }

    /** The network as one pod's containers see it: {@code localhost} and its hostname are the pod itself. */
    Network from(Sandbox sandbox) {
        return (host, port, path) -> {
            Sandbox target = host.equals("localhost") || host.equals("127.0.0.1") || host.equals(sandbox.name())
                    ? sandbox : byIp.get(host);
            return target == null ? Optional.empty() : target.request(port, path);
        };
    }
}
